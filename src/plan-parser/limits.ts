/**
 * Budgets for reading a master plan, which a pull request can change. remark is superlinear on some
 * markdown (thousands of unmatched `*` in one paragraph, lists nested hundreds deep: minutes for 80 KB),
 * and the parse runs before the gate, so without a bound one pull request could hold a runner for the
 * whole job timeout. Pure.
 */

export interface ParseLimits {
  /** Time for any master plan; larger ones get `msPerMegabyte` more per MB. */
  readonly baseMs: number
  readonly msPerMegabyte: number
  /** Heap of the parser's worker (V8's old generation), in MB. */
  readonly heapMb: number
  /**
   * Columns of indentation and list or quote markers a line may start with. Every level of list or
   * block quote nesting takes at least one column, so this bounds the nesting, and with it the
   * recursion of whoever walks the tree afterwards (a 3,000-deep quote overflows the main thread).
   */
  readonly nestingColumns: number
}

export const DEFAULT_PARSE_LIMITS: ParseLimits = {
  baseMs: 5_000,
  // 20 s per MB: 10 MB plans parse in about 30 s on a loaded 2-core machine today.
  msPerMegabyte: 20_000,
  heapMb: 256,
  nestingColumns: 1_000
}

export function parseBudgetMs(bytes: number, limits: ParseLimits = DEFAULT_PARSE_LIMITS): number {
  return Math.round(limits.baseMs + (bytes / 1_000_000) * limits.msPerMegabyte)
}

export interface DeepLine {
  /** 1-based. */
  readonly line: number
  readonly columns: number
}

/**
 * The first line whose leading indentation and container markers (`>`, `-`, `*`, `+`, `1.`, `1)`
 * followed by a space) exceed `maxColumns`; tabs advance to the next multiple of four. A bound that
 * cannot be fooled: it reads no fences, so a line inside fenced code counts too (1,000 columns of it
 * is no real master plan).
 */
export function tooDeepLine(source: string, maxColumns: number): DeepLine | undefined {
  let line = 1
  let start = 0
  while (start <= source.length) {
    const end = source.indexOf('\n', start)
    const stop = end === -1 ? source.length : end
    // Cheap first: a character is at most four columns (a tab), so a short line cannot exceed the budget.
    if ((stop - start) * 4 > maxColumns) {
      const columns = prefixColumns(source, start, stop)
      if (columns > maxColumns) return { line, columns }
    }
    if (end === -1) break
    start = end + 1
    line++
  }
  return undefined
}

function prefixColumns(source: string, start: number, stop: number): number {
  let columns = 0
  let at = start
  while (at < stop) {
    const char = source.charCodeAt(at)
    if (char === 0x20 || char === 0x3e /* > */) {
      columns++
      at++
    } else if (char === 0x09) {
      columns += 4 - (columns % 4)
      at++
    } else if ((char === 0x2d || char === 0x2a || char === 0x2b) && isSpace(source, at + 1, stop)) {
      columns++ // `-`, `*`, `+` before a space: a bullet
      at++
    } else if (char >= 0x30 && char <= 0x39) {
      let digits = at
      while (digits < stop && digits - at < 9 && isDigit(source.charCodeAt(digits))) digits++
      const mark = source.charCodeAt(digits)
      if ((mark !== 0x2e && mark !== 0x29) || !isSpace(source, digits + 1, stop)) break
      columns += digits + 1 - at // `12.` or `12)` before a space: an ordered item
      at = digits + 1
    } else {
      break
    }
  }
  return columns
}

function isSpace(source: string, at: number, stop: number): boolean {
  if (at >= stop) return true
  const char = source.charCodeAt(at)
  return char === 0x20 || char === 0x09
}

function isDigit(char: number): boolean {
  return char >= 0x30 && char <= 0x39
}

function size(bytes: number): string {
  return bytes >= 1_000_000
    ? `${(bytes / 1_000_000).toFixed(1)} MB`
    : `${Math.max(1, Math.round(bytes / 1000))} KB`
}

const SIMPLIFY = 'Simplify that part of the master plan (input `master-plan`)'

export function timeBudgetMessage(
  path: string,
  bytes: number,
  limits: ParseLimits = DEFAULT_PARSE_LIMITS
): string {
  const seconds = parseBudgetMs(bytes, limits) / 1000
  return (
    `Reading the master plan ${path} (${size(bytes)}) took longer than its time budget of ${seconds} s ` +
    `(${limits.baseMs / 1000} s plus ${limits.msPerMegabyte / 1000} s per MB) and was stopped. Markdown this slow ` +
    'to parse is pathological: thousands of unmatched `*`, `_` or `[` in one paragraph, or lists and block ' +
    `quotes nested hundreds deep. ${SIMPLIFY}.`
  )
}

/** `deep`: the line over the budget; `stack`: the parser's stack ran out first. */
export function nestingMessage(
  path: string,
  deep: DeepLine | 'stack',
  limits: ParseLimits = DEFAULT_PARSE_LIMITS
): string {
  const what =
    deep === 'stack'
      ? 'its lists or block quotes nest deeper than the parser can follow (its stack ran out)'
      : `line ${deep.line} starts with ${deep.columns} columns of indentation and list or quote markers, ` +
        `over the nesting budget of ${limits.nestingColumns}`
  return `The master plan ${path} nests too deep: ${what}. ${SIMPLIFY}: flatten the nesting.`
}

export function memoryBudgetMessage(
  path: string,
  bytes: number,
  limits: ParseLimits = DEFAULT_PARSE_LIMITS
): string {
  return (
    `Reading the master plan ${path} (${size(bytes)}) needed more than its memory budget of ${limits.heapMb} MB ` +
    'and was stopped. Split the master plan into smaller files (input `master-plan`), or simplify its largest sections.'
  )
}

/** A master plan over this size is refused: GitHub's blob API and the runner's memory set the bound. */
export const MAX_MASTER_PLAN_BYTES = 20 * 1024 * 1024
/** Each file a phase links to (docs/phases.md): one over this size is left unread, and Step 1 says so. */
export const MAX_LINKED_FILE_BYTES = 5 * 1024 * 1024
