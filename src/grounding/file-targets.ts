/**
 * The files a plan cites, as grounding looks for them: resolved against the repository (a bare name to
 * the one file of that name, a module to its file), with the texts that count as mentioning each. Pure.
 */
import { basename, FileIndex, normalizeRepoPath } from './file-index.js'
import type { Language } from './language.js'
import { dottedMention } from './scan.js'
import type { SymbolQuery } from './symbol-queries.js'
import type { FileFact, References } from './types.js'

const DOTTED = /^[\p{L}_][\p{L}\p{N}_]*(?:\.[\p{L}_][\p{L}\p{N}_]*)*$/u

export interface FileTarget {
  fact: FileFact
  /** Path texts whose presence in a test counts as a mention. */
  pathTexts: string[]
  /** Word that gates the path-text check (the basename up to its first dot). */
  pathWord: string
  moduleLast?: string
  moduleMention?: RegExp
}

export function fileTarget(path: string, exists: boolean, isDirectory: boolean, module?: string): FileTarget {
  const fact: FileFact = { path, exists, isDirectory, tests: [] }
  if (module !== undefined) fact.module = module
  const pathTexts = [path, ...(path.startsWith('src/') ? [path.slice(4)] : [])]
  const target: FileTarget = { fact, pathTexts, pathWord: basename(path).split('.')[0] ?? '' }
  if (module !== undefined) {
    target.moduleLast = module.split('.').pop() ?? module
    // A bare top-level name (`config`) is too common a word to count as a mention; imports still count.
    if (module.includes('.')) target.moduleMention = dottedMention(module)
  }
  return target
}

/**
 * A target for a bare file name (`api.py`) that is not at the root: the one repository file of that name,
 * else the one path the plan names elsewhere with that basename (a planned new file), else, when several
 * fit, an unresolved fact listing them. A repository file the plan also names with its directory wins
 * over same-named others. Undefined when nothing fits (the name stays a proposed root-level file).
 */
function bareFileTarget(
  cited: string,
  name: string,
  index: FileIndex,
  located: string[],
  language: Language
): FileTarget | undefined {
  const inRepo = index.filesNamed(name)
  const named = located.filter(path => basename(path) === name)
  const citedInRepo = inRepo.filter(path => named.includes(path))
  const matches = inRepo.length > 0 ? (citedInRepo.length === 1 ? citedInRepo : inRepo) : named
  const [only] = matches
  if (only !== undefined && matches.length === 1) {
    const target = fileTarget(
      only,
      inRepo.length > 0,
      false,
      language.isSourcePath(only) ? language.moduleForPath(only) : undefined
    )
    target.fact.citedAs = cited
    return target
  }
  if (matches.length === 0) return undefined
  return {
    fact: { path: name, exists: false, isDirectory: false, candidates: matches, tests: [] },
    pathTexts: [],
    pathWord: ''
  }
}

export function resolveTargets(
  refs: References,
  queries: SymbolQuery[],
  index: FileIndex,
  language: Language
): FileTarget[] {
  const targets = new Map<string, FileTarget>()
  const add = (target: FileTarget): void => {
    const known = targets.get(target.fact.path)
    if (!known) targets.set(target.fact.path, target)
    else if (known.fact.citedAs === undefined && target.fact.citedAs !== undefined) {
      known.fact.citedAs = target.fact.citedAs
    }
  }
  const normals = refs.files.map(raw => normalizeRepoPath(raw, index))
  // Where the plan's paths with a directory point, for bare names of files that do not exist yet.
  const located = [
    ...new Set(normals.flatMap(normal => (normal?.includes('/') ? [index.resolvePath(normal).path] : [])))
  ]
  refs.files.forEach((raw, i) => {
    const normal = normals[i]
    if (normal === undefined) {
      add({
        fact: { path: raw.trim(), exists: false, isDirectory: false, outside: true, tests: [] },
        pathTexts: [],
        pathWord: ''
      })
      return
    }
    const resolved = index.resolvePath(normal)
    const trailingSlash = /[\\/]\s*$/.test(raw)
    const bare =
      !resolved.exists && !normal.includes('/') && !trailingSlash
        ? bareFileTarget(raw.trim(), normal, index, located, language)
        : undefined
    if (bare) {
      add(bare)
      return
    }
    const isDirectory = resolved.exists ? resolved.isDirectory : trailingSlash
    const module =
      language.isSourcePath(resolved.path) || isDirectory ? language.moduleForPath(resolved.path) : undefined
    const target = fileTarget(resolved.path, resolved.exists, isDirectory, module)
    if (raw.trim().replace(/[\\/]+$/, '') !== resolved.path) target.fact.citedAs = raw.trim()
    add(target)
  })
  for (const raw of refs.modules) {
    const module = raw.trim()
    if (!DOTTED.test(module)) continue
    const resolved = language.resolveModule(index, module)
    add(fileTarget(resolved.path, resolved.exists, resolved.isDirectory, module))
  }
  for (const query of queries) {
    if (query.kind === 'package') add(fileTarget(query.path, true, query.isDirectory, query.module))
  }
  return [...targets.values()]
}

export function touchesTarget(
  target: FileTarget,
  file: string,
  text: string,
  found: Set<string>,
  imports: () => string[]
) {
  if (file === target.fact.path) return false
  if (found.has(target.pathWord) && target.pathTexts.some(path => text.includes(path))) return true
  const { module } = target.fact
  if (module === undefined || target.moduleLast === undefined || !found.has(target.moduleLast)) return false
  if (target.moduleMention?.test(text)) return true
  const prefix = `${module}.`
  return imports().some(
    imported => imported === module || (target.fact.isDirectory && imported.startsWith(prefix))
  )
}
