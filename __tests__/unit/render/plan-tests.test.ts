/** The test part of Step 4: tests to write by module, and existing tests expected to fail. */
import { beforeAll, describe, expect, it } from '@jest/globals'
import type { BreakingTest } from '../../../src/analysis/impact.js'
import type { TestRequirement } from '../../../src/analysis/requirements.js'
import { testPart } from '../../../src/render/plan-tests.js'
import { analyseFixture, type PhaseFixture } from '../../support/phase-fixture.js'
import { STORE_TRIM } from '../../support/small-phases.js'
import { planInput, written } from '../../support/plan-input.js'

const REPOSITORY = STORE_TRIM.repository

const MASTER_PLAN = STORE_TRIM.masterPlan

let fixture: PhaseFixture
beforeAll(async () => {
  fixture = await analyseFixture(REPOSITORY, MASTER_PLAN, '1')
})

const requirement = (fields: Partial<TestRequirement>): TestRequirement => ({
  testFile: 'tests/test_cache.py',
  testName: 'test_cache_hits',
  subject: 'Cache.get',
  origin: 'behaviour',
  expected: 'returns the stored value',
  action: 'create',
  ...fields
})

describe('the tests to write', () => {
  it('are one table per test module, saying whether the module exists', () => {
    const text = written(testPart, planInput(fixture))
    expect(text).toContain('#### `tests/test_store.py` — add to this module (1 test)')
    expect(text).toContain('| `test_load_is_removed` | 1.1 | `Store.load` is gone: looking it up fails. |')
    const fresh = written(
      testPart,
      planInput(fixture, {
        tests: {
          requirements: [requirement({ stepId: '1.2' }), requirement({ testName: 'test_cache_misses' })],
          items: []
        }
      })
    )
    expect(fresh).toContain('#### `tests/test_cache.py` — new test module (2 tests)')
    expect(fresh).toContain('| `test_cache_hits` | 1.2 | returns the stored value |')
    expect(fresh).toContain('| `test_cache_misses` | — | returns the stored value |')
  })

  it('cut a long expected result to its first words, closing a code span the cut opens', () => {
    const words = Array.from({ length: 30 }, (_, index) => `w${index}`)
    const long = [...words.slice(0, 23), '`Cache.get(key)', 'now`', ...words.slice(25)].join(' ')
    const text = written(
      testPart,
      planInput(fixture, { tests: { requirements: [requirement({ expected: long })], items: [] } })
    )
    expect(text).toContain(`| ${words.slice(0, 23).join(' ')} \`Cache.get(key)\` … |`)
  })

  it('say so when there are none', () => {
    const text = written(testPart, planInput(fixture, { tests: { requirements: [], items: [] } }))
    expect(text).toContain(
      '_The phase states no behaviour of code, and its master plan lists no test for it._'
    )
  })
})

describe('the existing tests expected to fail', () => {
  const failing = (fields: Partial<BreakingTest>): BreakingTest => ({
    id: 'tests/test_store.py::test_load',
    path: 'tests/test_store.py',
    line: 5,
    target: 'Store.load',
    because: 'uses `Store.load` (removed) at line 5',
    decision: 'update',
    ...fields
  })

  it('say to skip a test until the phase that brings back what it needs, with the language’s skip marker', () => {
    const text = written(testPart, planInput(fixture))
    expect(text).toContain(
      '- `tests/test_store.py::test_load` — uses `Store.load` (removed) at line 5. **Skip it until phase 2**: `@pytest.mark.skip(reason="needs phase 2 of the master plan")`.'
    )
  })

  it('say to update the others in the step that acts on their target', () => {
    const text = written(
      testPart,
      planInput(fixture, { impact: { ...fixture.analysis.impact, tests: [failing({})] } })
    )
    expect(text).toContain(
      '- `tests/test_store.py::test_load` — uses `Store.load` (removed) at line 5. **Update it** to the new behaviour in step 1.1.'
    )
  })

  it('say none when nothing breaks', () => {
    const text = written(testPart, planInput(fixture, { impact: { callers: new Map(), tests: [] } }))
    expect(text).toContain(
      '_None: no test uses what this phase removes, renames, moves or calls differently._'
    )
  })
})
