/** What the test gate measured; everything downstream (plan Step 2, status, reply, summary) reads this. */

export type GateStatus =
  | 'passed' // suite ran and is green
  | 'failed' // suite ran, at least one failure or error
  | 'no-tests' // the runner collected nothing (pytest exit code 5)
  | 'timed-out' // killed after test-timeout-minutes
  | 'not-found' // the command could not be started
  | 'killed' // ended by a signal
  | 'skipped' // gate disabled (--no-gate)

export interface FailedTest {
  /** Test id as the report names it, e.g. `tests/test_x.py::TestA::test_b`. */
  readonly id: string
  /** First line(s) of the failure message, bounded. */
  readonly message: string
  /** Repository-relative file, when the report names one. */
  readonly file?: string
  readonly line?: number
  readonly kind: 'failure' | 'error'
}

export interface GateResult {
  readonly status: GateStatus
  /** True only for `passed`. */
  readonly green: boolean
  /** The argv that ran (after report flags were added). */
  readonly argv: readonly string[]
  /** The command as the user wrote it. */
  readonly command: string
  readonly exitCode: number | null
  readonly passed: number
  readonly failed: number
  readonly errors: number
  readonly skipped: number
  readonly total: number
  readonly durationSeconds: number
  /** Failing tests, bounded in number. */
  readonly failures: readonly FailedTest[]
  /** Where the counts came from. */
  readonly source: 'junit' | 'exit-code' | 'none'
  /** Last bytes of combined output, bounded. */
  readonly outputTail: string
  /** One-line human explanation of the result, naming settings as the run's user wrote them. */
  readonly summary: string
  /** The same explanation as the documents give it: settings by their own names, whichever front end ran. */
  readonly documentSummary?: string
}

export function skippedGate(command: string): GateResult {
  return {
    status: 'skipped',
    green: true,
    argv: [],
    command,
    exitCode: null,
    passed: 0,
    failed: 0,
    errors: 0,
    skipped: 0,
    total: 0,
    durationSeconds: 0,
    failures: [],
    source: 'none',
    outputTail: '',
    summary: 'The test gate was not run (--no-gate).'
  }
}
