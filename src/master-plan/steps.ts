/**
 * A phase's own structure as ordered sub-steps with stable ids (`3.1`, `3.2`, …), by the rules of
 * docs/phases.md ("Sub-steps"): sub-headings make steps (a lone title heading, or one whose sub-headings
 * are labelled steps or hold task lists, opens into its children); without sub-headings, numbered lists
 * and task lists (spec-kit `T001` items included) give one step per item, and a list-item phase's nested
 * items are its steps. A title is the first sentence, at most 80 characters. No step is empty. Pure.
 */
import { blockNodes } from './materialise.js'
import { citedNames } from './names.js'
import type { MasterPlanModel, PhaseSection, Range } from './model.js'
import { headingTitle, ownTitle, runTitle, sectionTitle } from './step-titles.js'
import { readPhaseLabel, shortTitle } from './labels.js'
import { lineStart, nodeText } from './text.js'
import { firstBlockEndingAfter } from './units.js'
import { itemStep, splitLists } from './step-lists.js'
import { blockSpan, hasContent, range } from './step-spans.js'
import { labelTitle, PURPOSE_TITLE, WORK_TITLE } from './step-labels.js'

/** A stretch of the master plan's source, by offsets. */
export type Span = Range

export interface Step {
  /** Stable id: `<phase>.<n>`, numbered across all of the phase's sections. */
  readonly id: string
  readonly title: string
  /** Where it comes from: the section path, and the sub-heading when there is one. */
  readonly path: readonly string[]
  /** The step's own heading in the master plan, rendered as the step's title line; absent for list items. */
  readonly headingSpan?: Span
  readonly spans: readonly Span[]
}

export interface PhaseStructure {
  /** The phase's opening text: its summaries (index entries), then the text before its first sub-step. */
  readonly intro: readonly Span[]
  readonly steps: readonly Step[]
}

export type Draft = Omit<Step, 'id'>

/** A paragraph that opens with an instruction to change code, not with what the phase is about. */
const INSTRUCTION =
  /^\s*(?:\*\*|__)?(?:rename|remove|delete|move|add|create|replace|change|update|extract|split|merge|introduce|implement|convert|migrate|drop|deprecate|wrap|inline|make|switch)\b(?!\s+(?:phase|stage|step)\b)/i

export interface Split {
  /** Text before the first step. */
  readonly lead: Span[]
  readonly steps: Draft[]
  /** What made the steps: labelled step headings or task items open an enclosing heading into them. */
  readonly by: 'none' | 'headings' | 'step-headings' | 'items' | 'tasks'
}

export function phaseStructure(
  model: MasterPlanModel,
  phaseId: string,
  sections: readonly PhaseSection[]
): PhaseStructure {
  const intro: Span[] = []
  const drafts: Draft[] = []
  for (const section of sections) if (section.role === 'summary') intro.push(...summarySpans(model, section))
  const contents = sections.filter(section => section.role === 'content')
  contents.forEach((section, index) => {
    const split = splitSection(model, section)
    const first = index === 0
    if (first && split.by === 'none' && contents.length === 1 && section.kind === 'heading') {
      // An unstructured body: its first block is the purpose, and each paragraph after it (with the
      // code, lists and tables that follow it) a step titled by its first sentence.
      const [only] = split.steps
      if (only && only.spans.length > 1 && !only.headingSpan) {
        const lead = only.spans[0] as Span
        // A first paragraph that leads into what follows ("…, and add `c`:" before its code) or that
        // tells the developer what to do ("Rename `a` to `b`.") is the first step, not the purpose.
        const text = model.source.slice(lead.start, lead.end)
        // Only a paragraph says what a phase is for: a table, list or code first is part of the work.
        const leadsIn =
          !opensWithParagraph(model, lead) ||
          /:\s*$/.test(text) ||
          INSTRUCTION.test(text) ||
          actsOnCode(model, lead)
        if (!leadsIn) intro.push(lead)
        drafts.push(
          ...(leadsIn
            ? paragraphSteps(model, only.spans, only.path, true)
            : paragraphSteps(model, only.spans.slice(1), only.path))
        )
        return
      }
    }
    if (first && drafts.length === 0) intro.push(...split.lead)
    else if (split.lead.length > 0)
      drafts.push({ title: sectionTitle(section), path: section.path, spans: split.lead })
    drafts.push(...split.steps)
  })
  const steps = withoutEmptySteps(model, drafts).map((draft, index) => ({
    ...draft,
    title: ownTitle(model, draft),
    id: `${phaseId}.${index + 1}`
  }))
  return { intro: intro.filter(span => hasContent(model, span)), steps }
}

