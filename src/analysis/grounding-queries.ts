/**
 * What the repository must be asked for a phase: the files, modules and names it cites, the names whose
 * uses matter (`watch`), and whether it starts the application. Pure.
 */
import type { Language } from '../grounding/language.js'
import type { References } from '../grounding/types.js'
import type { MasterPlanModel } from '../master-plan/model.js'
import type { PhaseContent } from '../master-plan/phase-content.js'
import { lineReferenceUnits } from './line-references.js'
import { otherPhases } from './other-phases.js'
import { classWords, isLanguageName, languageNames, withoutReceiver } from './phase-names.js'
import { phaseSamples } from './samples.js'

/** A phase that asks to start, run or launch the application needs to know where it starts. */
const RUNS_APPLICATION =
  /\b(?:application|app)\s+(?:starts?|runs?|launch\w*)\b|\b(?:start|run|launch)(?:s|ing)?\s+the\s+(?:application|app)\b/i

export function groundingQueries(
  model: MasterPlanModel,
  content: PhaseContent,
  language: Language
): References {
  const refs = {
    files: [] as string[],
    modules: [] as string[],
    symbols: [] as string[],
    watch: [] as string[]
  }
  const watch = new Set<string>()
  const names = languageNames(content.names, language)
  for (const name of names) {
    if (name.kind === 'file') refs.files.push(name.name)
    else if (name.kind === 'module') refs.modules.push(name.name)
    else refs.symbols.push(name.name)
    if (isLanguageName(name.name, language)) continue
    const bare = withoutReceiver(name.name, language)
    if (name.kind === 'file') {
      const module = language.moduleForPath(name.name.replace(/^\.?\//, ''))
      if (module) watch.add(module.split('.').pop() ?? module)
    } else watch.add(bare.split('.').pop() ?? bare)
    // A constructor changes how its class is called.
    if (bare.endsWith('.__init__')) watch.add(bare.split('.').slice(-2)[0] ?? bare)
  }
  const texts = content.units.map(unit => unit.text)
  const known = new Set(refs.symbols)
  // The class of a member the phase names (`RateEntry.tax_on`): where a new member goes.
  for (const name of [...refs.symbols]) {
    const owner = name.split('.')[0] ?? ''
    if (name.includes('.') && /^[A-Z]/.test(owner) && !known.has(owner)) {
      known.add(owner)
      refs.symbols.push(owner)
    }
  }
  for (const word of classWords(texts)) if (!known.has(word)) refs.symbols.push(word)
  for (const { unit, names: cited } of lineReferenceUnits(model, content)) {
    for (const file of unit.text.matchAll(/(\b[\w./-]*\w\.[A-Za-z]\w{0,5}):\d/g))
      if (file[1]) refs.files.push(file[1])
    for (const name of cited) {
      if (isLanguageName(name, language)) continue
      if (!known.has(name)) refs.symbols.push(name)
      watch.add(withoutReceiver(name, language).split('.').pop() ?? name)
    }
  }
  for (const unit of content.testItems) for (const name of language.testNamesIn(unit.text)) watch.add(name)
  for (const sample of phaseSamples(model, content, language)) {
    for (const cls of sample.definitions.classes) if (!known.has(cls.name)) refs.symbols.push(cls.name)
    for (const fn of sample.definitions.functions) {
      if (!fn.name.includes('.') && !known.has(fn.name)) refs.symbols.push(fn.name)
      // A sample may give an existing function another signature: its uses are wanted.
      const last = fn.name.split('.').pop() ?? fn.name
      if (!/^__\w+__$/.test(last)) watch.add(last)
    }
  }
  if (!citesCode(content, language)) {
    for (const phase of otherPhases(model, content.selection.requested, language).earlier()) {
      for (const name of phase.names) {
        if (name.action !== 'create' && name.action !== 'change') continue
        if (name.kind === 'file') refs.files.push(name.name)
        else if (name.kind === 'symbol' && !isLanguageName(name.name, language)) refs.symbols.push(name.name)
      }
    }
  }
  return {
    ...refs,
    watch: [...watch].filter(Boolean),
    ...(RUNS_APPLICATION.test(texts.join('\n')) ? { entryPoints: true } : {})
  }
}

/** Whether the phase's own text names any code (files, modules or names that are not the language's). */
export function citesCode(content: PhaseContent, language: Language): boolean {
  return content.names.some(name => !isLanguageName(name.name, language) && !language.isTestName(name.name))
}
