/**
 * The file-system edge against hostile repository content: reads stay inside the repository, bounded and
 * regular; writes never land in .git/ or .github/, never through a link, never outside.
 */
import { execFileSync } from 'node:child_process'
import {
  existsSync,
  lstatSync,
  mkdirSync,
  readFileSync,
  readdirSync,
  rmSync,
  symlinkSync,
  truncateSync,
  writeFileSync
} from 'node:fs'
import { rename } from 'node:fs/promises'
import { dirname, join } from 'node:path'
import { isForbiddenWrite, openWorkspace, type Workspace } from '../../src/adapters/workspace.js'
import { writeDocuments } from '../../src/adapters/write-documents.js'
import { runCli } from '../../src/cli/cli.js'
import { UserError } from '../../src/errors.js'
import { copyExample, type TempRepo } from '../support/example-repo.js'
import { removeTempDirs, tempDir, writeFiles } from '../support/temp.js'

afterAll(removeTempDirs)

const WHAT = 'master plan (input master-plan)'
const LIMIT = 1024

/** A repository dir with `files`, and one directory outside it holding a secret. */
async function fixture(files: Record<string, string | Buffer> = {}) {
  const root = tempDir('plan-phase-workspace-')
  const repo = join(root, 'repo')
  const outside = join(root, 'outside')
  mkdirSync(repo)
  mkdirSync(outside)
  writeFileSync(join(outside, 'secret.md'), '# not yours\n')
  writeFiles(repo, files)
  return { repo, outside, workspace: await openWorkspace(repo) }
}

async function refusal(promise: Promise<unknown>): Promise<string> {
  const error = await promise.then(
    () => undefined,
    (caught: unknown) => caught
  )
  expect(error).toBeInstanceOf(UserError)
  return (error as Error).message
}

describe('Workspace.readText', () => {
  const read = (workspace: Workspace, path = 'plan.md'): Promise<string> =>
    workspace.readText(path, WHAT, LIMIT)

  it('reads a Markdown file inside the repository', async () => {
    const { workspace } = await fixture({ 'plan.md': '# Plan\n\n## Phase 1\n' })
    await expect(read(workspace)).resolves.toBe('# Plan\n\n## Phase 1\n')
  })

  it.each([
    ['missing', {}, 'does not exist in the repository'],
    ['empty', { 'plan.md': '' }, 'is empty'],
    ['binary (NUL bytes)', { 'plan.md': Buffer.from([35, 0, 1, 2]) }, 'is a binary file, not Markdown'],
    ['invalid UTF-8', { 'plan.md': Buffer.from([35, 32, 0xc3, 0x28, 10]) }, 'is not valid UTF-8'],
    [
      'a Git LFS pointer',
      { 'plan.md': 'version https://git-lfs.github.com/spec/v1\noid sha256:abc\nsize 12\n' },
      'is a Git LFS pointer, not the file'
    ],
    ['over the size limit', { 'plan.md': 'x'.repeat(LIMIT + 1) }, 'is 1.0 KiB, over the 1.0 KiB limit']
  ])('%s: a clear error naming the path', async (_, files, problem) => {
    const { workspace } = await fixture(files)
    const message = await refusal(read(workspace))
    expect(message).toContain(`The ${WHAT} "plan.md"`)
    expect(message).toContain(problem)
  })

  it('exactly at the size limit is read', async () => {
    const { workspace } = await fixture({ 'plan.md': `#${'x'.repeat(LIMIT - 1)}` })
    await expect(read(workspace)).resolves.toHaveLength(LIMIT)
  })

  it('a sparse 50 MB file is refused from its size, without reading it', async () => {
    const { repo, workspace } = await fixture({ 'plan.md': '# Plan\n' })
    truncateSync(join(repo, 'plan.md'), 50 * 1024 * 1024)
    const before = process.memoryUsage().rss
    const message = await refusal(workspace.readText('plan.md', WHAT, 20 * 1024 * 1024))
    expect(message).toContain('is 50.0 MiB, over the 20.0 MiB limit')
    expect(process.memoryUsage().rss - before).toBeLessThan(20 * 1024 * 1024)
  })

  it('a symlink to a file outside the repository', async () => {
    const { repo, outside, workspace } = await fixture()
    symlinkSync(join(outside, 'secret.md'), join(repo, 'plan.md'))
    expect(await refusal(read(workspace))).toContain(
      `The ${WHAT} path "plan.md" is a symbolic link that leads outside the repository`
    )
  })

  it('a path through a symlinked directory that leads outside', async () => {
    const { repo, outside, workspace } = await fixture()
    symlinkSync(outside, join(repo, 'docs'))
    expect(await refusal(read(workspace, 'docs/secret.md'))).toContain(
      '"docs/secret.md" is a symbolic link that leads outside the repository'
    )
  })

  it('a symlink inside the repository is followed', async () => {
    const { repo, workspace } = await fixture({ 'real/plan.md': '# Plan\n' })
    symlinkSync('real/plan.md', join(repo, 'plan.md'))
    await expect(read(workspace)).resolves.toBe('# Plan\n')
  })

  it.each([['../outside/secret.md'], ['/etc/passwd'], ['a/../../outside/secret.md'], ['x\0y']])(
    '%j: refused as a path outside the repository',
    async path => {
      const { workspace } = await fixture()
      expect(await refusal(read(workspace, path))).toMatch(
        /must be a relative path inside|leaves the repository/
      )
    }
  )

  it('a directory', async () => {
    const { repo, workspace } = await fixture()
    mkdirSync(join(repo, 'plan.md'))
    expect(await refusal(read(workspace))).toContain('"plan.md" is a directory, not a file')
  })

  it('a FIFO is refused at once instead of blocking on it', async () => {
    const { repo, workspace } = await fixture()
    execFileSync('mkfifo', [join(repo, 'plan.md')])
    const started = Date.now()
    expect(await refusal(read(workspace))).toContain('"plan.md" is not a regular file')
    expect(Date.now() - started).toBeLessThan(2000)
  })
})

