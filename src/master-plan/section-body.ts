/**
 * A section body the model has not parsed: the text between a heading and the next heading of another
 * phase's section, which the requested phase does not need (phase-model.ts). It stands in `model.blocks`
 * as one block spanning its top-level blocks. Its units — all of theirs, in order — and its nodes are
 * read on first use, by parsing the heading and the body alone (the heading line closes everything
 * before it, so that gives the nodes one parse of the whole document gives); until then only its raw
 * text is there, which lets a reader look for a word before it asks for units (`mayHold`). Pure.
 */
import type { Root, RootContent } from 'mdast'
import { summariseBlock } from './blocks.js'
import type { Block, MasterPlanModel, Range, Unit } from './model.js'
import { parseSource, shifted } from './parse.js'
import { summariseSegments, type SegmentSummary } from './segment-summary.js'

export const SECTION_BODY = 'section-body'

/** Text of the bodies `readAll` sends in one request at most (a body larger is sent alone). */
const BATCH_CHARS = 64 * 1024

/** Where the body's segment starts (its heading line) and ends, and where its text starts and ends. */
export interface BodyPlace {
  /** Offset and 1-based line of the heading line that opens the segment. */
  readonly segmentStart: number
  readonly segmentLine: number
  /** Offset after the last character of the segment (the next heading's start). */
  readonly segmentEnd: number
  /** Start of the body's first non-blank line, its line, and the end of its last non-blank line. */
  readonly start: number
  readonly line: number
  readonly end: number
}

/** What a body keeps of its parse: the summaries scans read. Its nodes are kept only once asked for. */
interface Parsed {
  readonly units: readonly Unit[]
  readonly verbatim: readonly Range[]
}

export class SectionBody implements Block {
  readonly type = SECTION_BODY
  readonly start: number
  /** The end of its last non-blank line: at or after the end of its last block. */
  readonly end: number
  readonly line: number
  /** Where it stands: plain data, so a copy sent to another thread can be made a body again there. */
  readonly place: BodyPlace
  readonly #source: string
  #parsed: Parsed | undefined
  /**
   * Its top-level nodes, once a reader walked them (`container`). Its units come from a summary of its
   * parse (segment-summary.ts), made where the parse runs: a tree is some 19 bytes of heap per byte of
   * text, and the bodies a large plan's run reads for units (the mentions of a phase, what may have
   * leaked) would otherwise cross threads, and stay in memory, as trees.
   */
  #nodes: readonly RootContent[] | undefined

  constructor(source: string, place: BodyPlace) {
    this.#source = source
    this.place = place
    this.start = place.start
    this.end = place.end
    this.line = place.line
  }

  /** The units of its blocks, in document order (parsed on first use). */
  get units(): readonly Unit[] {
    return this.parsed().units
  }

  /** Code and HTML, which a copy keeps byte for byte: its top-level code blocks whole, and what its other blocks hold. */
  get verbatim(): readonly Range[] {
    return this.parsed().verbatim
  }

  /** Whether the body's text holds `text`: false means no unit of it does (units are slices of it). */
  mayHold(text: string): boolean {
    return this.#source.slice(this.start, this.end).includes(text)
  }

  /**
   * Whether the body's text holds `word` standing alone (not inside a longer run of word characters):
   * false means no unit of it does.
   */
  holdsWord(word: string): boolean {
    if (!this.mayHold(word)) return false
    const escaped = word.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')
    return new RegExp(`(?<![\\w])${escaped}(?![\\w])`).test(this.text())
  }

  /** Its lines, with where code may stand (`bodyLines`); not kept (a large plan has many bodies). */
  lines(): readonly BodyLine[] {
    return bodyLines(this.text())
  }

  /** The body's raw text. */
  text(): string {
    return this.#source.slice(this.start, this.end)
  }

  /** Whether its units have been read (parsed) already. */
  get isParsed(): boolean {
    return this.#parsed !== undefined
  }

  /** Its top-level nodes as one container (type `root`), for readers that walk nodes. */
  container(): RootContent {
    const nodes = this.#nodes ?? this.adoptNodes(parseSource(this.segmentText()))
    const first = nodes[0]?.position?.start
    const last = nodes[nodes.length - 1]?.position?.end
    const root: Root = {
      type: 'root',
      children: [...nodes],
      ...(first && last ? { position: { start: first, end: last } } : {})
    }
    // A container, not a block of the document: readers that walk children (names.ts) see its nodes.
    return root as unknown as RootContent
  }

  /**
   * Parses the bodies of `bodies` not read yet, together: where parses go to the parser's thread, one
   * request for up to `BATCH_CHARS` of their text instead of one round trip per body.
   */
  static readAll(bodies: Iterable<SectionBody>): void {
    let batch: SectionBody[] = []
    let chars = 0
    const flush = (): void => {
      const summaries = summariseSegments(batch.map(body => body.segmentText()))
      batch.forEach((body, index) => body.adoptSummary(summaries[index]))
      batch = []
      chars = 0
    }
    for (const body of new Set(bodies)) {
      if (body.#parsed) continue
      batch.push(body)
      chars += body.place.segmentEnd - body.place.segmentStart
      if (chars >= BATCH_CHARS) flush()
    }
    if (batch.length > 0) flush()
  }

  private segmentText(): string {
    return this.#source.slice(this.place.segmentStart, this.place.segmentEnd)
  }

  private parsed(): Parsed {
    return this.#parsed ?? this.adoptSummary(summariseSegments([this.segmentText()])[0])
  }

  /** Its units and verbatim ranges from its segment's summary (offsets in the segment's text). */
  private adoptSummary(summary: SegmentSummary | undefined): Parsed {
    if (!summary) throw this.unreadable()
    const base = this.place.segmentStart
    const source = this.#source
    this.#parsed = {
      units: summary.units.map(([kind, start, end, text]) => ({
        kind,
        text: text ?? source.slice(base + start, base + end),
        start: base + start,
        end: base + end
      })),
      verbatim: summary.verbatim.map(([start, end]) => ({ start: base + start, end: base + end }))
    }
    return this.#parsed
  }

