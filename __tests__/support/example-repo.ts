/** Copies of the embedded example in temp dirs, so tests never write into the source tree. */
import { execFileSync } from 'node:child_process'
import { cpSync, mkdtempSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { dirname, join, resolve } from 'node:path'
import { fileURLToPath } from 'node:url'

export const PROJECT_ROOT = resolve(dirname(fileURLToPath(import.meta.url)), '..', '..')
export const EXAMPLE_DIR = join(PROJECT_ROOT, 'examples', 'refactor-providers')
export const EXAMPLE_MASTER_PLAN = 'admin/refactor-providers/master_plan.md'

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
    filter: source => !/(__pycache__|\.pytest_cache|\.benchmarks)$/.test(source)
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
