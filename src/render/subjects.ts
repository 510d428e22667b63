/**
 * Which cited names become test requirements, under which name, and which names the master plan
 * itself declares. Pure: works on the model, the cited names and the grounding facts.
 */
import { BUILTIN_PATH, isTestPath, pythonSymbols } from '../grounding/index.js'
import type { Grounding } from '../grounding/types.js'
import type { MasterPlanModel } from '../master-plan/model.js'
import type { CitedName } from '../master-plan/names.js'
import { lineStart } from '../master-plan/text.js'
import type { Unit } from '../master-plan/units.js'

/** Names the master plan declares: what it says to create, and what its code samples define. */
export function declaredNames(model: MasterPlanModel, names: readonly CitedName[]): Set<string> {
  const declared = new Set<string>()
  for (const name of names) if (name.action === 'create') declared.add(name.name)
  // A cheap scan over every code sample of the whole plan; the phase's own samples are parsed properly below.
  const definition = /^[ \t]*(?:async[ \t]+)?(?:class|def)[ \t]+([A-Za-z_]\w*)/gm
  for (const block of model.blocks) {
    for (const unit of block.units) {
      if (unit.kind !== 'code') continue
      for (const match of unit.text.matchAll(definition)) if (match[1]) declared.add(match[1])
    }
  }
  return declared
}

const CLASS_STATEMENT = /^[ \t]*class[ \t]/m

/** Method → class, from the Python code samples of the phase (parsed with the real Python parser). */
export function methodOwners(model: MasterPlanModel, units: readonly Unit[]): Map<string, string> {
  const owners = new Map<string, string>()
  for (const unit of units) {
    if (unit.kind !== 'code') continue
    const from = lineStart(model.source, unit.start)
    const lineEnd = model.source.indexOf('\n', from)
    const info = /^[ \t]*(?:`{3,}|~{3,})[ \t]*([\w+-]*)/.exec(
      model.source.slice(from, lineEnd === -1 ? unit.end : Math.min(lineEnd, unit.end))
    )
    const lang = (info?.[1] ?? '').toLowerCase()
    if (lang !== '' && lang !== 'python' && lang !== 'py' && lang !== 'python3') continue
    // Only a class statement can own a method: a sample without one is not worth a parse.
    if (!CLASS_STATEMENT.test(unit.text)) continue
    for (const cls of pythonSymbols(unit.text).classes) {
      for (const method of cls.methods) if (!owners.has(method.name)) owners.set(method.name, cls.name)
    }
  }
  return owners
}

/**
 * Code the phase works on: not tests, test files or builtins. A bare method the phase's own code
 * samples place in a class is named `Class.method`; a bare name next to its qualified form is dropped.
 */
export function requirementSubjects(
  names: readonly CitedName[],
  grounding: Grounding,
  owners: ReadonlyMap<string, string>
): CitedName[] {
  const subjects: CitedName[] = []
  for (const name of names) {
    if (name.action === 'mention' || !isCodeSubject(name, grounding)) continue
    const fact = grounding.symbols.find(symbol => symbol.name === name.name)
    const inRepository = (fact?.definitions.length ?? 0) > 0
    const owner = !name.name.includes('.') && !inRepository ? owners.get(name.name) : undefined
    subjects.push(owner ? { ...name, name: `${owner}.${name.name}` } : name)
  }
  const qualified = new Set(subjects.filter(s => s.name.includes('.')).map(s => s.name.split('.').pop()))
  const seen = new Set<string>()
  return subjects.filter(subject => {
    if (!subject.name.includes('.') && subject.kind === 'symbol' && qualified.has(subject.name)) return false
    if (seen.has(subject.name)) return false
    seen.add(subject.name)
    return true
  })
}

function isCodeSubject(name: CitedName, grounding: Grounding): boolean {
  const last = name.name.split('.').pop() ?? name.name
  if (/^test_|_test$/.test(last)) return false
  if (name.kind === 'file' && (isTestPath(name.name) || !/\.pyi?$/.test(name.name))) return false
  const fact = grounding.symbols.find(symbol => symbol.name === name.name)
  if (fact?.definitions.some(definition => definition.path === BUILTIN_PATH)) return false
  return !(
    fact &&
    fact.definitions.length > 0 &&
    fact.definitions.every(definition => isTestPath(definition.path))
  )
}
