/**
 * The master plan as data: blocks, sections, phases. Offsets refer to the LF-normalised source.
 * A block is a summary of one top-level mdast node, taken while its tree was alive: a whole tree costs
 * about 19 bytes of heap per byte of source, so the model keeps only what scans over the whole document
 * need, and materialise.ts re-parses the few blocks whose full nodes a consumer reads.
 */
import type { RootContent } from 'mdast'

export type UnitKind = 'paragraph' | 'list-item' | 'code' | 'table-row' | 'heading' | 'html' | 'definition'

export interface Unit {
  readonly kind: UnitKind
  /** Source slice; for code, the code's value (what must appear byte for byte). */
  readonly text: string
  readonly start: number
  readonly end: number
}

export interface Range {
  readonly start: number
  readonly end: number
}

export interface Block {
  readonly type: RootContent['type']
  /** Offset of the start of the block's first line (indentation included). */
  readonly start: number
  readonly end: number
  /** Line number (1-based) of `start`. */
  readonly line: number
  /** The block's units in document order (see units.ts). */
  readonly units: readonly Unit[]
  /** Headings: depth 1–6 and the title as a reader sees it (markup removed). */
  readonly heading?: { readonly depth: number; readonly title: string }
  /** Paragraphs that open with bold text: that text, whitespace collapsed (a possible pseudo-heading). */
  readonly boldLabel?: string
  /** Lists: whether numbered, how many items, how many of them are task items (`- [ ]`). */
  readonly list?: { readonly ordered: boolean; readonly items: number; readonly tasks: number }
  /** Code and HTML inside a container block, from their line starts: copied without rewriting. */
  readonly verbatim?: readonly Range[]
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
  readonly blocks: readonly Block[]
  /**
   * Identifiers of the link and footnote definitions anywhere in the document: a block re-parsed alone
   * needs them to read `[x]` and `[^x]` as the whole document does.
   */
  readonly definitions: { readonly links: readonly string[]; readonly footnotes: readonly string[] }
  /** Every heading section (and the preamble, when there is text before the first heading). */
  readonly sections: readonly Section[]
  /** Sections whose heading names a phase, in document order, nested duplicates removed. */
  readonly phaseSections: readonly PhaseSection[]
  /** Front matter text, when present. */
  readonly frontMatter?: string
}
