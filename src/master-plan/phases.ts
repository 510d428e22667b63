/**
 * Finds the phases of a master plan by the rules of docs/phases.md: phase labels on headings and bold
 * labels (step words only where no phase word sits at the same or a shallower level), a document that is
 * one phase, index entries in tables and lists, and the links they carry (same-file anchors are resolved
 * here; linked files are read by the caller and appended by outline.ts). Templates and examples are not
 * phases. Pure.
 */
import type { List, Table } from 'mdast'
import { readPhaseLabel, namesPhaseIndex, type LabelOptions, type PhaseLabel } from './labels.js'
import { inZone, templateZones, type Zone } from './templates.js'
import { listEntries, tableEntries, type IndexEntry } from './index-entries.js'
import { definitionTargets } from './links.js'
import { blockNodes } from './materialise.js'
import { followLinks, labelLinks } from './phase-links.js'
import type { Block, MasterPlanModel, PhaseLink, PhaseRule, PhaseSection, Section } from './model.js'
import { phaseKey } from './phase-id.js'
import { isSectionBody } from './section-body.js'
import { blockMarks } from './block-marks.js'

/** A phase section before its id is made canonical and its role decided (outline.ts does both). */
export type FoundSection = Omit<PhaseSection, 'role'>

export interface FoundPhases {
  readonly sections: readonly FoundSection[]
  readonly links: readonly PhaseLink[]
}

interface Candidate {
  readonly index: number
  readonly kind: 'heading' | 'bold'
  /** Heading depth; a bold label sits half a level below its enclosing heading. */
  readonly level: number
  readonly label: PhaseLabel
  readonly ids: readonly string[]
  readonly enclosing?: Section
  readonly section?: Section
}

/** Ids that stand for "any phase" in templates. */
const PLACEHOLDER_IDS = new Map([
  ['n', 'm'],
  ['x', 'w']
])

export function findPhases(model: MasterPlanModel, path: string): FoundPhases {
  const { blocks, sections } = model
  const zones = templateZones(model)
  const plain = labelCandidates(model, zones, {})
  // A plan that numbers phases `II`, `III` reads its `Phase I`, `V` and `X` as numbers too.
  const options: LabelOptions = { roman: plain.some(candidate => candidate.label.roman) }
  const read = options.roman ? labelCandidates(model, zones, options) : plain
  const kept = keepStepWordsWhereNoPhaseWord(withoutPlaceholderIds(read))
  const main = mainWord(kept)
  const mainKeys = new Set(
    kept.filter(candidate => wordOf(candidate.label.word) === main).flatMap(c => c.ids.map(phaseKey))
  )
  /** Ids another phase word gives that the main word already uses are not phases (`Milestone 1` beside `Phase 1`). */
  const ownIds = (word: string | undefined, ids: readonly string[]): string[] =>
    word === undefined || main === undefined || wordOf(word) === main
      ? [...ids]
      : ids.filter(id => !mainKeys.has(phaseKey(id)))
  const candidates = kept.flatMap(candidate => {
    const ids = ownIds(candidate.label.word, candidate.ids)
    return ids.length === 0 ? [] : [{ ...candidate, ids }]
  })
  const headingPhases = headingSections(model, candidates)
  const boldPhases = boldSections(blocks, candidates)
  const labelled = dropNestedDuplicates([...headingPhases, ...boldPhases])
  const inPhase = blockMarks(blocks.length, labelled)
  const definitions = definitionTargets(
    blocks.flatMap(block =>
      // Bodies are left unparsed only in documents without definitions (heading-scan.ts).
      isSectionBody(block) && !block.isParsed
        ? []
        : block.units.filter(unit => unit.kind === 'definition').map(unit => unit.text)
    )
  )
  const entries: { entry: IndexEntry; section: Section; block: number }[] = []
  for (const section of sections) {
    if (section.kind !== 'heading' || inPhase[section.headingIndex] || inZone(zones, section.headingIndex))
      continue
    if (!namesPhaseIndex(section.title) || readPhaseLabel(section.title)) continue
    for (let index = section.bodyStart; index < section.bodyEnd; index++) {
      const block = blocks[index]
      if (!block || block.heading) break
      if (block.type !== 'table' && block.type !== 'list') continue
      const node = blockNodes(model, index, index + 1)[0]
      const found =
        node?.type === 'table'
          ? tableEntries(model.source, node as Table, definitions, options)
          : node?.type === 'list'
            ? listEntries(model.source, node as List, definitions, options)
            : []
      for (const entry of found) {
        const ids = ownIds(entry.word, entry.ids)
        if (ids.length > 0) entries.push({ entry: { ...entry, ids }, section, block: index })
      }
    }
  }
  const entrySections: FoundSection[] = entries.flatMap(({ entry, section, block }) =>
    entry.ids.map(id => ({
      title: entry.text,
      depth: section.depth + 0.5,
      path: [...section.path, entry.text],
      kind: 'entry' as const,
      headingIndex: block,
      bodyStart: block,
      bodyEnd: block + 1,
      id,
      phaseTitle: entry.title,
      status: entry.status,
      rule: entry.kind,
      line: entry.line,
      entry: entry.range
    }))
  )
  const linked = followLinks(
    model,
    path,
    [
      ...candidates.map(candidate => ({
        ids: candidate.ids,
        block: candidate.index,
        line: blocks[candidate.index]?.line ?? 1,
        links: labelLinks(model, candidate.index, candidate.kind === 'bold', definitions)
      })),
      ...entries.map(({ entry, block }) => ({ ids: entry.ids, block, line: entry.line, links: entry.links }))
    ],
    [...labelled, ...entrySections]
  )
  return { sections: [...labelled, ...entrySections, ...linked.sections], links: linked.links }
}

