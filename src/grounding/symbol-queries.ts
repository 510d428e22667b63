/** What a symbol reference in the plan asks for, and where the repository defines it. */
import type { FileIndex } from './python-paths.js'
import { isPythonPath } from './python-paths.js'
import type { PythonModuleSymbols, SymbolFact } from './types.js'

const IDENTIFIER = /^[\p{L}_][\p{L}\p{N}_]*$/u

export type SymbolQuery =
  | { kind: 'plain'; name: string }
  /** `Class.method`, searched for in every class of that name. */
  | { kind: 'member'; owner: string; member: string }
  /** `package.module.Name` or `package.module.Class.method`, looked up in that module's file only. */
  | { kind: 'inModule'; path: string; moduleLast: string; rest: string[] }
  | { kind: 'invalid' }

export function parseSymbolQuery(raw: string, index: FileIndex): SymbolQuery {
  const cleaned = raw.trim().replace(/\(\)$/, '')
  const parts = cleaned.split('.')
  if (!parts.every(part => IDENTIFIER.test(part))) return { kind: 'invalid' }
  const [first, second] = parts
  if (first === undefined) return { kind: 'invalid' }
  if (parts.length === 1) return { kind: 'plain', name: first }
  for (let split = parts.length - 1; split >= 1; split--) {
    const rest = parts.slice(split)
    if (rest.length > 2) break
    const resolved = index.resolveModule(parts.slice(0, split).join('.'))
    if (resolved.exists && !resolved.isDirectory && isPythonPath(resolved.path)) {
      return { kind: 'inModule', path: resolved.path, moduleLast: parts[split - 1] ?? '', rest }
    }
  }
  if (parts.length === 2 && second !== undefined) return { kind: 'member', owner: first, member: second }
  return { kind: 'invalid' }
}

/** Names whose definitions must be searched for across the repository. */
export function searchNames(query: SymbolQuery): string[] {
  if (query.kind === 'plain') return [query.name]
  if (query.kind === 'member') return [query.owner]
  return []
}

/** Words a test must contain (all of them) to count as mentioning the symbol. */
export function mentionWords(query: SymbolQuery): string[] {
  switch (query.kind) {
    case 'plain':
      return [query.name]
    case 'member':
      return [query.owner, query.member]
    case 'inModule':
      return [query.moduleLast, ...query.rest]
    case 'invalid':
      return []
  }
}

type Definition = SymbolFact['definitions'][number]

function inFile(path: string, symbols: PythonModuleSymbols, name: string, methods: boolean): Definition[] {
  const out: Definition[] = []
  for (const cls of symbols.classes) {
    if (cls.name === name) out.push({ path, line: cls.line, kind: 'class' })
    if (!methods) continue
    for (const method of cls.methods) {
      if (method.name === name) out.push({ path, line: method.line, kind: 'method' })
    }
  }
  for (const fn of symbols.functions)
    if (fn.name === name) out.push({ path, line: fn.line, kind: 'function' })
  for (const assignment of symbols.assignments) {
    if (assignment.name === name) out.push({ path, line: assignment.line, kind: 'assignment' })
  }
  return out
}

function memberOf(path: string, symbols: PythonModuleSymbols, owner: string, member: string): Definition[] {
  return symbols.classes
    .filter(cls => cls.name === owner)
    .flatMap(cls => cls.methods.filter(method => method.name === member))
    .map(method => ({ path, line: method.line, kind: 'method' as const }))
}

/** Definitions of a query among the parsed files, ordered by path then line. */
export function findDefinitions(
  query: SymbolQuery,
  parsed: ReadonlyMap<string, PythonModuleSymbols>
): Definition[] {
  const out: Definition[] = []
  if (query.kind === 'inModule') {
    const symbols = parsed.get(query.path)
    const [name, member] = query.rest
    if (symbols && name !== undefined) {
      out.push(
        ...(member === undefined
          ? inFile(query.path, symbols, name, false)
          : memberOf(query.path, symbols, name, member))
      )
    }
  } else if (query.kind !== 'invalid') {
    for (const [path, symbols] of parsed) {
      out.push(
        ...(query.kind === 'plain'
          ? inFile(path, symbols, query.name, true)
          : memberOf(path, symbols, query.owner, query.member))
      )
    }
  }
  return out.sort((a, b) => (a.path < b.path ? -1 : a.path > b.path ? 1 : a.line - b.line))
}