function summarySpans(model: MasterPlanModel, section: PhaseSection): Span[] {
  if (section.entry) return [section.entry]
  return range(section.bodyStart, section.bodyEnd).map(index => blockSpan(model, index))
}

function splitSection(model: MasterPlanModel, section: PhaseSection): Split {
  if (section.entry) return splitEntry(model, section, section.entry)
  const split = splitBlocks(model, section.bodyStart, section.bodyEnd, section.path)
  if (split.by !== 'none') return split
  const spans = range(section.bodyStart, section.bodyEnd).map(index => blockSpan(model, index))
  const title = sectionTitle(section)
  return { lead: [], steps: spans.length > 0 ? [{ title, path: section.path, spans }] : [], by: 'none' }
}

/** A table row is one step; a list item's first paragraph is its purpose and its nested items its steps. */
function splitEntry(model: MasterPlanModel, section: PhaseSection, entry: Range): Split {
  const whole: Split = {
    lead: [],
    steps: [{ title: sectionTitle(section), path: section.path, spans: [entry] }],
    by: 'none'
  }
  const list = blockNodes(model, section.bodyStart, section.bodyStart + 1)[0]
  const item =
    list?.type === 'list'
      ? list.children.find(
          child => lineStart(model.source, child.position?.start.offset ?? 0) === entry.start
        )
      : undefined
  const [first, ...rest] = item?.children ?? []
  if (!item || first?.type !== 'paragraph' || rest.length === 0) return whole
  // A first paragraph that is only the phase's label (`2. Dead/Weak Test Cleanup`) is its heading, which
  // the plan's title already carries: as its purpose it would say the title twice.
  const lead = isLabelOnly(nodeText(first), section)
    ? []
    : [{ start: entry.start, end: first.position?.end.offset ?? entry.start }]
  const steps: Draft[] = []
  for (const child of rest) {
    if (child.type === 'list') {
      for (const nested of child.children) steps.push(itemStep(nested, section.path, false, model))
    } else {
      const start = child.position?.start.offset ?? 0
      steps.push({
        title: shortTitle(nodeText(child)),
        path: section.path,
        spans: [{ start, end: child.position?.end.offset ?? start }]
      })
    }
  }
  return { lead, steps, by: 'items' }
}

/** Whether `text` says nothing but the phase's label: its title, with or without the phase word and id. */
function isLabelOnly(text: string, section: PhaseSection): boolean {
  const title = (section.phaseTitle || section.title).trim()
  const plain = text.trim()
  // The title as the plan shows it must be whole: a title cut to its first sentence drops the rest.
  if (title === '' || sectionTitle(section) !== title) return false
  if (plain === title) return true
  const label = readPhaseLabel(plain)
  // A status beside the label (`Phase 2: Cleanup ✅`) is news the title does not carry.
  return label?.title === title && label.status.length === 0
}

/**
 * Steps of blocks `[from, to)`: by sub-headings when there are any, else by bold labels on lines of their
 * own (`**Tasks**`), else by step lists. `byItems`: every list of two items or more gives a step per item
 * (the body of a part that lists the work).
 */
