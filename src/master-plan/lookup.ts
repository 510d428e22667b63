/**
 * Finds the sections of one phase: any spelling of its id (`03` → `3`, `2a` → `2A`) first, then the
 * lettered or dotted family (`2` → `2A`…`2D`), planned together and said so in the title. Pure.
 */
import { UserError } from '../errors.js'
import type { MasterPlanModel, PhaseSection } from './model.js'
import {
  comparePhaseIds,
  confirmPhaseId,
  isValidPhaseId,
  PHASE_ID_FORM,
  phaseKey,
  plainSpelling,
  type PhaseId
} from './phase-id.js'
import { listPhases, type PhaseSummary } from './phase-list.js'
import { normaliseText } from './text.js'

export interface PhaseSelection {
  /** The phase's canonical id (the master plan's spelling; for a family, the asked id without leading zeros). */
  readonly requested: PhaseId
  /** The id as the user spelled it. */
  readonly asked: string
  /** The ids whose sections were taken (one for an exact match, several for a family). */
  readonly ids: readonly string[]
  readonly match: 'exact' | 'family'
  /** Sections in document order, exact duplicates removed; `summary` ones are the phase's index entries. */
  readonly sections: readonly PhaseSection[]
  /** Sections dropped because their body repeats an earlier one word for word. */
  readonly duplicatesDropped: number
  /** The phase's title (a family's says plainly that it is several phases planned together). */
  readonly title: string
  /** Status marks the master plan gives the phase (kept out of the title). */
  readonly status: readonly string[]
  /** Repository files (with `#anchor`) the phase's content was read from, besides the master plan. */
  readonly files: readonly string[]
}

export class UnknownPhaseError extends UserError {
  /** The phases the master plan has, by id. */
  readonly found: readonly string[]
  constructor(
    readonly requested: string,
    /** Every phase the master plan has, with where and how it was found. */
    readonly phases: readonly PhaseSummary[],
    private readonly masterPlanPath: string,
    /** Where the plan seems to list its phases in a form plan-phase does not read as phases. */
    readonly listedAt?: PhaseListing,
    /** The master plan's setting as its user wrote it (setting-names.ts), e.g. `--master-plan`. */
    masterPlanSetting = 'the master-plan setting'
  ) {
    const found = phases.map(phase => phase.id)
    super(
      found.length === 0
        ? `The master plan ${masterPlanPath} has no phases: no heading, bold label or index entry names one ` +
            '(e.g. "## Phase 1: …"; docs/phases.md lists the forms plan-phase reads). ' +
            (listedAt
              ? `Its section "${listedAt.title}" (line ${listedAt.line}) holds a ${listedAt.form}, but none of ` +
                'its entries names a phase id; write each one as "## Phase 1: …" or "| 1 | Title |".'
              : `Check ${masterPlanSetting}, or add phase headings to the plan.`)
        : `Phase "${requested}" is not in the master plan ${masterPlanPath}. Phases found: ${found.join(', ')}.`
    )
    this.found = found
    this.name = 'UnknownPhaseError'
  }

  /** The same error, naming the master plan's setting the way the run's user wrote it. */
  naming(masterPlanSetting: string): UnknownPhaseError {
    return new UnknownPhaseError(
      this.requested,
      this.phases,
      this.masterPlanPath,
      this.listedAt,
      masterPlanSetting
    )
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

/** Distinct phase ids (canonical) in natural order. */
export function phaseIds(model: MasterPlanModel): string[] {
  const byKey = new Map<string, string>()
  for (const section of model.phaseSections) {
    const key = phaseKey(section.id)
    if (!byKey.has(key)) byKey.set(key, section.id)
  }
  return [...byKey.values()].sort(comparePhaseIds)
}

export function selectPhase(model: MasterPlanModel, asked: string, masterPlanPath: string): PhaseSelection {
  const key = phaseKey(asked)
  let match: PhaseSelection['match'] = 'exact'
  let chosen = model.phaseSections.filter(section => phaseKey(section.id) === key)
  if (chosen.length === 0) {
    match = 'family'
    chosen = model.phaseSections.filter(section => isFamilyMember(phaseKey(section.id), key))
  }
  if (chosen.length === 0) {
    const phases = listPhases(model)
    const listedAt = phases.length === 0 ? phaseListing(model) : undefined
    throw new UnknownPhaseError(asked, phases, masterPlanPath, listedAt)
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
  const requested = canonicalId(match === 'exact' ? sections[0]?.id : undefined, asked)
  const status = [...new Set(sections.flatMap(section => section.status))]
  const files = [...new Set(sections.flatMap(section => (section.file ? [section.file] : [])))]
  const own = sections.find(section => section.phaseTitle !== '')?.phaseTitle ?? ''
  const title =
    match === 'exact'
      ? own
      : `Phases ${listed(ids)} together (the master plan has no phase ${requested} of its own)`
  return {
    requested,
    asked,
    ids,
    match,
    sections,
    duplicatesDropped,
    title,
    status,
    files
  }
}

/**
 * The id that names the documents, the branch, the marker and the reply: the master plan's own spelling
 * (`03`, `2A`) when it passes the request's grammar (digits, dots, one ASCII letter: nothing that leaves a
 * directory or breaks a ref), else the asked id without leading zeros. The readers' patterns are
 * case-insensitive Unicode ones, where a Kelvin sign is a `K`: what they found is checked here, once.
 */
function canonicalId(ownSpelling: string | undefined, asked: string): PhaseId {
  const own = ownSpelling === undefined ? undefined : confirmPhaseId(ownSpelling, asked)
  if (own !== undefined) return own
  if (!isValidPhaseId(asked)) throw new UserError(`"${asked}" is not a valid phase id: ${PHASE_ID_FORM}.`)
  return plainSpelling(asked)
}

function listed(ids: readonly string[]): string {
  return ids.length <= 1 ? (ids[0] ?? '') : `${ids.slice(0, -1).join(', ')} and ${ids[ids.length - 1] ?? ''}`
}

/** `2a` and `2.1` belong to `2`; `20` does not. */
function isFamilyMember(candidate: string, key: string): boolean {
  if (!candidate.startsWith(key) || candidate === key) return false
  const next = candidate.charAt(key.length)
  return next === '.' || (/[a-z]/.test(next) && !/[a-z]$/.test(key))
}

/** The section's own text (an entry's row or item; a bold section without its label), for spotting repeats. */
function sectionBody(model: MasterPlanModel, section: PhaseSection): string {
  if (section.entry) return normaliseText(model.source.slice(section.entry.start, section.entry.end))
  const first = model.blocks[section.kind === 'bold' ? section.bodyStart + 1 : section.bodyStart]
  const last = model.blocks[section.bodyEnd - 1]
  if (!first || !last || section.bodyEnd <= section.bodyStart) return ''
  return normaliseText(model.source.slice(first.start, last.end))
}
