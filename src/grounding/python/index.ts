/** Python, the first `Language`: pytest conventions, the standard library, @lezer/python trees. */
import { basename, dirname, type FileIndex } from '../file-index.js'
import type { KnownName, Language } from '../language.js'
import { memoByText } from '../memo.js'
import { isPythonBuiltin } from './builtins.js'
import { parsePythonModule } from './module.js'
import { absoluteModule, isPythonPath, isTestPath, moduleForPath, resolveModule } from './paths.js'
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
  if (STDLIB_MODULES.has(root)) return 'standard library'
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

function testName(words: readonly string[]): string {
  const joined = words
    .map(word => word.replace(/[^A-Za-z0-9_]+/g, '_'))
    .join('_')
    .replace(/_+/g, '_')
    .replace(/^_|_$/g, '')
  let name = `test_${joined}`.replace(/^test_test_/, 'test_')
  if (name.length > MAX_TEST_NAME) name = name.slice(0, MAX_TEST_NAME).replace(/_[^_]*$/, '')
  return name
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
  sample: readSample
}
