/**
 * Bold labels that stand for sub-headings inside a phase (`**Tasks**`, `**Acceptance criteria:**` on a
 * line of their own), and what their titles say a part of a phase is: its purpose, its work, its checks.
 * Pure.
 */
import type { MasterPlanModel } from './model.js'
import { readPhaseLabel } from './labels.js'

/** At most this many words: a longer bold line is a sentence set in bold, not a label. */
const MAX_LABEL_WORDS = 8

/**
 * The title of a paragraph that is nothing but bold text, the way plans written without sub-headings
 * name their parts; undefined for any other block, a bold sentence ("**Commit after each step.**") and
 * a phase's own label.
 */
export function labelTitle(model: MasterPlanModel, index: number): string | undefined {
  const block = model.blocks[index]
  if (!block?.boldLabel || block.units.length !== 1 || block.units[0]?.kind !== 'paragraph') return undefined
  const title = boldOnly(model.source.slice(block.start, block.end))
  if (!title || /[.!?;,]$/.test(title) || title.split(/\s+/).length > MAX_LABEL_WORDS) return undefined
  return readPhaseLabel(title)?.kind === 'phase' ? undefined : title
}

/** The text inside a line that is nothing but bold text (`**Tasks:**`), without its colon. */
export function boldOnly(text: string): string | undefined {
  const match = /^(\*\*|__)([^*_\n]+?)\1\s*:?$/.exec(text.trim())
  return match?.[2]?.trim().replace(/\s*:$/, '')
}

/** A part that says what the phase is for: it opens the phase's purpose, it is no step. */
export const PURPOSE_TITLE =
  /^(?:goals?|objectives?|purpose|aim|overview|summary|context|background|motivation|description|why|rationale|problem)$/i

/** A part that lists the work: each of its items is a step of its own. */
export const WORK_TITLE =
  /^(?:(?:implementation\s+)?(?:tasks?|steps?|work(?:\s+items)?|changes|actions?|to-?dos?)|implementation|what to do|deliverables)$/i
