/**
 * Open items the master plan flags outside the phase (a TODO, "clarify", an unanswered entry of an "Open
 * questions" section) that touch the phase: they mention it or name what it acts on. Pure.
 */
import type { MasterPlanModel } from '../master-plan/model.js'
import { MARKERS, type PhaseContent } from '../master-plan/phase-content.js'
import { unitsInSpans } from '../master-plan/units.js'
import { keyMatcher } from './focus.js'

/** Sections that collect open points ("Open questions", "Inconsistencies found"). */
const OPEN_TITLE =
  /\b(open questions?|unresolved|inconsisten\w*|to clarify|clarifications?|questions|to be addressed|tba)\b/i

/** An item of such a section that asks or reports something open, rather than answering it. */
const OPEN_ITEM = /\?|\b(questions?|decision needed|undecided|unclear|problem|issue|conflict|tbd|todo)\b/i

/** An answer: what it answers is settled. */
const SETTLED = /\b(answered|resolved|resolution|decided|decision made|done)\b/i

/**
 * Items outside the phase that are flagged open (a marker, or an open item of an "Open questions"
 * section not answered by the item after it) and touch this phase: they mention it, or name what it
 * acts on.
 */
export function flaggedElsewhere(
  model: MasterPlanModel,
  content: PhaseContent,
  keys: readonly string[]
): { text: string; path: readonly string[] }[] {
  const matches = keyMatcher(keys)
  const mentions = new Set(content.crossReferences.map(mention => mention.unit))
  const out: { text: string; path: readonly string[] }[] = []
  for (const section of [...content.guidelines, ...content.keyed]) {
    const openSection = OPEN_TITLE.test(section.title) || section.path.some(title => OPEN_TITLE.test(title))
    // Open items wait for an answer: the next answer in the section settles every item since the last one.
    let pending: { text: string; path: readonly string[] }[] = []
    for (const unit of unitsInSpans(model, section.spans)) {
      if (unit.kind === 'code' || unit.kind === 'heading') continue
      if (SETTLED.test(unit.text)) {
        pending = []
        continue
      }
      const open = MARKERS.test(unit.text) || (openSection && OPEN_ITEM.test(unit.text))
      if (!open) continue
      const touches = section.keyedTo.length > 0 || mentions.has(unit) || (matches?.count(unit.text) ?? 0) > 0
      if (touches) pending.push({ text: unit.text, path: section.path })
      // A bold label opening a new entry ("**TBA-006: …**") closes the entry before it.
      if (/^\*\*[^*]+\*\*\s*$/.test(unit.text.trim())) {
        out.push(...pending.slice(0, -1))
        pending = pending.slice(-1)
      }
    }
    out.push(...pending)
  }
  return out
}
