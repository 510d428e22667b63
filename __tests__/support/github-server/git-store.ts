/** Content-addressed git object store with real git sha1 ids for blobs, trees and commits. */
import { createHash } from 'node:crypto'

export type EntryType = 'blob' | 'tree' | 'commit'

export interface Signature {
  name: string
  email: string
  date: string
}

export interface Verification {
  verified: boolean
  reason: string
  signature: string | null
  payload: string | null
  verified_at: string | null
}

export interface BlobObject {
  kind: 'blob'
  sha: string
  content: Buffer
}

/** One entry of a single tree level: `name` never contains a slash. */
export interface TreeEntry {
  name: string
  mode: string
  type: EntryType
  sha: string
}

export interface TreeObject {
  kind: 'tree'
  sha: string
  entries: TreeEntry[]
}

export interface CommitObject {
  kind: 'commit'
  sha: string
  message: string
  tree: string
  parents: string[]
  author: Signature
  committer: Signature
  verification: Verification
}

export type GitObject = BlobObject | TreeObject | CommitObject

/** A tree entry seen from the root: `path` is slash-separated. */
export interface PathEntry {
  path: string
  mode: string
  type: EntryType
  sha: string
}

/** One change for `applyChanges`: `sha: null` deletes the path. */
export interface TreeChange {
  path: string
  mode: string
  type: EntryType
  sha: string | null
}

export class GitError extends Error {}

type DirNode = { dir: Map<string, Node> }
type Node = { entry: TreeEntry } | DirNode

function hashObject(kind: string, body: Buffer): string {
  const header = Buffer.from(`${kind} ${body.length}\0`)
  return createHash('sha1').update(header).update(body).digest('hex')
}

function gitTime(iso: string): string {
  const seconds = Math.floor(new Date(iso).getTime() / 1000)
  return `${seconds} +0000`
}

/** git orders tree entries bytewise by name, comparing a subtree's name as if it ended with '/'. */
function sortKey(entry: TreeEntry): Buffer {
  return Buffer.from(entry.type === 'tree' ? `${entry.name}/` : entry.name)
}

export function isSha(value: string): boolean {
  return /^[0-9a-f]{40}$/.test(value)
}

export class GitStore {
  private readonly objects = new Map<string, GitObject>()

  has(sha: string): boolean {
    return this.objects.has(sha)
  }

  get(sha: string): GitObject | undefined {
    return this.objects.get(sha)
  }

  getBlob(sha: string): BlobObject | undefined {
    const object = this.objects.get(sha)
    return object?.kind === 'blob' ? object : undefined
  }

  getTree(sha: string): TreeObject | undefined {
    const object = this.objects.get(sha)
    return object?.kind === 'tree' ? object : undefined
  }

  getCommit(sha: string): CommitObject | undefined {
    const object = this.objects.get(sha)
    return object?.kind === 'commit' ? object : undefined
  }

  putBlob(content: Buffer | string): BlobObject {
    const buffer = typeof content === 'string' ? Buffer.from(content, 'utf8') : content
    const sha = hashObject('blob', buffer)
    const blob: BlobObject = { kind: 'blob', sha, content: buffer }
    if (!this.objects.has(sha)) this.objects.set(sha, blob)
    return blob
  }

  putTree(entries: TreeEntry[]): TreeObject {
    const sorted = [...entries].sort((a, b) => Buffer.compare(sortKey(a), sortKey(b)))
    const parts: Buffer[] = []
    for (const entry of sorted) {
      const mode = entry.mode.replace(/^0+/, '')
      parts.push(Buffer.from(`${mode} ${entry.name}\0`), Buffer.from(entry.sha, 'hex'))
    }
    const sha = hashObject('tree', Buffer.concat(parts))
    const tree: TreeObject = { kind: 'tree', sha, entries: sorted }
    if (!this.objects.has(sha)) this.objects.set(sha, tree)
    return tree
  }

