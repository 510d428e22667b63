/**
 * The names a phase cites, read in the language of the repository: a name reached through a receiver
 * (`self.cache`) is a member, not a dotted module; names the language provides (builtins, `typing`, the
 * standard library) are never targets; class-like words of the phase's prose give the class context
 * in which bare method names are read. Pure.
 */
import type { Language } from '../grounding/language.js'
import type { CitedName } from '../master-plan/names.js'

/** Receiver-prefixed names become symbols; everything else is as the master plan cites it. */
export function languageNames(names: readonly CitedName[], language: Language): CitedName[] {
  return names.map(name => {
    const first = name.name.split('.')[0] ?? ''
    return name.kind === 'module' && language.receivers.has(first) ? { ...name, kind: 'symbol' } : name
  })
}

/** `self.cache` → `cache`; `cls.a.b` → `b`; anything else unchanged. */
export function withoutReceiver(name: string, language: Language): string {
  const parts = name.split('.')
  return parts.length > 1 && language.receivers.has(parts[0] ?? '') ? (parts[parts.length - 1] ?? name) : name
}

/** The name the language itself provides, if any (`List`, `re`, `re.compile`, `ValueError`). */
export function isLanguageName(name: string, language: Language): boolean {
  return language.knownName(name.replace(/\(.*\)$/, '')) !== undefined
}

const CLASS_WORD = /(?<![\w.`])[A-Z][a-z0-9]+(?:[A-Z][a-z0-9]*)+(?![\w`])/g

/** CamelCase words of prose (`Update ProviderManager`): candidate classes that set the context. */
export function classWords(texts: readonly string[]): string[] {
  const found = new Set<string>()
  for (const text of texts) for (const match of text.matchAll(CLASS_WORD)) found.add(match[0])
  return [...found]
}

/** The last dotted part of a name: `load` of `Store.load`. */
export function lastPart(name: string): string {
  return name.split('.').pop() ?? name
}
