/** Facts read off the grounding that several analyses share. Pure. */
import type { Language } from '../grounding/language.js'
import type { Grounding } from '../grounding/types.js'

/** The repository's source file for each dotted module. */
export function moduleFiles(input: {
  readonly language: Language
  readonly repositoryFiles: readonly string[]
}): (module: string) => string | undefined {
  const files = new Map<string, string>()
  for (const file of input.repositoryFiles) {
    if (!input.language.isSourcePath(file)) continue
    const module = input.language.moduleForPath(file)
    if (module !== undefined && !files.has(module)) files.set(module, file)
  }
  return module => files.get(module)
}

/** Whether a class is another or inherits from it, through the bases the repository gives (cycles stop). */
export function inheritance(grounding: Grounding): (cls: string, owner: string) => boolean {
  const bases = grounding.classBases ?? {}
  return (cls, owner) => {
    const seen = new Set<string>()
    const queue = [cls]
    while (queue.length > 0) {
      const next = queue.shift() ?? ''
      if (next === owner) return true
      if (seen.has(next)) continue
      seen.add(next)
      queue.push(...(bases[next] ?? []))
    }
    return false
  }
}

/** Names the repository imports from outside itself: packages, and the names taken from them. */
export function importedNames(grounding: Grounding): Set<string> {
  const names = new Set<string>()
  for (const use of grounding.references) {
    if (use.kind !== 'import' || !use.external) continue
    names.add(use.name)
    if (use.fromModule) names.add(use.fromModule.replace(/^\.+/, '').split('.')[0] ?? use.fromModule)
  }
  return names
}