  putCommit(input: Omit<CommitObject, 'kind' | 'sha'>): CommitObject {
    if (!this.getTree(input.tree)) throw new GitError(`Tree ${input.tree} does not exist`)
    for (const parent of input.parents) {
      if (!this.getCommit(parent)) throw new GitError(`Parent ${parent} does not exist or is not a commit`)
    }
    const lines = [`tree ${input.tree}`, ...input.parents.map(parent => `parent ${parent}`)]
    lines.push(`author ${input.author.name} <${input.author.email}> ${gitTime(input.author.date)}`)
    lines.push(
      `committer ${input.committer.name} <${input.committer.email}> ${gitTime(input.committer.date)}`
    )
    const sha = hashObject('commit', Buffer.from(`${lines.join('\n')}\n\n${input.message}`, 'utf8'))
    const existing = this.getCommit(sha)
    if (existing) return existing
    const { message, tree, parents, author, committer, verification } = input
    const commit: CommitObject = {
      kind: 'commit',
      sha,
      message,
      tree,
      parents,
      author,
      committer,
      verification
    }
    this.objects.set(sha, commit)
    return commit
  }

  /** The object's type and body exactly as git stores them, so a local repository can hold the same object. */
  rawObject(sha: string): { kind: 'blob' | 'tree' | 'commit'; body: Buffer } | undefined {
    const object = this.objects.get(sha)
    if (!object) return undefined
    if (object.kind === 'blob') return { kind: 'blob', body: object.content }
    if (object.kind === 'tree') {
      const parts: Buffer[] = []
      for (const entry of object.entries) {
        parts.push(
          Buffer.from(`${entry.mode.replace(/^0+/, '')} ${entry.name}\0`),
          Buffer.from(entry.sha, 'hex')
        )
      }
      return { kind: 'tree', body: Buffer.concat(parts) }
    }
    const lines = [`tree ${object.tree}`, ...object.parents.map(parent => `parent ${parent}`)]
    lines.push(`author ${object.author.name} <${object.author.email}> ${gitTime(object.author.date)}`)
    lines.push(
      `committer ${object.committer.name} <${object.committer.email}> ${gitTime(object.committer.date)}`
    )
    return { kind: 'commit', body: Buffer.from(`${lines.join('\n')}\n\n${object.message}`, 'utf8') }
  }

  /** Builds a tree from `path → content` (null entries are skipped). */
  treeFromFiles(files: Record<string, string | Buffer | null>, baseTree?: string): string {
    const changes: TreeChange[] = Object.entries(files).map(([path, content]) => ({
      path,
      mode: '100644',
      type: 'blob',
      sha: content === null ? null : this.putBlob(content).sha
    }))
    return this.applyChanges(baseTree, changes)
  }

  /** Applies path changes (nested paths create subtrees) on top of `baseTree`; returns the new root sha. */
  applyChanges(baseTree: string | undefined, changes: TreeChange[]): string {
    const root: DirNode = { dir: baseTree ? this.loadDir(baseTree) : new Map() }
    for (const change of changes) {
      const parts = change.path.split('/')
      if (parts.some(part => part === '' || part === '.' || part === '..')) {
        throw new GitError(`Invalid tree path: ${change.path}`)
      }
      const leaf = parts.pop() as string
      let current: DirNode | undefined = root
      for (const part of parts) {
        if (!current) break
        current = this.childDir(current, part, change.sha !== null)
      }
      if (!current) continue
      if (change.sha === null) {
        current.dir.delete(leaf)
        continue
      }
      if (change.type === 'tree' && !this.getTree(change.sha))
        throw new GitError(`Tree ${change.sha} not found`)
      if (change.type === 'blob' && !this.getBlob(change.sha))
        throw new GitError(`Blob ${change.sha} not found`)
      current.dir.set(leaf, { entry: { name: leaf, mode: change.mode, type: change.type, sha: change.sha } })
    }
    return this.writeDir(root).sha
  }

