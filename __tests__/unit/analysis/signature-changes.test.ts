/**
 * Signature and return-type changes found where master plans state them in other ways than
 * "change the signature": a verb after the name ("`f` now takes … argument", "`g` changes its return
 * type"), a code sample whose function differs from the repository's, and the callers that reaches —
 * through a package that re-exports the function too — without the imports, which do not break.
 */
import { describe, expect, it } from '@jest/globals'
import { analyseFixture, lines } from '../../support/phase-fixture.js'

const GAUGES = {
  'gauges/__init__.py': lines('from gauges.readings import parse_reading'),
  'gauges/readings.py': lines('def parse_reading(line: str) -> int:', '    return int(line)'),
  'gauges/archive.py': lines(
    'class ArchiveReader:',
    '    def parse_reading(self, row):',
    '        return 0',
    '',
    '    def all(self, rows):',
    '        return [self.parse_reading(row) for row in rows]'
  ),
  'gauges/alerts.py': lines(
    'from gauges.readings import parse_reading',
    '',
    '',
    'def check(line):',
    '    return parse_reading(line) > 5'
  ),
  'gauges/cli.py': lines(
    'from gauges import parse_reading',
    '',
    '',
    'def show(line):',
    '    print(parse_reading(line))'
  ),
  'gauges/test_readings.py': lines(
    'import unittest',
    '',
    'from gauges.readings import parse_reading',
    '',
    '',
    'class TestParseReading(unittest.TestCase):',
    '    def test_parses(self):',
    '        self.assertEqual(parse_reading("3"), 3)'
  )
}

describe('a signature change stated in prose', () => {
  it('reads "`f` takes … as a second, required argument" as a signature change of the module-level function', async () => {
    const fixture = await analyseFixture(
      GAUGES,
      lines(
        '# Roadmap',
        '',
        '## Phase 1 — Station datum',
        '',
        'In this phase `parse_reading` takes the station as a second, required argument.',
        'The archive reader keeps its own parser.'
      ),
      '1'
    )
    expect(fixture.analysis.targets).toEqual([
      expect.objectContaining({
        name: 'parse_reading',
        action: 'change',
        signature: true,
        at: expect.objectContaining({ path: 'gauges/readings.py', line: 1 })
      })
    ])
    const callers = [...fixture.analysis.impact.callers.values()].flat()
    // The calls break, through the package's re-export too; imports and the other class's method do not.
    expect(callers.map(caller => `${caller.path}:${caller.line}`)).toEqual([
      'gauges/alerts.py:5',
      'gauges/cli.py:5'
    ])
    expect(fixture.analysis.impact.tests.map(test => test.id)).toEqual([
      'gauges/test_readings.py::TestParseReading::test_parses'
    ])
  })
})

const STORE = {
  'shop/__init__.py': '',
  'shop/store.py': lines(
    'class Store:',
    '    def find_item(self, sku: str) -> dict | None:',
    '        return None',
    '',
    '    def count(self) -> int:',
    '        return 0'
  ),
  'shop/cli.py': lines(
    'from shop.store import Store',
    '',
    '',
    'def show(store: Store, sku):',
    '    item = store.find_item(sku)',
    '    return store.count()'
  )
}

describe('a new parameter with a default', () => {
  it('breaks no caller: every call made today still works', async () => {
    const fixture = await analyseFixture(
      STORE,
      lines(
        '# Fixes',
        '',
        '## Phase 1: Cached',
        '',
        '- `Store.find_item` takes a `cache` argument (default: a new `TTLCache(ttl=300)`).'
      ),
      '1'
    )
    const target = fixture.analysis.targets.find(candidate => candidate.name === 'Store.find_item')
    expect(target).toMatchObject({ action: 'change', signature: false })
    expect([...fixture.analysis.impact.callers.values()].flat()).toEqual([])
    // The class called after "a new" is used, not created.
    expect(fixture.analysis.targets.some(candidate => candidate.name === 'TTLCache')).toBe(false)
  })
})

describe('a plain word the phase acts on', () => {
  it('is a target where the repository defines it, and nothing where it does not', async () => {
    const fixture = await analyseFixture(
      STORE,
      lines(
        '# Fixes',
        '',
        '## Phase 1: Trim',
        '',
        '- Remove `count` from `Store`, and remove `tests` from the default exclude set.'
      ),
      '1'
    )
    expect(fixture.analysis.targets.map(target => [target.name, target.action])).toEqual([
      ['Store.count', 'remove']
    ])
  })
})

describe('a return-type change', () => {
  it('is read from "`f` changes its return type to …"', async () => {
    const fixture = await analyseFixture(
      STORE,
      lines('# Fixes', '', '## Phase 1: Typed items', '', '- `find_item` changes its return type to `Item`.'),
      '1'
    )
    const target = fixture.analysis.targets.find(candidate => candidate.name === 'Store.find_item')
    expect(target).toMatchObject({ action: 'change', signature: true, state: 'exists' })
    const callers = [...fixture.analysis.impact.callers.values()].flat()
    expect(callers.map(caller => `${caller.path}:${caller.line}`)).toEqual(['shop/cli.py:5'])
  })

  it('is read from a code sample whose function returns another type than the repository’s', async () => {
    const fixture = await analyseFixture(
      STORE,
      lines(
        '# Fixes',
        '',
        '## Phase 1: Typed items',
        '',
        'Items stop being dicts.',
        '',
        '```python',
        '# BEFORE',
        'def find_item(self, sku: str) -> dict | None: ...',
        '',
        '# AFTER',
        'def find_item(self, sku: str) -> Item: ...',
        '```',
        '',
        'A sketch that writes the same signature changes nothing:',
        '',
        '```python',
        'def count(self): ...',
        '```'
      ),
      '1'
    )
    const names = fixture.analysis.targets.map(target => [target.name, target.signature])
    expect(names).toEqual(
      expect.arrayContaining([
        ['Store.find_item', true],
        ['Store.count', false]
      ])
    )
    const callers = [...fixture.analysis.impact.callers.values()].flat()
    expect(callers.map(caller => `${caller.path}:${caller.line}`)).toEqual(['shop/cli.py:5'])
  })
})