describe('Workspace.readIfExists', () => {
  it('undefined for a missing file, the text for a present one', async () => {
    const { workspace } = await fixture({ '.github/plan-phase.yml': 'test-command: pytest\n' })
    await expect(workspace.readIfExists('.github/missing.yml')).resolves.toBeUndefined()
    await expect(workspace.readIfExists('.github/plan-phase.yml')).resolves.toBe('test-command: pytest\n')
  })

  it('refuses a symlink out, a FIFO and an oversized file', async () => {
    const { repo, outside, workspace } = await fixture({ 'big.yml': 'x'.repeat(2048) })
    symlinkSync(join(outside, 'secret.md'), join(repo, 'out.yml'))
    execFileSync('mkfifo', [join(repo, 'fifo.yml')])
    expect(await refusal(workspace.readIfExists('out.yml'))).toContain('leads outside the repository')
    expect(await refusal(workspace.readIfExists('fifo.yml'))).toContain('is not a regular file')
    expect(await refusal(workspace.readIfExists('big.yml', 1024))).toContain('over the 1.0 KiB limit')
  })
})

describe('Workspace.writeText', () => {
  it('writes a new file, creating its directories, and leaves no temporary file', async () => {
    const { repo, workspace } = await fixture()
    await workspace.writeText('admin/status/phase_3.md', '# Status\n')
    expect(readFileSync(join(repo, 'admin/status/phase_3.md'), 'utf8')).toBe('# Status\n')
    expect(readdirSync(join(repo, 'admin/status'))).toEqual(['phase_3.md'])
  })

  it.each([
    ['.git/config'],
    ['.git/hooks/pre-commit'],
    ['vendor/lib/.git/config'],
    ['.GIT/config'],
    ['.github/workflows/plan.yml'],
    ['.GitHub/Workflows/plan.yml'],
    ['./.github//workflows/plan.yml'],
    ['.github/plan-phase.yml'],
    ['.github/actions/pwn/action.yml']
  ])('%s: refused, nothing written', async path => {
    const { repo, workspace } = await fixture({
      '.git/config': '[core]\n',
      '.github/workflows/ci.yml': 'on: push\n'
    })
    expect(await refusal(workspace.writeText(path, 'pwned'))).toContain(
      'plan-phase never writes into .git/ or .github/'
    )
    expect(readFileSync(join(repo, '.git/config'), 'utf8')).toBe('[core]\n')
    expect(existsSync(join(repo, '.git/hooks'))).toBe(false)
    expect(readdirSync(join(repo, '.github/workflows'))).toEqual(['ci.yml'])
  })

  it.each([
    ['.git', 'docs/config'],
    ['.github/workflows', 'docs/plan.yml'],
    ['.github', 'docs/workflows/plan.yml']
  ])('a directory link to %s does not smuggle a write into it (%s)', async (linked, path) => {
    const { repo, workspace } = await fixture({
      '.git/config': '[core]\n',
      '.github/workflows/ci.yml': 'on: push\n'
    })
    symlinkSync(join(repo, linked), join(repo, 'docs'))
    expect(await refusal(workspace.writeText(path, 'pwned'))).toContain(
      'plan-phase never writes into .git/ or .github/'
    )
    expect(readFileSync(join(repo, '.git/config'), 'utf8')).toBe('[core]\n')
    expect(readdirSync(join(repo, '.github/workflows'))).toEqual(['ci.yml'])
  })

  it('the target is a symlink (to a file outside): refused, the file it points to unchanged', async () => {
    const { repo, outside, workspace } = await fixture()
    mkdirSync(join(repo, 'docs'))
    symlinkSync(join(outside, 'secret.md'), join(repo, 'docs/plan.md'))
    expect(await refusal(workspace.writeText('docs/plan.md', 'pwned'))).toContain(
      'Refusing to write "docs/plan.md": it is a symbolic link'
    )
    expect(readFileSync(join(outside, 'secret.md'), 'utf8')).toBe('# not yours\n')
    expect(lstatSync(join(repo, 'docs/plan.md')).isSymbolicLink()).toBe(true)
  })

  it('the target is a directory: refused, the directory kept', async () => {
    const { repo, workspace } = await fixture({ 'docs/plan.md/keep.txt': 'keep\n' })
    expect(await refusal(workspace.writeText('docs/plan.md', 'x'))).toContain('it is a directory')
    expect(readFileSync(join(repo, 'docs/plan.md/keep.txt'), 'utf8')).toBe('keep\n')
  })

  it('a parent directory linked outside: refused before any directory is created out there', async () => {
    const { repo, outside, workspace } = await fixture()
    symlinkSync(outside, join(repo, 'out'))
    expect(await refusal(workspace.writeText('out/deep/er/plan.md', 'x'))).toContain(
      'is a symbolic link that leads outside the repository'
    )
    expect(readdirSync(outside)).toEqual(['secret.md'])
  })

  it('a link planted under the temporary file’s name is replaced, not written through', async () => {
    const { repo, outside, workspace } = await fixture({ 'docs/keep.md': 'keep\n' })
    const planted = join(repo, `docs/plan.md.plan-phase-${process.pid}.tmp`)
    symlinkSync(join(outside, 'secret.md'), planted)
    await workspace.writeText('docs/plan.md', '# Plan\n')
    expect(readFileSync(join(outside, 'secret.md'), 'utf8')).toBe('# not yours\n')
    expect(lstatSync(join(repo, 'docs/plan.md')).isFile()).toBe(true)
    expect(readFileSync(join(repo, 'docs/plan.md'), 'utf8')).toBe('# Plan\n')
    expect(existsSync(planted)).toBe(false)
  })

  it.each([['../outside/x.md'], ['/tmp/x.md'], ['']])(
    '%j: refused as a path outside the repository',
    async path => {
      const { outside, workspace } = await fixture()
      expect(await refusal(workspace.writeText(path, 'x'))).toMatch(
        /must be a relative path inside|leaves the repository/
      )
      expect(readdirSync(outside)).toEqual(['secret.md'])
    }
  )
})

