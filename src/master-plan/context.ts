/**
 * Everything outside the phases: general guidelines, decisions and context, the sections left out
 * (title, table of contents, progress trackers) and sections keyed to one phase ("Phase 3 tests").
 * Also the index of mentions of each phase, built once per master plan.
 */
import type { Block, MasterPlanModel, Section } from './model.js'
import { isFrontMatter } from './outline.js'
import { phaseKey, phaseMentionPattern } from './phase-id.js'
import { isSectionBody, type SectionBody } from './section-body.js'
import type { Span } from './steps.js'
import { collectUnits, type Unit } from './units.js'
import { blockMarks } from './block-marks.js'

export type GuidelineKind = 'guideline' | 'decision' | 'context'

export interface OutsideSection {
  readonly path: readonly string[]
  readonly title: string
  readonly kind: GuidelineKind
  /** Heading span (absent for the preamble) and body spans, copied verbatim. */
  readonly headingSpan?: Span
  readonly spans: readonly Span[]
  /** Phase keys the section's own title names; such a section belongs to those phases. */
  readonly keyedTo: readonly string[]
}

export interface OmittedSection {
  readonly path: readonly string[]
  readonly reason: string
}

export interface Mention {
  readonly path: readonly string[]
  readonly unit: Unit
}

/** Phase key → units that mention it, anywhere in the master plan, in document order. */
export interface MentionIndex {
  get(key: string): readonly Mention[] | undefined
}

export interface MasterPlanContext {
  readonly outside: readonly OutsideSection[]
  readonly omitted: readonly OmittedSection[]
  readonly mentions: MentionIndex
}

const cache = new WeakMap<MasterPlanModel, MasterPlanContext>()

export function planContext(model: MasterPlanModel): MasterPlanContext {
  const cached = cache.get(model)
  if (cached) return cached
  const context = computeContext(model)
  cache.set(model, context)
  return context
}

function computeContext(model: MasterPlanModel): MasterPlanContext {
  const { blocks } = model
  const inPhase = blockMarks(blocks.length, model.phaseSections)
  const sectionAt = new Map<number, Section>()
  for (const section of model.sections) sectionAt.set(section.headingIndex, section)
  const outside: OutsideSection[] = []
  const omitted: OmittedSection[] = []
  const mentions = new Map<string, Mention[]>()
  // Other phases' bodies the model left unparsed: read for mentions only of the phases asked about.
  const unparsed: { readonly block: SectionBody; readonly at: number; readonly path: readonly string[] }[] =
    []

  let current: Section | undefined = sectionAt.get(-1)
  let group: { section: Section | undefined; from: number; to: number } | undefined
  const flush = (): void => {
    if (group) classify(model, group.section, group.from, group.to, outside, omitted)
    group = undefined
  }
  const mentionPattern = phaseMentionPattern()
  blocks.forEach((block, index) => {
    const heading = block.heading !== undefined
    if (heading) current = sectionAt.get(index)
    if (isSectionBody(block) && !block.isParsed)
      unparsed.push({ block, at: index, path: current?.path ?? [] })
    else addMentions(mentions, block.units, current?.path ?? [], mentionPattern)
    if (inPhase[index] || isFrontMatter(block)) {
      if (isFrontMatter(block)) omitted.push({ path: ['front matter'], reason: 'metadata (front matter)' })
      flush()
      return
    }
    if (heading) {
      flush()
      group = { section: current, from: index + 1, to: index + 1 }
      return
    }
    if (!group) group = { section: current, from: index, to: index }
    group.to = index + 1
  })
  flush()
  return {
    outside,
    omitted,
    mentions: unparsed.length === 0 ? mentions : lazyMentions(blocks, mentions, unparsed)
  }
}

function addMentions(
  mentions: Map<string, Mention[]>,
  units: readonly Unit[],
  path: readonly string[],
  mentionPattern: RegExp
): void {
  for (const unit of units) {
    if (unit.kind === 'code') continue
    mentionPattern.lastIndex = 0
    const keys = new Set<string>()
    for (const match of unit.text.matchAll(mentionPattern)) if (match[1]) keys.add(phaseKey(match[1]))
    for (const key of keys) {
      const list = mentions.get(key) ?? []
      list.push({ path, unit })
      mentions.set(key, list)
    }
  }
}

/**
 * Mentions with unparsed bodies read on demand: a body whose text names a phase is parsed when that
 * phase's mentions are asked for (a unit is a slice of its body's text, so a body whose text does not
 * name it has no unit that does). Lists keep document order.
 */
