/**
 * Copies master-plan text into the plan: byte for byte for code, with stale line-number references
 * removed from prose, and headings moved under the plan's own heading levels. Pure.
 */
import type { Block, MasterPlanModel, Range } from '../master-plan/model.js'
import { firstBlockEndingAfter, headingContent } from '../master-plan/units.js'

/** A stretch of the master plan's source, by offsets. */
export type Span = Range

const FILE_LINE = /(\b[\w./-]*\w\.[A-Za-z]\w{0,5}):(\d+)(?:\s*[-–]\s*\d+)?(?![\d\w])/g
const PAREN_LINES = /\s*\(\s*(?:see\s+)?(?:at\s+)?[Ll]ines?\s+\d+(?:\s*(?:[-–]|to)\s*\d+)?\s*\)/g
const BARE_LINES = /\b[Ll]ines?\s+\d+(?:\s*(?:[-–]|to)\s*\d+)?(?![\d\w])/g

/** Line numbers in a master plan go stale as soon as code moves; the plan names files and symbols instead. */
export function withoutLineReferences(text: string): string {
  if (!/\d/.test(text)) return text
  return text
    .replace(FILE_LINE, '$1')
    .replace(PAREN_LINES, '')
    .replace(BARE_LINES, '(line reference removed)')
}

export function hasLineReference(text: string): boolean {
  FILE_LINE.lastIndex = 0
  BARE_LINES.lastIndex = 0
  const found = FILE_LINE.test(text) || BARE_LINES.test(text)
  FILE_LINE.lastIndex = 0
  BARE_LINES.lastIndex = 0
  return found
}

/**
 * The text of a span as the plan shows it. Headings inside it are placed at `headingDepth` or deeper
 * (keeping their relative order), so they never outrank the plan's own step headings.
 */
export function copySpan(
  model: MasterPlanModel,
  span: Span,
  headingDepth: number
): { text: string; rewrote: boolean } {
  const pieces: string[] = []
  let rewrote = false
  const blocks = model.blocks
  let cursor = span.start
  for (let index = firstBlockEndingAfter(blocks, span.start); index < blocks.length; index++) {
    const block = blocks[index]
    if (!block || block.start >= span.end) break
    const start = Math.max(block.start, span.start)
    const end = Math.min(block.end, span.end)
    if (start > cursor) pieces.push(model.source.slice(cursor, start))
    const piece = copyBlock(model, block, start, end, headingDepth)
    rewrote ||= piece.rewrote
    pieces.push(piece.text)
    cursor = end
  }
  if (cursor < span.end) pieces.push(model.source.slice(cursor, span.end))
  return { text: pieces.join(''), rewrote }
}

function copyBlock(model: MasterPlanModel, block: Block, start: number, end: number, headingDepth: number) {
  const { source } = model
  if (block.type === 'heading') {
    const content = headingContent(source.slice(start, end))
    const depth = Math.min(6, headingDepth)
    const text = `${'#'.repeat(depth)} ${withoutLineReferences(content)}`
    return { text, rewrote: text !== `${'#'.repeat(depth)} ${content}` }
  }
  if (block.type === 'code') return { text: source.slice(start, end), rewrote: false }
  let text = ''
  let cursor = start
  for (const range of block.verbatim ?? []) {
    if (range.end <= start || range.start >= end) continue
    text += withoutLineReferences(source.slice(cursor, Math.max(cursor, range.start)))
    text += source.slice(Math.max(cursor, range.start), Math.min(end, range.end))
    cursor = Math.min(end, range.end)
  }
  text += withoutLineReferences(source.slice(cursor, end))
  return { text, rewrote: text !== source.slice(start, end) }
}
