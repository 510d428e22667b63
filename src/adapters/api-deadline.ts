/**
 * Time limits for a run's GitHub API work. Node's fetch waits up to 300 s for an answer's headers and as
 * long again for its body, and Octokit retries a failed request twice: one connection that hangs would
 * hold the runner (and the job's `concurrency` lock) for a quarter of an hour per call. Here each attempt
 * has its own limit, and all API calls of a run share one budget that retries cannot stretch.
 * GitHub itself ends a request that takes more than 10 s to process, so the per-attempt limit only cuts
 * connections that have stopped answering.
 */
import { UserError } from '../errors.js'

export interface ApiLimits {
  /** One attempt, from sending the request to the last byte of the answer. */
  readonly requestMs: number
  /** The run's API calls together: the time at least one of them waits, retries and their pauses included. */
  readonly totalMs: number
}

const DEFAULT_API_LIMITS: ApiLimits = { requestMs: 30_000, totalMs: 180_000 }

/** Environment variables (seconds) that change the limits, e.g. for a slow GitHub Enterprise Server. */
const API_LIMIT_VARIABLES = {
  requestMs: 'PLAN_PHASE_API_TIMEOUT_SECONDS',
  totalMs: 'PLAN_PHASE_API_DEADLINE_SECONDS'
} as const

/** Statuses whose answer has no body: a Response built with one would throw. */
const NULL_BODY_STATUSES = new Set([101, 103, 204, 205, 304])

export function apiLimitsFrom(env: NodeJS.ProcessEnv): ApiLimits {
  const read = (key: keyof ApiLimits): number => {
    const name = API_LIMIT_VARIABLES[key]
    const raw = env[name]?.trim()
    if (raw === undefined || raw === '') return DEFAULT_API_LIMITS[key]
    const seconds = Number(raw)
    if (!Number.isFinite(seconds) || seconds <= 0 || seconds > 86_400) {
      throw new UserError(
        `The environment variable ${name} must be a number of seconds between 0 and 86400, got ${JSON.stringify(raw)}.`
      )
    }
    return Math.round(seconds * 1000)
  }
  return { requestMs: read('requestMs'), totalMs: read('totalMs') }
}

/** GitHub did not answer within a limit; the message names the limit and how to change it. */
class ApiDeadlineError extends Error {
  constructor(message: string, options?: { cause?: unknown }) {
    super(message, options)
    this.name = 'ApiDeadlineError'
  }
}

type Fetch = (input: string | URL | Request, init?: RequestInit) => Promise<Response>

function seconds(ms: number): string {
  return `${Math.round(ms / 100) / 10} s`
}

export class ApiClock {
  private usedMs = 0
  private busySince = 0
  private cutoff = Number.POSITIVE_INFINITY
  private cutReason = ''
  /** The calls waiting on GitHub now, by what they ask for. */
  private readonly inFlight = new Map<AbortController, string>()

  constructor(
    readonly limits: ApiLimits,
    private readonly now: () => number = Date.now
  ) {}

  /** Time left for API calls: the run's budget, or less once `cutTo` has set an end. */
  remainingMs(): number {
    const used = this.usedMs + (this.inFlight.size > 0 ? this.now() - this.busySince : 0)
    return Math.min(this.limits.totalMs - used, this.cutoff - this.now())
  }

  /**
   * From now on the calls together get `ms` more, however much or little was left: the run's report
   * (reactions, the reply) gets time of its own even after its work spent the budget.
   */
  startOver(ms: number): void {
    const busy = this.inFlight.size > 0 ? this.now() - this.busySince : 0
    this.usedMs = this.limits.totalMs - ms - busy
  }

