/** Stretches of a phase's text by offsets: what holds content, a block's span, index ranges. Pure. */
import type { MasterPlanModel } from './model.js'
import type { Span } from './steps.js'

/** A span holds something a reader needs: not only rules (`---`), blank lines or empty HTML. */
export function hasContent(model: MasterPlanModel, span: Span): boolean {
  const text = model.source.slice(span.start, span.end).trim()
  return text !== '' && !/^(?:(?:[-*_]\s*){3,}\n*)+$/.test(text)
}

export function blockSpan(model: MasterPlanModel, index: number): Span {
  const block = model.blocks[index]
  return { start: block?.start ?? 0, end: block?.end ?? 0 }
}

export function range(from: number, to: number): number[] {
  const out: number[] = []
  for (let index = from; index < to; index++) out.push(index)
  return out
}
