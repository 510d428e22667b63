/**
 * One commit through the Git Data API (blob → tree → commit → ref), so GitHub signs it and the checkout
 * needs no credentials. The ref only ever moves forward: `force: false`, always.
 */
import { gitBlobSha } from '../adapters/git.js'
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
  /** The commit to build on; the branch must point at it (or, with `createBranch`, not exist). */
  readonly parentSha: string
  readonly files: readonly FileToCommit[]
  readonly message: string
  /** The branch does not exist yet: create it at the new commit instead of moving it. */
  readonly createBranch?: boolean
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
  /** GitHub refused to move (or create) the ref: not a fast-forward, protected, or already there. */
  | { readonly kind: 'ref-refused'; readonly status: number; readonly message: string; readonly sha: string }

function checkSizes(files: readonly FileToCommit[]): void {
  for (const file of files) {
    const bytes = Buffer.byteLength(file.content, 'utf8')
    if (bytes > MAX_DOCUMENT_BYTES) {
      const mib = (bytes / 1024 / 1024).toFixed(1)
      throw new UserError(
        `The document ${file.path} is ${bytes} bytes (${mib} MiB); plan-phase commits documents up to 5 MiB. ` +
          'Split the phase in the master plan (input master-plan) into smaller phases.'
      )
    }
  }
}

/** Blob shas at the wanted paths in `treeSha`, or undefined when GitHub truncated the listing. */
async function blobsAt(
  client: GitDataClient,
  request: CommitRequest,
  treeSha: string
): Promise<Map<string, string> | undefined> {
  const { owner, repo } = request
  const { data } = await client.getTree({ owner, repo, tree_sha: treeSha, recursive: 'true' })
  if (data.truncated) return undefined
  const wanted = new Set(request.files.map(file => file.path))
  const found = new Map<string, string>()
  for (const entry of data.tree) {
    if (
      entry.type === 'blob' &&
      entry.path !== undefined &&
      entry.sha !== undefined &&
      wanted.has(entry.path)
    )
      found.set(entry.path, entry.sha)
  }
  return found
}

/** Reads only the blobs whose bytes differ, and compares them with the request's own rule. */
async function equivalent(
  client: GitDataClient,
  request: CommitRequest,
  existing: Map<string, string>
): Promise<boolean> {
  const { sameContent, owner, repo } = request
  if (!sameContent) return false
  for (const file of request.files) {
    const sha = existing.get(file.path)
    if (sha === undefined) return false
    if (sha === gitBlobSha(file.content)) continue
    const { data } = await client.getBlob({ owner, repo, file_sha: sha })
    const text = Buffer.from(data.content, data.encoding === 'base64' ? 'base64' : 'utf8').toString('utf8')
    if (!sameContent(text, file.content)) return false
  }
  return true
}

export async function commitFiles(client: GitDataClient, request: CommitRequest): Promise<CommitResult> {
  const { owner, repo, parentSha } = request
  checkSizes(request.files)
  const { data: parent } = await client.getCommit({ owner, repo, commit_sha: parentSha })
  const existing = await blobsAt(client, request, parent.tree.sha)
  const same = request.files.every(file => existing?.get(file.path) === gitBlobSha(file.content))
  if (same || (existing && (await equivalent(client, request, existing)))) {
    return { kind: 'unchanged', operation: 'unchanged', sha: parentSha }
  }

  const tree = []
  for (const file of request.files) {
    // base64 carries the exact bytes; the utf-8 encoding would be re-encoded by GitHub.
    const content = Buffer.from(file.content, 'utf8').toString('base64')
    const { data: blob } = await client.createBlob({ owner, repo, content, encoding: 'base64' })
    tree.push({ path: file.path, mode: '100644' as const, type: 'blob' as const, sha: blob.sha })
  }
  const { data: newTree } = await client.createTree({ owner, repo, base_tree: parent.tree.sha, tree })
  // A truncated listing could not be compared above; an identical tree says the same thing, later.
  if (newTree.sha === parent.tree.sha) return { kind: 'unchanged', operation: 'unchanged', sha: parentSha }
  const { data: commit } = await client.createCommit({
    owner,
    repo,
    message: request.message,
    tree: newTree.sha,
    parents: [parentSha]
  })
  try {
    if (request.createBranch) {
      await client.createRef({ owner, repo, ref: `refs/heads/${request.branch}`, sha: commit.sha })
    } else {
      await client.updateRef({ owner, repo, ref: `heads/${request.branch}`, sha: commit.sha, force: false })
    }
  } catch (error: unknown) {
    const status = statusOf(error)
    // 422: not a fast-forward, protected branch, or the branch appeared meanwhile. Never retried with force.
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
