/**
 * Where the tests of a source file go, read from the tests the repository already has: the test module
 * that imports it and is named after it (`tests/exporters/test_csv.py` for `exporters/csv_exporter.py`),
 * else a new module beside the tests of its sibling modules (`tests/exporters/test_base.py`), else the
 * repository's general layout. Pure: the imports of each test module come in as data.
 */
import type { Language } from '../grounding/language.js'
import type { TestLayout } from '../grounding/types.js'

/** `test_csv.py`, `csv_test.py` → `csv`. */
function testStem(path: string): string {
  const name = path.slice(path.lastIndexOf('/') + 1).replace(/\.pyi?$/, '')
  return name
    .replace(/^test_/, '')
    .replace(/_test$/, '')
    .toLowerCase()
}

function sourceStem(path: string): string {
  const name = path.slice(path.lastIndexOf('/') + 1).replace(/\.pyi?$/, '')
  const stem = name === '__init__' ? (path.split('/').slice(-2)[0] ?? name) : name
  return stem.toLowerCase()
}

/** The test stem names the source file: the same, or one the start of the other at a word (`csv` ↔ `csv_exporter`). */
function names(test: string, source: string): boolean {
  if (test === source) return true
  return source.startsWith(`${test}_`) || test.startsWith(`${source}_`)
}

function dirname(path: string): string {
  return path.includes('/') ? path.slice(0, path.lastIndexOf('/')) : ''
}

export function testHomes(
  testImports: Readonly<Record<string, readonly string[]>>,
  language: Language,
  layout: TestLayout,
  /** The repository file a dotted module is. */
  fileOf: (module: string) => string | undefined
): (source: string) => string | undefined {
  const tests = Object.keys(testImports).sort()
  const imports = (test: string, module: string): boolean =>
    (testImports[test] ?? []).some(imported => imported === module || imported.startsWith(`${module}.`))
  const existing = (source: string): string | undefined => {
    const module = language.moduleForPath(source)
    if (module === undefined) return undefined
    const stem = sourceStem(source)
    const candidates = tests.filter(test => imports(test, module) && names(testStem(test), stem))
    // The closest name wins: `test_csv_exporter.py` over `test_csv.py`.
    return candidates.sort(
      (a, b) => Math.abs(testStem(a).length - stem.length) - Math.abs(testStem(b).length - stem.length)
    )[0]
  }
  return source => {
    if (language.isTestPath(source)) return undefined
    const own = existing(source)
    if (own) return own
    // Beside the tests of the modules in the same folder, when they agree on one folder.
    const folder = dirname(source)
    const homes = new Set<string>()
    for (const test of tests) {
      const sibling = (testImports[test] ?? []).some(imported => {
        const path = fileOf(imported)
        return path !== undefined && dirname(path) === folder && names(testStem(test), sourceStem(path))
      })
      if (sibling) homes.add(dirname(test))
    }
    const [only] = homes
    if (only === undefined || homes.size > 1) return undefined
    const file = language.testFileFor(source, layout).split('/').pop() ?? ''
    return only ? `${only}/${file}` : file
  }
}
