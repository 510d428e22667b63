/**
 * The lowest Node plan-phase supports is the lowest every bundled package accepts: package.json's
 * `engines`, the README and the CI matrix must all say that version, and CI must also run on 24 (the
 * action's runtime). Bundled = every package the source imports, and what those depend on, resolved
 * through the lockfile the way npm does.
 */
import { readdirSync, readFileSync } from 'node:fs'
import { join } from 'node:path'
import { parse } from 'yaml'
import { PROJECT_ROOT } from '../support/example-repo.js'

interface LockEntry {
  readonly dependencies?: Record<string, string>
  readonly engines?: { readonly node?: string }
}

const lock = JSON.parse(readFileSync(join(PROJECT_ROOT, 'package-lock.json'), 'utf8')) as {
  packages: Record<string, LockEntry>
}
const manifest = JSON.parse(readFileSync(join(PROJECT_ROOT, 'package.json'), 'utf8')) as {
  engines?: { node?: string }
}

function sourceFiles(dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap(entry =>
    entry.isDirectory()
      ? sourceFiles(join(dir, entry.name))
      : entry.name.endsWith('.ts')
        ? [join(dir, entry.name)]
        : []
  )
}

/** Bare specifiers the source imports (statically or with import()), as package names. */
function importedPackages(): Set<string> {
  const names = new Set<string>()
  for (const file of sourceFiles(join(PROJECT_ROOT, 'src'))) {
    const text = readFileSync(file, 'utf8')
    for (const match of text.matchAll(/(?:\bfrom\s+|\bimport\s*\(\s*|^import\s+)'([^'.][^']*)'/gm)) {
      const specifier = match[1] ?? ''
      if (specifier.startsWith('node:')) continue
      const parts = specifier.split('/')
      names.add(specifier.startsWith('@') ? parts.slice(0, 2).join('/') : (parts[0] ?? specifier))
    }
  }
  return names
}

/** npm's lookup: `node_modules/<name>` beside the requiring package, then in each parent. */
function resolve(name: string, from: string): string | undefined {
  let base = from
  for (;;) {
    const candidate = `${base === '' ? '' : `${base}/`}node_modules/${name}`
    if (lock.packages[candidate]) return candidate
    if (base === '') return undefined
    const index = base.lastIndexOf('/node_modules/')
    base = index < 0 ? '' : base.slice(0, index)
  }
}

function bundledPackages(): Map<string, LockEntry> {
  const found = new Map<string, LockEntry>()
  const pending = [...importedPackages()].map(name => resolve(name, ''))
  while (pending.length > 0) {
    const path = pending.pop()
    if (path === undefined || found.has(path)) continue
    const entry = lock.packages[path]
    if (!entry) continue
    found.set(path, entry)
    for (const dependency of Object.keys(entry.dependencies ?? {})) pending.push(resolve(dependency, path))
  }
  return found
}

/** Whether `version` satisfies an engines range: `||` alternatives of space-separated comparators. */
function satisfies(version: readonly number[], range: string): boolean {
  const compare = (bound: string): number => {
    const parts = bound
      .replace(/^v/, '')
      .split('.')
      .map(part => (/^\d+$/.test(part) ? Number(part) : 0))
    for (let i = 0; i < 3; i++) {
      const diff = (version[i] ?? 0) - (parts[i] ?? 0)
      if (diff !== 0) return diff
    }
    return 0
  }
  return range.split('||').some(alternative =>
    (
      alternative
        .replace(/(>=|<=|>|<|\^|~|=)\s+/g, '$1')
        .trim()
        .split(/\s+/) ?? []
    ).every(comparator => {
      const match = /^(>=|<=|>|<|\^|~|=)?(.*)$/.exec(comparator)
      const operator = match?.[1] ?? '='
      const bound = match?.[2] ?? ''
      if (bound === '*' || bound === '') return true
      const major = Number(bound.split('.')[0])
      switch (operator) {
        case '>=':
          return compare(bound) >= 0
        case '>':
          return compare(bound) > 0
        case '<=':
          return compare(bound) <= 0
        case '<':
          return compare(bound) < 0
        case '^':
          return compare(bound) >= 0 && version[0] === major
        case '~':
          return compare(bound) >= 0 && version[0] === major
        default:
          return bound.split('.').every((part, index) => part === 'x' || Number(part) === version[index])
      }
    })
  )
}

describe('the minimum Node version', () => {
  const bundled = bundledPackages()
  // The lowest major whose latest release every bundled package accepts.
  const minimum = [18, 20, 22, 24, 26].find(major =>
    [...bundled.values()].every(
      entry => !entry.engines?.node || satisfies([major, 999, 999], entry.engines.node)
    )
  )

  it('is found from the packages the bundle holds', () => {
    expect(bundled.has('node_modules/remark')).toBe(true)
    expect(bundled.has('node_modules/@octokit/request')).toBe(true)
    expect(bundled.has('node_modules/jest')).toBe(false)
    expect(minimum).toBeDefined()
  })

  it("is package.json's engines", () => {
    expect(manifest.engines?.node).toBe(`>=${minimum}`)
  })

  it('is what the README asks for', () => {
    const readme = readFileSync(join(PROJECT_ROOT, 'README.md'), 'utf8')
    expect(readme).toContain(`Requirements: Node.js ${minimum}+`)
    expect(readme).toContain(`Node.js ${minimum} or later (CI runs on ${minimum} and 24)`)
    expect(readme).not.toMatch(new RegExp(`Node\\.js (?!${minimum}\\b)\\d+\\+`))
  })

  it('is tested in CI, and so is 24', () => {
    const ci = parse(readFileSync(join(PROJECT_ROOT, '.github/workflows/ci.yml'), 'utf8')) as {
      jobs: { test: { strategy: { matrix: { node: number[] } } } }
    }
    expect(ci.jobs.test.strategy.matrix.node).toEqual([minimum, 24])
  })
})
