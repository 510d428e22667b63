/** The CLI's exit codes, as the README and `--help` document them. */
export const EXIT = {
  /** The plan and status were written (or printed), or the status refreshed. */
  ok: 0,
  /** The run stopped: a red gate, an unknown phase, a file that is missing or in the way, a bad setting. */
  stopped: 1,
  /** The command line is wrong: an unknown option, a missing or malformed phase id, a bad value. */
  usage: 2,
  /** Something unexpected went wrong inside plan-phase: a bug, or a system failure it does not know. */
  internal: 3
} as const

export type ExitCode = (typeof EXIT)[keyof typeof EXIT]
