/** Failing tests as error annotations on their files, so they show in the PR's diff and the run page. */
import type { GateResult } from '../gate/result.js'
import type { Reporter } from '../reporter.js'
import { showInvisible } from '../text/characters.js'

/** GitHub keeps at most 50 annotations per job (and shows 10 errors per step); more is noise. */
export const MAX_ANNOTATIONS = 50
const MAX_MESSAGE_CHARS = 1_000
const MAX_TITLE_CHARS = 255

/**
 * Annotation text is plain (no Markdown), but still shown to reviewers: a right-to-left override or a
 * zero-width character in a test's id or message is shown as `\u{…}`, and the text is bounded on a
 * code-point boundary.
 */
function plain(text: string, max: number): string {
  return showInvisible(Array.from(text).slice(0, max).join(''))
}

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
    reporter.error(plain(message, MAX_MESSAGE_CHARS), {
      file: failure.file,
      ...(failure.line !== undefined ? { line: failure.line } : {}),
      title: plain(`${failure.kind === 'error' ? 'Error in' : 'Failed'}: ${failure.id}`, MAX_TITLE_CHARS)
    })
    written += 1
  }
  return written
}
