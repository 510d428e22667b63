/** Fault injection: canned GitHub failures matched by method and path. */
import { ACTIONS_MAY_NOT_CREATE_PRS } from './routes-pulls.js'

export type FaultResponse =
  /** A plain error status (500, 502, 503, 404, …). */
  | { type: 'status'; status: number; message?: string }
  /** 403 "You have exceeded a secondary rate limit" with `retry-after` (seconds, default 1). */
  | { type: 'secondary-rate-limit'; retryAfter?: number }
  /** 403 (or 429) with `x-ratelimit-remaining: 0` and `x-ratelimit-reset` `resetAfter` seconds ahead (default 0). */
  | { type: 'primary-rate-limit'; resetAfter?: number; status?: 403 | 429 }
  /** 422 with this message (and optional `errors`). */
  | { type: 'validation'; message: string; errors?: Record<string, unknown>[] }
  /** 403 "GitHub Actions is not permitted to create or approve pull requests." */
  | { type: 'actions-cannot-create-pr' }
  /** 200 with a GraphQL `errors` array (and `data: null`), as GitHub answers a failed query or mutation. */
  | { type: 'graphql-error'; errorType: string; message: string }
  /** Handle the request normally (it takes effect), then answer 502: the response was lost on the way. */
  | { type: 'lost-response' }
  /** Wait, then handle the request normally. */
  | { type: 'delay'; ms: number }
  /** Never answer: the connection stays open, the request has no effect (a proxy or server that hangs). */
  | { type: 'hang' }
  /** Run a callback (e.g. simulate a concurrent human push), then handle the request normally. */
  | { type: 'before'; run: (request: FaultRequest) => void | Promise<void> }

export interface FaultRule {
  /** HTTP method; any when omitted. */
  method?: string
  /**
   * Decoded request path (`/repos/o/r/pulls`), OpenAPI template (`/repos/{owner}/{repo}/pulls`), a glob with `*`,
   * or a RegExp tested against the decoded path.
   */
  path: string | RegExp
  /** Only requests with this operation id, e.g. `graphql/createCommitOnBranch` or `pulls/get`. */
  operation?: string
  /** Only GraphQL documents whose operation has this name, e.g. `PlanPhaseDelivery`. */
  graphqlOperation?: string
  /** How many matching requests it affects (default 1; Infinity for all). */
  times?: number
  /** What to do; a number is shorthand for `{type: 'status', status}`. */
  respond: FaultResponse | number
}

export interface FaultRequest {
  method: string
  path: string
  template: string | undefined
  operationId: string | undefined
  body: unknown
}

export interface ActiveFault {
  rule: FaultRule
  response: FaultResponse
  remaining: number
  hits: number
}

export interface CannedResponse {
  status: number
  body: Record<string, unknown>
  headers: Record<string, string>
}

function globToRegExp(glob: string): RegExp {
  const escaped = glob.replace(/[.+?^${}()|[\]\\]/g, '\\$&').replace(/\*/g, '.*')
  return new RegExp(`^${escaped}$`)
}

function pathMatches(pattern: string | RegExp, request: FaultRequest): boolean {
  if (pattern instanceof RegExp) return pattern.test(request.path)
  if (pattern === request.path || pattern === request.template) return true
  return pattern.includes('*') && globToRegExp(pattern).test(request.path)
}

/** The name of a GraphQL request's operation (`query PlanPhaseDelivery(…)` → PlanPhaseDelivery). */
function operationName(body: unknown): string | undefined {
  const query = typeof body === 'object' && body !== null ? (body as { query?: unknown }).query : undefined
  return typeof query === 'string' ? /^\s*(?:query|mutation)\s+(\w+)/.exec(query)?.[1] : undefined
}

export class FaultInjector {
  readonly active: ActiveFault[] = []

  add(rule: FaultRule): ActiveFault {
    const response: FaultResponse =
      typeof rule.respond === 'number' ? { type: 'status', status: rule.respond } : rule.respond
    const fault: ActiveFault = { rule, response, remaining: rule.times ?? 1, hits: 0 }
    this.active.push(fault)
    return fault
  }

  /** The first rule matching the request with uses left; consumes one use. */
  take(request: FaultRequest): ActiveFault | undefined {
    const fault = this.active.find(
      candidate =>
        candidate.remaining > 0 &&
        (!candidate.rule.method || candidate.rule.method.toUpperCase() === request.method) &&
        (!candidate.rule.operation || candidate.rule.operation === request.operationId) &&
        (!candidate.rule.graphqlOperation ||
          candidate.rule.graphqlOperation === operationName(request.body)) &&
        pathMatches(candidate.rule.path, request)
    )
    if (!fault) return undefined
    fault.remaining -= 1
    fault.hits += 1
    return fault
  }

  /** Rules that still have uses left (a test may assert none remain). */
  unused(): ActiveFault[] {
    return this.active.filter(fault => fault.remaining > 0 && Number.isFinite(fault.remaining))
  }

  clear(): void {
    this.active.length = 0
  }
}

const DOCS = 'https://docs.github.com/rest'

/** The canned response for a fault, or undefined for `delay`, `before`, `lost-response`, `hang` (the server's). */
export function cannedResponse(
  response: FaultResponse,
  nowMs: number = Date.now()
): CannedResponse | undefined {
  switch (response.type) {
    case 'status':
      return {
        status: response.status,
        body: { message: response.message ?? defaultMessage(response.status), documentation_url: DOCS },
        headers: {}
      }
    case 'secondary-rate-limit':
      return {
        status: 403,
        body: {
          message:
            'You have exceeded a secondary rate limit. Please wait a few minutes before you try again. ' +
            'If you reach out to GitHub Support for help, please include the request ID.',
          documentation_url:
            'https://docs.github.com/rest/overview/rate-limits-for-the-rest-api#about-secondary-rate-limits'
        },
        headers: { 'retry-after': String(response.retryAfter ?? 1) }
      }
    case 'primary-rate-limit': {
      const reset = Math.floor(nowMs / 1000) + (response.resetAfter ?? 0)
      return {
        status: response.status ?? 403,
        body: {
          message: 'API rate limit exceeded for installation.',
          documentation_url: 'https://docs.github.com/rest/overview/rate-limits-for-the-rest-api'
        },
        headers: {
          'x-ratelimit-limit': '5000',
          'x-ratelimit-remaining': '0',
          'x-ratelimit-used': '5000',
          'x-ratelimit-reset': String(reset),
          'x-ratelimit-resource': 'core'
        }
      }
    }
    case 'validation':
      return {
        status: 422,
        body: {
          message: response.message,
          ...(response.errors ? { errors: response.errors } : {}),
          documentation_url: DOCS
        },
        headers: {}
      }
    case 'actions-cannot-create-pr':
      return {
        status: 403,
        body: {
          message: ACTIONS_MAY_NOT_CREATE_PRS,
          documentation_url: 'https://docs.github.com/rest/pulls/pulls#create-a-pull-request'
        },
        headers: {}
      }
    case 'graphql-error':
      return {
        status: 200,
        body: { data: null, errors: [{ type: response.errorType, message: response.message }] },
        headers: {}
      }
    case 'delay':
    case 'before':
    case 'lost-response':
    case 'hang':
      return undefined
  }
}

function defaultMessage(status: number): string {
  if (status === 500) return 'Server Error'
  if (status === 502) return 'Bad Gateway'
  if (status === 503) return 'Service Unavailable'
  if (status === 404) return 'Not Found'
  if (status === 401) return 'Bad credentials'
  if (status === 403) return 'Forbidden'
  return `Error ${status}`
}
