/**
 * One commit through the Git Data API (tree with inline contents → commit → ref), so GitHub signs it and
 * the checkout needs no credentials: delivery `commit` onto the base branch. (The plan branch and a pull
 * request's branch are committed with createCommitOnBranch, commit-on-branch.ts.) The ref only ever
 * moves forward: `force: false`, always.
 */
import { gitBlobSha } from '../adapters/git.js'
import type { LocalRepository } from '../adapters/git-objects.js'
import { apiMessage, HTTP_STATUS, statusOf, type GitDataClient } from '../adapters/github.js'
import { UserError } from '../errors.js'

/** Bigger documents are refused before any request: the blob API is not for files this size. */
export const MAX_DOCUMENT_BYTES = 5 * 1024 * 1024

export interface FileToCommit {
  /** Repository-relative path. */
  readonly path: string
  readonly content: string
}

export interface CommitRequest {
  readonly owner: string
  readonly repo: string
  readonly branch: string
  /** The commit to build on; the branch must point at it. */
  readonly parentSha: string
  readonly files: readonly FileToCommit[]
  readonly message: string
  /**
   * Documents that differ from what the branch holds only in volatile details (a timestamp, a
   * duration) count as unchanged: a re-run on the same state makes no commit.
   */
  readonly sameContent?: (existing: string, wanted: string) => boolean
}

export type CommitResult =
  /** Every file already has these bytes at the parent: nothing was written. */
  | { readonly kind: 'unchanged'; readonly operation: 'unchanged'; readonly sha: string }
  | {
      readonly kind: 'committed'
      readonly operation: 'committed'
      readonly sha: string
      readonly url: string
      /** GitHub signed the commit (`verification.verified`). */
      readonly verified: boolean
    }
  /** GitHub refused to move the ref: not a fast-forward, or protected. */
  | { readonly kind: 'ref-refused'; readonly status: number; readonly message: string; readonly sha: string }

/** Refuses, before any request, a document too big to commit through the API. */
export function checkSizes(files: readonly FileToCommit[]): void {
  for (const file of files) {
    const bytes = Buffer.byteLength(file.content, 'utf8')
    if (bytes > MAX_DOCUMENT_BYTES) {
      const mib = (bytes / 1024 / 1024).toFixed(1)
      throw new UserError(
        `The document ${file.path} is ${bytes} bytes (${mib} MiB); plan-phase commits documents up to 5 MiB. ` +
          'Split the phase into smaller phases in the master plan.'
      )
    }
  }
}

/** What the parent commit holds at the wanted paths, and how to read a blob's text. */
export interface ParentView {
  readonly tree: string
  /** Blob ids by path; undefined when GitHub truncated the listing and nothing can be compared. */
  readonly blobs: ReadonlyMap<string, string> | undefined
  readonly text: (sha: string) => Promise<string>
}

/** A blob's text as GitHub holds it. */
export function remoteBlobText(
  client: Pick<GitDataClient, 'getBlob'>,
  owner: string,
  repo: string
): (sha: string) => Promise<string> {
  return async sha => {
    const { data } = await client.getBlob({ owner, repo, file_sha: sha })
    return Buffer.from(data.content, data.encoding === 'base64' ? 'base64' : 'utf8').toString('utf8')
  }
}

/** A blob's text from the checkout's hash-checked objects, else from GitHub. */
export function blobText(
  client: Pick<GitDataClient, 'getBlob'>,
  local: LocalRepository | undefined,
  owner: string,
  repo: string
): (sha: string) => Promise<string> {
  const remote = remoteBlobText(client, owner, repo)
  return async sha => (await local?.blob(sha))?.toString('utf8') ?? remote(sha)
}

/**
 * The parent as the local checkout holds it (hash-checked), else as the API reports it: the checkout
 * usually is the tested commit, so a run needs no requests to learn what it would build on.
 */
