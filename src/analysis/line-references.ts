/**
 * Line references in a master plan (`api.py:42`, "around lines 61-66") checked against the code they
 * name: kept as written while the named code is still there, re-grounded when it moved
 * (`api.py:57` — the master plan says 42), left alone when nothing tells what they point at. Pure.
 */
import type { Grounding, ReferenceFact } from '../grounding/types.js'
import { BUILTIN_PATH } from '../grounding/types.js'
import type { MasterPlanModel, Section } from '../master-plan/model.js'
import type { PhaseContent } from '../master-plan/phase-content.js'
import { collectUnits, firstBlockEndingAfter, type Unit } from '../master-plan/units.js'
import { findFile } from './definitions.js'
import { lastPart } from './phase-names.js'

export interface LineReference {
  /** Offsets of the reference in the master plan's source. */
  readonly start: number
  readonly end: number
  /** As written: `ChatInterface.py:61-66`, `lines 61-66`. */
  readonly text: string
  /** The file written with it (`ChatInterface.py`), or undefined for "line N" prose. */
  readonly cited?: string
  /** The repository file it is read against, when known. */
  readonly path?: string
  readonly from: number
  readonly to: number
  /** Names of the code it points at (the unit's own, or a heading's section's). */
  readonly names: readonly string[]
  readonly state: 'current' | 'stale' | 'unknown'
  /** Where the named code is now, for a stale reference. */
  readonly now?: { readonly from: number; readonly to: number; readonly name: string }
}

const FILE_LINE = /(\b[\w./-]*\w\.[A-Za-z]\w{0,5}):(\d+)(?:\s*[-–]\s*(\d+))?(?![\d\w])/g
const BARE_LINES = /\b([Ll]ines?)\s+(\d+)(?:\s*(?:[-–]|to)\s*(\d+))?(?![\d\w])/g
const SAYS = /\s*\(the master plan says [^)]*\)/g
const CODE_NAME = /`([A-Za-z_][\w.]*)(?:\([^`]*\))?`/g
/** Lines of slack either side before a reference counts as stale. */
const SLACK = 2

/** Whether a text holds a line reference worth checking (cheap: most units have none). */
export function hasLineReference(text: string): boolean {
  if (!/\d/.test(text)) return false
  FILE_LINE.lastIndex = 0
  BARE_LINES.lastIndex = 0
  const found = FILE_LINE.test(text) || BARE_LINES.test(text)
  FILE_LINE.lastIndex = 0
  BARE_LINES.lastIndex = 0
  return found
}

/** Text with its line numbers and re-grounding notes taken out: how coverage compares prose. */
export function withoutLineNumbers(text: string): string {
  if (!/\d/.test(text)) return text
  return text.replace(SAYS, '').replace(FILE_LINE, '$1:#').replace(BARE_LINES, '$1 #')
}

/** The names a unit's code spans cite (`ChatInterface.__init__()` → `ChatInterface.__init__`). */
export function codeNames(text: string): string[] {
  return [...new Set([...text.matchAll(CODE_NAME)].map(match => match[1] ?? '').filter(Boolean))]
}

export interface LineReferenceInput {
  readonly model: MasterPlanModel
  /** Units whose references are read; a heading's named code is taken from `sectionNames`. */
  readonly units: readonly Unit[]
  /** For a heading unit: the names its section's text cites. */
  readonly sectionNames: (heading: Unit) => readonly string[]
  readonly grounding: Grounding
}

/** Every line reference in the units, with its file and what the code it names says about it. */
export function lineReferences(input: LineReferenceInput): LineReference[] {
  const out: LineReference[] = []
  for (const unit of input.units) {
    if (unit.kind === 'code' || !hasLineReference(unit.text)) continue
    const found = input.model.source.indexOf(unit.text, unit.start)
    const base = found === -1 ? unit.start : found
    const own = codeNames(unit.text)
    const names = unit.kind === 'heading' ? [...own, ...input.sectionNames(unit)] : own
    for (const match of unit.text.matchAll(FILE_LINE)) {
      const cited = match[1] ?? ''
      const from = Number(match[2])
      const to = match[3] ? Number(match[3]) : from
      const path = findFile(input.grounding, cited)?.path
      out.push(
        check(input.grounding, {
          start: base + match.index,
          end: base + match.index + match[0].length,
          text: match[0],
          cited,
          ...(path ? { path } : {}),
          from,
          to,
          names: names.filter(name => name !== cited)
        })
      )
    }
    for (const match of unit.text.matchAll(BARE_LINES)) {
      const from = Number(match[2])
      const to = match[3] ? Number(match[3]) : from
      // `api.py:42` was read above; "line 42" alone takes its file from the unit's names.
      const before = unit.text.slice(Math.max(0, match.index - 1), match.index)
      if (before === ':') continue
      const path = fileOf(input.grounding, unit.text, names)
      out.push(
        check(input.grounding, {
          start: base + match.index,
          end: base + match.index + match[0].length,
          text: match[0],
          ...(path ? { path } : {}),
          from,
          to,
          names
        })
      )
    }
  }
  return out
}

/** The file a bare "lines N-M" is about: a file the unit names, else where a name it cites is defined. */
function fileOf(grounding: Grounding, text: string, names: readonly string[]): string | undefined {
  for (const file of grounding.files) {
    if (
      file.exists &&
      !file.isDirectory &&
      (text.includes(file.path) || (file.citedAs && text.includes(file.citedAs)))
    )
      return file.path
  }
  for (const name of names) {
    const paths = new Set(definitionsOf(grounding, name).map(definition => definition.path))
    const [only] = paths
    if (only !== undefined && paths.size === 1) return only
  }
  return undefined
}

function definitionsOf(grounding: Grounding, name: string) {
  const fact = grounding.symbols.find(symbol => symbol.name === name || symbol.name === `${name}()`)
  return (fact?.definitions ?? []).filter(definition => definition.path !== BUILTIN_PATH)
}

type Unchecked = Omit<LineReference, 'state' | 'now'>

/** Current when the named code is within the lines given; stale when it is elsewhere in the file; else unknown. */
function check(grounding: Grounding, reference: Unchecked): LineReference {
  const { path } = reference
  if (path === undefined || reference.names.length === 0) return { ...reference, state: 'unknown' }
  const spans: { from: number; to: number; name: string }[] = []
  for (const name of reference.names) {
    for (const definition of definitionsOf(grounding, name)) {
      if (definition.path === path)
        spans.push({ from: definition.line, to: definition.endLine ?? definition.line, name })
    }
    for (const use of usesIn(grounding.references, path, lastPart(name)))
      spans.push({ from: use.line, to: use.line, name })
  }
  if (spans.length === 0) return { ...reference, state: 'unknown' }
  const within = spans.some(span => span.from <= reference.to + SLACK && span.to >= reference.from - SLACK)
  if (within) return { ...reference, state: 'current' }
  const nearest = [...spans].sort(
    (a, b) => Math.abs(a.from - reference.from) - Math.abs(b.from - reference.from) || a.from - b.from
  )[0]
  if (!nearest) return { ...reference, state: 'unknown' }
  const length = reference.to - reference.from
  return {
    ...reference,
    state: 'stale',
    now: { from: nearest.from, to: nearest.from + length, name: nearest.name }
  }
}

function usesIn(references: readonly ReferenceFact[], path: string, name: string): ReferenceFact[] {
  return references.filter(use => use.path === path && use.name === name && use.kind !== 'import')
}

function lines(from: number, to: number): string {
  return from === to ? `${from}` : `${from}-${to}`
}

/**
 * A prose slice of the master plan (starting at `offset`) with its stale references re-grounded: the
 * current line in place of the old one, and what the master plan said after it (after the code span
 * the reference sits in, so the span stays a path a reader can copy).
 */
export function reground(text: string, offset: number, references: readonly LineReference[]): string {
  const inside = references.filter(
    reference =>
      reference.state === 'stale' && reference.start >= offset && reference.end <= offset + text.length
  )
  if (inside.length === 0) return text
  let out = ''
  let cursor = 0
  for (const reference of [...inside].sort((a, b) => a.start - b.start)) {
    const now = reference.now
    if (!now) continue
    const at = reference.start - offset
    const end = reference.end - offset
    const replaced = reference.cited
      ? `${reference.cited}:${lines(now.from, now.to)}`
      : reference.text.replace(/\d+(?:\s*(?:[-–]|to)\s*\d+)?$/, lines(now.from, now.to))
    out += text.slice(cursor, at) + replaced
    // Close the code span first when the reference sits in one.
    const closing = text[end] === '`' ? end + 1 : end
    out += text.slice(end, closing) + ` (the master plan says ${lines(reference.from, reference.to)})`
    cursor = closing
  }
  return out + text.slice(cursor)
}

