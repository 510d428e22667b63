/**
 * Completeness, measured on the rendered text: every unit of the phase's sections must appear in the
 * plan's phase regions (whitespace-normalised; code byte for byte), and no unit of another phase's
 * section may appear outside the marked cross-references. Linear in the size of plan and master plan.
 */
import type { MasterPlanModel, PhaseSection } from '../master-plan/model.js'
import type { PhaseContent } from '../master-plan/phase-content.js'
import { phaseKey } from '../master-plan/phase-id.js'
import { lineStart, normaliseText } from '../master-plan/text.js'
import { isSectionBody, SectionBody } from '../master-plan/section-body.js'
import { unitsInSpans, type Unit } from '../master-plan/units.js'
import type { RenderedPlan } from './plan-document.js'
import { withoutLineNumbers } from '../analysis/line-references.js'

export interface CoverageReport {
  readonly total: number
  readonly found: number
  /** 0–100, one decimal. */
  readonly percent: number
  readonly missing: readonly Unit[]
  /** Units of other phases found outside the cross-references. */
  readonly leaked: readonly { readonly phaseId: string; readonly unit: Unit }[]
}

export function measureCoverage(
  model: MasterPlanModel,
  content: PhaseContent,
  plan: RenderedPlan
): CoverageReport {
  const raw = plan.phaseRegions.map(region => plan.text.slice(region.start, region.end)).join('\n')
  // Line references may be re-grounded in the plan: both sides are compared without their numbers.
  const normalised = normaliseText(withoutLineNumbers(raw))
  const missing: Unit[] = []
  let rawCursor = 0
  let textCursor = 0
  for (const unit of content.units) {
    if (unit.kind === 'code') {
      const needle = model.source.slice(lineStart(model.source, unit.start), unit.end)
      const at = findFrom(raw, needle, rawCursor)
      if (at === -1) missing.push(unit)
      else rawCursor = at
    } else {
      const needle = normaliseText(withoutLineNumbers(unit.text))
      if (needle === '') continue
      const at = findFrom(normalised, needle, textCursor)
      if (at === -1) missing.push(unit)
      else textCursor = at
    }
  }
  const total = content.units.length
  const found = total - missing.length
  const percent = total === 0 ? 100 : Math.floor((found / total) * 1000) / 10
  return { total, found, percent, missing, leaked: leakage(model, content, plan) }
}

/** In order first (cheap and strict about sequence), then anywhere, so order alone never counts as missing. */
function findFrom(haystack: string, needle: string, cursor: number): number {
  const at = haystack.indexOf(needle, cursor)
  return at !== -1 ? at : haystack.indexOf(needle)
}

const MIN_FINGERPRINT = 30

function leakage(
  model: MasterPlanModel,
  content: PhaseContent,
  plan: RenderedPlan
): CoverageReport['leaked'] {
  const keys = new Set(content.selection.sections.map(section => phaseKey(section.id)))
  keys.add(phaseKey(content.selection.requested))
  const own = content.selection.sections
  const others = model.phaseSections.filter(
    section => !keys.has(phaseKey(section.id)) && !overlaps(section, own)
  )
  if (others.length === 0) return []
  const outside = textOutside(plan)
  const lines = new Set(
    outside
      .split('\n')
      .map(fingerprint)
      .filter(line => line.length >= MIN_FINGERPRINT)
  )
  const normalisedOutside = normaliseText(withoutLineNumbers(outside))
  // Text that also stands in this phase, its guidelines or sections about it is there legitimately.
  const shared = [...content.guidelines, ...content.keyed].flatMap(section => section.spans)
  const legitimate = new Set(
    [...content.units, ...unitsInSpans(model, shared)].map(unit => normaliseText(unit.text))
  )
  const leaked: { phaseId: string; unit: Unit }[] = []
  const mayLeak = bodyMayLeak(lines)
  const toRead = new Set<SectionBody>()
  for (const section of others) {
    for (let index = section.bodyStart; index < section.bodyEnd; index++) {
      const block = model.blocks[index]
      if (block && isSectionBody(block) && !block.isParsed && mayLeak(block)) toRead.add(block)
    }
  }
  // Parsed together: one request to the parser's thread for many bodies, not one round trip each.
  SectionBody.readAll(toRead)
  for (const section of others) {
    for (const unit of unitsToCheck(model, section, body => toRead.has(body))) {
      const first = fingerprint(unit.text.split('\n').find(line => line.trim() !== '') ?? '')
      if (first.length < MIN_FINGERPRINT || !lines.has(first)) continue
      const needle = normaliseText(unit.text)
      if (legitimate.has(needle)) continue
      if (
        unit.kind === 'code'
          ? outside.includes(unit.text)
          : normalisedOutside.includes(normaliseText(withoutLineNumbers(unit.text)))
      ) {
        leaked.push({ phaseId: section.id, unit })
      }
    }
  }
  return leaked
}

/**
 * A section's units, with a body the model left unparsed read only when one of its lines may be the
 * first line of a leaked unit: a unit's first line is the end of one of the body's lines, so its
 * fingerprint ends that line's text once whitespace is collapsed.
 */
function unitsToCheck(
  model: MasterPlanModel,
  section: PhaseSection,
  mayLeak: (body: SectionBody) => boolean
): Unit[] {
  const units: Unit[] = []
  for (let index = section.bodyStart; index < section.bodyEnd; index++) {
    const block = model.blocks[index]
    if (!block || (isSectionBody(block) && !block.isParsed && !mayLeak(block))) continue
    units.push(...block.units)
  }
  return units
}

function bodyMayLeak(lines: ReadonlySet<string>): (body: SectionBody) => boolean {
  const byEnd = new Map<string, string[]>()
  for (const line of lines) {
    const end = line.slice(-MIN_FINGERPRINT)
    byEnd.set(end, [...(byEnd.get(end) ?? []), line])
  }
  // Inside fenced code only the first line can start a unit (the code's own).
  return body =>
    body.lines().some(line => {
      if (line.fence || (line.fenced && !line.firstFenced)) return false
      const text = line.text.replace(/\s+/g, ' ').trim()
      return (byEnd.get(text.slice(-MIN_FINGERPRINT)) ?? []).some(print => text.endsWith(print))
    })
}

/** Sections nested in, or enclosing, the phase's own are part of it, not another phase. */
function overlaps(section: PhaseSection, own: readonly PhaseSection[]): boolean {
  return own.some(
    mine =>
      (section.bodyStart >= mine.bodyStart && section.bodyEnd <= mine.bodyEnd) ||
      (mine.bodyStart >= section.bodyStart && mine.bodyEnd <= section.bodyEnd)
  )
}

function textOutside(plan: RenderedPlan): string {
  let text = ''
  let cursor = 0
  for (const region of plan.crossReferenceRegions) {
    text += plan.text.slice(cursor, region.start)
    cursor = region.end
  }
  return text + plan.text.slice(cursor)
}

function fingerprint(line: string): string {
  return line
    .trim()
    .replace(/^(?:[-*+>|]\s*|\d+[.)]\s+|#{1,6}\s+)+/, '')
    .replace(/\s+/g, ' ')
    .trim()
}
