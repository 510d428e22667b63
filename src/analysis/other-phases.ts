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
import { isSectionBody, unitsWhere, type SectionBody } from '../master-plan/section-body.js'
import { fenceInfo } from './samples.js'
import { bodyCreations, CREATES, definedInFence, type BodyFence } from './body-creations.js'

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
  // ("add", "new", "create" …) or where a code sample defines it. A section body the model left unparsed
  // is read only when its text may hold such a unit (body-creations.ts): a phase's bodies are indexed by
  // the words they may create, so a name reaches only the bodies that may create it.
  function* unitsOf(id: string, mayHold: (body: SectionBody) => boolean): Generator<Unit> {
    for (const section of sectionsOf(id))
      yield* unitsWhere(model.blocks, section.bodyStart, section.bodyEnd, mayHold)
  }
  const fenceDefines = definedInFence(language)
  const creations = new Map<string, PhaseCreations>()
  const creationsOf = (id: string): PhaseCreations => {
    const known = creations.get(id)
    if (known) return known
    const computed = phaseCreations(model, sectionsOf(id))
    creations.set(id, computed)
    return computed
  }
  const createsIn = (units: Iterable<Unit>, { word, whole, file }: Sought): boolean => {
    for (const unit of units) {
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
  const creates = (id: string, wanted: Sought): boolean => {
    const phase = creationsOf(id)
    if (createsIn(phase.units, wanted)) return true
    const bodies = new Set(phase.byWord.get(wanted.key))
    if (!wanted.file) {
      for (const { body, fences } of phase.fenced)
        if (
          fences.some(fence => fence.text.includes(wanted.word) && fenceDefines(fence).includes(wanted.word))
        )
          bodies.add(body)
    }
    for (const body of bodies) if (createsIn(body.units, wanted)) return true
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

/**
 * A phase's sections as `creates` reads them: the units of its parsed blocks, its section bodies by the
 * words their text may create, and the code they fence at column 0 (body-creations.ts).
 */
interface PhaseCreations {
  readonly units: readonly Unit[]
  readonly byWord: ReadonlyMap<string, readonly SectionBody[]>
  readonly fenced: readonly { readonly body: SectionBody; readonly fences: readonly BodyFence[] }[]
}

function phaseCreations(model: MasterPlanModel, sections: readonly PhaseSection[]): PhaseCreations {
  const units: Unit[] = []
  const byWord = new Map<string, SectionBody[]>()
  const fenced: { body: SectionBody; fences: readonly BodyFence[] }[] = []
  for (const section of sections) {
    for (let index = section.bodyStart; index < section.bodyEnd; index++) {
      const block = model.blocks[index]
      if (!block) continue
      if (!isSectionBody(block)) {
        units.push(...block.units)
        continue
      }
      const { words, fences } = bodyCreations(block)
      for (const word of words) {
        const list = byWord.get(word)
        if (list) list.push(block)
        else byWord.set(word, [block])
      }
      if (fences.length > 0) fenced.push({ body: block, fences })
    }
  }
  return { units, byWord, fenced }
}
