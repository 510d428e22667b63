/**
 * Copies master-plan text into the plan: byte for byte for code, prose through a rewrite (re-grounded
 * line references), and headings moved under the plan's own heading levels. Pure.
 */
import type { Block, MasterPlanModel, Range } from '../master-plan/model.js'
import { firstBlockEndingAfter, headingContent } from '../master-plan/units.js'

/** A stretch of the master plan's source, by offsets. */
export type Span = Range

/** Rewrites a prose slice that starts at `offset` in the master plan's source. */
export type ProseRewrite = (text: string, offset: number) => string

const unchanged: ProseRewrite = text => text

/**
 * The text of a span as the plan shows it. Headings inside it are placed at `headingDepth` or deeper
 * (keeping their relative order), so they never outrank the plan's own step headings.
 */
export function copySpan(
  model: MasterPlanModel,
  span: Span,
  headingDepth: number,
  rewrite: ProseRewrite = unchanged
): string {
  const pieces: string[] = []
  const blocks = model.blocks
  let cursor = span.start
  for (let index = firstBlockEndingAfter(blocks, span.start); index < blocks.length; index++) {
    const block = blocks[index]
    if (!block || block.start >= span.end) break
    const start = Math.max(block.start, span.start)
    const end = Math.min(block.end, span.end)
    if (start > cursor) pieces.push(model.source.slice(cursor, start))
    pieces.push(copyBlock(model, block, start, end, headingDepth, rewrite))
    cursor = end
  }
  if (cursor < span.end) pieces.push(model.source.slice(cursor, span.end))
  return pieces.join('')
}

function copyBlock(
  model: MasterPlanModel,
  block: Block,
  start: number,
  end: number,
  headingDepth: number,
  rewrite: ProseRewrite
): string {
  const { source } = model
  if (block.type === 'heading') {
    const raw = source.slice(start, end)
    const content = headingContent(raw)
    const at = raw.indexOf(content)
    const depth = Math.min(6, headingDepth)
    return `${'#'.repeat(depth)} ${rewrite(content, start + (at === -1 ? 0 : at))}`
  }
  if (block.type === 'code') return source.slice(start, end)
  let text = ''
  let cursor = start
  for (const range of block.verbatim ?? []) {
    if (range.end <= start || range.start >= end) continue
    const proseEnd = Math.max(cursor, range.start)
    text += rewrite(source.slice(cursor, proseEnd), cursor)
    text += source.slice(proseEnd, Math.min(end, range.end))
    cursor = Math.min(end, range.end)
  }
  text += rewrite(source.slice(cursor, end), cursor)
  return text
}

/**
 * A span that is one row of a table (an index table's entry for the phase), with the table's header and
 * delimiter rows before it, so the row reads as a table; undefined for any other span.
 */
export function tableRowWithHeader(model: MasterPlanModel, span: Span): string | undefined {
  const block = model.blocks[firstBlockEndingAfter(model.blocks, span.start)]
  if (block?.type !== 'table' || span.start <= block.start || span.end > block.end) return undefined
  const lines = model.source.slice(block.start, block.end).split('\n')
  const [header, delimiter] = lines
  const row = model.source.slice(span.start, span.end)
  if (header === undefined || delimiter === undefined || row.includes('\n')) return undefined
  return `${header.trim()}\n${delimiter.trim()}\n${row.trim()}`
}
