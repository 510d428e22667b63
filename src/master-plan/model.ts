/** The master plan as data: blocks, sections, phases. Offsets refer to the LF-normalised source. */
import type { Root, RootContent } from 'mdast'

export interface Block {
  readonly node: RootContent
  /** Offset of the start of the block's first line (indentation included). */
  readonly start: number
  readonly end: number
}

export interface Section {
  /** Heading text as a reader sees it (markup removed). */
  readonly title: string
  /** Heading depth 1–6; bold pseudo-headings sit half a level below their enclosing heading. */
  readonly depth: number
  /** Titles from the outermost enclosing heading down to this one. */
  readonly path: readonly string[]
  readonly kind: 'heading' | 'bold' | 'preamble'
  /** Index in `blocks` of the heading (or the bold paragraph); -1 for the preamble. */
  readonly headingIndex: number
  /** Body blocks are `blocks[bodyStart .. bodyEnd)`; a bold pseudo-heading's paragraph is part of its body. */
  readonly bodyStart: number
  readonly bodyEnd: number
}

export interface PhaseSection extends Section {
  readonly id: string
  readonly phaseTitle: string
}

export interface MasterPlanModel {
  readonly source: string
  readonly root: Root
  readonly blocks: readonly Block[]
  /** Every heading section (and the preamble, when there is text before the first heading). */
  readonly sections: readonly Section[]
  /** Sections whose heading names a phase, in document order, nested duplicates removed. */
  readonly phaseSections: readonly PhaseSection[]
  /** Front matter text, when present. */
  readonly frontMatter?: string
}
