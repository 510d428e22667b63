/**
 * How a run ends, and what it has learnt on the way: each stage either hands its result to the next
 * (`next`) or ends the run with an outcome (`end`), and the ending carries everything the notifier
 * needs — whom to answer, with which clients, and the facts gathered so far.
 */
import type { GitHubClients } from '../adapters/github.js'
import { inRepository } from '../destinations/document-paths.js'
import { webUrl } from '../deliver/pull-request-text.js'
import { errorMessage, UserError } from '../errors.js'
import type { GateResult } from '../gate/result.js'
import { UnknownPhaseError } from '../master-plan/lookup.js'
import type { ReplyInput } from '../notify/reply.js'
import type { OutcomeCode } from '../outcome.js'
import type { ActionSettings } from '../settings/settings.js'

/** Where the run ended and everything the notifier needs to say so. */
export interface RunReport {
  readonly reply: ReplyInput
  /** Who to answer and react to; absent when nobody should be (bots, unrelated events, dispatch). */
  readonly target?: { readonly issueNumber?: number; readonly commentId?: number; readonly label?: string }
  readonly phase?: string
  readonly settings?: ActionSettings
  readonly clients?: GitHubClients
  /** Whether to post replies and reactions from this job (staged plan jobs only with notify-from-plan). */
  readonly notify: boolean
}

/** A stage's result: the value the next stage needs, or the end of the run. */
export type Step<T> =
  { readonly kind: 'next'; readonly value: T } | { readonly kind: 'end'; readonly report: RunReport }

export function next<T>(value: T): Step<T> {
  return { kind: 'next', value }
}

type Context = Omit<RunReport, 'reply'>

/** What the run knows so far; any stage may end it with that. */
export class RunState {
  readonly owner: string
  readonly repo: string
  readonly web: string
  private context: Context = { notify: false }
  private facts: ReplyInput

  constructor(env: NodeJS.ProcessEnv) {
    const [owner = '', repo = ''] = (env.GITHUB_REPOSITORY ?? '').split('/')
    this.owner = owner
    this.repo = repo
    this.web = webUrl(env)
    const run =
      env.GITHUB_REPOSITORY && env.GITHUB_RUN_ID
        ? { runUrl: `${this.web}/${env.GITHUB_REPOSITORY}/actions/runs/${env.GITHUB_RUN_ID}` }
        : {}
    // Not allowed until the authorise stage says so.
    this.facts = { outcome: 'failed', message: '', owner, repo, web: this.web, allowed: false, ...run }
  }

  /** The link to this workflow run, when the environment names one. */
  get runUrl(): string | undefined {
    return this.facts.runUrl
  }

  get settings(): ActionSettings | undefined {
    return this.context.settings
  }

  learn(context: Partial<Context>, facts: Partial<ReplyInput> = {}): void {
    this.context = { ...this.context, ...context }
    this.facts = { ...this.facts, ...facts }
  }

  end(outcome: OutcomeCode, message: string, facts: Partial<ReplyInput> = {}): RunReport {
    return { ...this.context, reply: { ...this.facts, ...facts, outcome, message } }
  }

  /** A stage's ending as a Step. */
  stop<T>(outcome: OutcomeCode, message: string, facts: Partial<ReplyInput> = {}): Step<T> {
    return { kind: 'end', report: this.end(outcome, message, facts) }
  }

  /** The end of a run that threw: a phase missing from the master plan, a user's mistake, or a bug. */
  failed(error: unknown): RunReport {
    if (error instanceof UnknownPhaseError)
      return this.end('unknown-phase', error.message, { phases: error.phases })
    const message = error instanceof UserError ? error.message : `plan-phase failed: ${errorMessage(error)}`
    return this.end('failed', message)
  }
}

/** What the reply says about the documents: paths in the repository, gate, coverage, next phase. */
export function documentFacts(
  documents: {
    readonly title?: string
    readonly gate?: GateResult
    readonly planPath: string
    readonly statusPath: string
    readonly coverage?: { readonly percent: number; readonly found: number; readonly total: number }
    readonly nextPhase?: string
  },
  workingDirectory: string
): Partial<ReplyInput> {
  const { coverage } = documents
  return {
    ...(documents.title ? { title: documents.title } : {}),
    ...(documents.gate ? { gate: documents.gate } : {}),
    planPath: inRepository(workingDirectory, documents.planPath),
    statusPath: inRepository(workingDirectory, documents.statusPath),
    ...(coverage
      ? { coverage: { percent: coverage.percent, found: coverage.found, total: coverage.total } }
      : {}),
    ...(documents.nextPhase ? { nextPhase: documents.nextPhase } : {})
  }
}
