/** Line numbers of the master plan's source, for "by heading and line range" references. Pure. */
import type { MasterPlanModel, Range } from '../master-plan/model.js'

const cache = new WeakMap<MasterPlanModel, number[]>()

/** Offsets at which each line of the source starts (line 1 at index 0). */
export function sourceLines(model: MasterPlanModel): number[] {
  const known = cache.get(model)
  if (known) return known
  const starts = [0]
  const { source } = model
  for (let at = source.indexOf('\n'); at !== -1; at = source.indexOf('\n', at + 1)) starts.push(at + 1)
  cache.set(model, starts)
  return starts
}

/** 1-based line of an offset. */
export function lineOf(starts: readonly number[], offset: number): number {
  let low = 0
  let high = starts.length - 1
  while (low < high) {
    const middle = (low + high + 1) >> 1
    if ((starts[middle] ?? 0) <= offset) low = middle
    else high = middle - 1
  }
  return low + 1
}

/** `12–30` for a span (its last line is the one holding its last character). */
export function lineSpan(starts: readonly number[], span: Range): string {
  const first = lineOf(starts, span.start)
  const last = lineOf(starts, Math.max(span.start, span.end - 1))
  return first === last ? `${first}` : `${first}–${last}`
}
