/** How the repository lays out its tests, and where a new test for a source file belongs. */
import { basename, dirname, FileIndex } from '../file-index.js'
import type { TestLayout } from '../types.js'
import { isTestPath } from './paths.js'

const DEFAULT_LAYOUT: TestLayout = { testRoot: 'tests', style: 'flat', prefix: 'test_', examples: [] }
const EXAMPLES = 3

export function isTestModule(file: string): boolean {
  const name = basename(file)
  return isTestPath(file) && (name.startsWith('test_') || name.endsWith('_test.py'))
}

/** The directory up to and including the first `tests`/`test` segment, or '' for tests beside the code. */
function testRootOf(file: string): string {
  const parts = file.split('/').slice(0, -1)
  const at = parts.findIndex(segment => segment === 'tests' || segment === 'test')
  return at === -1 ? '' : parts.slice(0, at + 1).join('/')
}

function mostCommon(values: string[]): string | undefined {
  const counts = new Map<string, number>()
  for (const value of values) counts.set(value, (counts.get(value) ?? 0) + 1)
  let best: string | undefined
  let bestCount = 0
  // Ties go to the shorter root, then to the first in byte order (no locale: a path is bytes, not words).
  for (const [value, count] of [...counts].sort(([a], [b]) => a.length - b.length || byteOrder(a, b))) {
    if (count > bestCount) [best, bestCount] = [value, count]
  }
  return best
}

function byteOrder(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0
}

function under(root: string, file: string): string | undefined {
  if (root === '') return file
  return file.startsWith(`${root}/`) ? file.slice(root.length + 1) : undefined
}

/** Detects the dominant test root, mirror vs flat placement and `test_x.py` vs `x_test.py` naming. */
export function detectTestLayout(files: readonly string[], index = FileIndex.of(files)): TestLayout {
  const tests = files.filter(isTestModule).sort()
  if (tests.length === 0) return { ...DEFAULT_LAYOUT, examples: [] }
  const suffixed = tests.filter(file => !basename(file).startsWith('test_')).length
  const prefix: TestLayout['prefix'] = suffixed > tests.length - suffixed ? 'suffix' : 'test_'
  let testRoot = mostCommon(tests.map(testRootOf)) ?? 'tests'
  let mine = tests.filter(file => under(testRoot, file) !== undefined)
  if (testRoot !== '') {
    const unit = mine.filter(file => file.startsWith(`${testRoot}/unit/`))
    if (unit.length * 2 > mine.length) {
      testRoot = `${testRoot}/unit`
      mine = unit
    }
  }
  let style: TestLayout['style'] = 'mirror'
  if (testRoot !== '') {
    const nested = mine.filter(file => (under(testRoot, file) ?? '').includes('/'))
    const mirrored = nested.filter(file => {
      const dir = dirname(under(testRoot, file) ?? '')
      return index.dirSet.has(dir) || index.dirSet.has(`src/${dir}`)
    })
    style = nested.length * 2 > mine.length && mirrored.length * 2 > nested.length ? 'mirror' : 'flat'
  }
  const fits = (file: string): boolean => {
    const rel = under(testRoot, file) ?? ''
    const named =
      prefix === 'test_' ? basename(file).startsWith('test_') : basename(file).endsWith('_test.py')
    return named && (testRoot === '' || style === 'mirror' || !rel.includes('/'))
  }
  const examples = mine.filter(fits).slice(0, EXAMPLES)
  return { testRoot, style, prefix, examples: examples.length > 0 ? examples : mine.slice(0, EXAMPLES) }
}

/** Where the test for `sourcePath` goes, following the layout (e.g. `tests/test_provider_manager.py`). */
export function testFileFor(sourcePath: string, layout: TestLayout): string {
  if (isTestModule(sourcePath)) return sourcePath
  let dir = dirname(sourcePath)
  let name = basename(sourcePath).replace(/\.[^.]*$/, '')
  if (name === '__init__') {
    name = basename(dir) || 'init'
    dir = dirname(dir)
  }
  const file = layout.prefix === 'test_' ? `test_${name}.py` : `${name}_test.py`
  if (layout.testRoot === '') return dir ? `${dir}/${file}` : file
  if (layout.style === 'flat') return `${layout.testRoot}/${file}`
  const mirrored = dir === 'src' ? '' : dir.replace(/^src\//, '')
  return [layout.testRoot, mirrored, file].filter(Boolean).join('/')
}
