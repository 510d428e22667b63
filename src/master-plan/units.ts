/**
 * Units: the smallest pieces of a section that the plan must carry — paragraphs (in lists and quotes
 * too), code blocks, table rows, HTML, definitions and sub-headings. Coverage is measured over them.
 */
import type { Nodes, RootContent } from 'mdast'
import type { Block, MasterPlanModel, Range, Unit } from './model.js'
import { normaliseText } from './text.js'

export type { Unit, UnitKind } from './model.js'

export function collectUnits(blocks: readonly Block[], from: number, to: number): Unit[] {
  const units: Unit[] = []
  for (let index = from; index < to; index++) {
    const block = blocks[index]
    if (block) units.push(...block.units)
  }
  return units
}

/**
 * Units inside source spans. A span that covers whole blocks takes their units as summarised; a span that
 * is part of a block (one list item) needs the block's nodes, re-parsed.
 */
export function unitsInSpans(model: MasterPlanModel, spans: readonly Range[]): Unit[] {
  const { blocks } = model
  const units: Unit[] = []
  for (const span of spans) {
    for (let index = firstBlockEndingAfter(blocks, span.start); index < blocks.length; index++) {
      const block = blocks[index]
      if (!block || block.start >= span.end) break
      if (span.start <= block.start && block.end <= span.end) units.push(...block.units)
      // Part of a block (one list item): its units are the block's units that lie in the span.
      else
        for (const unit of block.units) if (unit.end > span.start && unit.start < span.end) units.push(unit)
    }
  }
  return units
}

/** The units of one node, in document order. */
export function nodeUnits(source: string, node: RootContent): Unit[] {
  const units: Unit[] = []
  visit(source, node, false, units)
  return units
}

/** Binary search over blocks in document order: the first block that ends after `offset`. */
export function firstBlockEndingAfter(blocks: readonly Range[], offset: number): number {
  let low = 0
  let high = blocks.length
  while (low < high) {
    const middle = (low + high) >> 1
    if ((blocks[middle]?.end ?? 0) <= offset) low = middle + 1
    else high = middle
  }
  return low
}

function visit(source: string, node: RootContent | Nodes, inList: boolean, units: Unit[]): void {
  const start = node.position?.start.offset ?? 0
  const end = node.position?.end.offset ?? 0
  switch (node.type) {
    case 'paragraph': {
      // remark starts a task item's paragraph at its box when the text opens with code, after it
      // otherwise: every item starts after the box, so items of one list share a column.
      const box = inList ? /^\[[ xX]\][ \t]+/.exec(source.slice(start, Math.min(end, start + 8))) : null
      const from = box ? start + box[0].length : start
      units.push({
        kind: inList ? 'list-item' : 'paragraph',
        text: source.slice(from, end),
        start: from,
        end
      })
      return
    }
    case 'heading':
      units.push({ kind: 'heading', text: headingContent(source.slice(start, end)), start, end })
      return
    case 'code':
      units.push({ kind: 'code', text: shared(source, node.value, start, end), start, end })
      return
    case 'html':
      if (node.value.trim() !== '')
        units.push({ kind: 'html', text: shared(source, node.value, start, end), start, end })
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
      for (const child of node.children) visit(source, child, true, units)
      return
    case 'blockquote':
    case 'footnoteDefinition':
      for (const child of node.children) visit(source, child, inList, units)
      return
    default:
      return
  }
}

/**
 * The value itself when it stands in the node's source as it is (unindented code, most HTML): a slice
 * shares the source's memory, while the parser's value is a copy the model would keep for every block.
 */
function shared(source: string, value: string, start: number, end: number): string {
  const at = source.slice(start, end).indexOf(value)
  return at === -1 ? value : source.slice(start + at, start + at + value.length)
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
