/**
 * A fence-aware scan of the master plan's lines, without a parser: where its top-level ATX headings are,
 * so each stretch from one heading to the next (a segment) can be parsed alone, or left unparsed when a
 * phase does not need it. Linear, one pass. Pure.
 *
 * A `#` heading at column 0 closes every container and interrupts every paragraph: it can only be
 * something else inside a top-level fenced code block or HTML block. The scan follows those, and cuts
 * only where it is sure. Where it cannot be sure (a fence indented 1–3 columns may belong to a list item,
 * whose end closes it early), it stops cutting: the rest is one segment, parsed as a whole.
 *
 * A segment's body is `plain` — safe to leave unparsed — when nothing in it could be read differently
 * from outside: no heading the scan does not cut at (indented, setext, in HTML), no HTML (a heading's
 * anchor may be the block before it), and no doubt about its fences. Lines that open a bold paragraph
 * with a phase or step word (maybe a phase label) are listed: whether they are is for the caller to read.
 */
import { startsWithLabelWord } from './labels.js'
import { countLines } from './text.js'

export interface Segment {
  /** Offset of the heading line that opens it; 0 for the text before the first heading. */
  readonly start: number
  /** Offset just after the heading line (its line ending included); `start` for the preamble. */
  readonly bodyStart: number
  /** Offset where the next segment starts (or the source's length). */
  readonly end: number
  /** 1-based line of `start`. */
  readonly line: number
  /** False for the preamble (it has no heading line). */
  readonly heading: boolean
  readonly plain: boolean
  /** Offsets of body lines that open a bold paragraph with a phase or step word. */
  readonly boldLabels: readonly number[]
}

const ATX_AT_COLUMN_0 = /^#{1,6}(?:[ \t]|$)/
const ATX_INDENTED = /^ {1,3}#{1,6}(?:[ \t]|$)/
const FENCE = /^( {0,3})(`{3,}|~{3,})(.*)$/
const SETEXT_UNDERLINE = /^ {0,3}(?:=+|-+)[ \t]*$/
const HTML_START = /^ {0,3}</
const BOLD_START = /^ {0,3}(?:\*\*|__)/
/** HTML blocks that run past blank lines (CommonMark types 1–5), and the text that ends each. */
const HTML_UNTIL: readonly (readonly [RegExp, RegExp])[] = [
  [/^ {0,3}<(?:script|pre|style|textarea)(?:[\s>]|$)/i, /<\/(?:script|pre|style|textarea)>/i],
  [/^ {0,3}<!--/, /-->/],
  [/^ {0,3}<\?/, /\?>/],
  [/^ {0,3}<!\[CDATA\[/, /\]\]>/],
  [/^ {0,3}<![A-Za-z]/, />/]
]
/** A line whose text (after any container markers) opens with `[`, not a task box. */
const BRACKET_START = /^(?:[ \t>]|(?:[-*+]|\d{1,9}[.)])[ \t])*\[(?![ xX]\][ \t])/gm

interface OpenFence {
  readonly char: string
  readonly length: number
  readonly indent: number
}

/** The segments of `source` (LF line endings), or undefined when it must be parsed whole. */
export function scanSegments(source: string): Segment[] | undefined {
  if (mayDefine(source)) return undefined
  const segments: {
    start: number
    bodyStart: number
    line: number
    heading: boolean
    plain: boolean
    boldLabels: number[]
  }[] = []
  let current = { start: 0, bodyStart: 0, line: 1, heading: false, plain: false, boldLabels: [] as number[] }
  segments.push(current)
  let at = frontMatterEnd(source)
  if (at === undefined) return undefined
  let line = at === 0 ? 1 : countLines(source, 0, at) + 1
  let fence: OpenFence | undefined
  let html: RegExp | 'blank' | undefined
  let sure = true
  let previousBlank = true
  while (at < source.length) {
    const newline = source.indexOf('\n', at)
    const end = newline === -1 ? source.length : newline
    const next = newline === -1 ? source.length : newline + 1
    const text = source.slice(at, end)
    const blank = text.trim() === ''
    if (fence) {
      // A fence indented 1–3 columns may sit in a list item, and a line left of it ends the item and the
      // fence early (then even its closing line opens a new one): code and text can no longer be told
      // apart, so the scan stops cutting.
      if (fence.indent > 0 && !blank && indentOf(text) < fence.indent) sure = false
      if (isCloser(text, fence)) fence = undefined
    } else if (html !== undefined) {
      if (ATX_AT_COLUMN_0.test(text)) current.plain = false
      if (html === 'blank' ? blank : html.test(text)) html = undefined
    } else if (sure && ATX_AT_COLUMN_0.test(text)) {
      current = { start: at, bodyStart: next, line, heading: true, plain: true, boldLabels: [] }
      segments.push(current)
    } else {
      const opened = FENCE.exec(text)
      if (opened && !(opened[2]?.startsWith('`') && opened[3]?.includes('`'))) {
        const marker = opened[2] ?? '```'
        fence = { char: marker.charAt(0), length: marker.length, indent: opened[1]?.length ?? 0 }
      } else if (HTML_START.test(text)) {
        current.plain = false
        const kind = HTML_UNTIL.find(([opens]) => opens.test(text))
        const rest = text.replace(/^ {0,3}</, '')
        html = kind ? (kind[1].test(rest) ? undefined : kind[1]) : 'blank'
      } else if (ATX_INDENTED.test(text) || ATX_AT_COLUMN_0.test(text)) {
        current.plain = false
      } else if (!previousBlank && SETEXT_UNDERLINE.test(text)) {
        current.plain = false
      } else if (BOLD_START.test(text) && startsWithLabelWord(text.replace(BOLD_START, ''))) {
        current.boldLabels.push(at)
      }
    }
    if (!sure) current.plain = false
    previousBlank = blank
    at = next
    line++
  }
  return segments.map((segment, index) => ({
    ...segment,
    end: segments[index + 1]?.start ?? source.length
  }))
}