  private unreadable(): Error {
    return new Error(
      `plan-phase could not read the master plan's section at line ${this.place.segmentLine} on its own: this is a plan-phase bug; please report it with the master plan.`
    )
  }

  /**
   * Its nodes from the parse of its segment (heading line and body), kept; its units too when not read
   * yet. Returns the nodes.
   */
  private adoptNodes(root: Root): readonly RootContent[] {
    const place = this.place
    const [heading, ...rest] = root.children
    if (heading?.type !== 'heading' || heading.position?.start.offset !== 0) throw this.unreadable()
    const nodes = rest.map(node => shifted(node, place.segmentStart, place.segmentLine - 1))
    if (!this.#parsed) {
      const blocks = nodes.map(node => summariseBlock(this.#source, node))
      this.#parsed = {
        units: blocks.flatMap(block => block.units),
        verbatim: blocks.flatMap(block =>
          block.type === 'code' ? [{ start: block.start, end: block.end }] : (block.verbatim ?? [])
        )
      }
    }
    this.#nodes = nodes
    return nodes
  }
}

export function isSectionBody(block: Block): block is SectionBody {
  return block instanceof SectionBody
}

/**
 * The model as it arrives from another thread (a structured clone keeps a body's data, not its class):
 * each copied body made a body again, in place. The model's arrays are the copy's own.
 */
export function reviveSectionBodies(model: MasterPlanModel): void {
  const blocks = model.blocks as Block[]
  blocks.forEach((block, index) => {
    if (block.type === SECTION_BODY && !isSectionBody(block))
      blocks[index] = new SectionBody(model.source, (block as unknown as { place: BodyPlace }).place)
  })
}

/**
 * The units of `blocks[from .. to)`, an unparsed body's only when `mayHold` says its text may hold what
 * the reader looks for (a unit is a slice of its body's text, code without its indentation). Lazy: a
 * reader that stops early parses no further.
 */
export function* unitsWhere(
  blocks: readonly Block[],
  from: number,
  to: number,
  mayHold: (body: SectionBody) => boolean
): Generator<Unit> {
  for (let index = from; index < to; index++) {
    const block = blocks[index]
    if (!block) continue
    if (isSectionBody(block) && !block.isParsed && !mayHold(block)) continue
    yield* block.units
  }
}

/** The units of `blocks[from .. to)`, an unparsed body's only when its text holds one of `words`. */
export function unitsHolding(
  blocks: readonly Block[],
  from: number,
  to: number,
  words: readonly string[]
): Unit[] {
  return [...unitsWhere(blocks, from, to, body => words.some(word => body.mayHold(word)))]
}

/** A line of an unparsed body's text, and whether code may stand on it. */
export interface BodyLine {
  readonly text: string
  /** Offset of the line in the body's text. */
  readonly at: number
  /** The opening or closing line of a fence at column 0: neither code nor text of any unit. */
  readonly fence: boolean
  /** Inside a fenced code block opened at column 0: code, whatever it looks like. */
  readonly fenced: boolean
  /** The first non-blank line inside such a fence: where a code unit's text starts. */
  readonly firstFenced: boolean
  /** Code may stand here: fenced, or the line starts with a space, a tab or `>` (never false where code is). */
  readonly code: boolean
}

/**
 * The lines of an unparsed body's text, with where code may stand. In a body the line scan left plain, a
 * fence opened at column 0 runs to its closing line (nothing else ends it), and every other code line is
 * indented or quoted: a fence indented 1–3 columns kept every line of it as indented (else the scan
 * stops being sure), and a list item's or quote's code is indented or quoted too.
 */
export function bodyLines(text: string): BodyLine[] {
  const out: BodyLine[] = []
  let fence: string | undefined
  let first = false
  let at = 0
  for (const line of text.split('\n')) {
    const plain = { text: line, at, fence: false, fenced: false, firstFenced: false }
    at += line.length + 1
    if (fence !== undefined) {
      const closer = /^ {0,3}(`{3,}|~{3,})[ \t]*$/.exec(line)?.[1]
      if (closer && closer.charAt(0) === fence.charAt(0) && closer.length >= fence.length) {
        fence = undefined
        out.push({ ...plain, fence: true, code: false })
        continue
      }
      const firstFenced = first && line.trim() !== ''
      if (firstFenced) first = false
      out.push({ ...plain, fenced: true, firstFenced, code: true })
      continue
    }
    const opener = /^(`{3,}|~{3,})(.*)$/.exec(line)
    if (opener?.[1] && !(opener[1].startsWith('`') && opener[2]?.includes('`'))) {
      fence = opener[1]
      first = true
      out.push({ ...plain, fence: true, code: false })
      continue
    }
    out.push({ ...plain, code: /^[ \t>]/.test(line) })
  }
  return out
}
