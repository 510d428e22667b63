/**
 * Phase labels: a phase word and one or more ids at the start of a heading, a bold label or an index
 * entry (`Phase 3: Title`, `阶段 2`, `第三阶段`, `Fase 1`, `Phases 4 and 5`), read into ids, a clean title
 * and the status marks the title carried. The rules are written out in docs/phases.md. Pure.
 */

import { isRomanNumeral, numeral, NUMERAL_TOKEN } from './numerals.js'
import { ABBREVIATIONS } from './text.js'

/** Words that name a phase in any document. */
const PHASE_WORDS = [
  'phase',
  'stage',
  'milestone',
  'sprint',
  'part',
  'workstream',
  'wave',
  'iteration',
  'fase',
  'etapa'
]
/** Words that name a phase only when no phase word sits at the same or a shallower level (see phases.ts). */
const STEP_WORDS = ['step', 'task', 'schritt', 'étape', 'etape', 'paso', 'passo']
const CJK_PHASE_WORDS = ['阶段', '階段', 'フェーズ', 'ステージ', '段階']
const CJK_STEP_WORDS = ['步骤', '步驟', 'ステップ', 'タスク', '任务', '任務']

export type PhaseWordKind = 'phase' | 'step'

export interface PhaseLabel {
  /** Every id the label names, in the master plan's spelling (numerals written as digits). */
  readonly ids: readonly string[]
  /** The phase word as written (`Phase`, `阶段`). */
  readonly word: string
  readonly kind: PhaseWordKind
  /** The title after the ids, without a repeated label or status marks. */
  readonly title: string
  /** Status marks the title carried (`✅ COMPLETE`, `(in progress)`). */
  readonly status: readonly string[]
  /** The title is a placeholder (`<phase name>`, `{title}`): a template, not a phase. */
  readonly placeholder: boolean
  /** The id was a Roman numeral of two letters or more (`Phase II`), read as digits. */
  readonly roman: boolean
}

export interface LabelOptions {
  /** Read a one-letter `I`, `V` or `X` as a Roman numeral (the document numbers its phases that way). */
  readonly roman?: boolean
}

const ID = String.raw`\d{1,6}(?:\.\d{1,6}){0,3}[A-Za-z]?|[A-Za-z]`
const ID_TOKEN = `(?:${ID}|${NUMERAL_TOKEN})`
/** What may follow an id: the end, a space, or punctuation that ends it. */
const AFTER_ID = String.raw`(?=$|[\s:：.,;)\]|/(—–\-、。，])`

const LATIN = new RegExp(
  String.raw`^(${[...PHASE_WORDS, ...STEP_WORDS].join('|')})(s|es|e)?(?:\s*#\s*|\s+(?:no\.?\s*|nr\.?\s*|n[º°]\s*)?|-)(${ID_TOKEN})${AFTER_ID}`,
  'iu'
)
const CJK_AFTER = new RegExp(
  String.raw`^(${[...CJK_PHASE_WORDS, ...CJK_STEP_WORDS].join('|')})\s*(${ID_TOKEN})`,
  'u'
)
const CJK_AROUND = new RegExp(
  String.raw`^第\s*(${ID_TOKEN})\s*(${[...CJK_PHASE_WORDS, ...CJK_STEP_WORDS, '步'].join('|')})`,
  'u'
)

