/** Markdown → mdast with GFM and front matter; line endings normalised so offsets are stable. Pure. */
import { remark } from 'remark'
import remarkFrontmatter from 'remark-frontmatter'
import remarkGfm from 'remark-gfm'
import type { Nodes, Root, RootContent } from 'mdast'
import { countLines } from './text.js'

type Point = NonNullable<Root['position']>['start']

let processor: ReturnType<typeof makeProcessor> | undefined

function makeProcessor() {
  return remark().use(remarkGfm).use(remarkFrontmatter, ['yaml', 'toml'])
}

/** remark as the model uses it, set up on first use (a thread that never parses never builds it). */
function parseOne(text: string): Root {
  processor ??= makeProcessor()
  return processor.parse(text)
}

/**
 * Where `parseSource` sends its texts instead of parsing them here: the master plan parser's thread
 * (plan-parser/), which parses under the plan's time and memory budgets. Undefined: parse in this thread.
 * Section bodies read for their units are summarised there instead (segment-summary.ts).
 */
let elsewhere: ((sources: readonly string[]) => Root[]) | undefined

/** Sends every later parse to `parse` (undefined: parse in this thread again). */
export function parseSourceWith(parse: ((sources: readonly string[]) => Root[]) | undefined): void {
  elsewhere = parse
}

/**
 * Long documents are parsed in pieces of at least this many characters. micromark copies its whole
 * event list whenever a list or block quote closes after a blank or lazy line, so one parse of a long
 * list-heavy document is quadratic in time and keeps every event in memory: a 10 MB master plan takes
 * minutes and gigabytes whole, seconds and one tree's worth of memory in pieces.
 */
const PIECE_CHARS = 64 * 1024
/** An ATX heading at column 0: it closes every open container, so a piece may start there. */
const HEADING_LINE = /^#{1,6}(?=[ \t\n]|$)/gm
/** A first line that may open front matter (`---` YAML, `+++` TOML): matched loosely, on purpose. */
const FRONT_MATTER = /^(?:---|\+\+\+)/

/** CRLF and lone CR become LF and a leading BOM is dropped: every offset of the model refers to the result. */
export function normaliseLineEndings(text: string): string {
  const withoutBom = text.charCodeAt(0) === 0xfeff ? text.slice(1) : text
  return withoutBom.includes('\r') ? withoutBom.replace(/\r\n?/g, '\n') : withoutBom
}

/** The same tree as one parse of the whole `source`, built from pieces (see `parsePieces`). */
export function parseSource(source: string, pieceChars = PIECE_CHARS): Root {
  if (elsewhere) return elsewhere([source])[0] as Root
  const children: RootContent[] = []
  const position = parsePieces(
    source,
    {
      add: nodes => {
        for (const node of nodes) children.push(node)
      },
      restart: () => (children.length = 0)
    },
    pieceChars
  )
  return { type: 'root', children, ...(position ? { position } : {}) }
}

/** Receives a document's top-level nodes piece by piece, so a caller can keep a summary and drop the tree. */
export interface PieceSink {
  /** The next piece's top-level nodes, positions in document coordinates. */
  readonly add: (nodes: readonly RootContent[]) => void
  /** Everything added so far is void: a definition was found, and the whole document comes again at once. */
  readonly restart: () => void
}

/**
 * Hands the top-level nodes of one parse of `source` to `sink`, parsed in pieces cut before
 * top-level ATX headings; returns the root's position. A cut is kept only when parsing the piece plus the
 * heading's line yields that heading as the piece's last top-level node: then nothing open before it
 * (fenced code, HTML, front matter) swallows the heading, everything before it is closed exactly as in
 * the whole document, and the next piece starts from the same state as a fresh parse. Definitions are the
 * only state shared across a document: when a piece has one, the whole document is parsed at once.
 */
export function parsePieces(source: string, sink: PieceSink, pieceChars = PIECE_CHARS): Root['position'] {
  const from = source.length <= pieceChars ? undefined : firstCut(source)
  if (from === undefined) return whole(source, sink)
  const cuts: number[] = []
  for (const match of source.matchAll(HEADING_LINE)) if (match.index >= from) cuts.push(match.index)
  const mayDefine = source.includes(']:')
  let start = 0
  let line = 0
  let wanted = pieceChars
  let first: Point | undefined
  for (const cut of cuts) {
    if (cut - start < wanted) continue
    const lineEnd = source.indexOf('\n', cut)
    const piece = parseOne(source.slice(start, lineEnd === -1 ? source.length : lineEnd))
    first ??= piece.position?.start
    const last = piece.children[piece.children.length - 1]
    if (last?.type !== 'heading' || last.position?.start.offset !== cut - start) {
      // The heading is inside a block that began earlier: try a piece twice as long (linear overall).
      wanted = (cut - start) * 2
      continue
    }
    piece.children.pop()
    if (mayDefine && hasDefinition(piece)) return restart(source, sink)
    sink.add(piece.children.map(child => shifted(child, start, line)))
    line += countLines(source, start, cut)
    start = cut
    wanted = pieceChars
  }
  if (start === 0) return whole(source, sink)
  const rest = parseOne(source.slice(start))
  if (mayDefine && hasDefinition(rest)) return restart(source, sink)
  sink.add(rest.children.map(child => shifted(child, start, line)))
  const end = rest.position?.end
  return first && end ? { start: first, end: movePoint(end, start, line) } : undefined
}

function whole(source: string, sink: PieceSink): Root['position'] {
  const root = parseOne(source)
  sink.add(root.children)
  return root.position
}

function restart(source: string, sink: PieceSink): Root['position'] {
  sink.restart()
  return whole(source, sink)
}

/**
 * Where the first piece may end: not before the front matter closes. Its opening is matched loosely and
 * its closing strictly (a bare fence line), so the cut is never inside front matter, only maybe later.
 */
function firstCut(source: string): number | undefined {
  if (!FRONT_MATTER.test(source)) return 1
  const close = (source.startsWith('---') ? /\n---(?=\n|$)/ : /\n\+\+\+(?=\n|$)/).exec(source)
  return close ? close.index + close[0].length : undefined
}

function hasDefinition(root: Nodes): boolean {
  const stack: Nodes[] = [root]
  for (let node = stack.pop(); node; node = stack.pop()) {
    if (node.type === 'definition' || node.type === 'footnoteDefinition') return true
    if ('children' in node) for (const child of node.children) stack.push(child)
  }
  return false
}

function movePoint(point: Point, offset: number, lines: number): Point {
  return {
    line: point.line + lines,
    column: point.column,
    ...(point.offset === undefined ? {} : { offset: point.offset + offset })
  }
}

/** The node with every position moved from its piece into the document (a piece starts at a line start). */
export function shifted<T extends Nodes>(node: T, offset: number, lines: number): T {
  const stack: Nodes[] = [node]
  for (let current = stack.pop(); current; current = stack.pop()) {
    const position = current.position
    if (position) {
      current.position = {
        start: movePoint(position.start, offset, lines),
        end: movePoint(position.end, offset, lines)
      }
    }
    if ('children' in current) for (const child of current.children) stack.push(child)
  }
  return node
}