describe('Workspace.writeDocuments: all or nothing', () => {
  const plan = { path: 'docs/action/plan.md', text: '# New plan\n', what: 'plan', setting: '--plan-path' }
  const status = {
    path: 'docs/status/s.md',
    text: '# New status\n',
    what: 'status file',
    setting: '--status-path'
  }

  it('writes both documents, creating their directories, and leaves no temporary file', async () => {
    const { repo, workspace } = await fixture()
    await workspace.writeDocuments([plan, status])
    expect(readFileSync(join(repo, plan.path), 'utf8')).toBe('# New plan\n')
    expect(readFileSync(join(repo, status.path), 'utf8')).toBe('# New status\n')
    expect(readdirSync(join(repo, 'docs/action'))).toEqual(['plan.md'])
    expect(readdirSync(join(repo, 'docs/status'))).toEqual(['s.md'])
  })

  it("the status file's directory is a file: nothing is written, the old plan is untouched, the message names the file in the way", async () => {
    const { repo, workspace } = await fixture({
      'docs/action/plan.md': '# Old plan\n',
      'docs/status': 'a file\n'
    })
    expect(await refusal(workspace.writeDocuments([plan, status]))).toBe(
      'The status file "docs/status/s.md" cannot be written: "docs/status" is a file, not a directory. Move or rename it, or choose another path with --status-path. Nothing was written.'
    )
    expect(readFileSync(join(repo, plan.path), 'utf8')).toBe('# Old plan\n')
    expect(readdirSync(join(repo, 'docs/action'))).toEqual(['plan.md'])
    expect(readFileSync(join(repo, 'docs/status'), 'utf8')).toBe('a file\n')
  })

  it('a deeper parent that is a file is named, and no directory is created on the way', async () => {
    const { repo, workspace } = await fixture({ 'docs/x': 'a file\n' })
    const message = await refusal(
      workspace.writeDocuments([
        { ...plan, path: 'out/plan.md' },
        { ...status, path: 'docs/x/y/z/s.md' }
      ])
    )
    expect(message).toContain('"docs/x" is a file, not a directory')
    expect(existsSync(join(repo, 'out'))).toBe(false)
  })

  it('plan and status at the same path: refused before anything is written', async () => {
    const { repo, workspace } = await fixture()
    expect(
      await refusal(workspace.writeDocuments([plan, { ...status, path: './docs/action//plan.md' }]))
    ).toContain('The plan and the status file would both be written to')
    expect(existsSync(join(repo, 'docs'))).toBe(false)
  })

  it('a failure after the first document was renamed into place puts the old one back and removes new directories', async () => {
    const { repo, workspace } = await fixture({ 'docs/action/plan.md': '# Old plan\n' })
    let renames = 0
    const failSecond = {
      rename: async (from: string, to: string): Promise<void> => {
        renames += 1
        if (renames === 2)
          throw Object.assign(new Error('ENOSPC: no space left on device, rename'), {
            code: 'ENOSPC',
            syscall: 'rename',
            path: from,
            dest: to
          })
        await rename(from, to)
      }
    }
    const message = await refusal(writeDocuments(workspace.root, [plan, status], failSecond))
    expect(message).toBe(
      'Could not write the status file "docs/status/s.md". Could not replace docs/status/s.md: the disk is full (ENOSPC). Nothing was changed.'
    )
    expect(readFileSync(join(repo, plan.path), 'utf8')).toBe('# Old plan\n')
    expect(readdirSync(join(repo, 'docs/action'))).toEqual(['plan.md'])
    expect(existsSync(join(repo, 'docs/status'))).toBe(false)
  })

  it('a failure with a new plan removes that plan again', async () => {
    const { repo, workspace } = await fixture()
    let renames = 0
    const failSecond = {
      rename: async (from: string, to: string): Promise<void> => {
        if (++renames === 2)
          throw Object.assign(new Error('EIO'), { code: 'EIO', syscall: 'rename', path: from })
        await rename(from, to)
      }
    }
    expect(await refusal(writeDocuments(workspace.root, [plan, status], failSecond))).toContain(
      'the disk reported an input/output error (EIO). Nothing was changed.'
    )
    expect(existsSync(join(repo, 'docs'))).toBe(false)
  })
})

