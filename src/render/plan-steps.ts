/**
 * Step 4 of the plan, "Implement the phase": the sub-steps with their files, targets and verbatim text,
 * the callers each one breaks; then the guidelines and what the rest of the master plan says about this
 * phase's work; then the test requirements. Pure.
 */
import { titleEnd } from '../master-plan/labels.js'
import type { Step } from '../master-plan/steps.js'
import { code, DocumentWriter } from './markdown.js'
import { where } from './plan-codebase.js'
import type { PlanInput } from './plan-document.js'
import { displayPath } from '../analysis/section-path.js'
import { lineSpan, sourceLines } from './plan-lines.js'
import { testPart } from './plan-tests.js'
import { flat, INNER_HEADING_DEPTH, prose } from './plan-text.js'
import { copySpan } from './verbatim.js'

const STEP_HEADING_DEPTH = 4
/** A file with more callers than this gets one line with their lines, not one line each. */
const CALLERS_PER_FILE = 3

export function stepFour(out: DocumentWriter, input: PlanInput): void {
  out.block('## Step 4 — Implement the phase')
  out.block(
    'Work through the sub-steps in order. For each one, first write its tests (see **Test requirements**), run them and see them fail, then write the code that makes them pass, update the callers it lists, and run the full suite. Record each sub-step’s state in the status file by its id.'
  )
  out.block('### Sub-steps')
  out.begin('phase')
  for (const step of input.content.structure.steps) writeStep(out, input, step)
  out.end('phase')
  guidelines(out, input)
  elsewhere(out, input)
  testPart(out, input)
}

function writeStep(out: DocumentWriter, input: PlanInput, step: Step): void {
  const { model, analysis } = input
  const copies = step.spans.map(span => copySpan(model, span, INNER_HEADING_DEPTH, prose(input)))
  // A one-line item is its own title, every word of it: the title is its text, written once.
  const item = step.headingSpan || copies.length !== 1 ? undefined : soleItemText(copies[0] ?? '')
  // A title never ends in the colon that led into the text after it.
  const sole = item === undefined ? undefined : titleEnd(item)
  const itemIsTitle = sole !== undefined && plain(sole) === plain(step.title)
  if (step.headingSpan) {
    // A heading, or a bold label on a line of its own (`**Acceptance criteria**`) standing for one.
    const text = copySpan(model, step.headingSpan, STEP_HEADING_DEPTH, prose(input)).replace(/^#+ /, '')
    out.block(
      `${'#'.repeat(STEP_HEADING_DEPTH)} ${startsWithId(text, step.id) ? '' : `Step ${step.id} — `}${text}`
    )
  } else {
    out.block(`${'#'.repeat(STEP_HEADING_DEPTH)} Step ${step.id} — ${itemIsTitle ? sole : step.title}`)
  }
  const facts = analysis.steps.get(step.id)
  const parts: string[] = []
  if (facts && facts.files.length > 0) parts.push(`files: ${facts.files.map(code).join(', ')}`)
  if (facts && facts.reads.length > 0) parts.push(`reads: ${facts.reads.map(code).join(', ')}`)
  const targets = (facts?.targets ?? []).filter(target => target.kind === 'symbol')
  if (targets.length > 0)
    parts.push(
      `targets: ${targets.map(target => `${code(target.name)} (${target.action}; ${where(target)})`).join(', ')}`
    )
  if (parts.length > 0) out.block(`_${parts.join(' · ')}_`)
  if (!itemIsTitle) for (const copy of copies) out.block(copy)
  const callers = analysis.impact.callers.get(step.id) ?? []
  if (callers.length === 0) return
  const breakers = [
    ...new Set(
      callers.map(
        caller => analysis.targets.find(target => target.name === caller.target)?.stepIds[0] ?? step.id
      )
    )
  ].filter(id => id !== step.id)
  out.block(
    breakers.length === 0
      ? `**Callers this sub-step breaks** — update each one in this sub-step (${callers.length}):`
      : `**Callers to update here** — broken by step ${breakers.join(', ')}; update each one in this sub-step (${callers.length}):`
  )
  const byFile = new Map<string, typeof callers>()
  for (const caller of callers) byFile.set(caller.path, [...(byFile.get(caller.path) ?? []), caller])
  const lines: string[] = []
  for (const [path, list] of byFile) {
    if (list.length > CALLERS_PER_FILE) {
      const first = list[0]
      lines.push(
        `- ${code(path)} lines ${list.map(caller => caller.line).join(', ')}: ${first?.todo ?? ''} (${list.length} uses)`
      )
      continue
    }
    for (const caller of list)
      lines.push(`- ${code(`${caller.path}:${caller.line}`)} ${code(caller.text)} — ${caller.todo}`)
  }
  out.block(lines.join('\n'))
}

/** The text of a one-line list item without a task box (`- Do it.`, `2. Do it.`); undefined otherwise. */
function soleItemText(copy: string): string | undefined {
  if (copy.includes('\n')) return undefined
  const item = /^\s*(?:[-*+]|\d+[.)])\s+(?!\[[ xX]\])(.+)$/.exec(copy)
  return item?.[1]?.trim()
}

