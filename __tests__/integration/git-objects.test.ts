/** The local object reader on a real git repository: what it finds, and what it refuses to vouch for. */
import { execFileSync } from 'node:child_process'
import { chmodSync, mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { deflateSync } from 'node:zlib'
import { localRepository } from '../../src/adapters/git-objects.js'

let dir: string
const git = (...args: string[]): string => execFileSync('git', args, { cwd: dir, encoding: 'utf8' }).trim()

/** Replaces a loose object's bytes with `body` under the same id, as a suite rewriting .git could. */
function forge(sha: string, kind: string, body: string): void {
  const path = join(dir, '.git', 'objects', sha.slice(0, 2), sha.slice(2))
  chmodSync(path, 0o644)
  writeFileSync(
    path,
    deflateSync(Buffer.concat([Buffer.from(`${kind} ${Buffer.byteLength(body)}\0`), Buffer.from(body)]))
  )
}

beforeEach(() => {
  dir = mkdtempSync(join(tmpdir(), 'plan-phase-objects-'))
  git('init', '-q')
  mkdirSync(join(dir, 'admin', 'status'), { recursive: true })
  writeFileSync(join(dir, 'admin', 'status', 'phase_3.md'), 'status ✓\n')
  writeFileSync(join(dir, 'README.md'), '# r\n')
  git('add', '.')
  git('-c', 'user.name=t', '-c', 'user.email=t@example.com', 'commit', '-q', '-m', 'one')
})

afterEach(() => rmSync(dir, { recursive: true, force: true }))

describe('localRepository', () => {
  it('reads the tree and the blob ids at nested paths; a missing path or a directory is absent', async () => {
    const head = git('rev-parse', 'HEAD')
    const local = localRepository(dir)
    const snapshot = await local.snapshot(head, [
      'admin/status/phase_3.md',
      'admin/plan.md',
      'admin',
      'x/y.md'
    ])
    expect(snapshot?.tree).toBe(git('rev-parse', 'HEAD^{tree}'))
    expect([...(snapshot?.blobs ?? new Map())]).toEqual([
      ['admin/status/phase_3.md', git('rev-parse', 'HEAD:admin/status/phase_3.md')]
    ])
    const blob = await local.blob(git('rev-parse', 'HEAD:admin/status/phase_3.md'))
    expect(blob?.toString('utf8')).toBe('status ✓\n')
  })

  it('cannot vouch for a commit it does not have, or for anything outside a repository', async () => {
    expect(await localRepository(dir).snapshot('0'.repeat(40), ['README.md'])).toBeUndefined()
    expect(await localRepository(dir).snapshot('HEAD', ['README.md'])).toBeUndefined()
    const outside = mkdtempSync(join(tmpdir(), 'plan-phase-no-repo-'))
    try {
      expect(await localRepository(outside).snapshot(git('rev-parse', 'HEAD'), ['README.md'])).toBeUndefined()
    } finally {
      rmSync(outside, { recursive: true, force: true })
    }
  })

  it('refuses objects whose bytes no longer hash to their id', async () => {
    const head = git('rev-parse', 'HEAD')
    const blob = git('rev-parse', 'HEAD:README.md')
    forge(blob, 'blob', 'forged\n')
    expect(git('cat-file', 'blob', blob)).toBe('forged')
    expect(await localRepository(dir).blob(blob)).toBeUndefined()
    // A forged commit would name another tree to build on: the whole snapshot is refused.
    const tree = git('rev-parse', 'HEAD^{tree}')
    forge(head, 'commit', `tree ${tree.replace(/^./, c => (c === '0' ? '1' : '0'))}\n\nforged\n`)
    expect(await localRepository(dir).snapshot(head, ['README.md'])).toBeUndefined()
  })
})