  private loadDir(treeSha: string): Map<string, Node> {
    const tree = this.getTree(treeSha)
    if (!tree) throw new GitError(`Tree ${treeSha} not found`)
    return new Map(tree.entries.map(entry => [entry.name, { entry }]))
  }

  private childDir(parent: DirNode, name: string, create: boolean): DirNode | undefined {
    const node = parent.dir.get(name)
    if (node && 'dir' in node) return node
    if (node && node.entry.type === 'tree') {
      const expanded: DirNode = { dir: this.loadDir(node.entry.sha) }
      parent.dir.set(name, expanded)
      return expanded
    }
    if (!create) return undefined
    const fresh: DirNode = { dir: new Map() }
    parent.dir.set(name, fresh)
    return fresh
  }

  private writeDir(node: DirNode): TreeObject {
    const entries: TreeEntry[] = []
    for (const [name, child] of node.dir) {
      if ('entry' in child) {
        entries.push(child.entry)
        continue
      }
      if (child.dir.size === 0) continue
      const tree = this.writeDir(child)
      if (tree.entries.length > 0) entries.push({ name, mode: '040000', type: 'tree', sha: tree.sha })
    }
    return this.putTree(entries)
  }

  /** All entries under a tree; `recursive` descends into subtrees (which are listed too). */
  walk(treeSha: string, recursive: boolean, prefix = ''): PathEntry[] {
    const tree = this.getTree(treeSha)
    if (!tree) throw new GitError(`Tree ${treeSha} not found`)
    const out: PathEntry[] = []
    for (const entry of tree.entries) {
      const path = prefix ? `${prefix}/${entry.name}` : entry.name
      out.push({ path, mode: entry.mode, type: entry.type, sha: entry.sha })
      if (recursive && entry.type === 'tree') out.push(...this.walk(entry.sha, true, path))
    }
    return out
  }

  /** The entry at `path` inside `treeSha` (empty path = the tree itself). */
  lookup(treeSha: string, path: string): PathEntry | undefined {
    const parts = path.split('/').filter(part => part !== '')
    let current: PathEntry = { path: '', mode: '040000', type: 'tree', sha: treeSha }
    for (const part of parts) {
      if (current.type !== 'tree') return undefined
      const entry = this.getTree(current.sha)?.entries.find(candidate => candidate.name === part)
      if (!entry) return undefined
      current = {
        path: current.path ? `${current.path}/${part}` : part,
        mode: entry.mode,
        type: entry.type,
        sha: entry.sha
      }
    }
    return current
  }

  /** Every commit reachable from `sha` (inclusive). */
  ancestors(sha: string): Set<string> {
    const seen = new Set<string>()
    const queue = [sha]
    while (queue.length > 0) {
      const next = queue.pop() as string
      if (seen.has(next)) continue
      seen.add(next)
      queue.push(...(this.getCommit(next)?.parents ?? []))
    }
    return seen
  }

  isAncestor(ancestor: string, descendant: string): boolean {
    return this.ancestors(descendant).has(ancestor)
  }

  /** Nearest common ancestor by breadth-first search from `b`. */
  mergeBase(a: string, b: string): string | undefined {
    const fromA = this.ancestors(a)
    const queue = [b]
    const seen = new Set<string>()
    while (queue.length > 0) {
      const next = queue.shift() as string
      if (fromA.has(next)) return next
      if (seen.has(next)) continue
      seen.add(next)
      queue.push(...(this.getCommit(next)?.parents ?? []))
    }
    return undefined
  }

  /** Commits reachable from `head` but not from `base`, oldest first (by reverse discovery order). */
  commitsBetween(base: string, head: string): CommitObject[] {
    const excluded = this.ancestors(base)
    const out: CommitObject[] = []
    for (const sha of this.ancestors(head)) {
      const commit = this.getCommit(sha)
      if (commit && !excluded.has(sha)) out.push(commit)
    }
    return out.reverse()
  }
}