/**
 * Whether the source may hold a link or footnote definition (`[x]: url`, `[^x]: note`): a line opening
 * with a bracket whose label closes, on that line or a later one of its paragraph, right before a colon.
 * Definitions reach across the whole document (they decide what `[x]` means anywhere), so a document
 * with one is parsed whole.
 */
function mayDefine(source: string): boolean {
  if (!source.includes(']:')) return false
  for (const match of source.matchAll(BRACKET_START)) {
    let at = match.index + match[0].length
    for (; at < source.length; at++) {
      const char = source.charAt(at)
      if (char === '\\') at++
      else if (char === ']') break
      else if (char === '[') return true
      else if (char === '\n' && /^[ \t]*(?:\n|$)/.test(source.slice(at + 1, at + 200))) break
    }
    if (source.charAt(at) === ']' && source.charAt(at + 1) === ':') return true
  }
  return false
}

/** Where the text after the front matter starts: 0 without any, undefined when it never closes. */
function frontMatterEnd(source: string): number | undefined {
  if (!/^(?:---|\+\+\+)/.test(source)) return 0
  const close = (source.startsWith('---') ? /\n---(?=\n|$)/ : /\n\+\+\+(?=\n|$)/).exec(source)
  if (!close) return undefined
  const after = close.index + close[0].length
  return after < source.length ? after + 1 : after
}

function isCloser(text: string, fence: OpenFence): boolean {
  const match = /^ {0,3}(`{3,}|~{3,})[ \t]*$/.exec(text)
  const marker = match?.[1]
  return marker !== undefined && marker.charAt(0) === fence.char && marker.length >= fence.length
}

function indentOf(text: string): number {
  let columns = 0
  for (const char of text) {
    if (char === ' ') columns++
    else if (char === '\t') columns += 4 - (columns % 4)
    else break
  }
  return columns
}
