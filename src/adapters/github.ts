/**
 * The one Octokit of a run (retry + throttling), and the narrow interfaces each consumer uses. Consumers
 * take an interface, never the Octokit, so unit tests hand in a tiny object and only this file knows
 * how requests are made.
 */
import { getOctokit } from '@actions/github'
import { retry } from '@octokit/plugin-retry'
import { throttling } from '@octokit/plugin-throttling'
import type Bottleneck from 'bottleneck'
import type { Reporter } from '../reporter.js'
import { readCommentPage, type CommentPage, type GraphqlClient } from './github-graphql.js'

/** HTTP statuses the code branches on; errors are matched by status, never by message text. */
export const HTTP_STATUS = {
  forbidden: 403,
  notFound: 404,
  unprocessable: 422,
  tooManyRequests: 429
} as const

/** Failures that a retry cannot fix; 403/429 rate limits are retried by the throttling plugin instead. */
const DO_NOT_RETRY = [400, 401, 403, 404, 410, 422, 429, 451]
const MAX_RETRIES = 2
const MAX_RATE_LIMIT_RETRIES = 2
/** A longer wait than this would hold the runner (and the lock of `concurrency`) for nothing. */
const MAX_RETRY_AFTER_SECONDS = 60

export type GitHubOctokit = ReturnType<typeof getOctokit>

export interface OctokitOptions {
  readonly token: string
  /** API base URL, e.g. `https://api.github.com` or GITHUB_API_URL on GHES. */
  readonly baseUrl: string
  readonly userAgent: string
  readonly reporter: Reporter
  /** Tests shorten the waits: the length of one second of Retry-After and backoff, and write spacing. */
  readonly timing?: { readonly secondMs?: number; readonly spaceWrites?: boolean }
}

/** Stands in for the throttling plugin's write queues when spacing is off: runs the job at once. */
const UNSPACED = {
  key: () => ({ schedule: (_options: unknown, job: () => Promise<unknown>) => job() })
} as unknown as Bottleneck.Group

export function createOctokit(options: OctokitOptions): GitHubOctokit {
  const { reporter } = options
  const secondMs = options.timing?.secondMs ?? 1000
  const spacing = options.timing?.spaceWrites === false ? { write: UNSPACED, notifications: UNSPACED } : {}
  const onLimit =
    (kind: string) =>
    (retryAfter: number, request: { method: string; url: string }, _octokit: unknown, retries: number) => {
      // Only method and URL template are logged: the token lives in headers and never reaches a message.
      const what = `${kind} on ${request.method} ${request.url}`
      if (retries < MAX_RATE_LIMIT_RETRIES && retryAfter <= MAX_RETRY_AFTER_SECONDS) {
        reporter.warning(
          `${what}: retrying in ${retryAfter} s (retry ${retries + 1} of ${MAX_RATE_LIMIT_RETRIES}).`
        )
        return true
      }
      reporter.warning(`${what}: giving up (GitHub asks to wait ${retryAfter} s; ${retries} retries done).`)
      return false
    }
  return getOctokit(
    options.token,
    {
      baseUrl: options.baseUrl,
      userAgent: options.userAgent,
      log: {
        debug: () => undefined,
        info: () => undefined,
        warn: (message: string) => reporter.warning(message),
        error: (message: string) => reporter.warning(message)
      },
      retry: { doNotRetry: DO_NOT_RETRY, retries: MAX_RETRIES, retryAfterBaseValue: secondMs },
      throttle: {
        retryAfterBaseValue: secondMs,
        onRateLimit: onLimit('GitHub rate limit'),
        onSecondaryRateLimit: onLimit('GitHub secondary rate limit'),
        ...spacing
      }
    },
    retry,
    throttling
  )
}

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
    data: { sha: string; truncated: boolean; tree: { path?: string; type?: string; sha?: string }[] }
  }>
}

export interface PullRequestData {
  number: number
  html_url: string
  state: string
  title: string
  body: string | null
  /** Only `pulls.get` has `merged`; `merged_at` is on both. */
  merged?: boolean
  merged_at: string | null
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
}

export type ReactionContent = 'eyes' | 'rocket' | 'confused' | '+1' | '-1' | 'laugh' | 'heart' | 'hooray'

export interface IssuesClient {
  /** The newest page of comments (GraphQL), or the page before the `before` cursor. */
  readComments(params: RepoParams & { issue_number: number; before?: string }): Promise<CommentPage>
  /** Every comment, all pages (REST). */
  listComments(params: RepoParams & { issue_number: number; per_page?: number }): Promise<CommentData[]>
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
}

export interface GitHubClients {
  readonly graphql: GraphqlClient
  readonly git: GitDataClient
  readonly pulls: PullsClient
  readonly issues: IssuesClient
  readonly repos: ReposClient
}

/** The per-consumer views of one Octokit; the annotations make the compiler check the narrow shapes. */
export function githubClients(octokit: GitHubOctokit): GitHubClients {
  const { rest } = octokit
  const graphql: GraphqlClient = {
    graphql: (query, variables, options) =>
      octokit.graphql(query, {
        ...variables,
        ...(options?.retries !== undefined ? { request: { retries: options.retries } } : {})
      })
  }
  const git: GitDataClient = rest.git
  const pulls: PullsClient = rest.pulls
  const repos: ReposClient = rest.repos
  const issues: IssuesClient = {
    readComments: params => readCommentPage(graphql, params),
    listComments: params => octokit.paginate(rest.issues.listComments, { per_page: 100, ...params }),
    createComment: params => rest.issues.createComment(params),
    updateComment: params => rest.issues.updateComment(params),
    deleteComment: params => rest.issues.deleteComment(params),
    removeLabel: params => rest.issues.removeLabel(params),
    createReaction: params => rest.reactions.createForIssueComment(params),
    get: params => rest.issues.get(params)
  }
  return { graphql, git, pulls, issues, repos }
}