/** Decoration before the word: emoji, punctuation, brackets, status marks (never letters or digits). */
const LEADING_DECORATION = /^[^\p{L}\p{N}]+/u
/** An outline number before the word: `3. Phase 3`, `2.1 Stage B`. */
const OUTLINE_NUMBER = /^\d{1,3}(?:\.\d{1,3})*[.)]?\s+(?=\p{L})/u
/** Trailing anchors like `{#phase-2}` that some plans put on headings. */
const TRAILING_ANCHOR = /\s*\{#[^}]*\}\s*$/
/** `<phase name>`, `{title}`: lower-case words in angle brackets or braces (not `Result<T>` or `<br>`). */
const PLACEHOLDER =
  /<(?!(?:br|b|i|u|em|strong|code|sub|sup|span|a|p|div|img|kbd|s|del)>)[a-z][a-z _-]*>|\{[a-z][a-z _-]*\}/

/**
 * Letters that case-insensitive Unicode matching takes for `k` and `s` (the Kelvin sign, the long s):
 * `[A-Za-z]` under the `iu` flags matches them, and no id that names files and branches may hold them.
 */
const FOLDS_TO_LATIN = /[\u017F\u212A]/u

/** Labels are read from this many characters at most: a title never needs more, and regexes stay linear. */
const MAX_LABEL_CHARS = 1000

export function readPhaseLabel(text: string, options: LabelOptions = {}): PhaseLabel | undefined {
  let cleaned = text
    .slice(0, MAX_LABEL_CHARS)
    .replace(TRAILING_ANCHOR, '')
    .replace(LEADING_DECORATION, '')
    .trim()
  cleaned = cleaned.replace(OUTLINE_NUMBER, '')
  const start = labelStart(cleaned, options.roman === true)
  if (!start || FOLDS_TO_LATIN.test(start.token)) return undefined
  const ids = [start.id]
  let rest = cleaned.slice(start.length)
  const more = moreIds(rest, start.id, start.plural)
  ids.push(...more.ids)
  rest = rest.slice(more.length)
  // A lone letter must stand alone: `Phase A:` but not `Phase Architecture` or `Phase A1`.
  if (/^[A-Za-z]$/.test(start.token) && /^[\p{L}\p{N}]/u.test(rest)) return undefined
  const titled = cleanTitle(rest, ids)
  return {
    ids: [...new Set(ids)],
    word: start.word,
    kind: start.kind,
    title: titled.title,
    status: titled.status,
    placeholder: PLACEHOLDER.test(rest),
    roman: isRomanNumeral(start.token)
  }
}

/**
 * Whether a text could open with a phase label once its markup is read: after decoration and an outline
 * number, a phase or step word (any language). Cheap and loose: every text `readPhaseLabel` reads as a
 * label passes, and many that it does not.
 */
export function startsWithLabelWord(text: string): boolean {
  const cleaned = text.slice(0, MAX_LABEL_CHARS).replace(LEADING_DECORATION, '').replace(OUTLINE_NUMBER, '')
  return LABEL_WORD_START.test(cleaned) || /^第/u.test(cleaned)
}

const LABEL_WORD_START = new RegExp(
  String.raw`^(?:${[...PHASE_WORDS, ...STEP_WORDS].join('|')}|${[...CJK_PHASE_WORDS, ...CJK_STEP_WORDS].join('|')})`,
  'iu'
)

interface LabelStart {
  readonly word: string
  readonly kind: PhaseWordKind
  readonly plural: boolean
  /** The id as written, and as an id (numerals as digits). */
  readonly token: string
  readonly id: string
  readonly length: number
}

function labelStart(text: string, roman: boolean): LabelStart | undefined {
  const latin = LATIN.exec(text)
  if (latin?.[1] !== undefined && latin[3] !== undefined) {
    const word = latin[1]
    // `Parts`, `Phasee`: only the plural forms the word really has.
    const suffix = (latin[2] ?? '').toLowerCase()
    if (suffix !== '' && !pluralOf(word.toLowerCase(), suffix)) return undefined
    const token = latin[3]
    return {
      word,
      kind: kindOf(word),
      plural: suffix !== '',
      token,
      id: numeral(token, roman),
      length: latin[0].length
    }
  }
  const after = CJK_AFTER.exec(text)
  if (after?.[1] !== undefined && after[2] !== undefined)
    return {
      word: after[1],
      kind: kindOf(after[1]),
      plural: false,
      token: after[2],
      id: numeral(after[2], roman),
      length: after[0].length
    }
  const around = CJK_AROUND.exec(text)
  if (around?.[1] !== undefined && around[2] !== undefined)
    return {
      word: around[2],
      kind: kindOf(around[2]),
      plural: false,
      token: around[1],
      id: numeral(around[1], roman),
      length: around[0].length
    }
  return undefined
}

function pluralOf(word: string, suffix: string): boolean {
  if (suffix === 's') return !/s$/.test(word)
  if (suffix === 'es') return word === 'paso' || word === 'passo' ? false : /(?:s|sh|ch)$/.test(word)
  return word === 'schritt'
}

function kindOf(word: string): PhaseWordKind {
  const lower = word.toLowerCase()
  return STEP_WORDS.includes(lower) || CJK_STEP_WORDS.includes(word) || word === '步' ? 'step' : 'phase'
}

/** A table header that is a phase word, singular or plural, maybe with `#`/`ID`/`No.` (`Phase`, `Stage #`). */
export function isPhaseColumnHeader(text: string): boolean {
  const words = [...PHASE_WORDS, ...CJK_PHASE_WORDS].join('|')
  return new RegExp(String.raw`^(?:${words})(?:s|es)?(?:\s*(?:#|id|no\.?|nr\.?|number))?$`, 'iu').test(
    text.trim()
  )
}

/** A heading that names phases in the plural or as a list (`Phases`, `Phase Overview`, `Milestones`). */
export function namesPhaseIndex(title: string): boolean {
  const lower = title.toLowerCase()
  const plural = new RegExp(String.raw`(?<![\p{L}])(?:${PHASE_WORDS.join('|')})s(?![\p{L}])`, 'u')
  if (plural.test(lower)) return true
  if (CJK_PHASE_WORDS.some(word => title.includes(word))) return true
  const singular = new RegExp(String.raw`(?<![\p{L}])(?:${PHASE_WORDS.join('|')})(?![\p{L}])`, 'u')
  return (
    singular.test(lower) &&
    /(?<![\p{L}])(?:overview|index|summary|list|plans?|roadmap|breakdown|table|schedule|timeline|übersicht|resumen|resumo|aperçu)(?![\p{L}])/u.test(
      lower
    )
  )
}

/** `Phases 4 and 5`, `Phase 0-1`, `Phases 2A–2D`, `Phases 1, 2 & 3`: every further id after the first. */
function moreIds(rest: string, first: string, plural: boolean): { ids: string[]; length: number } {
  const range = new RegExp(
    String.raw`^(?:[-–—~～]|${plural ? String.raw`\s*[-–—]\s*|\s+(?:to|bis|a|à|até)\s+|\s*[~～至到]\s*|` : ''})(${ID})${AFTER_ID}`,
    'iu'
  ).exec(rest)
  if (range?.[1] !== undefined && !FOLDS_TO_LATIN.test(range[1])) {
    const expanded = expandRange(first, range[1])
    if (expanded) return { ids: expanded, length: range[0].length }
  }
  const ids: string[] = []
  let length = 0
  const joiner = plural
    ? String.raw`\s*(?:,|&|/|、|和|与|及|\band\b|\bund\b|\bet\b|\by\b|\be\b)\s*`
    : String.raw`\s*(?:&|/|、|和|与|及|\band\b|\bund\b|\bet\b|\by\b|\be\b)\s*`
  const next = new RegExp(String.raw`^${joiner}(?:(?:and|und|et|y|e)\s+)?(${ID})${AFTER_ID}`, 'iu')
  for (let match = next.exec(rest); match?.[1] !== undefined; match = next.exec(rest.slice(length))) {
    const id = match[1]
    if (FOLDS_TO_LATIN.test(id)) break
    // `Phase 2 and Beyond`, `Phase 1 & A Half`: a letter joins only other letters or a lettered id.
    if (/^[A-Za-z]$/.test(id) && !/[A-Za-z]$/.test(first)) break
    if (/^[A-Za-z]$/.test(id) && /^[\p{L}\p{N}]/u.test(rest.slice(length + match[0].length))) break
    ids.push(id)
    length += match[0].length
  }
  return { ids, length }
}

/** `1`–`3` → 1, 2, 3; `2A`–`2D` → 2A, 2B, 2C, 2D; other ranges give their two ends. At most 20 ids. */
function expandRange(from: string, to: string): string[] | undefined {
  if (/^\d+$/.test(from) && /^\d+$/.test(to)) {
    const a = Number(from)
    const b = Number(to)
    if (b <= a || b - a > 20) return undefined
    const ids: string[] = []
    for (let n = a + 1; n <= b; n++) ids.push(String(n))
    return ids
  }
  const letters = /^(.*?)([A-Za-z])$/
  const x = letters.exec(from)
  const y = letters.exec(to)
  if (x && y && x[1] === y[1] && x[2] !== undefined && y[2] !== undefined) {
    const a = x[2].charCodeAt(0)
    const b = y[2].charCodeAt(0)
    if (b <= a || b - a > 20) return undefined
    const ids: string[] = []
    for (let code = a + 1; code <= b; code++) ids.push(`${x[1] ?? ''}${String.fromCharCode(code)}`)
    return ids
  }
  return from === to ? undefined : [to]
}

const STATUS_EMOJI = String.raw`(?:✅|✔️?|☑️?|✓|🔄|⏳|⌛|🚧|❌|✗|⚠️?|🟢|🟡|🟠|🔴|⚪|⬜|🔲|⏸️?|🏁|🆕|🔨|🧪|⚡)`
const STATUS_WORD = String.raw`(?:complete[d]?|done|finished|in[ -]progress|ongoing|pending|blocked|not[ -]started|wip|todo|skipped|deferred|cancell?ed|planned|current)`
const DATE = String.raw`(?:\s*[(\[]?\s*\d{4}-\d{2}-\d{2}\s*[)\]]?)`
const STATUS_PATTERNS = [
  // `✅ COMPLETE (2025-10-24)`, `✅ Done`, `🔄`
  new RegExp(String.raw`${STATUS_EMOJI}(?:\s*\*{0,2}${STATUS_WORD}\*{0,2})?${DATE}?`, 'giu'),
  // `(Completed 2025-10-24)`, `[DONE]`, `(in progress)`, `(Current)`
  new RegExp(String.raw`[(\[]\s*${STATUS_WORD}\b[^)\]]{0,40}[)\]]`, 'giu'),
  // `COMPLETE`, `IN PROGRESS (2025-01-02)`: capitals only, so `Complete the parser` stays a title
  new RegExp(
    String.raw`(?<![\p{L}])(?:COMPLETED?|DONE|FINISHED|IN[ -]PROGRESS|PENDING|BLOCKED|NOT[ -]STARTED|WIP|SKIPPED|DEFERRED|CANCELL?ED)(?![\p{L}])${DATE}?`,
    'gu'
  )
]

/** A title read outside a label (an index entry's cell or item): status marks moved out, separators dropped. */
export function titleAndStatus(text: string): { title: string; status: string[] } {
  return cleanTitle(text.slice(0, MAX_LABEL_CHARS), [])
}

/**
 * The title after the ids: separators dropped, a repeated label (`Phase 8A: Phase 8A: Flags`) dropped,
 * status marks moved out, whitespace collapsed.
 */
function cleanTitle(rest: string, ids: readonly string[]): { title: string; status: string[] } {
  const status: string[] = []
  let title = rest
  for (const pattern of STATUS_PATTERNS) {
    title = title.replace(pattern, match => {
      status.push(match.trim())
      return ' '
    })
  }
  title = trimSeparators(title.replace(/\(\s*\)|\[\s*\]/g, ' '))
  const repeated = labelStart(title.replace(LEADING_DECORATION, ''), false)
  if (repeated && ids.includes(repeated.id)) {
    const again = cleanTitle(title.replace(LEADING_DECORATION, '').slice(repeated.length), ids)
    return { title: again.title, status: [...status, ...again.status] }
  }
  return { title, status }
}

function trimSeparators(text: string): string {
  return text
    .replace(/[\p{Extended_Pictographic}\uFE0F\uFFFD\s]+$/u, '')
    .replace(/\s+/g, ' ')
    .replace(/^[\s:：.\-–—|/,;>→]+/u, '')
    .replace(/[\s:：\-–—|/,;]+$/u, '')
    .replace(/^\*\*\s*\*\*/, '')
    .trim()
}

/** Words that only lead into what a colon opens ("Update `f()` to:", "Add the following:"). */
const LEAD_INTO = /\s+(?:to|as follows|the following|following|like this|like so|below|with|as)$/i

/**
 * A title as it reads on its own: without the `:`, `;` or `,` that led into the text after it, nor the
 * words that only led into it ("Update `f()` to:" → "Update `f()`").
 */
export function titleEnd(text: string): string {
  const trimmed = text.replace(/\s*[:;,：]+\s*$/u, '')
  if (!/[:：]\s*$/u.test(text)) return trimmed
  // "Add the following:" keeps its words: one word alone is no title.
  const lead = trimmed.replace(LEAD_INTO, '')
  return /\S\s+\S/.test(lead) ? lead : trimmed
}

/** First sentence, at most `max` characters (cut at a word, with an ellipsis), with no trailing `:`, `;` or `,`. */
export function shortTitle(text: string, max = 80): string {
  const flat = text.slice(0, MAX_LABEL_CHARS).replace(/\s+/g, ' ').trim()
  const first = titleEnd(firstSentence(flat))
  if (first.length <= max) return first
  // Only its last word runs past the limit (a path, a qualified name): whole, the title names what the
  // step acts on; cut, it would end on "in…".
  if (first.lastIndexOf(' ') < max && first.length <= max + LONG_LAST_WORD) return first
  const cut = first.slice(0, max - 1)
  const space = cut.lastIndexOf(' ')
  const words = space > max / 2 ? cut.slice(0, space) : cut
  return `${words.replace(DANGLING_END, '').replace(/[\s,;:–—-]+$/u, '')}…`
}

/** How far past the limit a title's last word may run and still be kept whole. */
const LONG_LAST_WORD = 60
/** Words a cut title must not end on: they lead into what was cut. */
const DANGLING_END =
  /(?:\s+(?:the|a|an|in|into|of|to|for|with|and|or|at|on|by|from|as|via|under|over|than|that|which))+$/i

/** A title's sentence also runs on past `No.`, `Fig.` and `ca.` (`Issue No. 4`). */
const TITLE_ABBREVIATIONS = new RegExp(String.raw`(?:^|\s)(?:${ABBREVIATIONS}|no|nr|fig|ca)$`, 'i')

/**
 * Up to the first `.`, `!` or `?` that ends a sentence: after a letter-bearing stretch (not an outline
 * number like `1.`, not `e.g.`), followed by a space and a word that does not start in lower case.
 */
function firstSentence(text: string): string {
  for (const match of text.matchAll(/[.!?。！？](?=\s+\P{Ll}|\s*$)/gu)) {
    const end = match.index + 1
    const before = text.slice(0, match.index)
    if (/\p{L}/u.test(before) && !TITLE_ABBREVIATIONS.test(before)) return text.slice(0, end)
  }
  return text
}
