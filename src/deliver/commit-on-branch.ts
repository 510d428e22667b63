/**
 * One commit onto an existing branch with GraphQL's createCommitOnBranch: contents, tree, commit and the
 * ref move in one request, signed by GitHub. `expectedHeadOid` makes GitHub refuse when the branch no
 * longer points at the commit the documents were made for, so a human's push is never built over or
 * lost; there is no force to misuse.
 */
import type { GitDataClient } from '../adapters/github.js'
import { statusOf } from '../adapters/github.js'
import { describeGraphqlErrors, graphqlErrors, type GraphqlClient } from '../adapters/github-graphql.js'
import type { FileToCommit } from './commit.js'
import { branchSha } from './commit.js'
import { findOurCommit } from './find-our-commit.js'

export interface BranchCommitRequest {
  readonly owner: string
  readonly repo: string
  readonly branch: string
  /** The commit the branch must point at; the new commit's parent. */
  readonly expectedHead: string
  readonly files: readonly FileToCommit[]
  /** One line (GitHub's headline). */
  readonly message: string
}

export type BranchCommitResult =
  | { readonly kind: 'committed'; readonly sha: string; readonly url: string; readonly verified: boolean }
  /** The branch points elsewhere: someone pushed. Nothing was written. */
  | { readonly kind: 'moved'; readonly head: string }
  | { readonly kind: 'deleted' }
  /** GitHub refused although the branch is where expected (e.g. branch protection): its reasons. */
  | { readonly kind: 'refused'; readonly reason: string }

export interface BranchCommitClients {
  readonly graphql: GraphqlClient
  /** Reads the branch back when the answer did not say what happened. */
  readonly git: Pick<GitDataClient, 'getRef' | 'getCommit' | 'getTree'>
}

const MUTATION = `mutation PlanPhaseCommit($input: CreateCommitOnBranchInput!) {
  createCommitOnBranch(input: $input) {
    commit { oid url signature { isValid } }
  }
}`

interface Answer {
  createCommitOnBranch: {
    commit: { oid: string; url: string; signature: { isValid: boolean } | null } | null
  } | null
}

/** A 5xx or a lost connection: the mutation may or may not have taken effect. */
function outcomeUnknown(status: number | undefined): boolean {
  return status === undefined || status >= 500
}

export async function commitOnBranch(
  clients: BranchCommitClients,
  request: BranchCommitRequest
): Promise<BranchCommitResult> {
  const { owner, repo, branch, expectedHead } = request
  const input = {
    branch: { repositoryNameWithOwner: `${owner}/${repo}`, branchName: branch },
    expectedHeadOid: expectedHead,
    message: { headline: request.message },
    fileChanges: {
      // base64 carries the exact bytes of the rendered text.
      additions: request.files.map(file => ({
        path: file.path,
        contents: Buffer.from(file.content, 'utf8').toString('base64')
      }))
    }
  }
  for (let attempt = 1; ; attempt++) {
    try {
      // Never retried blindly: a retry after a lost answer would meet its own commit and look like a push.
      const data = await clients.graphql.graphql<Answer>(MUTATION, { input }, { retries: 0 })
      const commit = data.createCommitOnBranch?.commit
      if (!commit) return { kind: 'refused', reason: 'GitHub answered without a commit' }
      return {
        kind: 'committed',
        sha: commit.oid,
        url: commit.url,
        verified: commit.signature?.isValid ?? false
      }
    } catch (error: unknown) {
      const errors = graphqlErrors(error)
      const unknown = !errors && outcomeUnknown(statusOf(error))
      if (!errors && !unknown) throw error
      // Whatever the reason, where the branch points now says what happened.
      const head = await branchSha(clients.git, owner, repo, branch)
      if (head === undefined) return { kind: 'deleted' }
      if (head === expectedHead) {
        if (errors) return { kind: 'refused', reason: describeGraphqlErrors(errors) }
        // Nothing was written: the same guarded request once more is safe.
        if (attempt < 2) continue
        throw error
      }
      if (unknown) {
        // Ours even under a push made since: the documents are there, nothing may be sent twice.
        const commit = await findOurCommit(clients.git, {
          owner,
          repo,
          head,
          expectedHead,
          files: request.files
        })
        if (commit) {
          return {
            kind: 'committed',
            sha: commit.sha,
            url: commit.html_url,
            verified: commit.verification?.verified ?? false
          }
        }
      }
      return { kind: 'moved', head }
    }
  }
}
