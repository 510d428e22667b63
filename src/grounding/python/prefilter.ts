/** A cheap text test for Python files that may define one of several names, confirmed by parsing. */
import { alternation, WORD_CHAR } from '../scan.js'

/**
 * One RegExp for all names at once that hits a file when it may define one of them: `class Name`,
 * `def name` / `async def name` at any indentation (methods), `Name =` / `Name: T` at the start of a line
 * (module and class attributes), or `.name =` / `.name: T` / `.name,` anywhere (`self.name = …`, also
 * chained and tuple targets). Hits are confirmed by parsing; undefined when there is nothing to look for.
 */
export function pythonDefinitionPrefilter(names: Iterable<string>): RegExp | undefined {
  const alt = alternation(names)
  if (!alt) return undefined
  const defined = `(?:async[ \\t]+)?(?:def|class)[ \\t]+(?:${alt})(?!${WORD_CHAR})`
  const bound = `(?:${alt})[ \\t]*(?::|=(?!=))`
  const attribute = `\\.(?:${alt})[ \\t]*(?::|,|=(?!=))`
  return new RegExp(`^[ \\t]*(?:${defined}|${bound})|${attribute}`, 'm')
}
