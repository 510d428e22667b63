/** Text that fits GitHub's limits and cannot ping, link or close anything. Pure. */
import { neutraliseMentions } from '../gate/format.js'

export const TRUNCATION_POINTER = '… (truncated: see the job summary)'

/** An opening or closing code fence (CommonMark: up to three spaces, then ≥ 3 backticks or tildes). */
const FENCE = /^ {0,3}(`{3,}|~{3,})/

/** The fence still open at the end of `markdown`, if any: a cut there must close it. */
function openFence(markdown: string): string | undefined {
  let open: string | undefined
  for (const line of markdown.split('\n')) {
    const fence = FENCE.exec(line)?.[1]
    if (fence === undefined) continue
    if (open === undefined) open = fence
    else if (fence[0] === open[0] && fence.length >= open.length && line.trim() === fence) open = undefined
  }
  return open
}

/** The longest prefix of `text` of at most `units` UTF-16 units that does not split a surrogate pair. */
function unitPrefix(text: string, units: number): string {
  let end = Math.max(0, Math.min(units, text.length))
  const last = text.charCodeAt(end - 1)
  if (end > 0 && end < text.length && last >= 0xd800 && last <= 0xdbff) end -= 1
  return text.slice(0, end)
}

/** The longest prefix of `text` of at most `bytes` UTF-8 bytes that does not split a character. */
function bytePrefix(text: string, bytes: number): string {
  const encoded = Buffer.from(text, 'utf8')
  let end = Math.max(0, Math.min(bytes, encoded.length))
  // Back up over continuation bytes (10xxxxxx) to the start of a character.
  while (end > 0 && end < encoded.length && ((encoded[end] ?? 0) & 0xc0) === 0x80) end -= 1
  return encoded.subarray(0, end).toString('utf8')
}

const utf16 = (text: string): number => text.length
const utf8 = (text: string): number => Buffer.byteLength(text, 'utf8')

/** Cuts `text` to `limit`, closes a code fence the cut left open, and appends `pointer` in its own paragraph. */
function cut(
  text: string,
  limit: number,
  pointer: string,
  size: (text: string) => number,
  prefix: (text: string, limit: number) => string
): string {
  if (size(text) <= limit) return text
  const tail = `\n\n${pointer}`
  const budget = limit - size(tail)
  let head = prefix(text, budget)
  let fence = openFence(head)
  if (fence !== undefined) {
    // Cut again, leaving room for the closing fence.
    head = prefix(text, budget - size(fence) - 1)
    fence = openFence(head)
  }
  const result = `${head}${fence === undefined ? '' : `\n${fence}`}${tail}`
  return size(result) <= limit ? result : prefix(pointer, limit)
}

/**
 * `text` if it fits in `maxChars` UTF-16 units, else a prefix cut on a code-point boundary, an open code
 * fence closed, and `pointer` on its own paragraph. GitHub counts code points; UTF-16 units are never
 * fewer, so the result fits either way.
 */
export function truncate(text: string, maxChars: number, pointer: string = TRUNCATION_POINTER): string {
  return cut(text, maxChars, pointer, utf16, unitPrefix)
}

/** Like `truncate`, in UTF-8 bytes (the job summary's 1 MiB). */
export function truncateBytes(text: string, maxBytes: number, pointer: string = TRUNCATION_POINTER): string {
  return cut(text, maxBytes, pointer, utf8, bytePrefix)
}

/** A one-line text (a title) of at most `maxChars` UTF-16 units, ending in `…` when cut. */
export function clip(text: string, maxChars: number): string {
  if (text.length <= maxChars) return text
  return `${unitPrefix(text, maxChars - 1)}…`
}

const HTML: Readonly<Record<string, string>> = { '&': '&amp;', '<': '&lt;', '>': '&gt;' }

/** `closes #1`, `Fixes: owner/repo#2`, `resolved https://…/issues/3` link (and close) issues from a PR body. */
const CLOSING_KEYWORD =
  /\b(close[sd]?|fix(?:e[sd])?|resolve[sd]?)(?=\s*:?\s*(?:[\w.-]+\/[\w.-]+)?(?:#|https?:\/\/))/gi

function inertProse(text: string): string {
  return inertPlain(text.replace(/[&<>]/g, char => HTML[char] ?? char))
}

/** For plain-text fields (a PR title): no mentions, issue links or closing keywords; no HTML to escape. */
export function inertPlain(text: string): string {
  return neutraliseMentions(
    text
      // A joiner after the keyword's first letter: still readable, no longer a keyword.
      .replace(CLOSING_KEYWORD, word => `${word.slice(0, 1)}\u200d${word.slice(1)}`)
      // `#12`, `owner/repo#12` and `GH-12` are auto-links (notifications, back-references).
      .replace(/#(?=\d)/g, '#\u200d')
      .replace(/\bGH-(?=\d)/gi, match => `${match.slice(0, 2)}\u200d-`)
  )
}

/**
 * Untrusted text (titles from the master plan, names from the repository) made inert for prose:
 * no mentions, issue links, closing keywords or HTML. Inline code spans are kept verbatim: inside them
 * nothing links or pings, and escaping would show the entities literally.
 */
export function inert(text: string): string {
  let out = ''
  let cursor = 0
  let at = text.indexOf('`')
  while (at !== -1) {
    const runPattern = /`+/y
    runPattern.lastIndex = at
    const run = runPattern.exec(text)?.[0] ?? '`'
    const close = findRun(text, run.length, at + run.length)
    if (close === -1) {
      at = text.indexOf('`', at + run.length)
      continue
    }
    out += inertProse(text.slice(cursor, at)) + text.slice(at, close + run.length)
    cursor = close + run.length
    at = text.indexOf('`', cursor)
  }
  return out + inertProse(text.slice(cursor))
}

/** Start of the next backtick run of exactly `length` from `from` (a code span's closing fence), or -1. */
function findRun(text: string, length: number, from: number): number {
  const pattern = /`+/g
  pattern.lastIndex = from
  for (let match = pattern.exec(text); match; match = pattern.exec(text)) {
    if (match[0].length === length) return match.index
  }
  return -1
}
