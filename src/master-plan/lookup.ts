/** Finds the sections of one phase: exact id first, then the lettered or dotted family (`2` → `2A`…`2D`). Pure. */
import { UserError } from '../errors.js'
import type { MasterPlanModel, PhaseSection } from './model.js'
import { comparePhaseIds, phaseKey } from './phase-id.js'
import { normaliseText } from './text.js'

export interface PhaseSelection {
  /** The id the user asked for. */
  readonly requested: string
  /** The ids whose sections were taken (one for an exact match, several for a family). */
  readonly ids: readonly string[]
  readonly match: 'exact' | 'family'
  /** Sections in document order, exact duplicates removed. */
  readonly sections: readonly PhaseSection[]
  /** Sections dropped because their body repeats an earlier one word for word. */
  readonly duplicatesDropped: number
  /** Title taken from the first section that has one. */
  readonly title: string
}

export class UnknownPhaseError extends UserError {
  constructor(
    readonly requested: string,
    readonly found: readonly string[],
    masterPlanPath: string,
    /** Where the plan seems to list its phases in a form plan-phase does not read as phases. */
    listedAt?: PhaseListing
  ) {
    super(
      found.length === 0
        ? `The master plan ${masterPlanPath} has no phases: no heading names one (e.g. "## Phase 1: …"). ` +
            (listedAt
              ? `Its section "${listedAt.title}" (line ${listedAt.line}) lists them as a ${listedAt.form}; ` +
                'plan-phase reads a phase from a heading or a bold label with its details below it, so write ' +
                'each one as "## Phase 1: …".'
              : 'Check the input master-plan, or add phase headings to the plan.')
        : `Phase "${requested}" is not in the master plan ${masterPlanPath}. Phases found: ${found.join(', ')}.`
    )
    this.name = 'UnknownPhaseError'
  }
}

export interface PhaseListing {
  readonly title: string
  readonly line: number
  readonly form: 'numbered list' | 'list' | 'table'
}

/**
 * The first section titled like a list of phases whose own text (up to its first sub-heading) holds a
 * list or a table.
 */
export function phaseListing(model: MasterPlanModel): PhaseListing | undefined {
  for (const section of model.sections) {
    if (section.kind !== 'heading' || !/\bphases?\b/i.test(section.title)) continue
    const line = model.blocks[section.headingIndex]?.line ?? 0
    for (let index = section.bodyStart; index < section.bodyEnd; index++) {
      const block = model.blocks[index]
      if (!block || block.type === 'heading') break
      if (block.list && block.list.items >= 2)
        return { title: section.title, line, form: block.list.ordered ? 'numbered list' : 'list' }
      if (block.type === 'table') return { title: section.title, line, form: 'table' }
    }
  }
  return undefined
}

/** Distinct phase ids in natural order. */
export function phaseIds(model: MasterPlanModel): string[] {
  const byKey = new Map<string, string>()
  for (const section of model.phaseSections) {
    const key = phaseKey(section.id)
    if (!byKey.has(key)) byKey.set(key, section.id)
  }
  return [...byKey.values()].sort(comparePhaseIds)
}

export function selectPhase(
  model: MasterPlanModel,
  requested: string,
  masterPlanPath: string
): PhaseSelection {
  const key = phaseKey(requested)
  let match: PhaseSelection['match'] = 'exact'
  let chosen = model.phaseSections.filter(section => phaseKey(section.id) === key)
  if (chosen.length === 0) {
    match = 'family'
    chosen = model.phaseSections.filter(section => isFamilyMember(phaseKey(section.id), key))
  }
  if (chosen.length === 0) {
    const found = phaseIds(model)
    const listedAt = found.length === 0 ? phaseListing(model) : undefined
    throw new UnknownPhaseError(requested, found, masterPlanPath, listedAt)
  }
  const sections: PhaseSection[] = []
  const seenBodies = new Set<string>()
  let duplicatesDropped = 0
  for (const section of chosen) {
    const body = sectionBody(model, section)
    if (body !== '' && seenBodies.has(body)) {
      duplicatesDropped++
      continue
    }
    seenBodies.add(body)
    sections.push(section)
  }
  const ids = [...new Set(sections.map(section => section.id))].sort(comparePhaseIds)
  const title = sections.find(section => section.phaseTitle !== '')?.phaseTitle ?? ''
  return { requested, ids, match, sections, duplicatesDropped, title }
}

/** `2a` and `2.1` belong to `2`; `20` does not. */
function isFamilyMember(candidate: string, key: string): boolean {
  if (!candidate.startsWith(key) || candidate === key) return false
  const next = candidate.charAt(key.length)
  return next === '.' || (/[a-z]/.test(next) && !/[a-z]$/.test(key))
}

function sectionBody(model: MasterPlanModel, section: PhaseSection): string {
  const first = model.blocks[section.kind === 'bold' ? section.bodyStart + 1 : section.bodyStart]
  const last = model.blocks[section.bodyEnd - 1]
  if (!first || !last || section.bodyEnd <= section.bodyStart) return ''
  return normaliseText(model.source.slice(first.start, last.end))
}
