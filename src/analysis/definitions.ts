/**
 * Which definition of the repository a name the phase cites means, and the classes that give bare
 * method names their context. Pure.
 */
import { BUILTIN_PATH } from '../grounding/types.js'
import type { Language } from '../grounding/language.js'
import type { Definition, FileFact, Grounding, SymbolFact } from '../grounding/types.js'
import type { PhaseContent } from '../master-plan/phase-content.js'
import { withoutReceiver } from './phase-names.js'
import type { Location } from './targets.js'

/** A file fact by the text the plan used: full path, bare name, directory with a slash, or module. */
export function findFile(grounding: Grounding, cited: string): FileFact | undefined {
  const path = cited.replace(/\/+$/, '')
  return grounding.files.find(
    file => file.path === path || file.citedAs === cited || file.citedAs === path || file.module === path
  )
}

/**
 * The one definition a name means: the only one, else the one in a file its sentence or step names,
 * else the one in a class (or file) the context names.
 */
export function locate(
  fact: SymbolFact | undefined,
  classes: ReadonlySet<string>,
  files: ReadonlySet<string> = new Set()
): { at?: Location; ambiguous: number } {
  const definitions = (fact?.definitions ?? []).filter(definition => definition.path !== BUILTIN_PATH)
  const pick = (list: Definition[]): Location | undefined => {
    const [only] = list
    return only && list.length === 1 ? toLocation(only) : undefined
  }
  const single = pick(definitions)
  if (single) return { at: single, ambiguous: 1 }
  const named = pick(definitions.filter(definition => files.has(definition.path)))
  if (named) return { at: named, ambiguous: 1 }
  const inContext = definitions.filter(definition =>
    definition.owner ? classes.has(definition.owner) : definition.kind === 'class' && classes.size === 0
  )
  const chosen = pick(inContext)
  if (chosen) return { at: chosen, ambiguous: 1 }
  // A bare name whose only module-level definition is a function or class, when no class the phase
  // names has a member of that name: the module-level one (another class's method is no candidate).
  if (!definitions.some(definition => definition.owner !== undefined && classes.has(definition.owner))) {
    const free = pick(definitions.filter(definition => definition.owner === undefined))
    if (free) return { at: free, ambiguous: 1 }
  }
  return { ambiguous: definitions.length }
}

export function toLocation(definition: Definition): Location {
  return {
    path: definition.path,
    line: definition.line,
    ...(definition.endLine !== undefined ? { endLine: definition.endLine } : {}),
    ...(definition.owner ? { owner: definition.owner } : {})
  }
}

/**
 * Classes that set the context of a phase's bare method names: classes it names (in code or prose)
 * that the repository defines, and the one class that owns each method it names unambiguously.
 */
export function contextClasses(
  content: PhaseContent,
  grounding: Grounding,
  language: Language,
  classWords: readonly string[]
): Set<string> {
  const classes = new Set<string>()
  for (const symbol of grounding.symbols) {
    const definitions = symbol.definitions.filter(definition => definition.path !== BUILTIN_PATH)
    if (definitions.some(definition => definition.kind === 'class') && !symbol.name.includes('.'))
      classes.add(symbol.name)
    const owners = new Set(definitions.flatMap(definition => (definition.owner ? [definition.owner] : [])))
    const [owner] = owners
    if (
      owner !== undefined &&
      owners.size === 1 &&
      definitions.every(definition => definition.owner === owner)
    )
      classes.add(owner)
  }
  // Only what this phase names: the grounding also holds context words of the phase's prose.
  const cited = new Set(content.names.map(name => withoutReceiver(name.name, language).split('.')[0]))
  return new Set([...classes].filter(name => cited.has(name) || classWords.includes(name)))
}
