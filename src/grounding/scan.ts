/** One-pass text prefilters: decide cheaply which files are worth parsing or checking further. */

export const WORD_CHAR = '[A-Za-z0-9_]'

export function escapeRegExp(text: string): string {
  return text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')
}

export function alternation(words: Iterable<string>): string {
  // Longest first so a name never shadows a longer one that starts with it; equal lengths in byte order
  // (any order matches the same, and comparing without a locale spares loading ICU's collator).
  return [...new Set(words)]
    .sort((a, b) => b.length - a.length || (a < b ? -1 : a > b ? 1 : 0))
    .map(escapeRegExp)
    .join('|')
}

/** Finds which of `words` occur in a text as whole words, in one scan with one combined RegExp. */
export function wholeWordFinder(words: Iterable<string>): (text: string) => Set<string> {
  const alt = alternation(words)
  if (!alt) return () => new Set()
  const pattern = new RegExp(`(?<!${WORD_CHAR})(?:${alt})(?!${WORD_CHAR})`, 'g')
  return (text: string) => {
    const found = new Set<string>()
    pattern.lastIndex = 0
    for (let match = pattern.exec(text); match; match = pattern.exec(text)) found.add(match[0])
    return found
  }
}

/** Whether a dotted name (`llm_router.api`) occurs in a text, not as part of a longer dotted name's start. */
export function dottedMention(dotted: string): RegExp {
  return new RegExp(`(?<![A-Za-z0-9_.])${escapeRegExp(dotted)}(?!${WORD_CHAR})`)
}