describe('openWorkspace and isForbiddenWrite', () => {
  it('a workspace that does not exist is a clear error', async () => {
    const missing = join(tempDir('plan-phase-gone-'), 'nope')
    expect(await refusal(openWorkspace(missing))).toBe(
      `The directory ${missing} does not exist; nothing to plan in.`
    )
  })

  it('a workspace that is a file is a clear error, not ENOTDIR', async () => {
    const file = join(tempDir('plan-phase-file-'), 'file')
    writeFileSync(file, 'x')
    expect(await refusal(openWorkspace(file))).toBe(
      `${file} is a file, not a directory; plan-phase needs the repository's directory.`
    )
  })

  it.each([
    ['.git', true],
    ['.git/x', true],
    ['a/.git/x', true],
    ['.Git/x', true],
    ['.github/workflows/x.yml', true],
    ['.github\\workflows\\x.yml', true],
    ['.github/plan-phase.yml', true],
    ['.github/actions/x/action.yml', true],
    ['.GitHub', true],
    ['docs/.github/workflows/x.yml', false],
    ['.gitignore', false],
    ['x.git/y', false],
    ['admin/status/phase_3.md', false]
  ])('isForbiddenWrite(%j) is %s', (path, forbidden) => {
    expect(isForbiddenWrite(path)).toBe(forbidden)
  })
})

