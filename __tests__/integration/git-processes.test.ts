/**
 * The repository's files from one `git ls-files`, and how many git processes a run starts, counted by a
 * `git` earlier on PATH that logs its arguments and runs the real one: a CLI run started inside the
 * repository asks git twice in all (its root and HEAD, then the files).
 */
import { execFileSync } from 'node:child_process'
import {
  chmodSync,
  mkdirSync,
  mkdtempSync,
  readFileSync,
  rmSync,
  writeFileSync,
  existsSync,
  unlinkSync
} from 'node:fs'
import { tmpdir } from 'node:os'
import path from 'node:path'
import { listRepositoryFiles } from '../../src/adapters/repository-files.js'
import { copyExample, PROJECT_ROOT } from '../support/example-repo.js'

const temps: string[] = []
afterAll(() => temps.forEach(dir => rmSync(dir, { recursive: true, force: true })))

function tempDir(): string {
  const dir = mkdtempSync(path.join(tmpdir(), 'git-processes-'))
  temps.push(dir)
  return dir
}

function git(cwd: string, ...args: string[]): string {
  return execFileSync('git', ['-c', 'user.name=Test', '-c', 'user.email=test@example.com', ...args], {
    cwd,
    encoding: 'utf8',
    stdio: ['ignore', 'pipe', 'ignore']
  })
}

/** A `git` that logs its arguments to `log`, then runs the real one; its directory, to put first on PATH. */
function loggingGit(): { bin: string; log: string; calls: () => string[] } {
  const realGit = execFileSync('sh', ['-c', 'command -v git'], { encoding: 'utf8' }).trim()
  const bin = tempDir()
  const log = path.join(bin, 'calls.log')
  writeFileSync(path.join(bin, 'git'), `#!/bin/sh\necho "$*" >> '${log}'\nexec '${realGit}' "$@"\n`)
  chmodSync(path.join(bin, 'git'), 0o755)
  return {
    bin,
    log,
    calls: () => (existsSync(log) ? readFileSync(log, 'utf8').trim().split('\n').filter(Boolean) : [])
  }
}

describe('git processes', () => {
  it('lists the files with one git ls-files: the index (staged and skip-worktree too), untracked, minus deleted files and submodules', async () => {
    const root = tempDir()
    for (const [file, text] of Object.entries({
      'kept.py': 'x = 1\n',
      'gone.py': 'y = 2\n',
      'sparse.py': 'z = 3\n',
      '.gitignore': 'ignored/\n',
      'pkg/mod.py': 'w = 4\n'
    })) {
      mkdirSync(path.dirname(path.join(root, file)), { recursive: true })
      writeFileSync(path.join(root, file), text)
    }
    git(root, 'init', '-q')
    git(root, 'add', '-A')
    git(root, 'commit', '-q', '-m', 'init')
    const head = git(root, 'rev-parse', 'HEAD').trim()
    writeFileSync(path.join(root, 'staged.py'), 's = 5\n')
    git(root, 'add', 'staged.py')
    writeFileSync(path.join(root, 'untracked.py'), 'u = 6\n')
    mkdirSync(path.join(root, 'ignored'))
    writeFileSync(path.join(root, 'ignored', 'shadow.py'), 'i = 7\n')
    unlinkSync(path.join(root, 'gone.py'))
    git(root, 'update-index', '--skip-worktree', 'sparse.py')
    git(root, 'update-index', '--add', '--cacheinfo', `160000,${head},vendored`)

    const { files } = await listRepositoryFiles(root)
    expect(files).toEqual(['.gitignore', 'kept.py', 'pkg/mod.py', 'sparse.py', 'staged.py', 'untracked.py'])
  })

  it('falls back to walking the directory outside a work tree, where git refuses', async () => {
    const root = tempDir()
    writeFileSync(path.join(root, 'plain.py'), 'p = 1\n')
    expect((await listRepositoryFiles(root)).files).toEqual(['plain.py'])
  })

  it('a CLI dry run started inside the repository asks git twice: its root and HEAD, then its files', () => {
    const example = copyExample({ git: true })
    temps.push(path.dirname(example.dir))
    const counting = loggingGit()
    // The CLI as shipped (dist/cli/index.js), from a folder inside the repository.
    const stdout = execFileSync(
      process.execPath,
      [path.join(PROJECT_ROOT, 'dist', 'cli', 'index.js'), '3', '--no-gate', '--dry-run', '-q'],
      {
        cwd: path.join(example.dir, 'llm_router'),
        env: { ...process.env, PATH: `${counting.bin}${path.delimiter}${process.env.PATH ?? ''}` },
        encoding: 'utf8'
      }
    )
    expect(stdout).toContain('# Phase 3 execution plan')
    const calls = counting.calls()
    expect(calls).toHaveLength(2)
    expect(calls[0]).toMatch(/^rev-parse --show-toplevel/)
    expect(calls[1]).toMatch(/^ls-files /)
    // The plan names the commit it was made from: the HEAD read with the root.
    expect(stdout).toContain(git(example.dir, 'rev-parse', 'HEAD').trim())
  })
})
