/**
 * The plan branch and its base as they are right before delivery, in one GraphQL query: where each
 * points, what each holds at the documents' paths (ids and text, to decide "unchanged" without blob
 * reads), the branch's open pull request into the base, and the newest comments of the issue the reply
 * goes to (the reply lookup starts there instead of asking again).
 */
import { gitBlobSha } from '../adapters/git.js'
import type { LocalRepository } from '../adapters/git-objects.js'
import type { GitDataClient } from '../adapters/github.js'
import {
  COMMENT_PAGE_FRAGMENT,
  commentPage,
  describeGraphqlErrors,
  graphqlErrors,
  type CommentConnection,
  type CommentPage,
  type GraphqlClient
} from '../adapters/github-graphql.js'
import { UserError } from '../errors.js'
import { blobText, type FileToCommit, type ParentView } from './commit.js'

/** An open pull request from the plan branch into the base, as the PR text comparison needs it. */
export interface OpenPull {
  readonly number: number
  readonly html_url: string
  readonly title: string
  readonly body: string | null
}

/** A branch's head and the documents' blobs there. */
export interface BranchView extends Pick<ParentView, 'blobs' | 'text'> {
  readonly oid: string
}

export interface PlanBranchState {
  /** The plan branch; undefined when it does not exist. */
  readonly branch?: BranchView
  /** Open pull requests from the plan branch into the base (none when the branch does not exist). */
  readonly pulls: readonly OpenPull[]
  /** The base branch; undefined when it does not exist. */
  readonly base?: BranchView
  /** The newest comments of the issue the reply goes to, when one was named. */
  readonly thread?: CommentPage
}

export interface PlanBranchQuery {
  readonly owner: string
  readonly repo: string
  readonly branch: string
  readonly base: string
  readonly files: readonly FileToCommit[]
  /** The issue or pull request the reply goes to. */
  readonly threadNumber?: number
}

interface FileAnswer {
  readonly type: string
  readonly oid: string
  readonly object: { readonly text?: string | null; readonly isTruncated?: boolean } | null
}

type CommitAnswer = { oid?: string } & Record<string, FileAnswer | null | string | undefined>

interface Answer {
  repository: {
    branch: {
      target: CommitAnswer | null
      associatedPullRequests: {
        nodes: ({ number: number; url: string; title: string; body: string } | null)[]
      }
    } | null
    base: { target: CommitAnswer | null } | null
    thread?: { comments?: CommentConnection } | null
  } | null
}

function documentFields(count: number): string {
  return Array.from(
    { length: count },
    (_, i) => `file${i}: file(path: $path${i}) { type oid object { ... on Blob { text isTruncated } } }`
  ).join('\n')
}

function queryText(files: number, thread: boolean): string {
  const paths = Array.from({ length: files }, (_, i) => `, $path${i}: String!`).join('')
  const commit = `target { ... on Commit { oid ${documentFields(files)} } }`
  return `query PlanPhaseBranches($owner: String!, $repo: String!, $branch: String!, $base: String!, $baseName: String!${paths}${thread ? ', $number: Int!' : ''}) {
  repository(owner: $owner, name: $repo) {
    branch: ref(qualifiedName: $branch) {
      ${commit}
      associatedPullRequests(states: OPEN, baseRefName: $baseName, first: 10) { nodes { number url title body } }
    }
    base: ref(qualifiedName: $base) { ${commit} }
    ${
      thread
        ? `thread: issueOrPullRequest(number: $number) {
      ... on Issue { comments(last: 100) { ...CommentPage } }
      ... on PullRequest { comments(last: 100) { ...CommentPage } }
    }`
        : ''
    }
  }
}
${thread ? COMMENT_PAGE_FRAGMENT : ''}`
}

function branchView(
  target: CommitAnswer | null | undefined,
  files: readonly FileToCommit[],
  fullText: (sha: string) => Promise<string>
): BranchView | undefined {
  if (!target?.oid) return undefined
  const blobs = new Map<string, string>()
  // Texts GitHub gave in full; a cut or binary one is read whole only if a comparison needs it.
  const texts = new Map<string, string>()
  files.forEach((file, i) => {
    const entry = target[`file${i}`]
    if (typeof entry !== 'object' || entry === null || entry.type !== 'blob') return
    blobs.set(file.path, entry.oid)
    const text = entry.object?.text
    // Only a text whose bytes hash to the blob id is taken as the blob's content.
    if (typeof text === 'string' && entry.object?.isTruncated !== true && gitBlobSha(text) === entry.oid)
      texts.set(entry.oid, text)
  })
  return {
    oid: target.oid,
    blobs,
    text: async sha => texts.get(sha) ?? fullText(sha)
  }
}

export async function readPlanBranches(
  clients: { readonly graphql: GraphqlClient; readonly git: Pick<GitDataClient, 'getBlob'> },
  query: PlanBranchQuery,
  local?: LocalRepository
): Promise<PlanBranchState> {
  const { owner, repo, files, threadNumber } = query
  const variables: Record<string, unknown> = {
    owner,
    repo,
    branch: `refs/heads/${query.branch}`,
    base: `refs/heads/${query.base}`,
    baseName: query.base,
    ...Object.fromEntries(files.map((file, i) => [`path${i}`, file.path])),
    ...(threadNumber !== undefined ? { number: threadNumber } : {})
  }
  let data: Answer
  try {
    data = await clients.graphql.graphql<Answer>(
      queryText(files.length, threadNumber !== undefined),
      variables
    )
  } catch (error: unknown) {
    const errors = graphqlErrors(error)
    if (!errors) throw error
    throw new UserError(
      `GitHub's GraphQL API did not answer for the branches \`${query.branch}\` and \`${query.base}\` before ` +
        `delivery (${describeGraphqlErrors(errors)}); nothing was pushed. Check that the token may read ` +
        `${owner}/${repo}, its pull requests and issues, then re-run.`
    )
  }
  const repository = data.repository
  if (!repository) throw new Error(`GitHub found no repository ${owner}/${repo}.`)
  const fullText = blobText(clients.git, local, owner, repo)
  const branch = branchView(repository.branch?.target, files, fullText)
  const base = branchView(repository.base?.target, files, fullText)
  const pulls = branch
    ? (repository.branch?.associatedPullRequests.nodes ?? []).flatMap(node =>
        node ? [{ number: node.number, html_url: node.url, title: node.title, body: node.body }] : []
      )
    : []
  const comments = repository.thread?.comments
  return {
    ...(branch ? { branch } : {}),
    pulls,
    ...(base ? { base } : {}),
    ...(comments ? { thread: commentPage(comments) } : {})
  }
}
