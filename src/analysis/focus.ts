/**
 * What of the master plan outside the phase a plan carries, and how focused the result is. Guidelines
 * (rules for every phase) are copied whole, less their items about single phases (those are
 * cross-references or test items); other sections give only the passages that name what this phase
 * acts on; the rest is background, not listed. Also the plan's words and the share of them specific
 * to the phase, measured the same way for any plan. Pure.
 */
import type { ListItem } from 'mdast'
import type { Mention, OutsideSection } from '../master-plan/context.js'
import { blockNodes } from '../master-plan/materialise.js'
import type { MasterPlanModel } from '../master-plan/model.js'
import type { PhaseContent } from '../master-plan/phase-content.js'
import { phaseMentionPattern } from '../master-plan/phase-id.js'
import type { Span } from '../master-plan/steps.js'
import { lineStart } from '../master-plan/text.js'
import { firstBlockEndingAfter, unitsInSpans, type Unit } from '../master-plan/units.js'

export interface GuidelineCopy {
  readonly section: OutsideSection
  /** The section's spans less its items about single phases. */
  readonly spans: readonly Span[]
  /** How many items about single phases were left out. */
  readonly dropped: number
}

export interface Quote {
  readonly section: OutsideSection
  readonly units: readonly Unit[]
}

export interface Focus {
  readonly guidelines: readonly GuidelineCopy[]
  readonly quotes: readonly Quote[]
  /** Cross-references to render: mentions of this phase that are neither test items nor already carried. */
  readonly crossReferences: readonly Mention[]
  /** Outside sections neither copied nor quoted. */
  readonly background: number
}

/** At most this many passages, and about this many words, are quoted from sections that are not guidelines. */
const MAX_QUOTES = 8
const MAX_QUOTED_WORDS = 160

export function planFocus(
  model: MasterPlanModel,
  content: PhaseContent,
  keys: readonly string[],
  testMentions: ReadonlySet<Unit>
): Focus {
  const guidelines: GuidelineCopy[] = []
  const carried = new Set<Unit>()
  const matches = keyMatcher(keys)
  const candidates: { section: OutsideSection; unit: Unit; score: number; order: number }[] = []
  let order = 0
  const others: OutsideSection[] = []
  for (const section of content.guidelines) {
    if (section.kind === 'guideline') {
      const copy = withoutPhaseItems(model, section)
      guidelines.push(copy)
      for (const unit of unitsInSpans(model, copy.spans)) carried.add(unit)
      continue
    }
    others.push(section)
    if (!matches || namesOtherFiles(section.title, keys)) continue
    // A section whose title names the phase's work is about it as a whole; elsewhere, only passages that name it count.
    const titled = matches.count(section.title) > 0
    for (const unit of unitsInSpans(model, section.spans)) {
      // A passage about other files is about other work.
      if (namesOtherFiles(unit.text, keys)) continue
      const score = matches.count(unit.text) + (titled ? 1 : 0)
      if (score > 0) candidates.push({ section, unit, score, order: order++ })
    }
  }
  const chosen = new Set<Unit>()
  let words = 0
  for (const candidate of [...candidates].sort((a, b) => b.score - a.score || a.order - b.order)) {
    if (chosen.size >= MAX_QUOTES) break
    const size = wordCount(candidate.unit.text)
    if (chosen.size > 0 && words + size > MAX_QUOTED_WORDS) continue
    chosen.add(candidate.unit)
    words += size
  }
  const quotes: Quote[] = []
  let background = 0
  for (const section of others) {
    const units = candidates
      .filter(candidate => candidate.section === section && chosen.has(candidate.unit))
      .map(c => c.unit)
    if (units.length === 0) background++
    else {
      quotes.push({ section, units })
      for (const unit of units) carried.add(unit)
    }
  }
  const crossReferences = content.crossReferences.filter(
    mention => !testMentions.has(mention.unit) && !carried.has(mention.unit)
  )
  return { guidelines, quotes, crossReferences, background }
}

const SOURCE_FILE = /[\w./-]*\w\.(?:py|pyi|ts|tsx|js|mjs|go|rs|java|kt|rb|php|cs|c|h|cpp|hpp)\b/g