  /**
   * From now on at most `ms` more for every call together, and the calls waiting now are abandoned
   * (the job was cancelled: what is left of its time goes to telling the user).
   */
  cutTo(ms: number, reason: string): void {
    this.cutoff = Math.min(this.cutoff, this.now() + ms)
    this.cutReason = reason
    for (const [controller, what] of this.inFlight) {
      controller.abort(new ApiDeadlineError(`GitHub's API call ${what} was abandoned: ${reason}.`))
    }
  }

  /**
   * Runs one API call, every attempt included, within what is left of the budget. A call that would
   * start with nothing left fails at once; one that runs out is aborted, even in a pause between retries.
   */
  async call<T>(what: string, run: (signal: AbortSignal) => Promise<T>): Promise<T> {
    const available = this.remainingMs()
    if (available <= 0) throw new ApiDeadlineError(this.spentMessage(what))
    const controller = new AbortController()
    if (this.inFlight.size === 0) this.busySince = this.now()
    this.inFlight.set(controller, what)
    const timer = setTimeout(() => controller.abort(new ApiDeadlineError(this.spentMessage(what))), available)
    const aborted = new Promise<never>((_resolve, reject) => {
      controller.signal.addEventListener('abort', () => reject(controller.signal.reason), { once: true })
    })
    const attempt = run(controller.signal)
    // The loser of the race below must not surface as an unhandled rejection.
    attempt.catch(() => undefined)
    aborted.catch(() => undefined)
    try {
      return await Promise.race([attempt, aborted])
    } finally {
      clearTimeout(timer)
      this.inFlight.delete(controller)
      if (this.inFlight.size === 0) this.usedMs += this.now() - this.busySince
    }
  }

  /**
   * `base` with the per-attempt limit over the whole exchange: the answer's body is read inside it, so a
   * stream that stalls halfway is cut too (Octokit would otherwise take an unreadable body for an empty one).
   */
  limitFetch(base: Fetch): Fetch {
    const limit = this.limits.requestMs
    return async (input, init) => {
      const outer = init?.signal ?? undefined
      // Named AbortError, Octokit passes it on without retrying: the call it belongs to is over.
      if (outer?.aborted) throw new DOMException(errorText(outer.reason), 'AbortError')
      const timeout = AbortSignal.timeout(limit)
      const signal = outer ? AbortSignal.any([outer, timeout]) : timeout
      try {
        const response = await base(input, { ...init, signal })
        const body = NULL_BODY_STATUSES.has(response.status) ? null : await response.arrayBuffer()
        // Of the class the answer came in (the bundled undici's, under @actions/github): Node's global
        // Response is its own copy of undici, compiled on first use, ~25 ms of every run's start-up.
        const Answer = response.constructor as typeof Response
        const read = new Answer(body, {
          status: response.status,
          statusText: response.statusText,
          headers: response.headers
        })
        Object.defineProperty(read, 'url', { value: response.url })
        return read
      } catch (error: unknown) {
        if (outer?.aborted) throw new DOMException(errorText(outer.reason), 'AbortError')
        if (!timeout.aborted) throw error
        const method = init?.method ?? 'GET'
        const path = new URL(input instanceof Request ? input.url : String(input)).pathname
        // Octokit turns this into a 500 and retries it, within the run's budget.
        throw new ApiDeadlineError(
          `GitHub's API did not answer in time: no answer to ${method} ${path} within ${seconds(limit)}, ` +
            `the limit for one request (environment variable ${API_LIMIT_VARIABLES.requestMs}).`,
          { cause: error }
        )
      }
    }
  }

  private spentMessage(what: string): string {
    if (this.now() >= this.cutoff) {
      return `GitHub's API did not answer in time: ${what} was abandoned because ${this.cutReason}.`
    }
    return (
      `GitHub's API did not answer in time: ${what} ran past the ${seconds(this.limits.totalMs)} that all API ` +
      `calls of a run may take together (environment variable ${API_LIMIT_VARIABLES.totalMs}).`
    )
  }
}

function errorText(reason: unknown): string {
  return reason instanceof Error ? reason.message : 'the request was aborted'
}
