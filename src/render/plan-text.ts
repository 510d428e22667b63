/** How master-plan text is carried into the plan: prose re-grounded, headings under the plan's own. Pure. */
import { reground } from '../analysis/line-references.js'
import type { PlanInput } from './plan-document.js'
import type { ProseRewrite } from './verbatim.js'

/** Headings copied from the master plan sit at this depth or deeper. */
export const INNER_HEADING_DEPTH = 5

/** Master-plan prose as the plan shows it: stale line references re-grounded. */
export function prose(input: PlanInput): ProseRewrite {
  return (text, offset) => reground(text, offset, input.analysis.lineReferences)
}

/** One line of quoted master-plan text. */
export function flat(text: string): string {
  return text.replace(/\n\s*/g, ' ')
}
