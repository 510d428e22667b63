/** Which name a sentence of the master plan is about, and what the phase does to it. */
import { beforeAll, describe, expect, it } from '@jest/globals'
import type { RequirementContext } from '../../../src/analysis/requirements.js'
import {
  actionOf,
  changes,
  isMovedOrRemoved,
  resolveSubject,
  subjectIn
} from '../../../src/analysis/text-subject.js'
import { analyseFixture } from '../../support/phase-fixture.js'
import { REWORK } from '../../support/small-phases.js'
import { requirementContext } from '../../support/requirement-context.js'

const REPOSITORY = REWORK.repository

const MASTER_PLAN = REWORK.masterPlan

let context: RequirementContext
beforeAll(async () => {
  context = requirementContext(await analyseFixture(REPOSITORY, MASTER_PLAN, '1'))
})

describe('what the phase does to a name', () => {
  it('is the action of the target it names, by full or bare name; "create" for a name it does not act on', () => {
    expect(actionOf(context.targets, 'Store.load')).toBe('remove')
    expect(actionOf(context.targets, 'load')).toBe('remove')
    expect(actionOf(context.targets, 'run')).toBe('change')
    expect(actionOf(context.targets, 'pkg/report.py')).toBe('rename')
    expect(actionOf(context.targets, 'unheard_of')).toBe('create')
  })

  it('tells what goes away: a move or a removal, not a change or a rename', () => {
    expect(isMovedOrRemoved(context.targets, 'Store.load')).toBe(true)
    expect(isMovedOrRemoved(context.targets, 'run')).toBe(false)
    expect(isMovedOrRemoved(context.targets, 'pkg/report.py')).toBe(false)
  })
})

describe('whether the phase changes code', () => {
  it('is so for a target it keeps, and for the class whose member it acts on', () => {
    expect(changes('run', 'change', context)).toBe(true)
    expect(changes('Store', 'change', context)).toBe(true)
  })

  it('is not so for a target it removes, or code it does not touch', () => {
    expect(changes('Store.load', 'remove', context)).toBe(false)
    expect(changes('helper', 'change', context)).toBe(false)
  })

  it('is so for a function holding a caller it breaks, and for that function’s class', () => {
    const withCallers = { ...context, changedCallers: new Set(['Page.show']) }
    expect(changes('Page.show', 'change', withCallers)).toBe(true)
    expect(changes('Page', 'change', withCallers)).toBe(true)
    expect(changes('Page', 'change', context)).toBe(false)
  })
})

describe('the subject of a text', () => {
  it('is the first name it cites that the phase acts on, as the target is named', () => {
    expect(subjectIn('`helper` feeds `load`, which returns 1', context)).toBe('Store.load')
  })

  it('else the first code name that is not the language’s own, a file or a test', () => {
    expect(subjectIn('`len` of `test_rows` in `pkg/app.py` and `rows`', context)).toBe('rows')
    expect(subjectIn('`len` and `pkg/app.py`', context)).toBeUndefined()
  })
})

describe('the resolved subject of a text', () => {
  it('is a target with where it is now and what the phase does to it', () => {
    expect(resolveSubject('`run` returns `helper()` only', context)).toEqual({
      name: 'run',
      home: 'pkg/app.py',
      action: 'change'
    })
    expect(resolveSubject('`len` of `load`', context)).toEqual({
      name: 'Store.load',
      home: 'pkg/store.py',
      action: 'remove'
    })
  })

  it('is a name the phase only mentions, where the repository defines it, as a change', () => {
    const mentioned = new Map([['helper', { name: 'helper', at: { path: 'pkg/store.py' } }]])
    expect(resolveSubject('`helper` returns 2', { ...context, mentioned })).toEqual({
      name: 'helper',
      home: 'pkg/store.py',
      action: 'change'
    })
    expect(resolveSubject('`helper` returns 2', context)).toBeUndefined()
  })
})
