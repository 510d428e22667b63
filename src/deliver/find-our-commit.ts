/**
 * After `createCommitOnBranch` answered with an error that says nothing (a 5xx, a lost connection), the
 * branch may hold our commit, with or without someone's push on top, or someone else's commit. Ours is
 * the commit whose only parent is the head we asked to build on and whose tree is that head's tree with
 * our documents' blobs at their paths and nothing else changed. Its message proves nothing: anyone can
 * write the same one.
 */
import { gitBlobSha } from '../adapters/git.js'
import type { GitDataClient } from '../adapters/github.js'
import type { FileToCommit } from './commit.js'

/** How far below the branch head our commit may sit (pushes on top of it since the lost answer). */
const MAX_COMMITS_ABOVE = 20

type Git = Pick<GitDataClient, 'getCommit' | 'getTree'>
type CommitData = Awaited<ReturnType<GitDataClient['getCommit']>>['data']
type TreeEntry = Awaited<ReturnType<GitDataClient['getTree']>>['data']['tree'][number]

export interface OurCommitQuery {
  readonly owner: string
  readonly repo: string
  /** Where the branch points now. */
  readonly head: string
  /** The head we asked GitHub to build on. */
  readonly expectedHead: string
  readonly files: readonly FileToCommit[]
}

/** Our commit on the branch's first-parent line, or undefined when it is not there. */
export async function findOurCommit(git: Git, query: OurCommitQuery): Promise<CommitData | undefined> {
  const { owner, repo, expectedHead } = query
  let sha = query.head
  for (let step = 0; step <= MAX_COMMITS_ABOVE; step++) {
    const { data: commit } = await git.getCommit({ owner, repo, commit_sha: sha })
    const parent = commit.parents[0]?.sha
    if (parent === undefined) return undefined
    if (parent === expectedHead) {
      if (commit.parents.length !== 1) return undefined
      const { data: base } = await git.getCommit({ owner, repo, commit_sha: expectedHead })
      const wanted = new Map(query.files.map(file => [file.path, gitBlobSha(file.content)]))
      const ours = await changedExactly(git, { owner, repo }, base.tree.sha, commit.tree.sha, '', wanted)
      return ours ? commit : undefined
    }
    sha = parent
  }
  return undefined
}

/**
 * Whether tree `after` is tree `before` (absent: an empty directory) with the `wanted` blobs at their
 * paths below `dir` and no other change. Only the directories on the way to a document are read.
 */
async function changedExactly(
  git: Git,
  where: { owner: string; repo: string },
  before: string | undefined,
  after: string,
  dir: string,
  wanted: ReadonlyMap<string, string>
): Promise<boolean> {
  const read = async (sha: string | undefined): Promise<Map<string, TreeEntry> | undefined> => {
    if (sha === undefined) return new Map()
    const { data } = await git.getTree({ ...where, tree_sha: sha })
    // A listing GitHub cut short cannot vouch for anything: not ours, never wrongly ours.
    if (data.truncated) return undefined
    return new Map(data.tree.map(entry => [entry.path ?? '', entry]))
  }
  const [old, now] = await Promise.all([read(before), read(after)])
  if (!old || !now) return false
  const prefix = dir === '' ? '' : `${dir}/`
  const below = [...wanted.keys()].filter(path => path.startsWith(prefix))
  const names = new Set([
    ...old.keys(),
    ...now.keys(),
    ...below.map(path => path.slice(prefix.length).split('/')[0] ?? '')
  ])
  for (const name of names) {
    const path = `${prefix}${name}`
    const was = old.get(name)
    const is = now.get(name)
    const blob = wanted.get(path)
    if (blob !== undefined) {
      if (is?.type !== 'blob' || is.sha !== blob) return false
    } else if (below.some(wantedPath => wantedPath.startsWith(`${path}/`))) {
      if (is?.type !== 'tree' || is.sha === undefined || (was !== undefined && was.type !== 'tree'))
        return false
      if (!(await changedExactly(git, where, was?.sha, is.sha, path, wanted))) return false
    } else if (!was || !is || was.sha !== is.sha || was.type !== is.type || was.mode !== is.mode) {
      return false
    }
  }
  return true
}
