/** Copies of the embedded example in temp dirs, so tests never write into the source tree. */
import { execFileSync } from 'node:child_process'
import { cpSync, mkdtempSync, readdirSync, readFileSync, rmSync, statSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { dirname, join, relative, resolve } from 'node:path'
import { fileURLToPath } from 'node:url'

export const PROJECT_ROOT = resolve(dirname(fileURLToPath(import.meta.url)), '..', '..')
export const EXAMPLE_DIR = join(PROJECT_ROOT, 'examples', 'refactor-providers')
export const EXAMPLE_MASTER_PLAN = 'admin/refactor-providers/master_plan.md'

/** The example's files as committed (generated plans from `npm run example` left out). */
export function exampleFiles(): Record<string, string> {
  let listed: string[] = []
  try {
    listed = execFileSync('git', ['ls-files', '-z', '--', '.'], { cwd: EXAMPLE_DIR, encoding: 'utf8' })
      .split('\0')
      .filter(Boolean)
  } catch {
    listed = []
  }
  if (listed.length === 0) return readTree(EXAMPLE_DIR)
  return Object.fromEntries(listed.map(path => [path, readFileSync(join(EXAMPLE_DIR, path), 'utf8')]))
}

/** Every file under `dir` (posix relative path → content), skipping caches and `.git`. */
export function readTree(
  dir: string,
  root = dir,
  files: Record<string, string> = {}
): Record<string, string> {
  for (const name of readdirSync(dir)) {
    if (/^(__pycache__|\.pytest_cache|\.benchmarks|\.git)$/.test(name)) continue
    const path = join(dir, name)
    if (statSync(path).isDirectory()) readTree(path, root, files)
    else files[relative(root, path).split('\\').join('/')] = readFileSync(path, 'utf8')
  }
  return files
}

export interface TempRepo {
  readonly dir: string
  remove(): void
}

/** A copy of the example; with `git: true`, a real repository with one commit. */
export function copyExample(options: { git?: boolean } = {}): TempRepo {
  const base = mkdtempSync(join(tmpdir(), 'plan-phase-example-'))
  const dir = join(base, 'repo')
  cpSync(EXAMPLE_DIR, dir, {
    recursive: true,
    // Caches, and the documents `npm run example` writes into the example, are not part of it.
    filter: source =>
      !/(__pycache__|\.pytest_cache|\.benchmarks|admin\/status|admin\/refactor-providers\/action)$/.test(
        source
      )
  })
  if (options.git) initGit(dir)
  return { dir, remove: () => rmSync(base, { recursive: true, force: true }) }
}

export function initGit(dir: string): void {
  const git = (...args: string[]): void => {
    execFileSync('git', ['-c', 'user.name=Test', '-c', 'user.email=test@example.com', ...args], {
      cwd: dir,
      stdio: 'ignore'
    })
  }
  git('init', '-q', '-b', 'main')
  git('add', '-A')
  git('commit', '-q', '-m', 'initial')
}

export function gitHead(dir: string): string {
  return execFileSync('git', ['rev-parse', 'HEAD'], { cwd: dir, encoding: 'utf8' }).trim()
}
