/**
 * What the master plan's other phases do with names: which earlier phase creates a name this phase uses
 * (a fact to state, not a question to ask), which files earlier phases create or change (the scope of a
 * phase that reviews their work), and which later phase comes back to a name (a test waits for it).
 * Read lazily, phase by phase, and only as far as a question needs. Pure.
 */
import type { Language } from '../grounding/language.js'
import { phaseIds } from '../master-plan/lookup.js'
import type { MasterPlanModel, PhaseSection } from '../master-plan/model.js'
import { citedNames, type CitedName } from '../master-plan/names.js'
import { comparePhaseIds, phaseKey } from '../master-plan/phase-id.js'
import type { Span } from '../master-plan/steps.js'
import { collectUnits } from '../master-plan/units.js'
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
  const acts = (id: string): PhaseActs => {
    const known = cache.get(id)
    if (known) return known
    const sections = model.phaseSections.filter(section => phaseKey(section.id) === phaseKey(id))
    const computed = {
      id,
      names: citedNames(
        model,
        sections.map(section => sectionSpan(model, section))
      ),
      defines: definedIn(model, sections, language)
    }
    cache.set(id, computed)
    return computed
  }
  const same = (cited: CitedName, name: string): boolean => {
    if (cited.kind === 'file' || /[/]|\.\w{1,4}$/.test(name)) return sameFile(cited.name, name)
    return cited.name === name || lastPart(cited.name) === lastPart(name)
  }
  return {
    createdEarlier(name) {
      for (const id of before) {
        const phase = acts(id)
        if (!/[/]/.test(name) && phase.defines.has(lastPart(name))) return id
        if (phase.names.some(cited => cited.action === 'create' && same(cited, name))) return id
      }
      return undefined
    },
    laterPhaseOf(name) {
      for (const id of after) if (acts(id).names.some(cited => same(cited, name))) return id
      return undefined
    },
    earlier: () => before.map(acts)
  }
}

function lastPart(name: string): string {
  return name.split('.').pop() ?? name
}

/** `modules/X.py` and `X.py` name the same file; `a/X.py` and `b/X.py` do not. */
function sameFile(a: string, b: string): boolean {
  const clean = (path: string): string => path.replace(/^\.?\//, '')
  const [x, y] = [clean(a), clean(b)]
  if (x === y) return true
  if (x.includes('/') && y.includes('/')) return false
  return x.split('/').pop() === y.split('/').pop()
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