export async function readParent(
  client: GitDataClient,
  local: LocalRepository | undefined,
  request: { owner: string; repo: string; parentSha: string; files: readonly FileToCommit[] }
): Promise<ParentView> {
  const { owner, repo, parentSha } = request
  const paths = request.files.map(file => file.path)
  const remoteText = remoteBlobText(client, owner, repo)
  const snapshot = await local?.snapshot(parentSha, paths)
  if (snapshot && local) {
    return { tree: snapshot.tree, blobs: snapshot.blobs, text: blobText(client, local, owner, repo) }
  }
  const { data: parent } = await client.getCommit({ owner, repo, commit_sha: parentSha })
  const { data } = await client.getTree({ owner, repo, tree_sha: parent.tree.sha, recursive: 'true' })
  const wanted = new Set(paths)
  const blobs = new Map<string, string>()
  for (const entry of data.tree) {
    if (
      entry.type === 'blob' &&
      entry.path !== undefined &&
      entry.sha !== undefined &&
      wanted.has(entry.path)
    )
      blobs.set(entry.path, entry.sha)
  }
  return {
    tree: parent.tree.sha,
    blobs: data.truncated ? undefined : blobs,
    text: remoteText
  }
}

/**
 * Every file already has these bytes at the parent, or (with `sameContent`) bytes that differ only in
 * volatile details. Reads only the blobs whose ids differ.
 */
export async function unchangedAt(
  parent: Pick<ParentView, 'blobs' | 'text'>,
  files: readonly FileToCommit[],
  sameContent?: (existing: string, wanted: string) => boolean
): Promise<boolean> {
  const { blobs } = parent
  if (!blobs) return false
  for (const file of files) {
    const sha = blobs.get(file.path)
    if (sha === undefined) return false
    if (sha === gitBlobSha(file.content)) continue
    if (!sameContent || !sameContent(await parent.text(sha), file.content)) return false
  }
  return true
}

export async function commitFiles(
  client: GitDataClient,
  request: CommitRequest,
  local?: LocalRepository
): Promise<CommitResult> {
  const { owner, repo, parentSha } = request
  checkSizes(request.files)
  const parent = await readParent(client, local, request)
  if (await unchangedAt(parent, request.files, request.sameContent)) {
    return { kind: 'unchanged', operation: 'unchanged', sha: parentSha }
  }
  // Contents inline: GitHub writes the blobs itself, which saves one request per document. The text is
  // UTF-8 (documents are rendered strings), so the bytes GitHub stores are exactly the rendered ones.
  const tree = request.files.map(file => ({
    path: file.path,
    mode: '100644' as const,
    type: 'blob' as const,
    content: file.content
  }))
  const { data: newTree } = await client.createTree({ owner, repo, base_tree: parent.tree, tree })
  // A truncated listing could not be compared above; an identical tree says the same thing, later.
  if (newTree.sha === parent.tree) return { kind: 'unchanged', operation: 'unchanged', sha: parentSha }
  const { data: commit } = await client.createCommit({
    owner,
    repo,
    message: request.message,
    tree: newTree.sha,
    parents: [parentSha]
  })
  try {
    await client.updateRef({ owner, repo, ref: `heads/${request.branch}`, sha: commit.sha, force: false })
  } catch (error: unknown) {
    const status = statusOf(error)
    // 422: not a fast-forward, or a protected branch. Never retried with force.
    if (status !== HTTP_STATUS.unprocessable) throw error
    return { kind: 'ref-refused', status, message: apiMessage(error), sha: commit.sha }
  }
  return {
    kind: 'committed',
    operation: 'committed',
    sha: commit.sha,
    url: commit.html_url,
    verified: commit.verification?.verified ?? false
  }
}

/** The sha a branch points at, or undefined when it does not exist. */
export async function branchSha(
  git: Pick<GitDataClient, 'getRef'>,
  owner: string,
  repo: string,
  branch: string
): Promise<string | undefined> {
  try {
    return (await git.getRef({ owner, repo, ref: `heads/${branch}` })).data.object.sha
  } catch (error: unknown) {
    if (statusOf(error) === HTTP_STATUS.notFound) return undefined
    throw error
  }
}
