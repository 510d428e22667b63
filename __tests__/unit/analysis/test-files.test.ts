/** Where a phase's tests go: the test module of the file under test, renamed files, samples, new names. */
import { beforeAll, describe, expect, it } from '@jest/globals'
import type { RequirementContext } from '../../../src/analysis/requirements.js'
import {
  homeOfNew,
  known,
  namedByPlan,
  primaryTestFile,
  renamed,
  sampleHome,
  targetNamed,
  testFileFor
} from '../../../src/analysis/test-files.js'
import { python } from '../../../src/grounding/python/index.js'
import { target } from '../../support/analysis-facts.js'
import { analyseFixture, lines } from '../../support/phase-fixture.js'
import { REWORK } from '../../support/small-phases.js'
import { requirementContext } from '../../support/requirement-context.js'

const REPOSITORY = REWORK.repository

const MASTER_PLAN = REWORK.masterPlan

let context: RequirementContext
beforeAll(async () => {
  context = requirementContext(await analyseFixture(REPOSITORY, MASTER_PLAN, '1'))
})

describe('the test module of a source file', () => {
  it('follows the repository’s layout', () => {
    expect(testFileFor('pkg/app.py', context)).toBe('tests/test_app.py')
  })

  it('is under the new name of a file the phase renames', () => {
    expect(renamed(context, 'pkg/report.py')).toBe('pkg/reporting.py')
    expect(renamed(context, 'pkg/app.py')).toBe('pkg/app.py')
    expect(testFileFor('pkg/report.py', context)).toBe('tests/test_reporting.py')
  })

  it('is where the repository already keeps that file’s tests', () => {
    const house = {
      ...context,
      testHome: (source: string) => (source === 'pkg/app.py' ? 'tests/unit/test_application.py' : undefined)
    }
    expect(testFileFor('pkg/app.py', house)).toBe('tests/unit/test_application.py')
    expect(testFileFor('pkg/store.py', house)).toBe('tests/test_store.py')
  })

  it('is none for what is no source file', () => {
    expect(testFileFor('README.md', context)).toBeUndefined()
    expect(testFileFor(undefined, context)).toBeUndefined()
  })
})

describe('the primary test module of a phase', () => {
  it('is the test module of the first source file it changes (not one it only removes from)', () => {
    expect(primaryTestFile(context)).toBe('tests/test_app.py')
  })

  it('is named after the phase when the phase names no source file', async () => {
    const bare = await analyseFixture(
      REPOSITORY,
      lines('# Plan', '', '## Phase 7: Docs', '', 'Write the docs.'),
      '7'
    )
    expect(primaryTestFile(requirementContext(bare))).toBe('tests/test_phase_7.py')
  })
})

describe('names and paths as the phase spells them', () => {
  it('a bare or ./ path is the target’s full path, else the path cleaned', () => {
    expect(known(context, 'report.py')).toBe('pkg/report.py')
    expect(known(context, './other.py')).toBe('other.py')
  })

  it('a cited name is the target of that name, else a symbol target of the same last part', () => {
    expect(targetNamed(context.targets, 'load')?.name).toBe('Store.load')
    expect(targetNamed(context.targets, 'pkg/report.py')?.action).toBe('rename')
    expect(targetNamed(context.targets, 'report')).toBeUndefined()
  })

  it('the plan names a test of a subject by its stem', () => {
    expect(namedByPlan(new Set(['test_resolve_by_alias']), 'Api.resolve', python)).toBe(true)
    expect(namedByPlan(new Set(['test_resolve']), 'resolve', python)).toBe(true)
    expect(namedByPlan(new Set(['test_resolver']), 'resolve', python)).toBe(false)
  })
})

describe('the home of a new name', () => {
  it('is the home it has, else its class’s file, else the source file its step creates', () => {
    const store = target('Store', { at: { path: 'pkg/store.py', line: 1 } })
    const newFile = target('pkg/rows.py', { kind: 'file', action: 'create', state: 'new', stepIds: ['1.3'] })
    const newTest = target('tests/test_rows.py', {
      kind: 'file',
      action: 'create',
      state: 'new',
      stepIds: ['1.4']
    })
    const withTargets = { ...context, targets: [store, newTest, newFile] }
    const fresh = (name: string, stepIds: string[]) =>
      target(name, { action: 'create', state: 'new', stepIds })
    expect(homeOfNew(withTargets, { ...fresh('x', ['1.1']), home: 'pkg/x.py' })).toBe('pkg/x.py')
    expect(homeOfNew(withTargets, fresh('Store.cache', ['1.1']))).toBe('pkg/store.py')
    expect(homeOfNew(withTargets, fresh('fetch_rows', ['1.3']))).toBe('pkg/rows.py')
    expect(homeOfNew(withTargets, fresh('fetch_rows', ['1.4']))).toBeUndefined()
  })

  it('is the source file its own sentence names, not a test module it names', () => {
    const fresh = (sentence: string) =>
      target('fetch_all', { action: 'create', state: 'new', stepIds: ['1.1'], sentence })
    expect(homeOfNew(context, fresh('Add `fetch_all()` to `pkg/app.py`.'))).toBe('pkg/app.py')
    expect(homeOfNew(context, fresh('Add `fetch_all()`; test it in `tests/test_app.py`.'))).toBeUndefined()
  })
})

describe('the home of a code sample', () => {
  it('is the file its first line names, else the file the text right before it names', async () => {
    const fixture = await analyseFixture(
      REPOSITORY,
      lines(
        '# Plan',
        '',
        '## Phase 1: Health',
        '',
        'Implement the endpoint (`pkg/health.py`):',
        '',
        '```python',
        'def ping():',
        '    return "ok"',
        '```',
        '',
        '```python',
        '# pkg/status.py',
        'def status():',
        '    return 1',
        '```'
      ),
      '1'
    )
    const withSamples = requirementContext(fixture)
    expect(withSamples.samples.map(sample => sampleHome(withSamples, sample))).toEqual([
      'pkg/health.py',
      'pkg/status.py'
    ])
  })
})