function lazyMentions(
  blocks: readonly Block[],
  parsed: ReadonlyMap<string, readonly Mention[]>,
  unparsed: readonly { readonly block: SectionBody; readonly at: number; readonly path: readonly string[] }[]
): MentionIndex {
  const pattern = phaseMentionPattern()
  const named = unparsed.map(({ block }) => {
    const keys = new Set<string>()
    for (const match of block.text().matchAll(pattern)) if (match[1]) keys.add(phaseKey(match[1]))
    return keys
  })
  const blockOf = new Map<Unit, number>()
  blocks.forEach((block, index) => {
    if (!isSectionBody(block) || block.isParsed) for (const unit of block.units) blockOf.set(unit, index)
  })
  const answered = new Map<string, readonly Mention[] | undefined>()
  return {
    get(key) {
      if (answered.has(key)) return answered.get(key)
      const found = (parsed.get(key) ?? []).map(mention => ({ mention, at: blockOf.get(mention.unit) ?? -1 }))
      unparsed.forEach(({ block, at, path }, index) => {
        if (!named[index]?.has(key)) return
        const own = new Map<string, Mention[]>()
        addMentions(own, block.units, path, pattern)
        for (const mention of own.get(key) ?? []) found.push({ mention, at })
      })
      // Stable: mentions of one block keep their order.
      const list = found.sort((a, b) => a.at - b.at).map(entry => entry.mention)
      const answer = list.length > 0 ? list : undefined
      answered.set(key, answer)
      return answer
    }
  }
}

const TOC = /\b(table of contents|contents|toc|index)\b/i
const TRACKER = /\b(progress|tracker|tracking)\b/i
const STATUSY = /\b(status|checklist|timeline)\b/i
const DECISION = /\b(decisions?|decided|rationale|trade-?offs?|adrs?|alternatives?)\b/i
const GUIDELINE =
  /\b(guidelines?|guiding|principles?|rules?|conventions?|standards?|practices?|testing|tests?|quality|gates?|requirements?|constraints?|workflow|philosophy|polic(y|ies)|style|compatibility|must|non-negotiable|protocol|error handling|preserv\w*)\b/i
/** Titles of sections that state rules for everything below them. */
const RULE_PARENT = /\b(guidelines?|guiding|principles?|rules?|conventions?|standards?|non-negotiable)\b/i
/** Sections that are context whatever other words their title holds. */
const NOT_GUIDELINE =
  /\b(benefits?|risks?|examples?|motivation|background|objectives?|overview|success criteria|glossary|appendix|timeline|estimates?|summary|value proposition)\b/i

function classify(
  model: MasterPlanModel,
  section: Section | undefined,
  from: number,
  to: number,
  outside: OutsideSection[],
  omitted: OmittedSection[]
): void {
  const path = section?.path ?? []
  const title = section?.title ?? ''
  const units = collectUnits(model.blocks, from, to)
  const spans: Span[] = model.blocks.slice(from, to).map(block => ({ start: block.start, end: block.end }))
  if (units.length === 0) {
    if (section && section.depth === 1) omitted.push({ path, reason: 'document title' })
    return
  }
  if (TOC.test(title) && units.every(unit => /\]\(#/.test(unit.text) || unit.kind === 'heading')) {
    omitted.push({ path, reason: 'table of contents' })
    return
  }
  if (TRACKER.test(title) || (STATUSY.test(title) && mostlyTracking(model, from, to))) {
    omitted.push({ path, reason: 'progress tracker' })
    return
  }
  const keyedTo = [
    ...new Set([...title.matchAll(phaseMentionPattern())].map(match => phaseKey(match[1] ?? '')))
  ]
  const kind = classifyTitle(path, title)
  const headingIndex = section?.headingIndex ?? -1
  const headingBlock = model.blocks[headingIndex]
  outside.push({
    path,
    title,
    kind,
    ...(headingBlock && section?.kind === 'heading'
      ? { headingSpan: { start: headingBlock.start, end: headingBlock.end } }
      : {}),
    spans,
    keyedTo
  })
}

/**
 * A guideline states rules for every phase: its title says so (testing strategy, conventions, error
 * handling, compatibility), or a section above it does (everything under "Guiding Principles").
 * Benefits, risks, examples and the like are context whatever else their title holds.
 */
export function classifyTitle(path: readonly string[], title: string): GuidelineKind {
  if (NOT_GUIDELINE.test(title)) return 'context'
  if (DECISION.test(title)) return 'decision'
  if (GUIDELINE.test(title)) return 'guideline'
  if (path.slice(0, -1).some(parent => RULE_PARENT.test(parent))) return 'guideline'
  return 'context'
}

/** Task lists and status tables: at least 80% of list items are checkboxes, or it is only tables. */
function mostlyTracking(model: MasterPlanModel, from: number, to: number): boolean {
  let items = 0
  let tasks = 0
  let other = 0
  for (const block of model.blocks.slice(from, to)) {
    if (block.list) {
      items += block.list.items
      tasks += block.list.tasks
    } else if (block.type !== 'table' && block.type !== 'thematicBreak') other++
  }
  return other === 0 && (items === 0 || tasks / items >= 0.8)
}
