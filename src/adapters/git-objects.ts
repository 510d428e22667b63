/**
 * Reads commits, trees and blobs from the local object database (argv, no shell), so delivery need not
 * ask GitHub what the checkout already holds. Every object is hashed again before it is trusted: the
 * test suite ran in this checkout and could have rewritten `.git/objects`, and a forged tree must never
 * decide what a commit is built on. Anything missing or forged reads as "not here": callers then ask
 * GitHub instead.
 */
import { gitBytes, gitObjectSha } from './git.js'

type ObjectKind = 'commit' | 'tree' | 'blob'

/** The parent's tree and the blob ids at the wanted paths (a path without a regular file is absent). */
export interface CommitSnapshot {
  readonly tree: string
  readonly blobs: ReadonlyMap<string, string>
}

export interface LocalRepository {
  /** What `commit` holds at `paths`, or undefined when this repository cannot vouch for it. */
  snapshot(commit: string, paths: readonly string[]): Promise<CommitSnapshot | undefined>
  /** A blob's bytes, or undefined when missing or forged. */
  blob(sha: string): Promise<Buffer | undefined>
}

const MAX_OBJECT_BYTES = 64 * 1024 * 1024
const REGULAR_FILE = new Set(['100644', '100755'])
const DIRECTORY = '40000'

function digest(kind: ObjectKind, body: Buffer, sha: string): string {
  // A 64-hex id is a SHA-256 repository.
  return gitObjectSha(kind, body, sha.length === 64 ? 'sha256' : 'sha1')
}

/** Tree entries by name: `<mode> <name>\0<binary id>` repeated. */
function parseTree(body: Buffer, idBytes: number): Map<string, { mode: string; sha: string }> {
  const entries = new Map<string, { mode: string; sha: string }>()
  let at = 0
  while (at < body.length) {
    const space = body.indexOf(0x20, at)
    const nul = body.indexOf(0, space)
    if (space < 0 || nul < 0 || nul + 1 + idBytes > body.length) throw new Error('malformed tree')
    const mode = body.toString('latin1', at, space)
    const name = body.toString('utf8', space + 1, nul)
    entries.set(name, { mode, sha: body.toString('hex', nul + 1, nul + 1 + idBytes) })
    at = nul + 1 + idBytes
  }
  return entries
}

export function localRepository(dir: string): LocalRepository {
  const read = async (kind: ObjectKind, sha: string): Promise<Buffer | undefined> => {
    if (!/^([0-9a-f]{40}|[0-9a-f]{64})$/.test(sha)) return undefined
    const body = await gitBytes(['cat-file', kind, sha], dir, {
      maxBuffer: MAX_OBJECT_BYTES,
      timeoutMs: 10_000,
      // A partial clone must not go fetching (with whose credentials?) for an object it lacks.
      env: { ...process.env, GIT_NO_LAZY_FETCH: '1' }
    })
    return body && digest(kind, body, sha) === sha ? body : undefined
  }

  const snapshot = async (commit: string, paths: readonly string[]): Promise<CommitSnapshot | undefined> => {
    const body = await read('commit', commit)
    const tree = body ? /^tree ([0-9a-f]+)\n/.exec(body.toString('utf8'))?.[1] : undefined
    if (!tree) return undefined
    const idBytes = tree.length / 2
    const trees = new Map<string, Map<string, { mode: string; sha: string }> | undefined>()
    const treeAt = async (sha: string): Promise<Map<string, { mode: string; sha: string }> | undefined> => {
      if (!trees.has(sha)) {
        const raw = await read('tree', sha)
        trees.set(sha, raw ? parseTree(raw, idBytes) : undefined)
      }
      return trees.get(sha)
    }
    const blobs = new Map<string, string>()
    for (const path of paths) {
      const parts = path.split('/')
      let entries = await treeAt(tree)
      for (const [index, name] of parts.entries()) {
        if (!entries) return undefined
        const entry = entries.get(name)
        if (!entry) break
        if (index === parts.length - 1) {
          if (REGULAR_FILE.has(entry.mode)) blobs.set(path, entry.sha)
        } else if (entry.mode === DIRECTORY) {
          entries = await treeAt(entry.sha)
          // A subtree the repository should have but cannot produce: it cannot vouch for this commit.
          if (!entries) return undefined
        } else break
      }
    }
    return { tree, blobs }
  }

  return {
    snapshot: (commit, paths) => snapshot(commit, paths).catch(() => undefined),
    blob: sha => read('blob', sha)
  }
}
