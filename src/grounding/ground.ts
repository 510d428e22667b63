/** Grounds the plan's references in the repository: reads each needed file once, parses only hits. */
import { FileIndex } from './file-index.js'
import type { Language, ParsedModule } from './language.js'
import { mapPool } from './pool.js'
import { python } from './python/index.js'
import { wholeWordFinder } from './scan.js'
import { resolveTargets, touchesTarget } from './file-targets.js'
import { findDefinitions, mentionWords, parseSymbolQuery, searchNames } from './symbol-queries.js'
import type { SymbolQuery } from './symbol-queries.js'
import type {
  Grounding,
  ModuleSymbols,
  ReadFile,
  ReferenceFact,
  References,
  RepositoryFiles,
  SymbolFact
} from './types.js'

const READ_CONCURRENCY = 64
/** Larger files are still scanned as text but not parsed (generated code, vendored blobs). */
const MAX_PARSE_CHARS = 2_000_000

/**
 * What a file brings in, as reference qualification reads it: a plain `import a.b` as `a.b`, and
 * `from a import b` as `a.b` only (taking one class from a module is no use of its other classes).
 */
function namesImported(file: string, parsed: ParsedModule, language: Language): string[] {
  const out: string[] = []
  for (const { module, names } of parsed.imports()) {
    const absolute = language.absoluteModule(module, file)
    if (absolute === undefined) continue
    if (names.length === 0) out.push(absolute)
    for (const name of names) out.push(name === '*' ? absolute : `${absolute}.${name}`)
  }
  return out
}

/** Modules a file imports, including `from a import b` as `a.b` and relative imports resolved. */
function importedModules(file: string, parsed: ParsedModule, language: Language): string[] {
  const out: string[] = []
  for (const { module, names } of parsed.imports()) {
    const absolute = language.absoluteModule(module, file)
    if (absolute === undefined) continue
    out.push(absolute)
    for (const name of names) if (name !== '*') out.push(`${absolute}.${name}`)
  }
  return out
}

/**
 * Facts for every file, module and symbol the plan mentions: whether it exists, its top-level symbols,
 * where symbols are defined (with lines), which test files import or mention each one, and every use of
 * the watched names. Every file is read at most once: all source files when symbols must be located or
 * names are watched (combined prefilters, a parse only on hits), otherwise only the referenced files and
 * the tests.
 */
