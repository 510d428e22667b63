/** Failing tests as error annotations on their files, so they show in the PR's diff and the run page. */
import type { GateResult } from '../gate/result.js'
import type { Reporter } from '../reporter.js'

/** GitHub keeps at most 50 annotations per job (and shows 10 errors per step); more is noise. */
export const MAX_ANNOTATIONS = 50
const MAX_MESSAGE_CHARS = 1_000

/** Annotates failing tests that name a file; returns how many were written. */
export function annotateFailures(
  reporter: Reporter,
  gate: GateResult,
  max: number = MAX_ANNOTATIONS
): number {
  let written = 0
  for (const failure of gate.failures) {
    if (written >= max) break
    if (failure.file === undefined || failure.file === '') continue
    const message = failure.message.trim() || (failure.kind === 'error' ? 'error' : 'failed')
    reporter.error(Array.from(message).slice(0, MAX_MESSAGE_CHARS).join(''), {
      file: failure.file,
      ...(failure.line !== undefined ? { line: failure.line } : {}),
      title: `${failure.kind === 'error' ? 'Error in' : 'Failed'}: ${failure.id}`
    })
    written += 1
  }
  return written
}
