/**
 * How a run ends: one reason code per way, written to the `outcome` output, the summary and the reply.
 * Expected stops are values, not exceptions.
 */
export const OUTCOMES = [
  'planned', // plan and status delivered
  'unchanged', // rendered documents equal what the target already has: nothing committed
  'status-refreshed', // --status: only the status file was rewritten
  'red-gate', // suite not green: nothing written
  'not-triggered', // event or comment is not a command for this action (e.g. other comment, edited comment)
  'ignored-bot', // a bot (the action itself included) wrote the command
  'unauthorised', // actor lacks the required permission
  'fork-refused', // PR head is a fork and allow-forks is false
  'invalid-command', // malformed command, bad phase id or unknown flag
  'unknown-phase', // the phase is not in the master plan
  'incomplete-plan', // coverage below 100% or leakage: a bug, nothing shipped
  'pull-request-closed', // the PR was closed, merged or its branch deleted before delivery
  'head-moved', // the branch moved after the gate tested it: nothing pushed
  'pull-request-refused', // GitHub refused to create the PR; branch pushed, compare link given
  'planned-artifacts', // stage plan: documents written to output-dir for the publish job
  'authorised', // stage authorise: the request may run; the next step checks out `head-sha`
  'cancelled', // the job was cancelled (SIGINT/SIGTERM): the gate and what it started were stopped
  'failed' // misconfiguration or an error: see the message
] as const

export type OutcomeCode = (typeof OUTCOMES)[number]

/** Outcomes after which the job step fails (core.setFailed). */
export const FAILING_OUTCOMES: ReadonlySet<OutcomeCode> = new Set<OutcomeCode>([
  'red-gate',
  'unauthorised',
  'fork-refused',
  'invalid-command',
  'unknown-phase',
  'incomplete-plan',
  'pull-request-closed',
  'head-moved',
  'pull-request-refused',
  'cancelled',
  'failed'
])
