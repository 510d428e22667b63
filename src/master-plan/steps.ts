/**
 * A phase's own structure as ordered sub-steps with stable ids (`3.1`, `3.2`, …). Sub-headings make
 * steps; without them, the items of a top-level numbered list do; otherwise the body is one step.
 */
import { blockNodes } from './materialise.js'
import type { MasterPlanModel, PhaseSection, Range } from './model.js'
import { lineStart, nodeText } from './text.js'

/** A run of blocks (or one list item) copied verbatim into the plan. */
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
  /** The phase's opening text: blocks before its first sub-step, in the first section. */
  readonly intro: readonly Span[]
  readonly steps: readonly Step[]
}

export function phaseStructure(
  model: MasterPlanModel,
  phaseId: string,
  sections: readonly PhaseSection[]
): PhaseStructure {
  const intro: Span[] = []
  const steps: Step[] = []
  const nextId = (): string => `${phaseId}.${steps.length + 1}`
  sections.forEach((section, sectionIndex) => {
    const { bodyStart, bodyEnd } = section
    const blocks = model.blocks
    let stepDepth = 7
    for (let index = bodyStart; index < bodyEnd; index++) {
      const heading = blocks[index]?.heading
      if (heading) stepDepth = Math.min(stepDepth, heading.depth)
    }
    const leading: Span[] = []
    if (stepDepth <= 6) {
      let index = bodyStart
      for (; index < bodyEnd && !blocks[index]?.heading; index++) leading.push(blockSpan(model, index))
      while (index < bodyEnd) {
        const heading = blocks[index]
        if (!heading) break
        const spans: Span[] = []
        let next = index + 1
        for (; next < bodyEnd; next++) {
          const depth = blocks[next]?.heading?.depth
          if (depth !== undefined && depth <= stepDepth) break
          spans.push(blockSpan(model, next))
        }
        const title = heading.heading?.title ?? ''
        steps.push({
          id: nextId(),
          title,
          path: [...section.path, title],
          headingSpan: { start: heading.start, end: heading.end },
          spans
        })
        index = next
      }
    } else {
      const listIndex = orderedListIndex(model, bodyStart, bodyEnd)
      if (listIndex === -1) {
        const spans = range(bodyStart, bodyEnd).map(index => blockSpan(model, index))
        if (sectionIndex === 0 && sections.length === 1 && spans.length > 1 && section.kind === 'heading') {
          leading.push(spans.shift() as Span)
        }
        if (spans.length > 0) steps.push({ id: nextId(), title: section.title, path: section.path, spans })
      } else {
        for (let index = bodyStart; index < listIndex; index++) leading.push(blockSpan(model, index))
        const list = blockNodes(model, listIndex, listIndex + 1)[0]
        for (const item of list?.type === 'list' ? list.children : []) {
          const start = item.position?.start.offset ?? 0
          const title = firstLine(nodeText(item))
          steps.push({
            id: nextId(),
            title,
            path: [...section.path, title],
            spans: [{ start: lineStart(model.source, start), end: item.position?.end.offset ?? start }]
          })
        }
        const trailing = range(listIndex + 1, bodyEnd).map(index => blockSpan(model, index))
        if (trailing.length > 0) {
          steps.push({
            id: nextId(),
            title: `${section.title} (continued)`,
            path: section.path,
            spans: trailing
          })
        }
      }
    }
    if (sectionIndex === 0) intro.push(...leading)
    else if (leading.length > 0) {
      steps.push({ id: nextId(), title: section.title, path: section.path, spans: leading })
    }
  })
  return { intro, steps }
}

function orderedListIndex(model: MasterPlanModel, from: number, to: number): number {
  for (let index = from; index < to; index++) {
    const list = model.blocks[index]?.list
    if (list?.ordered && list.items >= 2) return index
  }
  return -1
}

function blockSpan(model: MasterPlanModel, index: number): Span {
  const block = model.blocks[index]
  return { start: block?.start ?? 0, end: block?.end ?? 0 }
}

function range(from: number, to: number): number[] {
  const out: number[] = []
  for (let index = from; index < to; index++) out.push(index)
  return out
}

function firstLine(text: string): string {
  const line = text.trim().split('\n')[0] ?? ''
  return line.length > 100 ? `${line.slice(0, 97)}…` : line
}
