/** New tests go where the repository keeps the tests of that module, or beside its siblings' tests. */
import { describe, expect, it } from '@jest/globals'
import { testHomes } from '../../../src/analysis/test-homes.js'
import { python } from '../../../src/grounding/python/index.js'

const FILES = [
  'src/reportgen/exporters/base.py',
  'src/reportgen/exporters/csv_exporter.py',
  'src/reportgen/exporters/markdown_exporter.py',
  'src/reportgen/cli.py',
  'src/reportgen/report.py',
  'src/tools/sync.py'
]
const language = python.inRepository(FILES)
const fileOf = (module: string): string | undefined =>
  FILES.find(file => language.moduleForPath(file) === module)
const layout = { testRoot: 'tests', style: 'flat' as const, prefix: 'test_' as const, examples: [] }

describe('where a source file’s tests go', () => {
  const home = testHomes(
    {
      'tests/exporters/test_csv.py': ['reportgen.exporters.csv_exporter', 'tests.helpers.reports'],
      'tests/exporters/test_markdown.py': ['reportgen.exporters.markdown_exporter'],
      'tests/test_cli.py': ['reportgen.cli', 'reportgen.exporters.csv_exporter']
    },
    language,
    layout,
    fileOf
  )

  it('is the test module that imports it and is named after it, though the names differ in length', () => {
    expect(home('src/reportgen/exporters/csv_exporter.py')).toBe('tests/exporters/test_csv.py')
    expect(home('src/reportgen/cli.py')).toBe('tests/test_cli.py')
  })

  it('is beside the tests of its siblings when it has none of its own', () => {
    expect(home('src/reportgen/exporters/base.py')).toBe('tests/exporters/test_base.py')
  })

  it('follows a sibling tested at the top of the test folder, and is left to the layout when nothing says', () => {
    expect(home('src/reportgen/report.py')).toBe('tests/test_report.py')
    expect(home('src/tools/sync.py')).toBeUndefined()
  })
})
