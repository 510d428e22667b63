/**
 * The one Octokit of a run (retry + throttling) and the per-consumer clients over it. Kept apart from
 * github.ts because Octokit and its HTTP stack are most of the bundle: main.ts imports this module only
 * when a run first calls GitHub.
 */
import { getOctokit } from '@actions/github'
import { defaults as actionsDefaults } from '@actions/github/lib/utils'
import { retry } from '@octokit/plugin-retry'
import { throttling } from '@octokit/plugin-throttling'
import type Bottleneck from 'bottleneck'
import type { Reporter } from '../reporter.js'
import type { ApiClock } from './api-deadline.js'
import type { GitDataClient, GitHubClients, IssuesClient, PullsClient, ReposClient } from './github.js'
import { readCommentPage, type GraphqlClient } from './github-graphql.js'

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
  /** Time limits per attempt and for all calls of the run (see api-deadline.ts); none when absent. */
  readonly clock?: ApiClock
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
  const { clock } = options
  // @actions/github's fetch goes through the runner's proxy settings: the limit wraps it, never replaces it.
  const baseFetch = (actionsDefaults.request?.fetch ?? fetch) as typeof fetch
  const octokit = getOctokit(
    options.token,
    {
      baseUrl: options.baseUrl,
      userAgent: options.userAgent,
      ...(clock ? { request: { ...actionsDefaults.request, fetch: clock.limitFetch(baseFetch) } } : {}),
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
  // Registered after the plugins, so it wraps them: one budget for a call, its retries and their pauses.
  // Every hook level sees the same options object (before-after-hook binds it), so the call's signal is
  // set on it, in `request` options of the call's own: the retry plugin counts retries there, and in the
  // shared defaults its pauses would grow with every failed call of the run (1 s, 4 s, 9 s, 16 s, ...).
  octokit.hook.wrap('request', async (request, route) => {
    if (!clock) {
      route.request = { ...route.request, retryCount: 0 }
      return request(route)
    }
    return clock.call(`${route.method} ${route.url}`, async signal => {
      route.request = { ...route.request, signal, retryCount: 0 }
      return request(route)
    })
  })
  return octokit
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
