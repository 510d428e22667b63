/**
 * Everything the plan needs from the master plan for one phase, gathered once: its structure, its
 * units, the guidelines that apply, cross-references, test items, cited names and unclear points. Pure.
 */
import {
  planContext,
  type Mention,
  type MentionIndex,
  type OmittedSection,
  type OutsideSection
} from './context.js'
import { selectPhase, phaseIds, type PhaseSelection } from './lookup.js'
import type { MasterPlanModel, PhaseSection } from './model.js'
import { sectionRange } from './outline.js'
import { citedNames, mergeCitedNames, type CitedName } from './names.js'
import { phaseKey, phaseMentionPattern } from './phase-id.js'
import { phaseStructure, type PhaseStructure, type Span } from './steps.js'
import { unitsInSpans, type Unit } from './units.js'

export interface Unclear {
  readonly kind: 'marker' | 'missing-phase'
  readonly text: string
  readonly path: readonly string[]
  readonly detail: string
  /** Where it stands in the master plan (offset). */
  readonly start: number
}

export interface NextPhase {
  readonly id: string
  readonly title: string
  /** Units of the next phase that mention this one. */
  readonly dependsOn: readonly Mention[]
}

export interface PhaseContent {
  readonly masterPlanPath: string
  readonly selection: PhaseSelection
  readonly structure: PhaseStructure
  /** Every unit of the phase's sections, in the order the plan renders them (intro, then steps). */
  readonly units: readonly Unit[]
  readonly guidelines: readonly OutsideSection[]
  /** Sections outside the phases whose title names this phase ("Phase 3 tests"). */
  readonly keyed: readonly OutsideSection[]
  readonly omitted: readonly OmittedSection[]
  /** Mentions of this phase elsewhere in the master plan. */
  readonly crossReferences: readonly Mention[]
  readonly testItems: readonly Unit[]
  /** Names the phase's own sections (and sections about it) cite, with what happens to them. */
  readonly names: readonly CitedName[]
  /** Names each sub-step cites, by step id (read once; the plan's file lists and the step states use them). */
  readonly stepNames: ReadonlyMap<string, readonly CitedName[]>
  /** Names only the general guidelines cite: grounded for Step 3, never turned into requirements. */
  readonly contextNames: readonly CitedName[]
  readonly unclear: readonly Unclear[]
  readonly nextPhase?: NextPhase
  readonly allPhaseIds: readonly string[]
}

