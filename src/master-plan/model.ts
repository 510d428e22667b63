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
  /** The node's type; `section-body` for a section the model left unparsed (section-body.ts). */
  readonly type: RootContent['type'] | 'section-body'
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
  readonly kind: 'heading' | 'bold' | 'preamble' | 'entry' | 'linked'
  /** Index in `blocks` of the heading (or the bold paragraph, entry block or first linked block); -1 for the preamble. */
  readonly headingIndex: number
  /** Body blocks are `blocks[bodyStart .. bodyEnd)`; a bold pseudo-heading's paragraph is part of its body. */
  readonly bodyStart: number
  readonly bodyEnd: number
}

/** Which rule of docs/phases.md found a phase section. */
export type PhaseRule =
  'heading' | 'bold-label' | 'document' | 'table-row' | 'list-item' | 'anchor' | 'linked-file'

export interface PhaseSection extends Section {
  /** The phase's canonical id: the master plan's own spelling, the same in every section of the phase. */
  readonly id: string
  /** The title this section gives the phase (status marks and a repeated label removed). */
  readonly phaseTitle: string
  /** Status marks this section carried (`✅ COMPLETE`, `[x]`, a status column's text). */
  readonly status: readonly string[]
  readonly rule: PhaseRule
  /** `summary`: an index entry or label whose phase has its details elsewhere (linked content, a heading). */
  readonly role: 'content' | 'summary'
  /** 1-based line of the label or entry in its file. */
  readonly line: number
  /** Table rows and list items: the entry's own stretch of block `bodyStart` (then `bodyEnd` is `bodyStart + 1`). */
  readonly entry?: Range
  /** Linked content: the repository path of the file it was read from, with `#anchor` when one. */
  readonly file?: string
}

/** A link on a phase label or an index entry, and what became of it. */
export interface PhaseLink {
  readonly ids: readonly string[]
  /** The link's target as written. */
  readonly url: string
  /** Line of the label or entry that carries it. */
  readonly line: number
  /** Repository path of the linked Markdown file, for links plan-phase reads. */
  readonly path?: string
  readonly anchor?: string
  /** Followed (its content is the phase's), or why not. */
  readonly outcome: 'followed' | 'unreadable' | 'not-followed'
  readonly reason?: string
}

/** A stretch of `source` that came from one file: the master plan first, then linked content. */
export interface SourceDocument {
  /** Repository path; '' for the master plan when its path is not known. */
  readonly path: string
  readonly anchor?: string
  readonly start: number
  readonly end: number
  /** Lines of its file before its text (an anchored section starts inside its file). */
  readonly lineOffset: number
  /** Its blocks are `blocks[firstBlock .. endBlock)`. */
  readonly firstBlock: number
  readonly endBlock: number
}

export interface MasterPlanModel {
  readonly source: string
  readonly blocks: readonly Block[]
  /**
   * Identifiers of the link and footnote definitions anywhere in the document: a block re-parsed alone
   * needs them to read `[x]` and `[^x]` as the whole document does.
   */
  readonly definitions: { readonly links: readonly string[]; readonly footnotes: readonly string[] }
  /** Every heading section of the master plan itself (and the preamble, when there is text before the first heading). */
  readonly sections: readonly Section[]
  /** Every section of every phase (docs/phases.md), in document order, nested duplicates removed. */
  readonly phaseSections: readonly PhaseSection[]
  /** Links on phase labels and index entries, followed or not. */
  readonly phaseLinks: readonly PhaseLink[]
  /** The master plan, then each piece of linked content appended to `source`. */
  readonly documents: readonly SourceDocument[]
  /** Front matter text, when present. */
  readonly frontMatter?: string
}
