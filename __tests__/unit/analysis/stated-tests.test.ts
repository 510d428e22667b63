/** The tests the master plan states itself: named tests in the files it names, and names for described ones. */
import { beforeAll, describe, expect, it } from '@jest/globals'
import { RequirementList, type RequirementContext } from '../../../src/analysis/requirements.js'
import { statedTests, type StatedTests } from '../../../src/analysis/stated-tests.js'
import { stepLocator } from '../../../src/analysis/test-items.js'
import { analyseFixture, lines } from '../../support/phase-fixture.js'
import { SAMPLED } from '../../support/small-phases.js'
import { requirementContext } from '../../support/requirement-context.js'

const REPOSITORY = SAMPLED.repository

const MASTER_PLAN = SAMPLED.masterPlan

let context: RequirementContext
beforeAll(async () => {
  context = requirementContext(await analyseFixture(REPOSITORY, MASTER_PLAN, '1'))
})

const stated = (fields: Partial<RequirementContext> = {}): { list: RequirementList; result: StatedTests } => {
  const list = new RequirementList()
  const full = { ...context, ...fields }
  return { list, result: statedTests(full, list, 'tests/test_primary.py', stepLocator(full.content)) }
}

describe('the tests the master plan names', () => {
  it('are written in the file the item names, in its sub-step, and mapped back to the item', () => {
    const { list, result } = stated()
    expect(list.all).toEqual([
      expect.objectContaining({
        testFile: 'tests/test_rows.py',
        testName: 'test_fetch_all_sorted',
        origin: 'master plan',
        stepId: '1.4',
        action: 'create'
      })
    ])
    expect([...result.explicitNames]).toEqual(['test_fetch_all_sorted'])
    expect(result.explicitSubjects.has('fetch_all')).toBe(true)
    expect(result.items.map(item => [item.stepId, item.tests])).toEqual([['1.4', ['test_fetch_all_sorted']]])
  })

  it('are not written again when the repository has them in that file, but still count as named', () => {
    const { list, result } = stated({
      testExists: name => (name === 'test_fetch_all_sorted' ? 'tests/test_rows.py' : undefined)
    })
    expect(list.all).toEqual([])
    expect([...result.explicitNames]).toEqual(['test_fetch_all_sorted'])
  })

  it('are ported, saying from where, when the repository has them in another file', () => {
    const { list } = stated({
      testExists: name => (name === 'test_fetch_all_sorted' ? 'tests/test_old.py' : undefined)
    })
    expect(list.all[0]).toMatchObject({
      testFile: 'tests/test_rows.py',
      expected: 'moved here from `tests/test_old.py`'
    })
  })
})

describe('the tests an item describes without naming them', () => {
  it('get a name from the subject and what the item says, one per case', async () => {
    const fixture = await analyseFixture(
      REPOSITORY,
      lines(
        '# Plan',
        '',
        '## Phase 1: Rows',
        '',
        '### Step 1.1: Rows',
        '',
        'Add a new function `fetch_all()` to `pkg/app.py`.',
        '',
        '### Step 1.2: Tests',
        '',
        '- `fetch_all` returns no rows for an empty table.',
        '- `fetch_all` raises `KeyError` for a missing table.'
      ),
      '1'
    )
    const own = requirementContext(fixture)
    const list = new RequirementList()
    const result = statedTests(own, list, 'tests/test_primary.py', stepLocator(own.content))
    expect(list.all.map(({ subject, origin, stepId }) => [subject, origin, stepId])).toEqual([
      ['fetch_all', 'master plan', '1.2'],
      ['fetch_all', 'master plan', '1.2']
    ])
    expect(list.all.map(requirement => requirement.testName)).toEqual(
      list.all.map(() => expect.stringMatching(/^test_fetch_all_/))
    )
    expect(result.items.flatMap(item => item.tests)).toEqual(
      list.all.map(requirement => requirement.testName)
    )
    expect(result.explicitNames.size).toBe(0)
  })
})
