/**
 * What a section body keeps of its parse (section-body.ts), computed where the parse runs: its units and
 * verbatim ranges, offsets in the segment's own text (heading line and body), a unit's text only when it
 * is not simply the text between its offsets (code and HTML values, heading titles). Sent across threads
 * instead of the segment's tree, a summary is a small fraction of it: the thread that reads the bodies
 * no longer builds and keeps trees it does not walk. Pure.
 */
import { summariseBlock } from './blocks.js'
import type { UnitKind } from './model.js'
import { parseSource } from './parse.js'

/** One unit: kind, start, end (in the segment's text), and its text when not `text.slice(start, end)`. */
export type UnitSummary = readonly [kind: UnitKind, start: number, end: number, text?: string]

export interface SegmentSummary {
  readonly units: readonly UnitSummary[]
  /** Code and HTML, copied byte for byte: `[start, end]` in the segment's text. */
  readonly verbatim: readonly (readonly [start: number, end: number])[]
}

/** The summary of a segment's body; undefined when its text does not open with a heading (a bug). */
export function summariseSegment(text: string): SegmentSummary | undefined {
  const [heading, ...rest] = parseSource(text).children
  if (heading?.type !== 'heading' || heading.position?.start.offset !== 0) return undefined
  const units: UnitSummary[] = []
  const verbatim: (readonly [number, number])[] = []
  for (const node of rest) {
    const block = summariseBlock(text, node)
    for (const unit of block.units) {
      const plain = unit.text === text.slice(unit.start, unit.end)
      units.push(plain ? [unit.kind, unit.start, unit.end] : [unit.kind, unit.start, unit.end, unit.text])
    }
    if (block.type === 'code') verbatim.push([block.start, block.end])
    else for (const range of block.verbatim ?? []) verbatim.push([range.start, range.end])
  }
  return { units, verbatim }
}

/**
 * Where `summariseSegments` sends its texts instead of summarising them here: the master plan parser's
 * thread (plan-parser/). Undefined: here.
 */
let elsewhere: ((texts: readonly string[]) => (SegmentSummary | undefined)[]) | undefined

/** Sends every later summary to `summarise` (undefined: summarise in this thread again). */
export function summariseSegmentsWith(
  summarise: ((texts: readonly string[]) => (SegmentSummary | undefined)[]) | undefined
): void {
  elsewhere = summarise
}

/** `summariseSegment` of each text; sent elsewhere, in one request, not one per text. */
export function summariseSegments(texts: readonly string[]): (SegmentSummary | undefined)[] {
  if (elsewhere) return elsewhere(texts)
  return texts.map(text => summariseSegment(text))
}