function namesOtherFiles(text: string, keys: readonly string[]): boolean {
  for (const match of text.matchAll(SOURCE_FILE)) {
    const file = match[0].replace(/^\.?\//, '')
    if (!keys.some(key => key === file || key.endsWith(`/${file}`) || file.endsWith(`/${key}`))) return true
  }
  return false
}

/** Counts how many of the keys a text names: whole words for identifiers, plain text for paths. */
export function keyMatcher(keys: readonly string[]): { count: (text: string) => number } | undefined {
  const words = keys.filter(key => /^\w+$/.test(key) && key.length >= 3)
  const paths = keys.filter(key => !/^\w+$/.test(key))
  if (words.length === 0 && paths.length === 0) return undefined
  const escaped = words.map(word => word.replace(/[.*+?^${}()|[\]\\]/g, '\\$&'))
  const pattern =
    escaped.length > 0 ? new RegExp(`(?<![\\w])(?:${escaped.join('|')})(?![\\w])`, 'g') : undefined
  return {
    count: text => {
      const found = new Set(pattern ? [...text.matchAll(pattern)].map(match => match[0]) : [])
      for (const path of paths) if (text.includes(path)) found.add(path)
      return found.size
    }
  }
}

/** A guideline's spans with the list items that mention single phases cut out (they are read per phase). */
function withoutPhaseItems(model: MasterPlanModel, section: OutsideSection): GuidelineCopy {
  const spans: Span[] = []
  let dropped = 0
  for (const span of section.spans) {
    const index = firstBlockEndingAfter(model.blocks, span.start)
    const block = model.blocks[index]
    if (!block?.list || !phaseMentionPattern().test(model.source.slice(block.start, block.end))) {
      spans.push(span)
      continue
    }
    const [list] = blockNodes(model, index, index + 1)
    const items = list?.type === 'list' ? list.children : []
    const cuts = items.filter(item => mentionsPhase(model, item)).map(item => itemRange(model, item))
    if (cuts.length === 0) {
      spans.push(span)
      continue
    }
    dropped += cuts.length
    let cursor = span.start
    for (const cut of cuts) {
      if (cut.start > cursor) spans.push({ start: cursor, end: cut.start })
      cursor = cut.end
    }
    if (cursor < span.end) spans.push({ start: cursor, end: span.end })
  }
  return {
    section,
    spans: spans.filter(span => model.source.slice(span.start, span.end).trim() !== ''),
    dropped
  }
}

function mentionsPhase(model: MasterPlanModel, item: ListItem): boolean {
  const start = item.position?.start.offset ?? 0
  const end = item.position?.end.offset ?? start
  const first = model.source.slice(start, end).split('\n')[0] ?? ''
  return phaseMentionPattern().test(first)
}

/** An item from its line start to the start of the next line after it. */
function itemRange(model: MasterPlanModel, item: ListItem): Span {
  const start = lineStart(model.source, item.position?.start.offset ?? 0)
  const endOffset = item.position?.end.offset ?? start
  const newline = model.source.indexOf('\n', endOffset)
  return { start, end: newline === -1 ? model.source.length : newline + 1 }
}

// ── words and their focus ───────────────────────────────────────────────────────────────────────────

/** Words: whitespace-separated tokens holding a letter or a digit (table rules and bullets are not words). */
export function wordCount(text: string): number {
  let count = 0
  for (const token of text.match(/\S+/g) ?? []) if (/[\p{L}\p{N}]/u.test(token)) count++
  return count
}

const NOT_TERMS = new Set(['None', 'True', 'False', 'self', 'cls', 'pytest', 'http', 'https'])

/** `ProviderManager`, `valid_scoped_models`: words that look like code. */
function codeShaped(word: string): boolean {
  if (word.length < 4 || NOT_TERMS.has(word) || /^__\w+__$/.test(word)) return false
  return word.includes('_') || /[a-z][A-Z]/.test(word) || /^[A-Z]{2,}[a-z]/.test(word)
}

export interface PhaseTerms {
  readonly names: ReadonlySet<string>
  readonly shingles: ReadonlySet<string>
}

/**
 * What makes a line specific to a phase: the code-shaped names its own text writes (split at dots and
 * slashes), every name in its inline code spans, and every run of five words of its prose.
 */
export function phaseTerms(unitTexts: readonly string[]): PhaseTerms {
  const names = new Set<string>()
  const shingles = new Set<string>()
  for (const text of unitTexts) {
    for (const span of text.matchAll(/`([^`\n]+)`/g)) {
      for (const word of (span[1] ?? '').split(/[^\w]+/))
        if (word.length >= 3 && !NOT_TERMS.has(word)) names.add(word)
    }
    for (const word of text.split(/[^\w]+/)) if (codeShaped(word)) names.add(word)
    const words = proseWords(text)
    for (let i = 0; i + 5 <= words.length; i++) shingles.add(words.slice(i, i + 5).join(' '))
  }
  return { names, shingles }
}

function proseWords(text: string): string[] {
  return text
    .toLowerCase()
    .replace(/[`*_#>|[\]()]/g, ' ')
    .split(/[^\p{L}\p{N}]+/u)
    .filter(Boolean)
}

/**
 * The share (0–100) of a plan's words that are about the phase. The plan is read as lines, a fenced code
 * block counting as one; a line is specific when it holds one of the phase's names (a whole word) or
 * one of its five-word runs. Boilerplate and sections that name none of the phase's names are not.
 */
export function phaseSpecificShare(text: string, terms: PhaseTerms): number {
  let total = 0
  let specific = 0
  for (const line of planLines(text)) {
    const words = wordCount(line)
    total += words
    if (words > 0 && isSpecific(line, terms)) specific += words
  }
  return total === 0 ? 0 : (100 * specific) / total
}

function planLines(text: string): string[] {
  const out: string[] = []
  let fence: string | undefined
  let block: string[] = []
  for (const line of text.split('\n')) {
    const marker = /^\s*(`{3,}|~{3,})/.exec(line)?.[1]
    if (fence !== undefined) {
      block.push(line)
      if (marker && marker[0] === fence[0] && marker.length >= fence.length) {
        out.push(block.join('\n'))
        fence = undefined
        block = []
      }
    } else if (marker) {
      fence = marker
      block = [line]
    } else out.push(line)
  }
  if (block.length > 0) out.push(block.join('\n'))
  return out
}

function isSpecific(line: string, { names, shingles }: PhaseTerms): boolean {
  for (const word of line.split(/[^\w]+/)) if (names.has(word)) return true
  const words = proseWords(line)
  for (let i = 0; i + 5 <= words.length; i++) if (shingles.has(words.slice(i, i + 5).join(' '))) return true
  return false
}
