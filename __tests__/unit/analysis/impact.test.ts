import { beforeAll, describe, expect, it } from '@jest/globals'
import { breaksUses, impactOf, type ImpactContext } from '../../../src/analysis/impact.js'
import type { Target } from '../../../src/analysis/targets.js'
import { python } from '../../../src/grounding/python/index.js'
import type { ReferenceFact } from '../../../src/grounding/types.js'
import { target, use } from '../../support/analysis-facts.js'
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

describe('impactOf on given targets and references', () => {
  const removed = target('Store.load', {
    at: { path: 'pkg/store.py', line: 2, endLine: 4 },
    module: 'pkg.store'
  })
  const context = (
    targets: readonly Target[],
    references: readonly ReferenceFact[],
    laterPhaseOf: (name: string) => string | undefined = () => undefined
  ): ImpactContext => ({ targets, references, language: python, laterPhaseOf })

  it('breaks uses only of what exists and is removed, renamed, moved or called differently', () => {
    expect(breaksUses(removed)).toBe(true)
    expect(breaksUses(target('Store.load', { state: 'new' }))).toBe(false)
    expect(breaksUses(target('Store.load', { action: 'change' }))).toBe(false)
    expect(breaksUses(target('Store.load', { action: 'change', signature: true }))).toBe(true)
    expect(breaksUses(target('Store.load', { action: 'create' }))).toBe(false)
  })

  it('lists each caller once under the step that breaks it, sorted by file and line, with the function it sits in', () => {
    const impact = impactOf(
      context(
        [removed],
        [
          use('pkg/web.py', 9, 'load', { receiver: 'Store', inClass: 'Page', inFunction: 'show' }),
          use('pkg/app.py', 7, 'load', { receiver: 'Store', inFunction: 'run' }),
          use('pkg/app.py', 7, 'load', { receiver: 'Store', inFunction: 'run' }),
          use('pkg/app.py', 3, 'load', { receiver: 'Store' })
        ]
      )
    )
    expect(
      impact.callers.get('1.1')?.map(caller => [`${caller.path}:${caller.line}`, caller.within])
    ).toEqual([
      ['pkg/app.py:3', undefined],
      ['pkg/app.py:7', 'run'],
      ['pkg/web.py:9', 'Page.show']
    ])
    expect(impact.tests).toEqual([])
  })

  it('turns uses in test modules into failing tests: by runner id, or the whole module when the import fails', () => {
    const renamedModule = target('pkg/store.py', {
      kind: 'file',
      action: 'rename',
      module: 'pkg.store',
      destination: 'pkg/storage.py'
    })
    const impact = impactOf(
      context(
        [renamedModule],
        [
          use('tests/test_store.py', 1, 'store', {
            kind: 'import',
            fromModule: 'pkg.store',
            inModulePath: true
          })
        ]
      )
    )
    expect(impact.tests).toEqual([
      {
        id: 'tests/test_store.py',
        path: 'tests/test_store.py',
        line: 1,
        target: 'pkg/store.py',
        because: 'imports `pkg/store.py` at line 1: every test in the module fails to import',
        decision: 'update'
      }
    ])
    expect(impact.callers.size).toBe(0)
  })

  it('skips a test of a removed name until the later phase that cites it again, and updates it otherwise', () => {
    const testUse = use('tests/test_store.py', 5, 'load', {
      receiver: 'Store',
      testId: 'tests/test_store.py::test_load'
    })
    const later = impactOf(context([removed], [testUse], name => (name === 'Store.load' ? '3' : undefined)))
    expect(later.tests[0]).toMatchObject({
      id: 'tests/test_store.py::test_load',
      because: 'uses `Store.load` (removed) at line 5',
      decision: 'skip',
      untilPhase: '3'
    })
    expect(impactOf(context([removed], [testUse])).tests[0]?.decision).toBe('update')
  })

  it('says what to do at each caller, by action and kind of use', () => {
    const todos = (changed: Target, ...references: ReferenceFact[]): string[] =>
      (impactOf(context([changed], references)).callers.get('1.1') ?? []).map(caller => caller.todo)
    const helper = (fields: Partial<Target>): Target =>
      target('helper', {
        at: { path: 'pkg/store.py', line: 10, endLine: 11 },
        module: 'pkg.store',
        ...fields
      })
    const importIt = use('pkg/app.py', 1, 'helper', { kind: 'import', fromModule: 'pkg.store' })
    const callIt = use('pkg/app.py', 5, 'helper', { fileImports: ['pkg.store.helper'] })
    const patchIt = use('pkg/app.py', 8, 'helper', { fileImports: ['pkg.store.helper'], inString: true })
    expect(todos(helper({}), importIt, callIt)).toEqual([
      'drop this import: `helper` is removed (step 1.1)',
      'stop using `helper`: it is removed (step 1.1)'
    ])
    expect(todos(helper({ action: 'move', destination: 'pkg/util.py' }), importIt, callIt, patchIt)).toEqual([
      'import it from `pkg.util` instead',
      'use it from `pkg/util.py`',
      'point this string at `pkg.util` instead'
    ])
    expect(todos(helper({ action: 'rename', destination: 'fetch' }), callIt)).toEqual([
      'use the new name `fetch`'
    ])
  })

  it('leaves the imports of a function called differently alone: only its calls break', () => {
    const changed = target('helper', {
      action: 'change',
      signature: true,
      stepIds: ['1.2'],
      at: { path: 'pkg/store.py', line: 10, endLine: 11 },
      module: 'pkg.store'
    })
    const impact = impactOf(
      context(
        [changed],
        [
          use('pkg/app.py', 1, 'helper', { kind: 'import', fromModule: 'pkg.store' }),
          use('pkg/app.py', 5, 'helper', { fileImports: ['pkg.store.helper'] })
        ]
      )
    )
    expect(impact.callers.get('1.2')?.map(caller => [caller.line, caller.todo])).toEqual([
      [5, 'pass what the new signature asks for (step 1.2)']
    ])
  })

  it('leaves out uses inside code the phase removes anyway', () => {
    const helper = target('helper', {
      at: { path: 'pkg/store.py', line: 10, endLine: 11 },
      module: 'pkg.store'
    })
    const impact = impactOf(
      context([removed, helper], [use('pkg/store.py', 3, 'helper'), use('pkg/store.py', 20, 'helper')])
    )
    expect(impact.callers.get('1.1')?.map(caller => caller.line)).toEqual([20])
  })
})

describe('a phase whose only text is an instruction before its code', () => {
  const plan = lines(
    '# Store plan',
    '',
    '## Phase 1: Rename default',
    '',
    'Rename `default_value` to `fallback_value`, and add `Store.reset`:',
    '',
    '```python',
    'def reset(self):',
    '    self.path = None',
    '```',
    '',
    '## Phase 2: Later',
    '',
    'Nothing yet.'
  )

  it('acts on what the instruction names: the callers and tests of the renamed function', async () => {
    const fixture = await analyseFixture(REPOSITORY, plan, '1')
    expect(fixture.content.structure.intro).toEqual([])
    const callers = (fixture.analysis.impact.callers.get('1.1') ?? []).map(caller => caller.path)
    expect(callers).toContain('pkg/app.py')
    expect(fixture.analysis.impact.tests.map(test => test.id)).toContain(
      'tests/test_store.py::test_default_value'
    )
  })
})
