import { beforeAll, describe, expect, it } from '@jest/globals'
import { analyseFixture, lines, type PhaseFixture } from '../../support/phase-fixture.js'

const REPOSITORY = {
  'pkg/__init__.py': '',
  'pkg/store.py': lines(
    'class Store:',
    '    def __init__(self, path):',
    '        self.path = path',
    '',
    '    def load(self):',
    '        return default_value()',
    '',
    '    def save(self):',
    '        return self.load()',
    '',
    '',
    'class Cache:',
    '    def load(self):',
    '        return 1',
    '',
    '',
    'def default_value():',
    '    return 2'
  ),
  'pkg/app.py': lines(
    'from pkg.store import Store, default_value',
    'from pkg import store',
    '',
    '',
    'def run():',
    '    box = Store("x")',
    '    return box.load(), default_value()'
  ),
  'pkg/other.py': lines('from pkg.store import Cache', '', '', 'def fresh():', '    return Cache().load()'),
  'tests/conftest.py': lines(
    'import pytest',
    'from pkg.store import Store',
    '',
    '',
    '@pytest.fixture',
    'def box():',
    '    return Store("p")'
  ),
  'tests/test_store.py': lines(
    'from pkg.store import default_value',
    '',
    '',
    'def test_load(box):',
    '    assert box.load() == 2',
    '',
    '',
    'class TestSave:',
    '    def test_save(self, box):',
    '        assert box.save() == 2',
    '',
    '',
    'def test_default_value():',
    '    assert default_value() == 2'
  ),
  'tests/test_cache.py': lines(
    'from pkg.store import Cache',
    '',
    '',
    'def test_cache_load():',
    '    assert Cache().load() == 1'
  )
}

const MASTER_PLAN = lines(
  '# Store plan',
  '',
  '## Phase 1: Tidy the store',
  '',
  '### 1.1 Drop load',
  '',
  'Remove the method `Store.load`; `Store.save` reads the file itself.',
  '',
  '### 1.2 Rename the module',
  '',
  'Rename the module `pkg/store.py` to `pkg/storage.py`.',
  '',
  '## Phase 2: Load again',
  '',
  'Bring back `Store.load`, now with a cache.'
)

describe('impact analysis', () => {
  let fixture: PhaseFixture
  beforeAll(async () => {
    fixture = await analyseFixture(REPOSITORY, MASTER_PLAN, '1')
  })

  it('finds the callers of a removed method, qualified by class, in the sub-step that removes it', () => {
    const callers = fixture.analysis.impact.callers.get('1.1') ?? []
    expect(callers.map(caller => `${caller.path}:${caller.line}`)).toEqual(['pkg/app.py:7', 'pkg/store.py:9'])
    expect(callers[0]).toMatchObject({
      text: 'return box.load(), default_value()',
      todo: 'stop using `Store.load`: it is removed (step 1.1)'
    })
  })

  it('never counts the same-named method of another class', () => {
    const callers = (fixture.analysis.impact.callers.get('1.1') ?? []).map(caller => caller.path)
    expect(callers).not.toContain('pkg/other.py')
    expect(fixture.analysis.impact.tests.map(test => test.id)).not.toContain(
      'tests/test_cache.py::test_cache_load'
    )
  })

  it('lists the importers of a renamed module, each with the import to write instead', () => {
    const callers = fixture.analysis.impact.callers.get('1.2') ?? []
    expect(callers.map(caller => [`${caller.path}:${caller.line}`, caller.todo])).toEqual([
      ['pkg/app.py:1', 'import `pkg.storage` instead'],
      ['pkg/app.py:2', 'import `pkg.storage` instead'],
      ['pkg/other.py:1', 'import `pkg.storage` instead'],
      ['tests/conftest.py:2', 'import `pkg.storage` instead']
    ])
  })

  it('lists the tests that will fail by runner id: through a fixture, and whole modules whose import breaks', () => {
    const tests = fixture.analysis.impact.tests
    expect(tests.map(test => test.id)).toEqual([
      'tests/test_cache.py',
      'tests/test_store.py',
      'tests/test_store.py::test_load'
    ])
    expect(tests.find(test => test.id === 'tests/test_store.py')?.because).toBe(
      'imports `pkg/store.py` at line 1: every test in the module fails to import'
    )
  })

  it('skips a test until the later phase that brings back what it needs, and updates the others', () => {
    const load = fixture.analysis.impact.tests.find(test => test.id === 'tests/test_store.py::test_load')
    expect(load).toMatchObject({ decision: 'skip', untilPhase: '2' })
    const moduleImport = fixture.analysis.impact.tests.find(test => test.id === 'tests/test_cache.py')
    expect(moduleImport?.decision).toBe('update')
  })
})

describe('impact analysis of a changed constructor', () => {
  it('counts the calls of the class, not its imports', async () => {
    const fixture = await analyseFixture(
      REPOSITORY,
      lines(
        '# Plan',
        '',
        '## Phase 1: Paths',
        '',
        '1. Change `Store.__init__` to take `root` as its first parameter instead of `path`.',
        '2. Remove the function `default_value`.'
      ),
      '1'
    )
    const [first, second] = fixture.content.structure.steps.map(step => step.id)
    expect(
      (fixture.analysis.impact.callers.get(first ?? '') ?? []).map(caller => `${caller.path}:${caller.line}`)
    ).toEqual(['pkg/app.py:6', 'tests/conftest.py:7'])
    // `default_value()` inside `Store.load` stays (load is not removed here): a caller too.
    expect(
      (fixture.analysis.impact.callers.get(second ?? '') ?? []).map(caller => `${caller.path}:${caller.line}`)
    ).toEqual(['pkg/app.py:1', 'pkg/app.py:7', 'pkg/store.py:6'])
  })
})

describe('impact analysis of two removals', () => {
  it('leaves out the uses inside code the phase removes anyway', async () => {
    const fixture = await analyseFixture(
      REPOSITORY,
      lines(
        '# Plan',
        '',
        '## Phase 1: Less',
        '',
        '1. Remove the method `Store.load`.',
        '2. Remove the function `default_value`.'
      ),
      '1'
    )
    const second = fixture.content.structure.steps[1]?.id ?? ''
    expect(
      (fixture.analysis.impact.callers.get(second) ?? []).map(caller => `${caller.path}:${caller.line}`)
    ).toEqual(['pkg/app.py:1', 'pkg/app.py:7'])
  })
})
