/**
 * Units: the smallest pieces of a section that the plan must carry — paragraphs (in lists and quotes
 * too), code blocks, table rows, HTML, definitions and sub-headings. Coverage is measured over them.
 */
import type { Nodes, RootContent } from 'mdast'
import type { Block } from './model.js'
import { normaliseText } from './text.js'

export type UnitKind = 'paragraph' | 'list-item' | 'code' | 'table-row' | 'heading' | 'html' | 'definition'

export interface Unit {
  readonly kind: UnitKind
  /** Source slice; for code, the code's value (what must appear byte for byte). */
  readonly text: string
  readonly start: number
  readonly end: number
}

export function collectUnits(source: string, blocks: readonly Block[], from: number, to: number): Unit[] {
  const units: Unit[] = []
  for (let index = from; index < to; index++) {
    const block = blocks[index]
    if (block) visit(source, block.node, false, units)
  }
  return units
}

/** Units inside source spans (a span may be part of a block, e.g. one list item). */
export function unitsInSpans(
  source: string,
  blocks: readonly Block[],
  spans: readonly { start: number; end: number }[]
): Unit[] {
  const units: Unit[] = []
  for (const span of spans) {
    for (let index = firstBlockEndingAfter(blocks, span.start); index < blocks.length; index++) {
      const block = blocks[index]
      if (!block || block.start >= span.end) break
      visit(source, block.node, false, units, span)
    }
  }
  return units
}

/** Binary search over blocks in document order: the first block that ends after `offset`. */
export function firstBlockEndingAfter(blocks: readonly Block[], offset: number): number {
  let low = 0
  let high = blocks.length
  while (low < high) {
    const middle = (low + high) >> 1
    if ((blocks[middle]?.end ?? 0) <= offset) low = middle + 1
    else high = middle
  }
  return low
}

function visit(
  source: string,
  node: RootContent | Nodes,
  inList: boolean,
  units: Unit[],
  within?: { start: number; end: number }
): void {
  const start = node.position?.start.offset ?? 0
  const end = node.position?.end.offset ?? 0
  if (within && (end <= within.start || start >= within.end)) return
  switch (node.type) {
    case 'paragraph':
      units.push({ kind: inList ? 'list-item' : 'paragraph', text: source.slice(start, end), start, end })
      return
    case 'heading':
      units.push({ kind: 'heading', text: headingContent(source.slice(start, end)), start, end })
      return
    case 'code':
      units.push({ kind: 'code', text: node.value, start, end })
      return
    case 'html':
      if (node.value.trim() !== '') units.push({ kind: 'html', text: node.value, start, end })
      return
    case 'definition':
      units.push({ kind: 'definition', text: source.slice(start, end), start, end })
      return
    case 'table':
      for (const row of node.children) {
        const rowStart = row.position?.start.offset ?? 0
        const rowEnd = row.position?.end.offset ?? 0
        units.push({ kind: 'table-row', text: source.slice(rowStart, rowEnd), start: rowStart, end: rowEnd })
      }
      return
    case 'list':
    case 'listItem':
      for (const child of node.children) visit(source, child, true, units, within)
      return
    case 'blockquote':
    case 'footnoteDefinition':
      for (const child of node.children) visit(source, child, inList, units, within)
      return
    default:
      return
  }
}

/** `### Title ###` → `Title`; setext underline dropped. */
export function headingContent(slice: string): string {
  const firstLine = slice.split('\n')[0] ?? ''
  if (/^\s{0,3}#/.test(firstLine)) {
    return firstLine
      .replace(/^\s{0,3}#{1,6}[ \t]*/, '')
      .replace(/[ \t]+#+[ \t]*$/, '')
      .trim()
  }
  return firstLine.trim()
}

/** The form in which a unit is looked for in a rendered plan. */
export function unitNeedle(unit: Unit, rewrite: (text: string) => string): string {
  return unit.kind === 'code' ? unit.text : normaliseText(rewrite(unit.text))
}