/** Heading and bold-label candidates outside templates, with their levels. */
function labelCandidates(model: MasterPlanModel, zones: readonly Zone[], options: LabelOptions): Candidate[] {
  const candidates: Candidate[] = []
  const headingAt = new Map<number, Section>()
  for (const section of model.sections)
    if (section.kind === 'heading') headingAt.set(section.headingIndex, section)
  let enclosing: Section | undefined
  model.blocks.forEach((block, index) => {
    const section = headingAt.get(index)
    if (section) {
      enclosing = section
      const label = readPhaseLabel(section.title, options)
      if (label && !label.placeholder && !inZone(zones, index))
        candidates.push({ index, kind: 'heading', level: section.depth, label, ids: label.ids, section })
      return
    }
    const text = block.boldLabel
    const label = text === undefined ? undefined : readPhaseLabel(text, options)
    if (label && !label.placeholder && !inZone(zones, index)) {
      const level = (enclosing?.depth ?? 0) + 0.5
      candidates.push({
        index,
        kind: 'bold',
        level,
        label,
        ids: label.ids,
        ...(enclosing ? { enclosing } : {})
      })
    }
  })
  return candidates
}

/** The word of the shallowest labels (the most frequent one on a tie): the plan's own word for a phase. */
function mainWord(candidates: readonly Candidate[]): string | undefined {
  if (candidates.length === 0) return undefined
  const shallowest = lowest(candidates.map(candidate => candidate.level))
  const counts = new Map<string, number>()
  for (const candidate of candidates)
    if (candidate.level === shallowest) {
      const word = wordOf(candidate.label.word)
      counts.set(word, (counts.get(word) ?? 0) + 1)
    }
  return [...counts].sort((a, b) => b[1] - a[1])[0]?.[0]
}

/** The smallest number (Infinity for none), without spreading a long list into arguments. */
function lowest(values: readonly number[]): number {
  let min = Infinity
  for (const value of values) if (value < min) min = value
  return min
}

function wordOf(word: string): string {
  return word.toLowerCase()
}

/** `Phase N`, `Phase X`: placeholders, unless the plan also has the letter before (`M`, `W`) as an id. */
function withoutPlaceholderIds(candidates: readonly Candidate[]): Candidate[] {
  const all = new Set(candidates.flatMap(candidate => candidate.ids.map(id => id.toLowerCase())))
  return candidates.flatMap(candidate => {
    const ids = candidate.ids.filter(id => {
      const before = PLACEHOLDER_IDS.get(id.toLowerCase())
      return before === undefined || all.has(before)
    })
    return ids.length === 0 ? [] : [{ ...candidate, ids }]
  })
}

/** `Step N` and `Task N` are phases only where no phase word sits at the same or a shallower level. */
function keepStepWordsWhereNoPhaseWord(candidates: readonly Candidate[]): Candidate[] {
  const shallowest = lowest(
    candidates.filter(candidate => candidate.label.kind === 'phase').map(c => c.level)
  )
  return candidates.filter(candidate => candidate.label.kind === 'phase' || candidate.level < shallowest)
}