const referenceUnits = new WeakMap<PhaseContent, { unit: Unit; names: string[] }[]>()

/** Units whose line references the plan may show: the phase's own, and outside sections' (headings too). */
export function lineReferenceUnits(
  model: MasterPlanModel,
  content: PhaseContent
): { unit: Unit; names: string[] }[] {
  const known = referenceUnits.get(content)
  if (known) return known
  const out: { unit: Unit; names: string[] }[] = []
  for (const unit of content.units)
    if (unit.kind !== 'code' && hasLineReference(unit.text)) out.push({ unit, names: codeNames(unit.text) })
  for (const section of [...content.guidelines, ...content.keyed]) {
    const heading = section.headingSpan
    if (heading)
      for (const block of blocksWithin(model, heading.start, heading.start))
        if (block.start === heading.start)
          for (const unit of block.units)
            if (hasLineReference(unit.text)) out.push({ unit, names: headingNames(model, unit) })
    for (const span of section.spans) {
      for (const block of blocksWithin(model, span.start, span.end)) {
        if (block.start < span.start || block.end > span.end) continue
        for (const unit of block.units)
          if (unit.kind !== 'code' && hasLineReference(unit.text))
            out.push({ unit, names: codeNames(unit.text) })
      }
    }
  }
  referenceUnits.set(content, out)
  return out
}

/** The blocks that may lie within `from`–`to`, in order, found by a binary search (blocks are in order). */
function* blocksWithin(
  model: MasterPlanModel,
  from: number,
  to: number
): Generator<MasterPlanModel['blocks'][number]> {
  for (let index = firstBlockEndingAfter(model.blocks, from - 1); index < model.blocks.length; index++) {
    const block = model.blocks[index]
    if (!block || block.start > to) return
    yield block
  }
}

/** The names a heading's section cites in its first units (what "Architecture (api.py:61-66)" points at). */
export function headingNames(model: MasterPlanModel, heading: Unit): string[] {
  const section = model.sections.find(
    candidate => model.blocks[candidate.headingIndex]?.start === heading.start
  )
  if (!section) return []
  return sectionUnits(model, section)
    .slice(0, 8)
    .flatMap(unit => codeNames(unit.text))
}

function sectionUnits(model: MasterPlanModel, section: Section): Unit[] {
  return collectUnits(model.blocks, section.bodyStart, section.bodyEnd)
}
