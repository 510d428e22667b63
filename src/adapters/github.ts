/**
 * What the code knows of GitHub's REST API: the narrow client interfaces each consumer uses, and how its
 * errors read. Consumers take an interface, never the Octokit, so unit tests hand in a tiny object. The
 * Octokit itself is built in octokit.ts, loaded only when a run calls GitHub.
 */
import type { CommentPage, GraphqlClient } from './github-graphql.js'

/** HTTP statuses the code branches on; errors are matched by status, never by message text. */
export const HTTP_STATUS = {
  forbidden: 403,
  notFound: 404,
  unprocessable: 422,
  tooManyRequests: 429
} as const

/** The HTTP status of an Octokit error (RequestError), or undefined for anything else. */
export function statusOf(error: unknown): number | undefined {
  if (typeof error !== 'object' || error === null || !('status' in error)) return undefined
  return typeof error.status === 'number' ? error.status : undefined
}

/** A 403/429 that is a rate limit (the throttling plugin gave up on it), not a refusal. */
export function isRateLimit(error: unknown): boolean {
  const status = statusOf(error)
  if (status !== HTTP_STATUS.forbidden && status !== HTTP_STATUS.tooManyRequests) return false
  if (typeof error !== 'object' || error === null || !('response' in error)) return false
  const { response } = error
  if (typeof response !== 'object' || response === null || !('headers' in response)) return false
  const { headers } = response
  if (typeof headers !== 'object' || headers === null) return false
  return (
    'retry-after' in headers ||
    ('x-ratelimit-remaining' in headers && headers['x-ratelimit-remaining'] === '0')
  )
}

/** GitHub's own message (`response.data.message`), else the error's message. */
export function apiMessage(error: unknown): string {
  if (typeof error === 'object' && error !== null && 'response' in error) {
    const { response } = error
    if (typeof response === 'object' && response !== null && 'data' in response) {
      const { data } = response
      if (typeof data === 'object' && data !== null && 'message' in data && typeof data.message === 'string')
        return data.message
    }
  }
  return error instanceof Error ? error.message : String(error)
}

/** A type alias, not an interface: Octokit's parameters have an index signature only aliases satisfy. */
type RepoParams = {
  owner: string
  repo: string
}

/** A file of a new tree: its bytes inline (GitHub writes the blob), so no blob request is needed. */
export interface TreeEntryInput {
  path: string
  mode: '100644'
  type: 'blob'
  content: string
}

/** Git Data API: the commit path of delivery. */
export interface GitDataClient {
  getRef(params: RepoParams & { ref: string }): Promise<{ data: { object: { sha: string } } }>
  createRef(params: RepoParams & { ref: string; sha: string }): Promise<{ data: { object: { sha: string } } }>
  updateRef(
    params: RepoParams & { ref: string; sha: string; force: boolean }
  ): Promise<{ data: { object: { sha: string } } }>
  getCommit(params: RepoParams & { commit_sha: string }): Promise<{
    data: {
      sha: string
      html_url: string
      message: string
      tree: { sha: string }
      parents: { sha: string }[]
      verification?: { verified: boolean }
    }
  }>
  createTree(
    params: RepoParams & { base_tree: string; tree: TreeEntryInput[] }
  ): Promise<{ data: { sha: string } }>
  createCommit(params: RepoParams & { message: string; tree: string; parents: string[] }): Promise<{
    data: { sha: string; html_url: string; verification?: { verified: boolean } }
  }>
  getBlob(params: RepoParams & { file_sha: string }): Promise<{ data: { content: string; encoding: string } }>
  getTree(params: RepoParams & { tree_sha: string; recursive?: string }): Promise<{
    data: {
      sha: string
      truncated: boolean
      tree: { path?: string; mode?: string; type?: string; sha?: string }[]
    }
  }>
}

export interface PullRequestData {
  number: number
  html_url: string
  state: string
  title: string
  body: string | null
  head: { ref: string; sha: string; repo: { full_name: string } | null }
  base: { ref: string }
}

export interface PullsClient {
  get(params: RepoParams & { pull_number: number }): Promise<{ data: PullRequestData }>
  list(
    params: RepoParams & { state: 'open' | 'closed' | 'all'; head: string; base: string; per_page?: number }
  ): Promise<{ data: PullRequestData[] }>
  create(
    params: RepoParams & {
      title: string
      head: string
      base: string
      body: string
      maintainer_can_modify?: boolean
    }
  ): Promise<{ data: PullRequestData }>
  update(
    params: RepoParams & { pull_number: number; title?: string; body?: string }
  ): Promise<{ data: PullRequestData }>
}

export interface CommentData {
  id: number
  body?: string
  html_url: string
  user: { login: string; type: string } | null
  /** Read through GraphQL: whether the token's own identity wrote it. REST leaves it out. */
  viewerDidAuthor?: boolean
  /** When GitHub created it (ISO 8601, GitHub's clock); read through GraphQL. */
  created_at?: string
}

export type ReactionContent = 'eyes' | 'rocket' | 'confused' | '+1' | '-1' | 'laugh' | 'heart' | 'hooray'

export interface IssuesClient {
  /** The newest page of comments (GraphQL), or the page before the `before` cursor. */
  readComments(params: RepoParams & { issue_number: number; before?: string }): Promise<CommentPage>
  /** Every comment, all pages (REST); with `since`, those updated (or created) at or after that time. */
  listComments(
    params: RepoParams & { issue_number: number; per_page?: number; since?: string }
  ): Promise<CommentData[]>
  /** `request.retries: 0` lets the caller look before re-posting: a retried POST could duplicate a comment. */
  createComment(
    params: RepoParams & { issue_number: number; body: string; request?: { retries?: number } }
  ): Promise<{ data: CommentData }>
  updateComment(params: RepoParams & { comment_id: number; body: string }): Promise<{ data: CommentData }>
  deleteComment(params: RepoParams & { comment_id: number }): Promise<unknown>
  removeLabel(params: RepoParams & { issue_number: number; name: string }): Promise<unknown>
  /** A reaction on an issue comment. */
  createReaction(params: RepoParams & { comment_id: number; content: ReactionContent }): Promise<unknown>
  get(params: RepoParams & { issue_number: number }): Promise<{
    data: { number: number; title: string; state: string; html_url: string }
  }>
}

export interface ReposClient {
  get(params: RepoParams): Promise<{ data: { default_branch: string; full_name: string; html_url: string } }>
  /** A branch and whether GitHub protects it; 404 when it does not exist. */
  getBranch(params: RepoParams & { branch: string }): Promise<{ data: { name: string; protected: boolean } }>
}

export interface GitHubClients {
  readonly graphql: GraphqlClient
  readonly git: GitDataClient
  readonly pulls: PullsClient
  readonly issues: IssuesClient
  readonly repos: ReposClient
}