function headingSections(model: MasterPlanModel, candidates: readonly Candidate[]): FoundSection[] {
  const { blocks } = model
  const headings = candidates.filter(candidate => candidate.kind === 'heading')
  const documentPhase = wholeDocumentPhase(model, headings)
  const sectionAt = new Map(model.sections.map(section => [section.headingIndex, section]))
  return headings.flatMap(candidate => {
    const section = candidate.section
    if (!section) return []
    const whole = candidate === documentPhase
    const rule: PhaseRule = whole ? 'document' : 'heading'
    const end = whole ? blocks.length : overStepHeadings(section, candidate, sectionAt)
    return candidate.ids.map(id => ({
      ...section,
      bodyEnd: end,
      id,
      phaseTitle: candidate.label.title,
      status: candidate.label.status,
      rule,
      line: blocks[candidate.index]?.line ?? 1
    }))
  })
}

/**
 * A phase heading runs over the step-labelled headings that follow it at its own level (`### Phase A`,
 * `### Step 0.4`, `### Step 0.5`, `### Phase B`): those are its sub-steps (rule 3), not the end of it.
 */
function overStepHeadings(
  section: Section,
  candidate: Candidate,
  sectionAt: ReadonlyMap<number, Section>
): number {
  if (candidate.label.kind !== 'phase') return section.bodyEnd
  let end = section.bodyEnd
  for (let next = sectionAt.get(end); next && next.depth === section.depth; next = sectionAt.get(end)) {
    if (readPhaseLabel(next.title)?.kind !== 'step') break
    end = next.bodyEnd
  }
  return end
}

/**
 * A document that is one phase: its first heading is a phase label at the document's shallowest heading
 * level, and no other heading at that level names a phase. The phase then runs to the end of the file.
 */
function wholeDocumentPhase(model: MasterPlanModel, headings: readonly Candidate[]): Candidate | undefined {
  const first = model.sections.find(section => section.kind === 'heading')
  if (!first) return undefined
  const shallowest = lowest(model.sections.filter(s => s.kind === 'heading').map(s => s.depth))
  const title = headings.find(candidate => candidate.index === first.headingIndex)
  if (!title || first.depth !== shallowest) return undefined
  const rival = headings.some(candidate => candidate !== title && candidate.level <= shallowest)
  return rival ? undefined : title
}

/**
 * `**Phase 1: Verification** (5 min)` paragraphs used as headings. Each runs until the next such
 * paragraph or the next heading, and stays inside its enclosing heading section.
 */
function boldSections(blocks: readonly Block[], candidates: readonly Candidate[]): FoundSection[] {
  const bold = new Map(candidates.filter(c => c.kind === 'bold').map(c => [c.index, c]))
  const found: FoundSection[] = []
  let current: Candidate | undefined
  const close = (end: number): void => {
    if (!current) return
    const label = blocks[current.index]?.boldLabel ?? ''
    for (const id of current.ids) {
      found.push({
        title: label,
        depth: current.level,
        path: [...(current.enclosing?.path ?? []), label],
        kind: 'bold',
        headingIndex: current.index,
        bodyStart: current.index,
        bodyEnd: end,
        id,
        phaseTitle: current.label.title,
        status: current.label.status,
        rule: 'bold-label',
        line: blocks[current.index]?.line ?? 1
      })
    }
    current = undefined
  }
  blocks.forEach((block, index) => {
    if (block.heading) close(index)
    const candidate = bold.get(index)
    if (!candidate) return
    close(index)
    current = candidate
  })
  close(blocks.length)
  return found
}

/** A section inside another section of the same phase adds nothing: the outer one already holds it. */
function dropNestedDuplicates(phases: readonly FoundSection[]): FoundSection[] {
  const ordered = [...phases].sort((a, b) => a.bodyStart - b.bodyStart || b.bodyEnd - a.bodyEnd)
  const kept: FoundSection[] = []
  const outerByKey = new Map<string, FoundSection>()
  for (const phase of ordered) {
    const key = phaseKey(phase.id)
    const outer = outerByKey.get(key)
    if (outer && phase.bodyStart >= outer.bodyStart && phase.bodyEnd <= outer.bodyEnd) continue
    outerByKey.set(key, phase)
    kept.push(phase)
  }
  return kept
}
