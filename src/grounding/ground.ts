/** Grounds the plan's references in the repository: reads each needed file once, parses only hits. */
import { mapPool } from './pool.js'
import { pythonImports, pythonSymbols } from './python-symbols.js'
import {
  absoluteModule,
  basename,
  FileIndex,
  isPythonPath,
  isTestPath,
  moduleForPath,
  normalizeRepoPath
} from './python-paths.js'
import { repositoryReader } from './repository-files.js'
import { definitionPrefilter, dottedMention, wholeWordFinder } from './scan.js'
import { findDefinitions, mentionWords, parseSymbolQuery, searchNames } from './symbol-queries.js'
import type { SymbolQuery } from './symbol-queries.js'
import { detectTestLayout } from './test-layout.js'
import type {
  FileFact,
  Grounding,
  PythonModuleSymbols,
  ReadFile,
  References,
  RepositoryFiles
} from './types.js'

const READ_CONCURRENCY = 64
/** Larger files are still scanned as text but not parsed (generated code, vendored blobs). */
const MAX_PARSE_CHARS = 2_000_000
const DOTTED = /^[\p{L}_][\p{L}\p{N}_]*(?:\.[\p{L}_][\p{L}\p{N}_]*)*$/u

interface Target {
  fact: FileFact
  /** Path texts whose presence in a test counts as a mention. */
  pathTexts: string[]
  /** Word that gates the path-text check (the basename up to its first dot). */
  pathWord: string
  moduleLast?: string
  moduleMention?: RegExp
}

function fileTarget(path: string, exists: boolean, isDirectory: boolean, module?: string): Target {
  const fact: FileFact = { path, exists, isDirectory, tests: [] }
  if (module !== undefined) fact.module = module
  const pathTexts = [path, ...(path.startsWith('src/') ? [path.slice(4)] : [])]
  const target: Target = { fact, pathTexts, pathWord: basename(path).split('.')[0] ?? '' }
  if (module !== undefined) {
    target.moduleLast = module.split('.').pop() ?? module
    // A bare top-level name (`config`) is too common a word to count as a mention; imports still count.
    if (module.includes('.')) target.moduleMention = dottedMention(module)
  }
  return target
}

function resolveTargets(refs: References, index: FileIndex): Target[] {
  const targets = new Map<string, Target>()
  const add = (target: Target): void => {
    if (!targets.has(target.fact.path)) targets.set(target.fact.path, target)
  }
  for (const raw of refs.files) {
    const normal = normalizeRepoPath(raw)
    if (normal === undefined) {
      add({ fact: { path: raw, exists: false, isDirectory: false, tests: [] }, pathTexts: [], pathWord: '' })
      continue
    }
    const resolved = index.resolvePath(normal)
    const isDirectory = resolved.exists ? resolved.isDirectory : /[\\/]\s*$/.test(raw)
    const module = isPythonPath(resolved.path) || isDirectory ? moduleForPath(resolved.path) : undefined
    add(fileTarget(resolved.path, resolved.exists, isDirectory, module))
  }
  for (const raw of refs.modules) {
    const module = raw.trim()
    if (!DOTTED.test(module)) continue
    const resolved = index.resolveModule(module)
    add(fileTarget(resolved.path, resolved.exists, resolved.isDirectory, module))
  }
  return [...targets.values()]
}

/** Modules a test file imports, including `from a import b` as `a.b` and relative imports resolved. */
function importedModules(file: string, text: string): string[] {
  const out: string[] = []
  for (const { module, names } of pythonImports(text)) {
    const absolute = absoluteModule(module, file)
    if (absolute === undefined) continue
    out.push(absolute)
    for (const name of names) if (name !== '*') out.push(`${absolute}.${name}`)
  }
  return out
}

function touchesTarget(
  target: Target,
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

/**
 * Facts for every file, module and symbol the plan mentions: whether it exists, its top-level symbols,
 * where symbols are defined (with lines), and which test files import or mention each one.
 * Every file is read at most once: all Python files when symbols must be located (one combined
 * prefilter, Lezer parse only on hits), otherwise only the referenced files and the tests.
 */
export async function groundReferences(
  repo: RepositoryFiles,
  refs: References,
  read: ReadFile = repositoryReader(repo.root)
): Promise<Grounding> {
  const index = new FileIndex(repo.files)
  const targets = resolveTargets(refs, index)
  const queries: SymbolQuery[] = refs.symbols.map(raw => parseSymbolQuery(raw, index))
  const prefilter = definitionPrefilter(queries.flatMap(searchNames))
  const mustParse = new Set<string>()
  for (const { fact } of targets)
    if (fact.exists && !fact.isDirectory && isPythonPath(fact.path)) mustParse.add(fact.path)
  for (const query of queries) if (query.kind === 'inModule') mustParse.add(query.path)

  const needles = new Set<string>()
  for (const target of targets) {
    if (target.pathWord) needles.add(target.pathWord)
    if (target.moduleLast) needles.add(target.moduleLast)
  }
  for (const query of queries) for (const word of mentionWords(query)) needles.add(word)
  const findWords = wholeWordFinder(needles)

  const pythonFiles = repo.files.filter(isPythonPath)
  const toRead = prefilter ? pythonFiles : pythonFiles.filter(file => mustParse.has(file) || isTestPath(file))
  const parsed = new Map<string, PythonModuleSymbols>()
  const targetTests = targets.map(() => new Set<string>())
  const symbolTests = queries.map(() => new Set<string>())

  await mapPool(toRead, READ_CONCURRENCY, async file => {
    let text: string
    try {
      text = await read(file)
    } catch {
      return
    }
    if (text.length <= MAX_PARSE_CHARS && (mustParse.has(file) || (prefilter?.test(text) ?? false))) {
      parsed.set(file, pythonSymbols(text))
    }
    if (!isTestPath(file)) return
    const found = findWords(text)
    if (found.size === 0) return
    let imports: string[] | undefined
    const lazyImports = (): string[] =>
      (imports ??= text.length <= MAX_PARSE_CHARS ? importedModules(file, text) : [])
    targets.forEach((target, i) => {
      if (touchesTarget(target, file, text, found, lazyImports)) targetTests[i]?.add(file)
    })
    queries.forEach((query, i) => {
      const words = mentionWords(query)
      if (words.length > 0 && words.every(word => found.has(word))) symbolTests[i]?.add(file)
    })
  })

  const sortedParsed = new Map([...parsed].sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0)))
  const files = targets.map(({ fact }, i) => {
    const symbols = parsed.get(fact.path)
    const { tests: _, ...rest } = fact
    return { ...rest, ...(symbols ? { symbols } : {}), tests: [...(targetTests[i] ?? [])].sort() }
  })
  const symbols = queries.map((query, i) => {
    const definitions = findDefinitions(query, sortedParsed)
    const defined = new Set(definitions.map(definition => definition.path))
    const tests = [...(symbolTests[i] ?? [])].filter(file => !defined.has(file)).sort()
    return { name: refs.symbols[i] ?? '', definitions, tests }
  })
  return { files, symbols, testLayout: detectTestLayout(repo.files, index) }
}
