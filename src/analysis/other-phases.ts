/**
 * What the master plan's other phases do with names: which earlier phase creates a name this phase uses
 * (a fact to state, not a question to ask), which files earlier phases create or change (the scope of a
 * phase that reviews their work), and which later phase comes back to a name (a test waits for it).
 * Read lazily, phase by phase, and only as far as a question needs. Pure.
 */
import type { Language } from '../grounding/language.js'
import { escapeRegExp } from '../grounding/scan.js'
import type { Grounding } from '../grounding/types.js'
import { phaseIds } from '../master-plan/lookup.js'
import type { MasterPlanModel, PhaseSection } from '../master-plan/model.js'
import { citedNames, type CitedName } from '../master-plan/names.js'
import type { Unit } from '../master-plan/units.js'
import type { PhaseContent } from '../master-plan/phase-content.js'
import { isLanguageName, languageNames, lastPart, withoutReceiver } from './phase-names.js'
import { findFile } from './definitions.js'
import type { Location } from './targets.js'
import { comparePhaseIds, phaseKey } from '../master-plan/phase-id.js'
import type { Span } from '../master-plan/steps.js'
import { collectUnits } from '../master-plan/units.js'
import { unitsWhere, type SectionBody } from '../master-plan/section-body.js'
import { fenceInfo } from './samples.js'

export interface PhaseActs {
  readonly id: string
  /** Names it cites, with what it does to them. */
  readonly names: readonly CitedName[]
  /** Names its code samples define. */
  readonly defines: ReadonlySet<string>
}

export interface OtherPhases {
  /** The earliest earlier phase that creates `name` (cites it as new, or defines it in its code). */
  createdEarlier(name: string): string | undefined
  /** The first later phase that cites `name` again. */
  laterPhaseOf(name: string): string | undefined
  /** The earlier phases, in order, with what each does. */
  earlier(): readonly PhaseActs[]
}

export function otherPhases(model: MasterPlanModel, current: string, language: Language): OtherPhases {
  const key = phaseKey(current)
  const ids = phaseIds(model)
  const before = ids.filter(id => comparePhaseIds(id, current) < 0 && !phaseKey(id).startsWith(`${key}.`))
  const after = ids.filter(id => comparePhaseIds(id, current) > 0 && !phaseKey(id).startsWith(`${key}.`))
  const cache = new Map<string, PhaseActs>()
  const byKey = new Map<string, PhaseSection[]>()
  for (const section of model.phaseSections) {
    const sections = byKey.get(phaseKey(section.id)) ?? []
    sections.push(section)
    byKey.set(phaseKey(section.id), sections)
  }
  const sectionsOf = (id: string): PhaseSection[] => byKey.get(phaseKey(id)) ?? []
  const acts = (id: string): PhaseActs => {
    const known = cache.get(id)
    if (known) return known
    const sections = sectionsOf(id)
    const spans = sections.map(section => sectionSpan(model, section))
    const computed = { id, names: citedNames(model, spans), defines: definedIn(model, sections, language) }
    cache.set(id, computed)
    return computed
  }
  // Scanned on the units the model keeps (no re-parse): a name is created where a sentence says so
  // ("add", "new", "create" …) or where a code sample defines it. A section the model left unparsed is
  // parsed only when its text may hold such a unit (`mayHold`).
  // Lazy: a phase's units are read only until one answers.
  function* unitsOf(id: string, mayHold: (body: SectionBody) => boolean): Generator<Unit> {
    for (const section of sectionsOf(id))
      yield* unitsWhere(model.blocks, section.bodyStart, section.bodyEnd, mayHold)
  }
  const creates = (id: string, { word, whole, key, file }: Sought): boolean => {
    for (const unit of unitsOf(id, body => mayCreate(body).has(key))) {
      if (!unit.text.includes(word)) continue
      if (unit.kind === 'code') {
        // A code sample defines names, not files.
        if (file) continue
        if (!language.fenceNames.has(fenceInfo(model, unit))) continue
        const sample = language.sample(unit.text)
        const defined = sample && [
          ...sample.names,
          ...sample.classes.map(cls => cls.name),
          ...sample.functions.map(fn => lastPart(fn.name))
        ]
        if (defined?.includes(word)) return true
        continue
      }
      const at = unit.text.search(whole)
      if (at === -1) continue
      const before =
        unit.text
          .slice(0, at)
          .split(/[.!?](?:\s|$)/)
          .pop() ?? ''
      if (CREATES.test(before)) return true
    }
    return false
  }
  const cites = (id: string, { word, whole, key }: Sought): boolean => {
    for (const unit of unitsOf(id, body => body.holdsWord(key)))
      if (unit.text.includes(word) && whole.test(unit.text)) return true
    return false
  }
  return {
    createdEarlier(name) {
      const wanted = sought(name)
      return before.find(id => creates(id, wanted))
    },
    laterPhaseOf(name) {
      const wanted = sought(name)
      return after.find(id => cites(id, wanted))
    },
    earlier: () => before.map(acts)
  }
}

