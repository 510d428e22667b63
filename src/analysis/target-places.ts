/**
 * Where a target goes: the class a new member joins and its file, the new home of a move, the new name
 * of a rename, and whether a move or removal governs a file or only mentions it. Pure.
 */
import type { Grounding } from '../grounding/types.js'
import type { CitedName } from '../master-plan/names.js'
import type { TargetAction } from './targets.js'

/** Words that make a new name a member: an instance variable, an attribute set in `__init__`, a method. */
const MEMBER =
  /\b(?:instance variables?|attributes?|fields?|propert(?:y|ies)|methods?)\b|\b__init__\b|\bself\./i

/**
 * The class a new name joins and the file it goes into: the one existing class the phase names, when
 * the sentence says the name is a member ("Add `cache` instance variable … in `__init__`").
 */
export function memberHome(
  cited: CitedName,
  bare: string,
  classes: ReadonlySet<string>,
  grounding: Grounding
): { owner: string; path: string } | undefined {
  const classHome = (name: string): { owner: string; path: string } | undefined => {
    const definitions = (grounding.symbols.find(symbol => symbol.name === name)?.definitions ?? []).filter(
      definition => definition.kind === 'class'
    )
    const [only] = definitions
    return only && definitions.length === 1 ? { owner: name, path: only.path } : undefined
  }
  // `RateEntry.tax_on`: the class is named with it.
  if (bare.includes('.'))
    return bare.split('.').length === 2 ? classHome(bare.split('.')[0] ?? '') : undefined
  if (!(MEMBER.test(cited.sentence) || /^(?:self|cls)\./.test(cited.name))) return undefined
  // "Add a method `header(report)` to `CsvExporter`": the class it is added to.
  const escaped = bare.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')
  const into = new RegExp(
    `\\b${escaped}\\b[^.;]*?\\b(?:to|in|into|on)\\s+(?:the\\s+)?(?:class\\s+)?([A-Z]\\w*)`
  ).exec(cited.sentence)?.[1]
  const named = into ? classHome(into) : undefined
  if (named) return named
  const homes = [...classes].flatMap(name => {
    const definitions = (grounding.symbols.find(symbol => symbol.name === name)?.definitions ?? []).filter(
      definition => definition.kind === 'class'
    )
    const [only] = definitions
    return only && definitions.length === 1 ? [{ owner: name, path: only.path }] : []
  })
  const [only] = homes
  return only && homes.length === 1 ? only : undefined
}

export function governs(cited: CitedName): boolean {
  const escaped = cited.name.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')
  return new RegExp(
    `\\b(?:mov|renam|remov|delet|drop)\\w*\\s+(?:the\\s+)?(?:file\\s+|module\\s+)?${escaped}`,
    'i'
  ).test(cited.sentence)
}

export const PATHISH = /[\w./-]*\w\.(?:py|pyi|ts|tsx|js|mjs|go|rs|java|kt|rb|php|cs|c|h|cpp|hpp)\b/g

/**
 * The new home of a move — the file after "to" or "into" ("into it": the file the sentence creates),
 * else the last other file the sentence names that is neither where it comes from ("from …") nor where
 * it is now — or the new name of a rename.
 */
export function destinationOf(cited: CitedName, action: TargetAction, current?: string): string | undefined {
  if (action === 'rename') {
    const escaped = cited.name.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')
    const match = new RegExp(
      `${escaped}\\S*\\s+(?:(?:class|method|function|module|attribute|field|property|constant)\\s+)?(?:(?:is|are|will\\s+be)\\s+)?(?:(?:renamed\\s+)?to|as|into|becomes|→|->)\\s+\`?([\\w./-]+)`,
      'i'
    ).exec(cited.sentence)
    return match?.[1]?.replace(/[.,;:]$/, '')
  }
  if (action === 'move') {
    const { sentence } = cited
    const files = [...sentence.matchAll(PATHISH)]
      .map(match => ({ path: match[0], before: sentence.slice(0, match.index) }))
      .filter(file => file.path !== cited.name)
    const into = files.find(file =>
      /\b(?:to|into)\s+(?:the\s+)?(?:new\s+)?(?:file\s+|module\s+)?`?$/i.test(file.before)
    )
    if (into) return into.path
    const here = current?.split('/').pop()
    const others = files.filter(
      file =>
        !/\bfrom\s+(?:the\s+)?(?:file\s+|module\s+)?`?$/i.test(file.before) &&
        file.path.split('/').pop() !== here
    )
    return others[others.length - 1]?.path ?? files[files.length - 1]?.path
  }
  return undefined
}