function splitBlocks(
  model: MasterPlanModel,
  from: number,
  to: number,
  path: readonly string[],
  byItems = false
): Split {
  const { blocks } = model
  let depth = 7
  let firstHeading = -1
  for (let index = from; index < to; index++) {
    const heading = blocks[index]?.heading
    if (!heading) continue
    depth = Math.min(depth, heading.depth)
    if (firstHeading === -1) firstHeading = index
  }
  // Labels part a body only where no heading does; they sit below every heading.
  const labels = new Map<number, string>()
  if (firstHeading === -1)
    for (let index = from; index < to; index++) {
      const title = labelTitle(model, index)
      if (title === undefined) continue
      labels.set(index, title)
      if (firstHeading === -1) firstHeading = index
    }
  if (firstHeading === -1) return splitLists(model, from, to, path, byItems)
  const titleAt = (index: number): string => blocks[index]?.heading?.title ?? labels.get(index) ?? ''
  const parts = (index: number): boolean =>
    labels.size > 0 ? labels.has(index) : (blocks[index]?.heading?.depth ?? 7) <= depth
  const groups: { heading: number; end: number }[] = []
  for (let index = firstHeading; index < to;) {
    let next = index + 1
    while (next < to && !parts(next)) next++
    groups.push({ heading: index, end: next })
    index = next
  }
  // A first part that says what the phase is for ("**Goal:**") opens it with the text before it.
  let leadEnd = firstHeading
  while (groups.length > 1 && PURPOSE_TITLE.test(titleAt(groups[0]?.heading ?? -1)))
    leadEnd = groups.shift()?.end ?? leadEnd
  // Numbered items or tasks before the first sub-heading ("1. Move … 2. Remove …" over "### Tests") are
  // steps too, before the sub-headings' own; only the prose before them leads.
  const items = leadEnd === firstHeading ? splitLists(model, from, firstHeading, path) : undefined
  const leadSteps = items === undefined || items.by === 'none' ? [] : items.steps
  const lead =
    items && leadSteps.length > 0 ? items.lead : range(from, leadEnd).map(index => blockSpan(model, index))
  const only = groups[0]
  if (groups.length === 1 && only && leadSteps.length === 0 && !lead.some(span => hasContent(model, span))) {
    // A lone heading is a title over the body: its sub-headings (or lists) are the steps.
    const title = titleAt(only.heading)
    const inner = splitBlocks(
      model,
      only.heading + 1,
      only.end,
      [...path, title],
      listsWork(model, title, only)
    )
    if (inner.by !== 'none')
      return { ...inner, lead: [...lead, blockSpan(model, only.heading), ...inner.lead] }
  }
  const steps: Draft[] = [...leadSteps]
  let stepHeadings = 0
  for (const group of groups) {
    const title = titleAt(group.heading)
    if (readPhaseLabel(title)?.kind === 'step') stepHeadings++
    const headingSpan = blockSpan(model, group.heading)
    const groupPath = [...path, title]
    const lists = listsWork(model, title, group)
    const inner = splitBlocks(model, group.heading + 1, group.end, groupPath, lists)
    // A labelled step (`Task 2`, `Step 1.3`) is a step itself; a heading over one task is that task's step;
    // a part that lists the work ("Tasks") is its items.
    const opens =
      inner.by === 'step-headings' ||
      (inner.by === 'tasks' && inner.steps.length >= 2 && readPhaseLabel(title)?.kind !== 'step') ||
      (lists && inner.by === 'items')
    if (opens) {
      if (inner.lead.some(span => hasContent(model, span)) || inner.steps.length === 0) {
        steps.push({ title: headingTitle(title), path: groupPath, headingSpan, spans: inner.lead })
        steps.push(...inner.steps)
      } else {
        // The heading over a run of steps leads the first of them.
        const [firstStep, ...others] = inner.steps
        if (firstStep) steps.push({ ...firstStep, spans: [headingSpan, ...inner.lead, ...firstStep.spans] })
        steps.push(...others)
      }
      continue
    }
    const spans = range(group.heading + 1, group.end).map(index => blockSpan(model, index))
    steps.push({ title: headingTitle(title), path: groupPath, headingSpan, spans })
  }
  return {
    lead,
    steps,
    by:
      stepHeadings > 0 && stepHeadings === groups.length && leadSteps.length === 0
        ? 'step-headings'
        : 'headings'
  }
}

