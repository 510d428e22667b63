/**
 * The phases a master plan defines, one summary each: canonical id, title, status marks, and every place
 * and rule that found it. `plan-phase --list`, the unknown-phase error and the reply all show this. Pure.
 */
import type { MasterPlanModel, PhaseRule } from './model.js'
import { comparePhaseIds, phaseKey } from './phase-id.js'

export interface PhaseOccurrence {
  readonly rule: PhaseRule
  /** Line of the label or entry in its file. */
  readonly line: number
  /** Linked content: the file (and `#anchor`) it was read from. */
  readonly file?: string
  /** `summary`: an entry or label whose phase has its details elsewhere. */
  readonly role: 'content' | 'summary'
}

export interface PhaseSummary {
  readonly id: string
  readonly title: string
  readonly status: readonly string[]
  readonly found: readonly PhaseOccurrence[]
  /** Links on its labels or entries that were not followed, and why. */
  readonly notFollowed: readonly string[]
}

/** Every phase in natural id order (1 < 1A < 1.1 < 2 < 10 < A). */
export function listPhases(model: MasterPlanModel): PhaseSummary[] {
  const byKey = new Map<string, { id: string; title: string; status: string[]; found: PhaseOccurrence[] }>()
  for (const section of model.phaseSections) {
    const key = phaseKey(section.id)
    const phase = byKey.get(key) ?? { id: section.id, title: '', status: [], found: [] }
    if (phase.title === '' && section.phaseTitle !== '') phase.title = section.phaseTitle
    for (const mark of section.status) if (!phase.status.includes(mark)) phase.status.push(mark)
    phase.found.push({
      rule: section.rule,
      line: section.line,
      ...(section.file ? { file: section.file } : {}),
      role: section.role
    })
    byKey.set(key, phase)
  }
  return [...byKey.entries()]
    .map(([key, phase]) => ({
      ...phase,
      notFollowed: model.phaseLinks
        .filter(link => link.outcome !== 'followed' && link.ids.some(id => phaseKey(id) === key))
        .map(
          link =>
            `${link.path ?? `#${link.anchor ?? ''}`}${link.path && link.anchor ? `#${link.anchor}` : ''}: ${link.reason ?? link.outcome}`
        )
    }))
    .sort((a, b) => comparePhaseIds(a.id, b.id))
}

export interface ListStyle {
  /** How an id is written (a code span in Markdown). */
  readonly id: (id: string) => string
  /** How master-plan text is written (made inert in Markdown). */
  readonly text: (text: string) => string
}

const PLAIN: ListStyle = { id: id => id, text: text => text }

/** One line per phase: `3 — Core Infrastructure [🔄 In progress] — heading (line 52); table row (line 45, summary)`. */
export function phaseListLines(phases: readonly PhaseSummary[], style: ListStyle = PLAIN): string[] {
  return phases.map(phase => {
    const title = phase.title ? ` — ${style.text(phase.title)}` : ''
    const status = phase.status.length > 0 ? ` [${style.text(phase.status.join(', '))}]` : ''
    const found = phase.found.map(place).join('; ')
    const skipped = phase.notFollowed.map(note => `; link ${style.text(note)}`).join('')
    // A list handed over between jobs carries ids only: no `— where` part then.
    return `${style.id(phase.id)}${title}${status}${found ? ` — ${found}` : ''}${skipped}`
  })
}

const RULE_NAMES: Record<PhaseRule, string> = {
  heading: 'heading',
  'bold-label': 'bold label',
  document: 'the whole document',
  'table-row': 'table row',
  'list-item': 'list item',
  anchor: 'linked section',
  'linked-file': 'linked file'
}

function place(occurrence: PhaseOccurrence): string {
  const where = occurrence.file ? `${occurrence.file}, line ${occurrence.line}` : `line ${occurrence.line}`
  return `${RULE_NAMES[occurrence.rule]} (${where}${occurrence.role === 'summary' ? ', summary' : ''})`
}