export async function groundReferences(
  repo: RepositoryFiles,
  refs: References,
  read: ReadFile,
  language: Language = python
): Promise<Grounding> {
  const index = FileIndex.of(repo.files)
  const queries: SymbolQuery[] = refs.symbols.map(raw => parseSymbolQuery(raw, index, language))
  const targets = resolveTargets(refs, queries, index, language)
  const prefilter = language.definitionPrefilter(queries.flatMap(searchNames))
  const watched = new Set((refs.watch ?? []).map(name => name.split('.').pop() ?? name).filter(Boolean))
  const findWatched = watched.size > 0 ? wholeWordFinder(watched) : undefined
  const mustParse = new Set<string>()
  for (const { fact } of targets)
    if (fact.exists && !fact.isDirectory && language.isSourcePath(fact.path)) mustParse.add(fact.path)
  for (const query of queries) if (query.kind === 'inModule') mustParse.add(query.path)

  const needles = new Set<string>()
  for (const target of targets) {
    if (target.pathWord) needles.add(target.pathWord)
    if (target.moduleLast) needles.add(target.moduleLast)
  }
  for (const query of queries) for (const word of mentionWords(query)) needles.add(word)
  const findWords = wholeWordFinder(needles)

  const sourceFiles = repo.files.filter(file => language.isSourcePath(file))
  const wantEntryPoints = refs.entryPoints === true
  const entryPoints: string[] = []
  const toRead =
    prefilter || findWatched || wantEntryPoints
      ? sourceFiles
      : sourceFiles.filter(file => mustParse.has(file) || language.isTestPath(file))
  const parsed = new Map<string, ModuleSymbols>()
  const targetTests = targets.map(() => new Set<string>())
  const symbolTests = queries.map(() => new Set<string>())
  const references: ReferenceFact[] = []
  // Files a test sees without importing them (pytest's conftest.py): their imports count as the test's.
  const implicit = new Set(
    findWatched
      ? repo.files
          .filter(file => language.isTestPath(file))
          .flatMap(file => language.implicitImports(file, index))
      : []
  )
  const implicitImports = new Map<string, string[]>()
  const testImports: Record<string, string[]> = {}
  const classBases: Record<string, string[]> = {}
  const seen = new Set<string>()

  await mapPool(toRead, READ_CONCURRENCY, async file => {
    let text: string
    try {
      text = await read(file)
    } catch {
      return
    }
    const parsable = text.length <= MAX_PARSE_CHARS
    // One parse serves symbols, imports and references.
    let module: ParsedModule | undefined
    const moduleOf = (): ParsedModule => (module ??= language.parse(text))
    if (parsable && (mustParse.has(file) || (prefilter?.test(text) ?? false))) {
      parsed.set(file, moduleOf().symbols())
    }
    let imports: string[] | undefined
    const lazyImports = (): string[] =>
      (imports ??= parsable ? importedModules(file, moduleOf(), language) : [])
    if (
      wantEntryPoints &&
      file.split('/').length <= 2 &&
      !language.isTestPath(file) &&
      language.isEntryPoint(file, text)
    )
      entryPoints.push(file)
    if (parsable && implicit.has(file)) implicitImports.set(file, namesImported(file, moduleOf(), language))
    if (parsable && findWatched) {
      const hits = findWatched(text)
      for (const hit of hits) seen.add(hit)
      if (hits.size > 0) references.push(...referencesIn(file, moduleOf(), hits, index, language))
    }
    if (parsable) {
      const facts = language.outline(text)
      for (const cls of facts.classes) classBases[cls.name] = [...cls.bases]
      if (language.isTestModule(file)) {
        testImports[file] = facts.imports.flatMap(imported => language.absoluteModule(imported, file) ?? [])
      }
    }
    if (!language.isTestPath(file)) return
    const found = findWords(text)
    if (found.size === 0) return
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
  const symbols: SymbolFact[] = []
  queries.forEach((query, i) => {
    // A package or module named like a symbol is reported with the files.
    if (query.kind === 'package') return
    const definitions = findDefinitions(query, sortedParsed)
    const defined = new Set(definitions.map(definition => definition.path))
    const tests = [...(symbolTests[i] ?? [])].filter(file => !defined.has(file)).sort()
    const via = query.kind === 'selfMember' && query.via.length > 0 ? { via: query.via } : {}
    symbols.push({ name: refs.symbols[i] ?? '', definitions, ...via, tests })
  })
  const withFixtures = references.map(reference => {
    const extra = language
      .implicitImports(reference.path, index)
      .flatMap(path => implicitImports.get(path) ?? [])
    return extra.length > 0 ? { ...reference, fileImports: [...reference.fileImports, ...extra] } : reference
  })
  withFixtures.sort((a, b) => (a.path < b.path ? -1 : a.path > b.path ? 1 : a.line - b.line))
  return {
    files,
    symbols,
    testLayout: language.detectTestLayout(repo.files, index),
    references: withFixtures,
    ...(wantEntryPoints ? { entryPoints: mainEntryPoints(entryPoints) } : {}),
    testImports: Object.fromEntries(Object.entries(testImports).sort(([a], [b]) => (a < b ? -1 : 1))),
    classBases,
    seen: [...seen].sort()
  }
}

/** The uses of `names` in one file, with the test each sits in and what the file (and its fixtures) imports. */
function referencesIn(
  file: string,
  module: ParsedModule,
  names: ReadonlySet<string>,
  index: FileIndex,
  language: Language
): ReferenceFact[] {
  const found = module.references(names)
  if (found.length === 0) return []
  const fileImports = namesImported(file, module, language)
  const tests = language.isTestModule(file) ? module.testFunctions() : []
  const bases = new Map(module.symbols().classes.map(cls => [cls.name, cls.bases]))
  return found.map(reference => {
    const test = tests.find(
      candidate =>
        candidate.name === reference.inFunction &&
        (candidate.className === undefined || candidate.className === reference.inClass)
    )
    const classBases = reference.inClass ? bases.get(reference.inClass) : undefined
    const from =
      reference.fromModule !== undefined ? language.absoluteModule(reference.fromModule, file) : undefined
    const external = from !== undefined && !language.resolveModule(index, from).exists
    return {
      ...reference,
      path: file,
      ...(external ? { external: true as const } : {}),
      ...(test ? { testId: language.testId(file, test) } : {}),
      fileImports,
      ...(classBases ? { classBases } : {})
    }
  })
}

/**
 * The modules that start the application: those at the root when there are any (a helper script in a
 * folder is not the application), else those one folder down.
 */
function mainEntryPoints(found: readonly string[]): string[] {
  const root = found.filter(file => !file.includes('/'))
  return [...(root.length > 0 ? root : found)].sort()
}
