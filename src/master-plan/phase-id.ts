/**
 * Phase ids: the grammar a request must follow, how ids compare, and the canonical id value.
 * Pure: no I/O.
 */
import { readPhaseLabel } from './labels.js'

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

/** Words that introduce a phase in running text (mentions): the phase words of labels.ts, not `Part`. */
const KEYWORDS = 'phase|stage|milestone|sprint|workstream|wave|iteration|fase|etapa'

const ID_IN_TEXT = String.raw`(\d{1,6}(?:\.\d{1,6}){0,3}[A-Za-z]?|[A-Za-z])`

export interface PhaseHeading {
  readonly id: string
  readonly title: string
}

/** Reads `Phase 3: ProviderManager ✅ COMPLETE` as `{id: '3', title: 'ProviderManager'}` (the first id of a label). */
export function matchPhaseHeading(text: string): PhaseHeading | undefined {
  const label = readPhaseLabel(text)
  const id = label?.ids[0]
  return label && id !== undefined && label.kind === 'phase' ? { id, title: label.title } : undefined
}

/**
 * A phase id in its canonical spelling: the master plan's own (`3` for a request of `03`, `2A` for `2a`).
 * Made by `selectPhase` (lookup.ts) from the model, or by `confirmPhaseId` from a trusted record; plan and
 * status paths, the branch, the reply marker and the reply all use it.
 */
export type PhaseId = string & { readonly canonicalPhaseId: unique symbol }

/** `canonical` as a PhaseId when it is a spelling of `requested` (the publish job's check of the plan job). */
export function confirmPhaseId(canonical: string, requested: string): PhaseId | undefined {
  return isValidPhaseId(canonical) && phaseKey(canonical) === phaseKey(requested)
    ? (canonical as PhaseId)
    : undefined
}

/** An id the master plan does not spell itself (a family's shared prefix): leading zeros dropped, case kept. */
export function plainSpelling(id: string): PhaseId {
  return id
    .split('.')
    .map(part => part.replace(/^0+(?=\d)/, ''))
    .join('.') as PhaseId
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
