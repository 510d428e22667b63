/** Python, the first `Language`: pytest conventions, the standard library, @lezer/python trees. */
import { basename, dirname, FileIndex } from '../file-index.js'
import type { KnownName, Language } from '../language.js'
import { memoByText } from '../memo.js'
import { isPythonBuiltin } from './builtins.js'
import { parsePythonModule } from './module.js'
import { PYTHON2_BUILTINS, PYTHON2_MODULES } from './python2.js'
import {
  absoluteModule,
  isPythonPath,
  isTestPath,
  moduleForPath,
  packageModuleForPath,
  packageRoots,
  resolveModule
} from './paths.js'
import { pythonDefinitionPrefilter } from './prefilter.js'
import { pythonSample } from './samples.js'
import { STDLIB_MODULES, TYPING_NAMES } from './stdlib.js'
import { detectTestLayout, isTestModule, testFileFor } from './test-layout.js'

const MAX_TEST_NAME = 72

function knownName(name: string): KnownName | undefined {
  const parts = name.split('.')
  const root = parts[0] ?? name
  if (parts.length === 1 && isPythonBuiltin(name)) return 'builtin'
  if (TYPING_NAMES.has(name) || (root === 'typing' && parts.length <= 2)) return 'typing'
  if (STDLIB_MODULES.has(root) || PYTHON2_MODULES.has(root)) return 'standard library'
  // Not 'builtin': a repository may define its own `apply` or `reload`, and is searched for it.
  if (parts.length === 1 && PYTHON2_BUILTINS.has(name)) return 'standard library'
  return undefined
}

/** `conftest.py` files from the test's own directory up to the root: pytest loads their fixtures. */
function conftests(testPath: string, index: FileIndex): string[] {
  const out: string[] = []
  for (let dir = dirname(testPath); ; dir = dirname(dir)) {
    const candidate = dir ? `${dir}/conftest.py` : 'conftest.py'
    if (index.fileSet.has(candidate) && candidate !== testPath) out.push(candidate)
    if (!dir) break
  }
  return out
}

/** Words that only lead on to the next: a name cut short must not end on one. */
const DANGLING = new Set(
  'and or not no is in of to the a an with for by when if on from at as lt le gt ge eq ne than below above at_most at_least between instead without within across per like via'.split(
    ' '
  )
)

function testName(words: readonly string[]): string {
  const parts = words
    .map(word => word.replace(/[^A-Za-z0-9_]+/g, '_').replace(/^_+|_+$/g, ''))
    .filter(Boolean)
  const build = (list: readonly string[]): string => `test_${list.join('_')}`.replace(/^test_test_/, 'test_')
  // Too long: whole words go from the end (a snake_case name is never cut inside), and a name never ends
  // on a word that leads on to what was cut (`…_len_lt_2_and_not`).
  if (build(parts).length > MAX_TEST_NAME) {
    while (parts.length > 1 && build(parts).length > MAX_TEST_NAME) parts.pop()
    while (parts.length > 1 && DANGLING.has(parts[parts.length - 1] ?? '')) parts.pop()
  }
  const name = build(parts)
  return name.length > MAX_TEST_NAME ? name.slice(0, MAX_TEST_NAME).replace(/_[^_]*$/, '') : name
}

const IMPORT_LINE =
  /^[ \t]*(?:from[ \t]+(\.*[\w.]*)[ \t]+import\b|import[ \t]+([\w.]+(?:[ \t]*,[ \t]*[\w.]+)*))/gm
const CLASS_LINE = /^[ \t]*class[ \t]+([A-Za-z_]\w*)[ \t]*(?:\(([^)]*)\))?[ \t]*:/gm

/** Imports and class bases read from the text, line by line (a parse is kept for files that need one). */
function outline(source: string): ReturnType<Language['outline']> {
  const imports: string[] = []
  for (const match of source.matchAll(IMPORT_LINE)) {
    if (match[1] !== undefined && match[1] !== '') imports.push(match[1])
    else if (match[2]) for (const part of match[2].split(',')) imports.push(part.trim())
  }
  const classes = [...source.matchAll(CLASS_LINE)].map(match => ({
    name: match[1] ?? '',
    bases: (match[2] ?? '')
      .split(',')
      .map(base => base.trim())
      .filter(base => base !== '' && !base.includes('='))
      .map(base => base.replace(/\[.*$/, '').split('.').pop() ?? base)
  }))
  return { imports, classes }
}

/** Each module and each code sample is parsed once per run, however many readers ask (bounded). */
const parseModule = memoByText(parsePythonModule, 4_000_000)
const readSample = memoByText(pythonSample, 1_000_000)

const TEST_NAME = /(?<![\w/.-])(test_\w+)\b(?!\.\w)/g
const TEST_MODULE = /[\w./-]*\btest_\w+\.pyi?\b|[\w./-]*\w_test\.py\b/g

export const python: Language = {
  name: 'Python',
  fenceNames: new Set(['', 'python', 'py', 'python3', 'pycon', 'ipython']),
  receivers: new Set(['self', 'cls']),
  testRunner: 'pytest',
  isSourcePath: isPythonPath,
  isTestPath,
  isTestModule,
  moduleForPath,
  absoluteModule,
  resolveModule,
  implicitImports: conftests,
  parse: parseModule,
  outline,
  definitionPrefilter: pythonDefinitionPrefilter,
  isEntryPoint: (path, source) =>
    basename(path) === '__main__.py' || /^if\s+__name__\s*==\s*['"]__main__['"]\s*:/m.test(source),
  detectTestLayout,
  testFileFor,
  testName,
  isTestName: name => /^test_|_test$/.test(name.split('.').pop() ?? name),
  testNamesIn: text => [...text.matchAll(TEST_NAME)].map(match => match[1] ?? '').filter(Boolean),
  testModulesIn: text =>
    [...text.matchAll(TEST_MODULE)].map(match => ({ path: match[0].replace(/^\.?\//, ''), at: match.index })),
  testModuleFor: (words, layout) => `${layout.testRoot ? `${layout.testRoot}/` : ''}${testName(words)}.py`,
  testId: (path, test) => [path, ...(test.className ? [test.className] : []), test.name].join('::'),
  skipMarker: reason => `@pytest.mark.skip(reason=${JSON.stringify(reason)})`,
  knownName,
  // `__eq__`, `__bool__`: the data model's method names. A phase's class may define one (a target), but
  // a bare one is the language's, never a name the master plan forgot to define.
  isSpecialName: name => /^__[A-Za-z]\w*__$/.test(name),
  sample: readSample,
  inRepository: files => pythonIn(FileIndex.of(files))
}

/** Python as one repository's packages lay it out: modules under package roots such as `services/catalog/`. */
function pythonIn(index: FileIndex): Language {
  const roots = packageRoots(index)
  const moduleOf = (file: string): string | undefined => packageModuleForPath(file, index)
  return {
    ...python,
    moduleForPath: moduleOf,
    absoluteModule: (imported, fromFile) => absoluteModule(imported, fromFile, moduleOf),
    resolveModule: (lookup, module) => resolveModule(lookup, module, roots),
    inRepository: files => pythonIn(FileIndex.of(files))
  }
}