describe('the CLI writing documents', () => {
  const PLAN = 'admin/refactor-providers/action/phase_3_execution_plan.md'
  const STATUS = 'admin/status/phase_3_execution_plan.md'
  let repo: TempRepo

  beforeEach(() => {
    repo = copyExample()
  })
  afterEach(() => repo.remove())

  async function cli(args: string[]): Promise<{ code: number; stderr: string }> {
    let stderr = ''
    const err = process.stderr.write.bind(process.stderr)
    process.stderr.write = ((chunk: string | Uint8Array) => (
      (stderr += String(chunk)),
      true
    )) as typeof process.stderr.write
    try {
      return {
        code: await runCli(['3', '--repo', repo.dir, '--no-gate', '-q', ...args], process.env),
        stderr
      }
    } finally {
      process.stderr.write = err
    }
  }

  it('refuses to write over a symlink, and leaves the file it points to alone', async () => {
    const target = join(tempDir('plan-phase-cli-target-'), 'precious.md')
    writeFileSync(target, 'precious\n')
    rmSync(join(repo.dir, PLAN), { force: true })
    mkdirSync(dirname(join(repo.dir, PLAN)), { recursive: true })
    symlinkSync(target, join(repo.dir, PLAN))
    const { code, stderr } = await cli([])
    expect(code).toBe(1)
    // Found before the gate, with the phase filled in (document-path-check.ts).
    expect(stderr).toContain(
      `plan-phase: The plan path for phase 3, "${PLAN}", is a symbolic link in the checkout; nothing was run. Change --plan-path.`
    )
    expect(readFileSync(target, 'utf8')).toBe('precious\n')
    expect(lstatSync(join(repo.dir, PLAN)).isSymbolicLink()).toBe(true)
  })

  it('refuses a plan path in .github/workflows/', async () => {
    const { code, stderr } = await cli(['--plan-path', '.github/workflows/phase_{phase}.yml'])
    // The settings reader refuses it, as it refuses the action's input: a usage error naming the flag.
    expect(code).toBe(2)
    expect(stderr).toContain(
      'plan-phase: --plan-path ".github/workflows/phase_{phase}.yml" is under .github/'
    )
    expect(existsSync(join(repo.dir, '.github/workflows'))).toBe(false)
  })

  it('refuses a master plan symlinked out of the repository', async () => {
    const outside = join(tempDir('plan-phase-cli-out-'), 'master_plan.md')
    const master = join(repo.dir, 'admin/refactor-providers/master_plan.md')
    writeFileSync(outside, readFileSync(master))
    rmSync(master)
    symlinkSync(outside, master)
    rmSync(join(repo.dir, STATUS), { force: true })
    const { code, stderr } = await cli([])
    expect(code).toBe(1)
    expect(stderr).toContain(
      'The master plan (--master-plan) path "admin/refactor-providers/master_plan.md" is a symbolic link that leads outside the repository'
    )
    expect(existsSync(join(repo.dir, STATUS))).toBe(false)
  })
})
