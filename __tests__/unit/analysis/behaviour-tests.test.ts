/** The tests beyond the master plan's own: per branch of a sample, per behaviour of the prose, per removal and creation. */
import { beforeAll, describe, expect, it } from '@jest/globals'
import { branchTests, proseTests, removalAndCreationTests } from '../../../src/analysis/behaviour-tests.js'
import { RequirementList, type RequirementContext } from '../../../src/analysis/requirements.js'
import type { StatedTests } from '../../../src/analysis/stated-tests.js'
import { stepLocator } from '../../../src/analysis/test-items.js'
import { analyseFixture, lines } from '../../support/phase-fixture.js'
import { SAMPLED } from '../../support/small-phases.js'
import { requirementContext } from '../../support/requirement-context.js'

const REPOSITORY = SAMPLED.repository

const MASTER_PLAN = SAMPLED.masterPlan

const noneStated: StatedTests = {
  items: [],
  explicitNames: new Set(),
  explicitSubjects: new Set(),
  checkedSubjects: new Set()
}

let context: RequirementContext
beforeAll(async () => {
  context = requirementContext(await analyseFixture(REPOSITORY, MASTER_PLAN, '1'))
})

describe('removal and creation tests', () => {
  it('test once that a removed name is gone, in its file’s test module, and test a new name nothing else tests', () => {
    const list = new RequirementList()
    removalAndCreationTests(context, list, 'tests/test_primary.py', noneStated, new Set())
    expect(
      list.all.map(({ testFile, testName, origin, stepId }) => [testFile, testName, origin, stepId])
    ).toEqual([
      ['tests/test_store.py', 'test_load_is_removed', 'removal', '1.1'],
      // Its file is not checked: a new function "to `pkg/app.py`" has no home yet, so it falls back to the primary module.
      [expect.any(String), expect.stringMatching(/^test_fetch_all_/), 'creation', '1.3']
    ])
    expect(list.all[0]?.expected).toBe('`Store.load` is gone: looking it up fails.')
  })

  it('write no creation test for a name the master plan tests, or a sample covers', () => {
    const named = new RequirementList()
    const stated = { ...noneStated, explicitNames: new Set(['test_fetch_all_sorted']) }
    removalAndCreationTests(context, named, 'tests/test_primary.py', stated, new Set())
    expect(named.all.map(requirement => requirement.origin)).toEqual(['removal'])
    const covered = new RequirementList()
    removalAndCreationTests(context, covered, 'tests/test_primary.py', noneStated, new Set(['fetch_all']))
    expect(covered.all.map(requirement => requirement.origin)).toEqual(['removal'])
  })
})

describe('prose tests', () => {
  it('test each behaviour an item states of code the phase changes, in that code’s test module', () => {
    const list = new RequirementList()
    proseTests(context, list, 'tests/test_primary.py', stepLocator(context.content), noneStated, new Set())
    expect(list.all).toEqual([
      {
        testFile: 'tests/test_app.py',
        testName: 'test_run_returns_helper_only',
        subject: 'run',
        origin: 'behaviour',
        expected: 'Change `run()` to return `helper()` only.',
        stepId: '1.2',
        action: 'change'
      }
    ])
  })

  it('write none for a name a sample covers already', () => {
    const list = new RequirementList()
    proseTests(
      context,
      list,
      'tests/test_primary.py',
      stepLocator(context.content),
      noneStated,
      new Set(['run'])
    )
    expect(list.all).toEqual([])
  })
})

describe('branch tests', () => {
  const plan = lines(
    '# Plan',
    '',
    '## Phase 1: Grades',
    '',
    'Add `grade` to `pkg/grades.py`:',
    '',
    '```python',
    'def grade(score):',
    '    if score >= 50:',
    '        return "pass"',
    '    return "fail"',
    '```'
  )

  it('test each way through a sample function, with the result it ends in', async () => {
    const withSample = requirementContext(await analyseFixture(REPOSITORY, plan, '1'))
    const list = new RequirementList()
    const covered = branchTests(withSample, list, 'tests/test_primary.py', noneStated)
    expect(list.all.map(({ testFile, subject, origin }) => [testFile, subject, origin])).toEqual([
      ['tests/test_grades.py', 'grade', 'branch'],
      ['tests/test_grades.py', 'grade', 'branch']
    ])
    expect(list.all.map(requirement => requirement.expected).join('\n')).toMatch(/"pass"[\s\S]*"fail"/)
    expect(new Set(list.all.map(requirement => requirement.testName)).size).toBe(2)
    expect([...covered]).toContain('grade')
  })

  it('write none for a function the master plan’s own tests cite', async () => {
    const withSample = requirementContext(await analyseFixture(REPOSITORY, plan, '1'))
    const list = new RequirementList()
    branchTests(withSample, list, 'tests/test_primary.py', {
      ...noneStated,
      explicitSubjects: new Set(['grade'])
    })
    expect(list.all).toEqual([])
  })
})

describe('branch test names', () => {
  const fence = '```'
  const phase = (...sample: string[]): string =>
    lines(
      '# Plan',
      '',
      '## Phase 1: Routing',
      '',
      'Create `pkg/routing.py`:',
      '',
      `${fence}python`,
      ...sample,
      fence
    )
  const names = async (...sample: string[]): Promise<string[]> => {
    const list = new RequirementList()
    branchTests(
      requirementContext(await analyseFixture(REPOSITORY, phase(...sample), '1')),
      list,
      'tests/test_primary.py',
      noneStated
    )
    return list.all.map(requirement => requirement.testName)
  }

  it('say what the one method of a new class does and when, without its name', async () => {
    expect(
      await names(
        'class Router:',
        '    def handle(self, request):',
        '        if self.choose(request):',
        '            return self.primary.handle(request)',
        '        else:',
        '            return self.fallback.handle(request)'
      )
    ).toEqual(['test_delegates_to_primary_when_choose_true', 'test_delegates_to_fallback_when_choose_false'])
  })

  it('lead with the function where the module tests several, and stay unique', async () => {
    const tested = await names(
      'def pick(items):',
      '    if not items:',
      '        return None',
      '    return items[0]',
      '',
      'def last(items):',
      '    if not items:',
      '        return None',
      '    return items[-1]'
    )
    expect(tested).toEqual([
      'test_pick_returns_none_when_no_items',
      'test_pick_returns_items_when_items',
      'test_last_returns_none_when_no_items',
      'test_last_returns_items_when_items'
    ])
    expect(tested.every(name => name.length <= 60 && /^[a-z_][a-z0-9_]*$/.test(name))).toBe(true)
  })
})