/** Text as it reads, without inline code and emphasis marks. */
function plain(text: string): string {
  return text.replace(/[`*_]/g, '').replace(/\s+/g, ' ').trim()
}

function startsWithId(text: string, id: string): boolean {
  return new RegExp(`^(?:step|task)?\\s*${id.replace(/\./g, '\\.')}(?![\\w.])`, 'i').test(text)
}

function guidelines(out: DocumentWriter, input: PlanInput): void {
  const { model, analysis } = input
  if (analysis.focus.guidelines.length === 0) return
  const lines = sourceLines(model)
  out.block('### Guidelines (apply to every sub-step)')
  for (const copy of analysis.focus.guidelines) {
    const first = copy.section.headingSpan ?? copy.section.spans[0]
    const last = copy.section.spans[copy.section.spans.length - 1]
    const range = first && last ? ` (lines ${lineSpan(lines, { start: first.start, end: last.end })})` : ''
    out.block(`#### ${copy.section.title || 'Preamble'}${range}`)
    for (const span of copy.spans) out.block(copySpan(model, span, INNER_HEADING_DEPTH, prose(input)))
    if (copy.dropped > 0)
      out.block(
        `_${copy.dropped} item(s) about single phases left out: this phase's are under Test requirements or cross-references._`
      )
  }
}

/** Passages of other sections that name this phase's work, cross-references, and sections about this phase. */
function elsewhere(out: DocumentWriter, input: PlanInput): void {
  const { model, content, analysis } = input
  const { quotes, crossReferences } = analysis.focus
  const keyed = content.keyed.filter(section => !isTestSection(section.title))
  if (quotes.length === 0 && crossReferences.length === 0 && keyed.length === 0) return
  out.block('### From elsewhere in the master plan')
  out.begin('cross-references')
  for (const quote of quotes) {
    out.block(`_${displayPath(model, quote.section.path)}:_`)
    const bullets = quote.units.filter(unit => unit.kind !== 'code')
    if (bullets.length > 0)
      out.block(bullets.map(unit => `- ${flat(prose(input)(unit.text, unit.start))}`).join('\n'))
    for (const unit of quote.units)
      if (unit.kind === 'code') out.block(copySpan(model, unit, INNER_HEADING_DEPTH))
  }
  if (crossReferences.length > 0)
    out.block(
      crossReferences
        .map(mention => `- **${displayPath(model, mention.path) || 'Preamble'}:** ${flat(mention.unit.text)}`)
        .join('\n')
    )
  for (const section of keyed) {
    out.block(`#### ${section.title}`)
    for (const span of section.spans) out.block(copySpan(model, span, INNER_HEADING_DEPTH, prose(input)))
  }
  out.end('cross-references')
}

export function isTestSection(title: string): boolean {
  return /\b(tests?|testing|pytest|verification|acceptance)\b/i.test(title)
}
