/**
 * Where CommonMark puts inline code spans in one line of text, so the text around them can be escaped
 * and the spans kept. Pure. The scanner follows the spec's rules for a single line: a backslash escapes
 * the punctuation after it (so `` \` `` opens nothing), a run of n backticks opens a span only if a run
 * of exactly n backticks follows, and inside a span backslashes are literal. Text that is not HTML-escaped
 * must therefore lie inside a span CommonMark agrees is one.
 */

export type Piece =
  | { readonly kind: 'text'; readonly text: string }
  /** `content` is what the span shows (CommonMark's one-space stripping applied). */
  | { readonly kind: 'code'; readonly raw: string; readonly content: string }

const ASCII_PUNCTUATION = /[!-/:-@[-`{-~]/

function runLength(line: string, at: number): number {
  let end = at
  while (line[end] === '`') end += 1
  return end - at
}

/** Start of the next run of exactly `length` backticks at or after `from`, or -1. */
function closingRun(line: string, length: number, from: number): number {
  let at = line.indexOf('`', from)
  while (at !== -1) {
    const run = runLength(line, at)
    if (run === length) return at
    at = line.indexOf('`', at + run)
  }
  return -1
}

/** What a span shows: a space stripped from both ends when both are spaces and it is not all spaces. */
function shown(inner: string): string {
  return inner.length >= 2 && inner.startsWith(' ') && inner.endsWith(' ') && inner.trim() !== ''
    ? inner.slice(1, -1)
    : inner
}

/** `line` cut into prose and code spans, in order; the pieces joined give `line` back. */
export function splitCodeSpans(line: string): Piece[] {
  const pieces: Piece[] = []
  let text = ''
  let at = 0
  while (at < line.length) {
    const char = line[at] ?? ''
    if (char === '\\' && ASCII_PUNCTUATION.test(line[at + 1] ?? '')) {
      text += line.slice(at, at + 2)
      at += 2
      continue
    }
    if (char !== '`') {
      text += char
      at += 1
      continue
    }
    const length = runLength(line, at)
    const close = closingRun(line, length, at + length)
    if (close === -1) {
      // No closer: the run is literal text.
      text += line.slice(at, at + length)
      at += length
      continue
    }
    if (text !== '') pieces.push({ kind: 'text', text })
    text = ''
    pieces.push({
      kind: 'code',
      raw: line.slice(at, close + length),
      content: shown(line.slice(at + length, close))
    })
    at = close + length
  }
  if (text !== '') pieces.push({ kind: 'text', text })
  return pieces
}

/**
 * The longest prefix of `line` whose code spans all close within it: a cut that left a span open
 * would turn the rest of its content into live Markdown.
 */
export function closedPrefix(line: string): string {
  let end = 0
  for (const piece of splitCodeSpans(line)) {
    if (piece.kind === 'code') {
      end += piece.raw.length
      continue
    }
    const open = unclosedRun(piece.text)
    if (open !== -1) return line.slice(0, end + open)
    end += piece.text.length
  }
  return line
}

/** Where a literal (unmatched, unescaped) backtick run starts in prose, or -1. */
function unclosedRun(text: string): number {
  for (let at = 0; at < text.length; at += 1) {
    if (text[at] === '\\' && ASCII_PUNCTUATION.test(text[at + 1] ?? '')) at += 1
    else if (text[at] === '`') return at
  }
  return -1
}