const TESTISH = /\b(tests?|testing|pytest|verif\w*|acceptance|validat\w*|assert\w*)\b/i
/** A row of a table of tests: its first cell names a test (`test_format_money`). */
const TEST_ROW = /^\|\s*`test_\w+/
/** What marks an item as open: TODO-style tags, `??`, `(?)`, "clarify", "open question". */
export const MARKERS =
  /\b(TODO|TBD|FIXME|XXX|NEEDS CLARIFICATION)\b|\?\?+|\(\?\)|\b[Cc]larify\b|\b[Oo]pen questions?\b/

export function phaseContent(
  model: MasterPlanModel,
  requested: string,
  masterPlanPath: string
): PhaseContent {
  const selection = selectPhase(model, requested, masterPlanPath)
  const structure = phaseStructure(model, selection.requested, selection.sections)
  const context = planContext(model)
  const keys = new Set(selection.sections.map(section => phaseKey(section.id)))
  keys.add(phaseKey(requested))
  const own = selection.sections

  const introUnits = unitsInSpans(model, structure.intro)
  const units: Unit[] = [...introUnits]
  const testItems: Unit[] = []
  const pathOf = new Map<Unit, readonly string[]>()
  for (const unit of introUnits) pathOf.set(unit, own[0]?.path ?? [])
  for (const step of structure.steps) {
    const stepUnits = [
      ...(step.headingSpan ? unitsInSpans(model, [step.headingSpan]) : []),
      ...unitsInSpans(model, step.spans)
    ]
    const testStep = TESTISH.test(step.title)
    for (const unit of stepUnits) {
      units.push(unit)
      pathOf.set(unit, step.path)
      if (isTestItem(unit, testStep)) testItems.push(unit)
    }
  }

  const guidelines: OutsideSection[] = []
  const keyed: OutsideSection[] = []
  const omitted: OmittedSection[] = [...context.omitted]
  for (const section of context.outside) {
    if (section.keyedTo.length === 0) guidelines.push(section)
    else if (section.keyedTo.some(key => keys.has(key))) keyed.push(section)
    else omitted.push({ path: section.path, reason: `about another phase (${section.title})` })
  }
  for (const section of keyed) {
    const sectionUnits = unitsInSpans(model, section.spans)
    const testSection = TESTISH.test(section.title)
    for (const unit of sectionUnits) if (isTestItem(unit, testSection)) testItems.push(unit)
  }

  const skipPaths = new Set([...omitted, ...keyed].map(section => section.path.join('\u0000')))
  const crossReferences = mentionsOutside(context.mentions, keys, own, model).filter(
    mention => !skipPaths.has(mention.path.join('\u0000'))
  )
  // Each step is read once: the phase's names merge the intro's, the steps' and the keyed sections'.
  const namesPerStep = structure.steps.map(step =>
    citedNames(model, step.headingSpan ? [step.headingSpan, ...step.spans] : step.spans)
  )
  const stepNames = new Map(structure.steps.map((step, index) => [step.id, namesPerStep[index] ?? []]))
  const names = mergeCitedNames([
    citedNames(model, structure.intro),
    ...namesPerStep,
    citedNames(
      model,
      keyed.flatMap(section => section.spans)
    )
  ])
  const ownNames = new Set(names.map(name => name.name))
  const contextNames = citedNames(
    model,
    guidelines.flatMap(section => section.spans)
  ).filter(name => !ownNames.has(name.name))
  const allPhaseIds = phaseIds(model)
  const unclear = unclearPoints(units, pathOf, new Set(allPhaseIds.map(phaseKey)))
  const nextPhase = followingPhase(model, own, keys, context.mentions)
  return {
    masterPlanPath,
    selection,
    structure,
    units,
    guidelines,
    keyed,
    omitted,
    crossReferences,
    testItems,
    names,
    stepNames,
    contextNames,
    unclear,
    ...(nextPhase ? { nextPhase } : {}),
    allPhaseIds
  }
}

function isTestItem(unit: Unit, inTestSection: boolean): boolean {
  if (unit.kind !== 'list-item' && unit.kind !== 'paragraph' && unit.kind !== 'table-row') return false
  return (
    inTestSection || TESTISH.test(unit.text) || (unit.kind === 'table-row' && TEST_ROW.test(unit.text.trim()))
  )
}

function insideAny(unit: Unit, sections: readonly PhaseSection[], model: MasterPlanModel): boolean {
  return sections.some(section => {
    const range = sectionRange(model, section)
    return unit.start >= range.start && unit.end <= range.end
  })
}

function mentionsOutside(
  mentions: MentionIndex,
  keys: ReadonlySet<string>,
  own: readonly PhaseSection[],
  model: MasterPlanModel
): Mention[] {
  const seen = new Set<Unit>()
  const result: Mention[] = []
  for (const key of keys) {
    for (const mention of mentions.get(key) ?? []) {
      if (seen.has(mention.unit) || insideAny(mention.unit, own, model)) continue
      if (mention.unit.kind === 'heading' && model.phaseSections.some(s => s.title === mention.unit.text))
        continue
      seen.add(mention.unit)
      result.push(mention)
    }
  }
  return result.sort((a, b) => a.unit.start - b.unit.start)
}

/**
 * A question the phase tells the developer to answer as its work ("For each file, determine: is it
 * binary or text?"): an instruction, not a point the master plan left open.
 */
const WORK_QUESTION =
  /\b(?:determine|decide|check|verify|assess|evaluate|work out|find out)\b[^?:]*:[^:]*\?\s*$/i

function unclearPoints(
  units: readonly Unit[],
  pathOf: Map<Unit, readonly string[]>,
  known: ReadonlySet<string>
): Unclear[] {
  const unclear: Unclear[] = []
  for (const unit of units) {
    if (unit.kind === 'code') continue
    const path = pathOf.get(unit) ?? []
    const marker = MARKERS.exec(unit.text)
    if (marker) {
      unclear.push({
        kind: 'marker',
        text: unit.text,
        path,
        detail: `marked "${marker[0]}"`,
        start: unit.start
      })
    } else if (unit.kind !== 'heading' && /\?\s*$/.test(unit.text.trim()) && !WORK_QUESTION.test(unit.text)) {
      unclear.push({ kind: 'marker', text: unit.text, path, detail: 'an open question', start: unit.start })
    }
    for (const match of unit.text.matchAll(phaseMentionPattern())) {
      const id = match[1] ?? ''
      if (!known.has(phaseKey(id)) && ![...known].some(key => key.startsWith(`${phaseKey(id)}.`))) {
        unclear.push({
          kind: 'missing-phase',
          text: unit.text,
          path,
          detail: `refers to ${match[0].trim()}, which the master plan does not define`,
          start: unit.start
        })
      }
    }
  }
  return unclear
}

/** The next phase in the plan's own order (ids sorted naturally), skipping this phase's parts. */
function followingPhase(
  model: MasterPlanModel,
  own: readonly PhaseSection[],
  keys: ReadonlySet<string>,
  mentions: MentionIndex
): NextPhase | undefined {
  const ids = phaseIds(model)
  const ownIds = ids.filter(
    id => keys.has(phaseKey(id)) || own.some(section => phaseKey(section.id) === phaseKey(id))
  )
  const lastOwnId = ownIds[ownIds.length - 1]
  const lastOwn = lastOwnId !== undefined ? ids.indexOf(lastOwnId) : -1
  const sectionsOf = (id: string): PhaseSection[] =>
    model.phaseSections.filter(s => phaseKey(s.id) === phaseKey(id))
  const outsideOwn = (id: string): boolean => !sectionsOf(id).some(s => isAncestor(model, s, own))
  // Numbers follow numbers and letters letters (`Phase B` is not next after `Phase 2`); when this
  // phase ends its sequence, the next is the first phase of another that the document starts later
  // (`Sprint 18` after `Phase B`).
  const numbered = (id: string): boolean => /^\d/.test(id)
  const ownKind = lastOwnId === undefined || numbered(lastOwnId)
  const firstStart = (id: string): number =>
    Math.min(...sectionsOf(id).map(s => sectionRange(model, s).start))
  const ownStart = Math.max(...own.map(section => sectionRange(model, section).start))
  let nextId = ids.slice(lastOwn + 1).find(id => numbered(id) === ownKind && outsideOwn(id))
  if (nextId === undefined) {
    let nearest = Infinity
    for (const id of ids) {
      if (numbered(id) === ownKind || ownIds.includes(id)) continue
      const start = firstStart(id)
      if (start > ownStart && start < nearest && outsideOwn(id)) [nextId, nearest] = [id, start]
    }
  }
  if (nextId === undefined) return undefined
  const nextSections = sectionsOf(nextId)
  const title = nextSections.find(section => section.phaseTitle !== '')?.phaseTitle ?? ''
  const dependsOn: Mention[] = []
  for (const key of keys) {
    for (const mention of mentions.get(key) ?? [])
      if (insideAny(mention.unit, nextSections, model)) dependsOn.push(mention)
  }
  return { id: nextId, title, dependsOn }
}

function isAncestor(model: MasterPlanModel, candidate: PhaseSection, own: readonly PhaseSection[]): boolean {
  const outer = sectionRange(model, candidate)
  return own.some(section => {
    const inner = sectionRange(model, section)
    return outer.start <= inner.start && outer.end >= inner.end
  })
}

export type { Span }
