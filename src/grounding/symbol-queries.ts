/** What a symbol reference in the plan asks for, and where the repository defines it. */
import type { FileIndex } from './file-index.js'
import type { Language } from './language.js'
import { BUILTIN_PATH } from './types.js'
import type { ClassSymbol, FunctionSymbol, ModuleSymbols, SymbolFact } from './types.js'

const IDENTIFIER = /^[\p{L}_][\p{L}\p{N}_]*$/u

export type SymbolQuery =
  | { kind: 'plain'; name: string }
  /** `Class.member` (method or attribute), searched for in every class of that name. */
  | { kind: 'member'; owner: string; member: string }
  /** `self.member` / `cls.a.member`: a method or attribute of any class, reached through attributes `via`. */
  | { kind: 'selfMember'; member: string; via: string[] }
  /** `package.module.Name` or `package.module.Class.member`, looked up in that module's file only. */
  | { kind: 'inModule'; path: string; moduleLast: string; rest: string[] }
  /** A single name that is a top-level package, directory or module of the repository (`llm_router`). */
  | { kind: 'package'; module: string; path: string; isDirectory: boolean }
  /** A builtin of the language (`ValueError`, `len`, `dict`). */
  | { kind: 'builtin'; name: string }
  | { kind: 'invalid' }

export function parseSymbolQuery(raw: string, index: FileIndex, language: Language): SymbolQuery {
  const cleaned = raw.trim().replace(/\(\)$/, '')
  const parts = cleaned.split('.')
  if (!parts.every(part => IDENTIFIER.test(part))) return { kind: 'invalid' }
  const [first, second] = parts
  const last = parts[parts.length - 1]
  if (first === undefined || last === undefined) return { kind: 'invalid' }
  if (parts.length > 1 && language.receivers.has(first)) {
    return { kind: 'selfMember', member: last, via: parts.slice(1, -1) }
  }
  if (parts.length === 1) {
    const resolved = language.resolveModule(index, first)
    if (resolved.exists) {
      return { kind: 'package', module: first, path: resolved.path, isDirectory: resolved.isDirectory }
    }
    return language.knownName(first) === 'builtin'
      ? { kind: 'builtin', name: first }
      : { kind: 'plain', name: first }
  }
  for (let split = parts.length - 1; split >= 1; split--) {
    const rest = parts.slice(split)
    if (rest.length > 2) break
    const resolved = language.resolveModule(index, parts.slice(0, split).join('.'))
    if (resolved.exists && !resolved.isDirectory && language.isSourcePath(resolved.path)) {
      return { kind: 'inModule', path: resolved.path, moduleLast: parts[split - 1] ?? '', rest }
    }
  }
  if (parts.length === 2 && second !== undefined) return { kind: 'member', owner: first, member: second }
  return { kind: 'invalid' }
}

/** Names whose definitions must be searched for across the repository. */
export function searchNames(query: SymbolQuery): string[] {
  switch (query.kind) {
    case 'plain':
      return [query.name]
    case 'member':
      return [query.owner]
    case 'selfMember':
      return [query.member]
    default:
      return []
  }
}

/** Words a test must contain (all of them) to count as mentioning the symbol. */
export function mentionWords(query: SymbolQuery): string[] {
  switch (query.kind) {
    case 'plain':
      return [query.name]
    case 'member':
      return [query.owner, query.member]
    case 'selfMember':
      return [query.member]
    case 'inModule':
      return [query.moduleLast, ...query.rest]
    case 'package':
    case 'builtin':
    case 'invalid':
      return []
  }
}

type Definition = SymbolFact['definitions'][number]

function signatureOf(fn: FunctionSymbol): Pick<Definition, 'params' | 'returns'> {
  return {
    ...(fn.params ? { params: fn.params } : {}),
    ...(fn.returns !== undefined ? { returns: fn.returns } : {})
  }
}

/** Methods, then attributes, of one class named `member`. */
function classMembers(path: string, cls: ClassSymbol, member: string): Definition[] {
  const out: Definition[] = []
  for (const method of cls.methods)
    if (method.name === member)
      out.push({
        path,
        line: method.line,
        endLine: method.endLine,
        kind: 'method',
        owner: cls.name,
        ...signatureOf(method)
      })
  for (const attribute of cls.attributes) {
    if (attribute.name === member)
      out.push({ path, line: attribute.line, kind: 'attribute', owner: cls.name })
  }
  return out
}

/** Top-level definitions named `name`; with `members`, also methods and attributes of every class. */
function inFile(path: string, symbols: ModuleSymbols, name: string, members: boolean): Definition[] {
  const out: Definition[] = []
  for (const cls of symbols.classes) {
    if (cls.name === name) out.push({ path, line: cls.line, endLine: cls.endLine, kind: 'class' })
    if (members) out.push(...classMembers(path, cls, name))
  }
  for (const fn of symbols.functions)
    if (fn.name === name)
      out.push({ path, line: fn.line, endLine: fn.endLine, kind: 'function', ...signatureOf(fn) })
  for (const assignment of symbols.assignments) {
    if (assignment.name === name) out.push({ path, line: assignment.line, kind: 'assignment' })
  }
  return out
}

/** Methods and attributes named `member` of classes named `owner`, or of every class without an owner. */
function memberOf(
  path: string,
  symbols: ModuleSymbols,
  owner: string | undefined,
  member: string
): Definition[] {
  return symbols.classes
    .filter(cls => owner === undefined || cls.name === owner)
    .flatMap(cls => classMembers(path, cls, member))
}

function definitionsIn(query: SymbolQuery, path: string, symbols: ModuleSymbols): Definition[] {
  switch (query.kind) {
    case 'plain':
      return inFile(path, symbols, query.name, true)
    case 'member':
      return memberOf(path, symbols, query.owner, query.member)
    case 'selfMember':
      return memberOf(path, symbols, undefined, query.member)
    default:
      return []
  }
}

/** Definitions of a query among the parsed files, ordered by path then line. */
export function findDefinitions(
  query: SymbolQuery,
  parsed: ReadonlyMap<string, ModuleSymbols>
): Definition[] {
  if (query.kind === 'builtin') return [{ path: BUILTIN_PATH, line: 0, kind: 'builtin' }]
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
  } else {
    for (const [path, symbols] of parsed) out.push(...definitionsIn(query, path, symbols))
  }
  return out.sort((a, b) => (a.path < b.path ? -1 : a.path > b.path ? 1 : a.line - b.line))
}