const creatable = new WeakMap<SectionBody, ReadonlySet<string>>()

/**
 * The words an unparsed body may hold a unit creating, as `creates` reads units: a word after a creating
 * verb in its sentence, or, where code may stand, a word on a line that could bind it (a definition, an
 * import, an assignment, a parameter or tuple list, a name alone in a parenthesised import). Looser than
 * `creates`, never stricter: a unit is a slice of the text, its sentences cut where the text's are or
 * later. Read once per body.
 */
function mayCreate(body: SectionBody): ReadonlySet<string> {
  const known = creatable.get(body)
  if (known) return known
  const words = new Set<string>()
  const text = body.text()
  // Where creating verbs end, and where sentences end (`creates` cuts a unit's text at the same marks).
  const verbs = [...text.matchAll(new RegExp(CREATES.source, 'gi'))]
  const ends = [...text.matchAll(/[.!?](?:\s|$)/g)]
  let sentenceStart = 0
  let end = 0
  let verb = 0
  for (const match of text.matchAll(/\w+/g)) {
    const at = match.index
    for (let next = ends[end]; next && next.index + next[0].length <= at; next = ends[++end])
      sentenceStart = next.index + next[0].length
    while (verb < verbs.length && (verbs[verb]?.index ?? 0) < sentenceStart) verb++
    const first = verbs[verb]
    const verbEnd = first ? first.index + first[0].length : Infinity
    // A word right after `.`, `!` or `?` starts a sentence of its own there.
    if (verbEnd <= at && !/[.!?]/.test(text.charAt(at - 1))) words.add(match[0])
  }
  for (const line of body.lines()) {
    if (!line.code || line.fence) continue
    if (/\b(?:def|class|import)\b|[=:,(]/.test(line.text) || /^\s*\w+\s*$/.test(line.text))
      for (const word of line.text.match(/\w+/g) ?? []) words.add(word)
  }
  creatable.set(body, words)
  return words
}

/** A file's path as the phases cite it (`pkg/app.py`, `docs/`), not dotted code (`Store.load`). */
const FILE_NAME =
  /\/|\.(?:py|pyi|md|txt|rst|toml|ya?ml|json|cfg|ini|csv|sql|sh|js|mjs|ts|tsx|go|rs|java|rb)$/i

/**
 * What a phase's text must hold to be about `name`: code by its last part (`load` of `Store.load`), a
 * file by its base name (`app.py` of `pkg/app.py`, never just `py`); `key` is the plain word a body is
 * first checked for.
 */
interface Sought {
  readonly word: string
  readonly whole: RegExp
  readonly key: string
  readonly file: boolean
}

function sought(name: string): Sought {
  if (FILE_NAME.test(name)) {
    const word = name.replace(/\/+$/, '').split('/').pop() ?? name
    const key = [...word.replace(/\.\w+$/, '').matchAll(/\w+/g)].pop()?.[0] ?? word
    return { word, whole: new RegExp(`(?<![\\w.-])${escapeRegExp(word)}(?![\\w])`), key, file: true }
  }
  const word = lastPart(name)
  return { word, whole: new RegExp(`(?<![\\w])${escapeRegExp(word)}(?![\\w])`), key: word, file: false }
}

const CREATES = /\b(new|create[sd]?|creating|add(?:s|ed|ing)?|introduc\w*|implement\w*|define[sd]?|write)\b/i

function sectionSpan(model: MasterPlanModel, section: PhaseSection): Span {
  const first =
    model.blocks[
      Math.min(section.headingIndex < 0 ? section.bodyStart : section.headingIndex, section.bodyStart)
    ]
  const lastBlock = model.blocks[section.bodyEnd - 1]
  return { start: first?.start ?? 0, end: lastBlock?.end ?? first?.end ?? 0 }
}

function definedIn(
  model: MasterPlanModel,
  sections: readonly PhaseSection[],
  language: Language
): Set<string> {
  const names = new Set<string>()
  for (const section of sections) {
    for (const unit of collectUnits(model.blocks, section.bodyStart, section.bodyEnd)) {
      if (unit.kind !== 'code' || !language.fenceNames.has(fenceInfo(model, unit))) continue
      const sample = language.sample(unit.text)
      if (!sample) continue
      for (const name of sample.names) names.add(name)
      for (const fn of sample.functions) names.add(fn.name.split('.').pop() ?? fn.name)
      for (const cls of sample.classes) names.add(cls.name)
    }
  }
  return names
}

/** Names the phase uses, absent from the repository and not its own, that an earlier phase creates. */
export function earlierNames(
  content: PhaseContent,
  grounding: Grounding,
  language: Language,
  declared: ReadonlySet<string>,
  createdEarlier: (name: string) => string | undefined
): { name: string; phase: string }[] {
  const out: { name: string; phase: string }[] = []
  for (const name of languageNames(content.names, language)) {
    if (name.kind !== 'symbol' || name.action === 'create' || isLanguageName(name.name, language)) continue
    const bare = withoutReceiver(name.name, language)
    if (declared.has(bare) || declared.has(bare.split('.').pop() ?? bare)) continue
    const fact = grounding.symbols.find(symbol => symbol.name === name.name)
    if (fact && fact.definitions.length > 0) continue
    const phase = createdEarlier(bare)
    if (phase !== undefined && !out.some(known => known.name === bare)) out.push({ name: bare, phase })
  }
  return out
}

/** The files earlier phases create or change, resolved in the repository now. */
export function reviewed(
  others: OtherPhases,
  grounding: Grounding,
  language: Language
): { path: string; phase: string; exists: boolean }[] {
  const out = new Map<string, { path: string; phase: string; exists: boolean }>()
  for (const phase of others.earlier()) {
    for (const name of phase.names) {
      if (name.action !== 'create' && name.action !== 'change') continue
      let location: Location | undefined
      if (name.kind === 'file') {
        const fact = findFile(grounding, name.name)
        if (fact && !fact.isDirectory && !fact.outside && language.isSourcePath(fact.path))
          location = { path: fact.path, line: 1 }
        if (fact && !out.has(fact.path) && location)
          out.set(fact.path, { path: fact.path, phase: phase.id, exists: fact.exists })
        continue
      }
      const fact = grounding.symbols.find(symbol => symbol.name === name.name)
      const paths = new Set((fact?.definitions ?? []).map(definition => definition.path))
      const [only] = paths
      if (only !== undefined && paths.size === 1 && language.isSourcePath(only) && !out.has(only))
        out.set(only, { path: only, phase: phase.id, exists: true })
    }
  }
  return [...out.values()]
}
