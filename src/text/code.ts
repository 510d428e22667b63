/**
 * Inline code spans and fenced blocks that hold any text literally: no backtick run inside can end
 * them early. Pure.
 */
import { neutraliseMentions, oneLine, showInvisible } from './characters.js'

function longestRun(text: string, char: '`' | '~' = '`'): number {
  const runs = text.match(char === '`' ? /`+/g : /~+/g) ?? []
  return Math.max(0, ...runs.map(run => run.length))
}

/**
 * A code span showing `text` exactly, for documents written to the repository: line breaks become
 * spaces, and the fence is one backtick longer than the longest run inside (CommonMark), padded when the
 * text starts or ends with a backtick or is wrapped in spaces.
 */
export function verbatimCode(text: string): string {
  const flat = text.replace(/\s*\r?\n\s*/g, ' ') || ' '
  const fence = '`'.repeat(longestRun(flat) + 1)
  const pad = flat.startsWith('`') || flat.endsWith('`') || /^ .* $/.test(flat) ? ' ' : ''
  return `${fence}${pad}${flat}${pad}${fence}`
}

/** Cuts `text` to `max` code points, marking the cut with `…`. */
function atMost(text: string, max: number): string {
  if (!Number.isFinite(max) || text.length <= max) return text
  const points = Array.from(text)
  return points.length > max ? `${points.slice(0, Math.max(0, max)).join('')}…` : text
}

/**
 * A code span for untrusted text shown on GitHub (a test id, a path, a branch, a command): on one
 * line, cut to `max` code points, invisible characters shown as `\u{…}`, no mention that could notify,
 * and fenced so nothing inside can end it.
 */
export function codeSpan(text: string, max = Number.POSITIVE_INFINITY): string {
  return verbatimCode(neutraliseMentions(showInvisible(atMost(oneLine(text), max))))
}

/** Longest piece of user input quoted back in a message, in code points. */
export const MAX_QUOTED = 50

/** A short piece of user input (a command token, a label, an event name) quoted back as code. */
export function quote(text: string, max = MAX_QUOTED): string {
  return codeSpan(text, max)
}

export interface CodeBlockOptions {
  /** Prefix of every non-empty line, to sit inside a list item. */
  readonly indent?: string
  /** The info string after the opening fence, e.g. `text`. */
  readonly info?: string
}

/**
 * A fenced block holding `text` literally (test output, a failure message): the fence is longer than
 * any backtick run inside, invisible characters but tabs are shown as `\u{…}`, mentions cannot notify.
 */
export function codeBlock(text: string, options: CodeBlockOptions = {}): string {
  const { indent = '', info = '' } = options
  const body = neutraliseMentions(showInvisible(text.replace(/\r\n?/g, '\n').replace(/\n+$/, '')))
  const fence = '`'.repeat(Math.max(3, longestRun(body) + 1))
  const lines = [`${fence}${info}`, ...body.split('\n'), fence]
  return lines.map(line => (line === '' ? '' : `${indent}${line}`)).join('\n')
}

/**
 * Markdown placed in a table cell: a pipe, even inside a code span, would start a new cell (GFM), so
 * every pipe is escaped; GFM removes that backslash before it parses the cell.
 */
export function tableCell(markdown: string): string {
  return oneLine(markdown).replace(/\|/g, '\\|')
}
