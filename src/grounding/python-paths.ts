/** Path ↔ module rules for Python repositories, and which files are tests. */
import path from 'node:path'

const IDENTIFIER = /^[\p{L}_][\p{L}\p{N}_]*$/u

/** A repo-relative posix path, or undefined when it is absolute or climbs out of the root. */
export function normalizeRepoPath(raw: string): string | undefined {
  const cleaned = raw.trim().replace(/\\/g, '/')
  if (!cleaned || cleaned.startsWith('/') || /^[A-Za-z]:\//.test(cleaned)) return undefined
  const normal = path.posix.normalize(cleaned).replace(/\/+$/, '')
  if (normal === '.' || normal === '..' || normal.startsWith('../')) return undefined
  return normal
}

export function isPythonPath(file: string): boolean {
  return file.endsWith('.py') || file.endsWith('.pyi')
}

export function basename(file: string): string {
  const slash = file.lastIndexOf('/')
  return slash === -1 ? file : file.slice(slash + 1)
}

export function dirname(file: string): string {
  const slash = file.lastIndexOf('/')
  return slash === -1 ? '' : file.slice(0, slash)
}

/** `test_*.py`, `*_test.py`, `conftest.py`, or any Python file under a `tests/` or `test/` directory. */
export function isTestPath(file: string): boolean {
  if (!file.endsWith('.py')) return false
  const name = basename(file)
  if (name.startsWith('test_') || name.endsWith('_test.py') || name === 'conftest.py') return true
  return file
    .split('/')
    .slice(0, -1)
    .some(segment => segment === 'tests' || segment === 'test')
}

/** The dotted module a Python file (or package directory) is imported as; `src/` layouts are stripped. */
export function moduleForPath(file: string): string | undefined {
  let parts = file.replace(/\.pyi?$/, '').split('/')
  if (parts[0] === 'src' && parts.length > 1) parts = parts.slice(1)
  if (parts[parts.length - 1] === '__init__') parts = parts.slice(0, -1)
  if (parts.length === 0 || !parts.every(part => IDENTIFIER.test(part))) return undefined
  return parts.join('.')
}

/** Resolves a relative import (`.x`, `..`) seen in `fromFile` to an absolute dotted module. */
export function absoluteModule(imported: string, fromFile: string): string | undefined {
  const level = /^\.*/.exec(imported)?.[0].length ?? 0
  if (level === 0) return imported
  const own = moduleForPath(fromFile)
  if (own === undefined) return undefined
  let packageParts = own.split('.')
  if (!basename(fromFile).startsWith('__init__.')) packageParts = packageParts.slice(0, -1)
  if (level - 1 > packageParts.length) return undefined
  const base = packageParts.slice(0, packageParts.length - (level - 1))
  const rest = imported.slice(level)
  const parts = rest ? [...base, rest] : base
  return parts.length > 0 ? parts.join('.') : undefined
}

/** Fast membership for the listed files and every directory that holds one. */
export class FileIndex {
  readonly fileSet: Set<string>
  readonly dirSet = new Set<string>()
  private byBasename: Map<string, string[]> | undefined
  constructor(readonly files: readonly string[]) {
    this.fileSet = new Set(files)
    for (const file of files) {
      for (let dir = dirname(file); dir && !this.dirSet.has(dir); dir = dirname(dir)) this.dirSet.add(dir)
    }
  }

  /** Listed files whose last path segment is `name`, sorted (the index is built on first use). */
  filesNamed(name: string): string[] {
    if (this.byBasename === undefined) {
      this.byBasename = new Map()
      for (const file of this.fileSet) {
        const key = basename(file)
        const same = this.byBasename.get(key)
        if (same) same.push(file)
        else this.byBasename.set(key, [file])
      }
    }
    return [...(this.byBasename.get(name) ?? [])].sort()
  }

  /** The existing file or package a dotted module is, trying flat and `src/` layouts. */
  resolveModule(module: string): { path: string; exists: boolean; isDirectory: boolean } {
    const rel = module.split('.').join('/')
    for (const prefix of ['', 'src/']) {
      for (const candidate of [`${rel}.py`, `${rel}/__init__.py`, `${rel}.pyi`, `${rel}/__init__.pyi`]) {
        if (this.fileSet.has(prefix + candidate))
          return { path: prefix + candidate, exists: true, isDirectory: false }
      }
    }
    for (const prefix of ['', 'src/']) {
      if (this.dirSet.has(prefix + rel)) return { path: prefix + rel, exists: true, isDirectory: true }
    }
    const top = rel.split('/')[0] ?? rel
    const useSrc = !this.dirSet.has(top) && this.dirSet.has(`src/${top}`)
    return { path: `${useSrc ? 'src/' : ''}${rel}.py`, exists: false, isDirectory: false }
  }

  /** A listed path as written, or under `src/` when the plan left that prefix out. */
  resolvePath(file: string): { path: string; exists: boolean; isDirectory: boolean } {
    for (const candidate of [file, `src/${file}`]) {
      if (this.fileSet.has(candidate)) return { path: candidate, exists: true, isDirectory: false }
      if (this.dirSet.has(candidate)) return { path: candidate, exists: true, isDirectory: true }
    }
    return { path: file, exists: false, isDirectory: false }
  }
}
