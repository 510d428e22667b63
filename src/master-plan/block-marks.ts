/** Which blocks lie inside any of a set of sections (heading or bold label included). Pure. */

/** A section's span over the model's blocks: the label at `headingIndex`, the body up to `bodyEnd`. */
export interface BlockSpan {
  readonly headingIndex: number
  readonly bodyStart: number
  readonly bodyEnd: number
}

/** One mark per block, true inside any span: a difference array, so linear however many spans overlap. */
export function blockMarks(length: number, spans: readonly BlockSpan[]): boolean[] {
  const delta = new Array<number>(length + 1).fill(0)
  for (const span of spans) {
    // A whole-document section has no label (-1); a span past the blocks marks nothing.
    const start = Math.max(0, Math.min(span.headingIndex, span.bodyStart))
    if (span.bodyEnd > length) continue
    delta[start] = (delta[start] ?? 0) + 1
    delta[span.bodyEnd] = (delta[span.bodyEnd] ?? 0) - 1
  }
  const marks: boolean[] = []
  let depth = 0
  for (let index = 0; index < length; index++) {
    depth += delta[index] ?? 0
    marks.push(depth > 0)
  }
  return marks
}
