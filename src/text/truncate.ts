/**
 * Text cut to GitHub's limits on a character boundary, with a pointer to the full record, and without
 * leaving a code fence or code span open (the rest of a span's content would become live Markdown).
 * Pure.
 */
import { closedPrefix } from './spans.js'

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

const encoder = new TextEncoder()
const decoder = new TextDecoder()

/** The longest prefix of `text` of at most `bytes` UTF-8 bytes that does not split a character. */
function bytePrefix(text: string, bytes: number): string {
  const encoded = encoder.encode(text)
  let end = Math.max(0, Math.min(bytes, encoded.length))
  // Back up over continuation bytes (10xxxxxx) to the start of a character.
  while (end > 0 && end < encoded.length && ((encoded[end] ?? 0) & 0xc0) === 0x80) end -= 1
  return decoder.decode(encoded.subarray(0, end))
}

const utf16 = (text: string): number => text.length
const utf8 = (text: string): number => encoder.encode(text).length

/** `head`, its last line cut back to before a code span the cut left open (outside a fence only). */
function closeSpans(head: string, inFence: boolean): string {
  const start = head.lastIndexOf('\n') + 1
  const last = head.slice(start)
  if (inFence || FENCE.test(last)) return head
  return head.slice(0, start) + closedPrefix(last)
}

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
  head = closeSpans(head, fence !== undefined)
  const result = `${head}${fence === undefined ? '' : `\n${fence}`}${tail}`
  return size(result) <= limit ? result : prefix(pointer, limit)
}

/**
 * `text` if it fits in `maxChars` UTF-16 units, else a prefix cut on a code-point boundary, an open code
 * fence closed, an open code span dropped, and `pointer` on its own paragraph. GitHub counts code
 * points; UTF-16 units are never fewer, so the result fits either way.
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
