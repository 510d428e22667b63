/** What a trigger asks for, whatever the event: the single input to authorisation and planning. */

export interface CommandFlags {
  /** `--force`: override a red gate (recorded in plan and status). */
  readonly force: boolean
  /** `--status`: rewrite only the status file from evidence. */
  readonly status: boolean
}

export interface PullRequestRef {
  readonly number: number
  /** Head SHA read at the start; the gate tests it and delivery commits only on top of it. */
  readonly headSha: string
  readonly headRef: string
  /** `owner/repo` of the head; differs from the base repository for forks. */
  readonly headRepo: string
  readonly baseRef: string
  readonly fromFork: boolean
  readonly state: 'open' | 'closed'
}

export type TriggerKind = 'comment' | 'label' | 'dispatch'

/** Who triggered the run, as the event names them. */
export interface Actor {
  readonly login: string
  readonly isBot: boolean
}

/**
 * `Phase` is the id as asked (a validated string) until the master plan names it; from then on (delivery,
 * the reply) it is the canonical `PhaseId` (master-plan/phase-id.ts), and the type says so.
 */
export interface PlanRequest<Phase extends string = string> {
  readonly kind: TriggerKind
  readonly phase: Phase
  readonly flags: CommandFlags
  /** Login of whoever commented, labelled or dispatched. */
  readonly actor: string
  readonly actorIsBot: boolean
  readonly owner: string
  readonly repo: string
  /** Issue or PR number the trigger came from (absent for dispatch). */
  readonly issueNumber?: number
  /** The comment was on a pull request; the event carries no PR details, so the caller reads the PR. */
  readonly isPullRequest: boolean
  /** Set when the comment was on a pull request (filled in by reading the PR). */
  readonly pullRequest?: PullRequestRef
  /** The triggering comment, for reactions. */
  readonly commentId?: number
  /** The label to remove when the run ends. */
  readonly label?: string
  /** The ref the workflow runs on (dispatch), e.g. `refs/heads/main`. */
  readonly ref?: string
}
