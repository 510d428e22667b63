/**
 * Phase ids: the grammar a request must follow, and how headings in a master plan name phases.
 * Pure: no I/O.
 */

/** Digits with optional dotted parts and one letter suffix (`0`, `3`, `2A`, `3.10a`), or one letter (`A`). */
const PHASE_ID = /^(?:\d{1,6}(?:\.\d{1,6}){0,3}[A-Za-z]?|[A-Za-z])$/

export const PHASE_ID_FORM =
  'digits with optional dotted parts and one letter suffix (0, 3, 2A, 3.10a), or a single letter (A)'

export function isValidPhaseId(text: string): boolean {
  return PHASE_ID.test(text)
}

/** Comparison key: case-insensitive, leading zeros ignored per numeric part (`01` = `1`). */
export function phaseKey(id: string): string {
  return id
    .toLowerCase()
    .split('.')
    .map(part => part.replace(/^0+(?=\d)/, ''))
    .join('.')
}

/** Words that introduce a phase in a heading; `Step` and `Task` are sub-steps, not phases. */
const KEYWORDS = 'phase|stage|milestone|sprint|workstream|wave|iteration'

const ID_IN_TEXT = String.raw`(\d{1,6}(?:\.\d{1,6}){0,3}[A-Za-z]?|[A-Za-z])`

/** `Phase 3: Title`, `PHASE 0 — FOUNDATION`, `Phase 2A - x`, `Milestone 0 -- Foundation`, `Phase 4 Extended: …`. */
const HEADING_PATTERN = new RegExp(
  String.raw`^(?:${KEYWORDS})(?:\s+(?:#|no\.?\s*)?|#)${ID_IN_TEXT}(?=$|[\s:.,;)\]|/(—–-])`,
  'i'
)

/** Anything before the keyword that is decoration: emoji, punctuation, brackets, status marks. */
const LEADING_DECORATION = /^[^\p{L}\p{N}]+/u

/** Trailing anchors like `{#phase-2}` that some plans put on headings. */
const TRAILING_ANCHOR = /\s*\{#[^}]*\}\s*$/

export interface PhaseHeading {
  readonly id: string
  readonly title: string
}

/** Reads `Phase 3: ProviderManager ✅ COMPLETE` as `{id: '3', title: 'ProviderManager ✅ COMPLETE'}`. */
export function matchPhaseHeading(text: string): PhaseHeading | undefined {
  const cleaned = text.replace(TRAILING_ANCHOR, '').replace(LEADING_DECORATION, '').trim()
  const match = HEADING_PATTERN.exec(cleaned)
  if (!match || match[1] === undefined) return undefined
  const id = match[1]
  // A lone letter must stand alone: `Phase A` or `Phase A:` but not `Phases` or `Phase Architecture`.
  const rest = cleaned.slice(match[0].length)
  if (/^[A-Za-z]$/.test(id) && /^[\p{L}\p{N}]/u.test(rest)) return undefined
  const title = rest
    .replace(/^\s*(?:[:.\-–—|/]+|--)\s*/, '')
    .replace(/\s+/g, ' ')
    .trim()
  return { id, title }
}

/** Matches `Phase 3`, `phase 3.1`, `Phases 2 and 3` style mentions in running text; global, for scanning. */
export function phaseMentionPattern(): RegExp {
  return new RegExp(String.raw`\b(?:${KEYWORDS})s?\s+${ID_IN_TEXT}(?![\p{L}\p{N}])`, 'giu')
}

/** Ordering that reads naturally: 1 < 1A < 1.1 < 2 < 10 < A. */
export function comparePhaseIds(a: string, b: string): number {
  const pa = splitId(a)
  const pb = splitId(b)
  for (let index = 0; index < Math.max(pa.length, pb.length); index++) {
    const x = pa[index]
    const y = pb[index]
    if (x === undefined) return -1
    if (y === undefined) return 1
    if (typeof x === 'number' && typeof y === 'number') {
      if (x !== y) return x - y
    } else if (typeof x !== typeof y) {
      return typeof x === 'number' ? -1 : 1
    } else if (x !== y) {
      return String(x) < String(y) ? -1 : 1
    }
  }
  return 0
}

function splitId(id: string): (number | string)[] {
  const parts: (number | string)[] = []
  for (const piece of phaseKey(id).split('.')) {
    const match = /^(\d*)([a-z]?)$/.exec(piece)
    if (!match) {
      parts.push(piece)
      continue
    }
    if (match[1]) parts.push(Number(match[1]))
    if (match[2]) parts.push(match[2])
  }
  return parts
}
