/**
 * Titles of sub-steps: a step's heading, or the first sentence of its text (at most 80 characters),
 * never the phase's own label. Pure.
 */
import type { List, RootContent } from 'mdast'
import { readPhaseLabel, shortTitle } from './labels.js'
import { nodeText } from './text.js'
import type { MasterPlanModel, PhaseSection } from './model.js'
import type { Span, Step } from './steps.js'

type Draft = Omit<Step, 'id'>

/**
 * A sub-step never repeats the phase's label (`Phase 1: Update ProviderManager`): a step titled by its
 * phase's heading takes the first sentence of its text instead, else the heading's title after the label.
 */
export function ownTitle(model: MasterPlanModel, draft: Draft): string {
  const label = draft.headingSpan ? undefined : readPhaseLabel(draft.title)
  // Only a label that stands apart (`Phase 1: …`, `Phase 3 — …`, `Phase 2`); "Phase 3 tests" is a title.
  if (label?.kind !== 'phase' || !standsApart(draft.title, label.ids[0] ?? '')) return draft.title
  for (const span of draft.spans) {
    const text = model.source.slice(span.start, span.end).trim()
    if (text === '' || /^(?:[-*_]\s*){3,}$/.test(text)) continue
    // The phase's own label written as a paragraph (`**Phase 1: Build** (2 hours)`) is no sentence.
    if (readPhaseLabel(plainText(text.split('\n')[0] ?? ''))?.kind === 'phase') continue
    if (/^(?:[-*+|#>]|\d+[.)]\s|`{3}|~{3})/.test(text)) break
    return runTitle(model, [span]) || fallback(draft, label.title)
  }
  return fallback(draft, label.title)
}

function standsApart(title: string, id: string): boolean {
  const escaped = id.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')
  return new RegExp(`^\\W*\\p{L}+\\s+${escaped}\\s*(?:[:—–-]|\\(|$)`, 'iu').test(plainText(title))
}

/** The heading's title after the label, else the heading the phase's section sits under (`Files to Create › Phase 1`). */
function fallback(draft: Draft, labelTitle: string): string {
  if (labelTitle) return labelTitle
  const parent = draft.path[draft.path.length - 2]
  return parent && readPhaseLabel(parent)?.kind !== 'phase' ? headingTitle(parent) : draft.title
}

/** A section's heading as written (an entry's phase title: its row is not a title). */
export function sectionTitle(section: PhaseSection): string {
  return headingTitle(
    section.kind === 'entry' || section.kind === 'linked'
      ? section.phaseTitle || section.title
      : section.title
  )
}

/** First sentence, at most 80 characters, without a trailing `{#anchor}`. */
export function headingTitle(title: string): string {
  return shortTitle(title.replace(/\s*\{#[^}]*\}\s*$/, ''))
}

export function runTitle(model: MasterPlanModel, run: readonly Span[]): string {
  for (const span of run) {
    const text = model.source.slice(span.start, span.end).trim()
    if (text === '' || /^(?:[-*_]\s*){3,}$/.test(text)) continue
    // Code first: its first line of code (`def discount(self, code)`), not the fence and its language.
    const code = firstCodeLine(text)
    if (code !== undefined) return shortTitle(code)
    // A paragraph wraps: its lines are one sentence. A list, table or heading: its first line only.
    const paragraph = !/^(?:[-*+|#>]|\d+[.)]\s)/.test(text)
    const first = paragraph ? (text.split(/\n\s*\n/)[0] ?? '').replace(/\s*\n\s*/g, ' ') : text.split('\n')[0]
    return shortTitle(plainText(first?.replace(/^[#>\s-]+/, '') ?? ''))
  }
  return ''
}

/** The first line of code of a fenced block, undefined when `text` does not open with a fence. */
function firstCodeLine(text: string): string | undefined {
  const fence = /^(`{3,}|~{3,})[^\n]*\n/.exec(text)
  if (!fence) return undefined
  const close = fence[1] ?? ''
  const line = text
    .slice(fence[0].length)
    .split('\n')
    .find(code => code.trim() !== '' && !code.startsWith(close))
  return line?.trim() ?? ''
}

/** Markdown as a reader sees it: emphasis, code marks and link targets dropped, words (and `snake_case`) kept. */
function plainText(markdown: string): string {
  return markdown
    .replace(/!?\[([^\]]*)\]\([^)]*\)/g, '$1')
    .replace(/`([^`]*)`/g, '$1')
    .replace(/(\*\*|__)(.+?)\1/g, '$2')
    .replace(/(?<![\w*])\*(?!\s)(.+?)(?<!\s)\*(?![\w*])/g, '$1')
    .replace(/(?<![\w_])_(?!\s)(.+?)(?<!\s)_(?![\w_])/g, '$1')
}

/**
 * A list item's title: its first sentence; its bold label when one opens it; when a label and a colon open code ("Add imports:
 * `from x import y`, `from z import w`"), the label (the code stays the step's text).
 */
export function itemTitle(node: RootContent | List): string {
  if (node.type === 'paragraph') {
    const [lead, next] = node.children
    // "**Cache Invalidation Strategy**: Invalidate the cache when …": the label is the title, the text
    // stays the step's (a one-word label, "**Note**:", says too little unless the text is too long).
    if (lead?.type === 'strong') {
      const label = nodeText(lead)
        .replace(/\s*:\s*$/, '')
        .trim()
      const colon = /:\s*$/.test(nodeText(lead)) || (next?.type === 'text' && /^\s*:/.test(next.value))
      const whole = nodeText(node)
      if (colon && label && (/\s/.test(label) || whole.length > 80)) return shortTitle(label)
    }
    if (lead?.type === 'text' && next?.type === 'inlineCode' && /^[^:]{3,}:\s*$/.test(lead.value))
      return shortTitle(lead.value.replace(/\s*:\s*$/, ''))
  }
  return shortTitle(nodeText(node))
}