/**
 * A part titled as the work ("Tasks") whose body is one list (a line leading into it aside): each item is
 * a step. A body with more (numbered paragraphs each over its own list) keeps its own structure.
 */
function listsWork(model: MasterPlanModel, title: string, group: { heading: number; end: number }): boolean {
  if (!WORK_TITLE.test(title)) return false
  const body = range(group.heading + 1, group.end).filter(index => hasContent(model, blockSpan(model, index)))
  const last = body[body.length - 1]
  return (
    last !== undefined &&
    model.blocks[last]?.list !== undefined &&
    body.length <= 2 &&
    body.every(index => index === last || model.blocks[index]?.units[0]?.kind === 'paragraph')
  )
}

/**
 * Blocks of an unstructured body as steps: a paragraph opens a step, and what follows it up to the next
 * paragraph (code, lists, tables) belongs to it. Each is titled by its first sentence, never by the
 * phase's own heading.
 */
function paragraphSteps(
  model: MasterPlanModel,
  spans: readonly Span[],
  path: readonly string[],
  opensBody = false
): Draft[] {
  const groups: { spans: Span[]; titled: number }[] = []
  // Blocks that open the body before any paragraph (a table of old and new names) go with the first
  // paragraph, titled by it; after the purpose, code stands as a step of its own.
  let before: Span[] = []
  for (const span of spans) {
    const current = groups[groups.length - 1]
    if (!opensBody && !current) groups.push({ spans: [span], titled: 0 })
    else if (opensWithParagraph(model, span)) {
      groups.push({ spans: [...before, span], titled: before.length })
      before = []
    } else if (current) current.spans.push(span)
    else before.push(span)
  }
  if (before.length > 0) groups.push({ spans: before, titled: 0 })
  return groups.map(group => ({
    title: runTitle(model, group.spans.slice(group.titled)),
    path,
    spans: group.spans
  }))
}

/**
 * Whether a paragraph removes, renames, moves or changes code it names ("The `Receipt` class moves to
 * `billing.py`"): that is work for a step, whose targets and callers the plan lists, not a purpose.
 */
function actsOnCode(model: MasterPlanModel, span: Span): boolean {
  return citedNames(model, [span]).some(name => name.action !== 'mention' && name.action !== 'create')
}

function opensWithParagraph(model: MasterPlanModel, span: Span): boolean {
  return model.blocks[firstBlockEndingAfter(model.blocks, span.start)]?.units[0]?.kind === 'paragraph'
}

/**
 * Separators (`---`) at a step's edges are dropped; a step left with only its heading leads the next
 * step (or closes the previous one); a step with nothing left goes.
 */
function withoutEmptySteps(model: MasterPlanModel, drafts: readonly Draft[]): Draft[] {
  const trimmed = drafts.map(draft => ({ ...draft, spans: trimSpans(model, draft.spans) }))
  const kept: Draft[] = []
  let carried: Span[] = []
  for (const draft of trimmed) {
    const body = [...carried, ...draft.spans]
    carried = []
    if (draft.spans.length > 0) {
      kept.push({ ...draft, spans: body })
      continue
    }
    if (draft.headingSpan) carried = [...body, draft.headingSpan]
    else carried = body
  }
  if (kept.length === 0) return trimmed.filter(draft => draft.headingSpan !== undefined)
  const last = kept[kept.length - 1]
  if (carried.length > 0 && last) kept[kept.length - 1] = { ...last, spans: [...last.spans, ...carried] }
  return kept
}

function trimSpans(model: MasterPlanModel, spans: readonly Span[]): Span[] {
  let from = 0
  let to = spans.length
  while (from < to && !hasContent(model, spans[from] as Span)) from++
  while (to > from && !hasContent(model, spans[to - 1] as Span)) to--
  return spans.slice(from, to)
}
