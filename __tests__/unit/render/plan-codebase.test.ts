/** Step 3 of the plan: the files the phase touches as they stand, and what it acts on with its uses. */
import { beforeAll, describe, expect, it } from '@jest/globals'
import { stepThree, where } from '../../../src/render/plan-codebase.js'
import { target } from '../../support/analysis-facts.js'
import { analyseFixture, type PhaseFixture } from '../../support/phase-fixture.js'
import { STORE_TRIM } from '../../support/small-phases.js'
import { planInput, written } from '../../support/plan-input.js'

const REPOSITORY = STORE_TRIM.repository

const MASTER_PLAN = STORE_TRIM.masterPlan

let fixture: PhaseFixture
beforeAll(async () => {
  fixture = await analyseFixture(REPOSITORY, MASTER_PLAN, '1')
})

describe('Step 3', () => {
  it('lists the files the phase touches with why, and each target with where it is and how much uses it', () => {
    const text = written(stepThree, planInput(fixture))
    expect(text).toContain('| `pkg/app.py` | exists | uses `Store.load` (1.2) |')
    expect(text).toContain('| `pkg/store.py` | exists | defines `Store.load` |')
    expect(text).toContain(
      '| `Store.load` | 1.1 | remove | `pkg/store.py:2` | 6 uses in 3 files, 1 in tests |'
    )
  })

  it('says so when the phase touches nothing, and leaves out the target table when it acts on nothing', () => {
    const text = written(stepThree, planInput(fixture, { files: [], targets: [] }))
    expect(text).toContain(
      '_The phase names no file to change, and nothing it acts on is in the repository yet._'
    )
    expect(text).not.toContain('What the phase acts on')
  })

  it('names files only read, names created by earlier phases, and where the application starts', () => {
    const text = written(
      stepThree,
      planInput(fixture, {
        files: [{ path: 'docs/design.md', now: 'exists', why: ['read for context'], readOnly: true }],
        fromEarlier: [{ name: 'Cache', phase: '1' }],
        entryPoints: ['pkg/main.py']
      })
    )
    expect(text).toContain('Read for context — the phase reviews it, no change expected: `docs/design.md`.')
    expect(text).toContain('not in the repository yet (check those phases are done): `Cache` (phase 1).')
    expect(text).toContain('The application starts from `pkg/main.py`')
    expect(text).not.toContain('The files this phase touches')
  })

  it('shows a changed signature and a destination in the action, and leaves out files that only change', () => {
    const text = written(
      stepThree,
      planInput(fixture, {
        targets: [
          target('Store.save', { action: 'change', signature: true }),
          target('pkg/store.py', { kind: 'file', action: 'move', destination: 'pkg/storage.py' }),
          target('pkg/web.py', { kind: 'file', action: 'change' })
        ],
        uses: new Map()
      })
    )
    expect(text).toContain('| `Store.save` | 1.1 | change signature | exists | — |')
    expect(text).toContain('| `pkg/store.py` | 1.1 | move → `pkg/storage.py` | exists | — |')
    expect(text).not.toContain('| `pkg/web.py` | 1.1')
  })

  it('tells the developer to extend what the phase "creates" when it exists already', () => {
    const text = written(
      stepThree,
      planInput(fixture, {
        targets: [
          target('tests/test_store.py', { kind: 'file', action: 'create', state: 'exists' }),
          target('pkg/cache.py', { kind: 'file', action: 'create', state: 'new' })
        ],
        uses: new Map()
      })
    )
    expect(text).toContain('| `tests/test_store.py` | 1.1 | create (exists: extend it) |')
    expect(text).toContain('| `pkg/cache.py` | 1.1 | create | new in this phase |')
  })
})

describe('where a target is now', () => {
  it('is file:line for a symbol, the file for a file, and the state in words otherwise', () => {
    const at = { path: 'pkg/store.py', line: 2 }
    expect(where(target('Store.load', { at }))).toBe('`pkg/store.py:2`')
    expect(where(target('pkg/store.py', { kind: 'file', at: { path: 'pkg/store.py', line: 1 } }))).toBe(
      '`pkg/store.py`'
    )
    expect(where(target('Store.load'))).toBe('exists')
    expect(where(target('Store.cache', { state: 'new', home: 'pkg/store.py' }))).toBe(
      'new in this phase, in `pkg/store.py`'
    )
    expect(where(target('fetch', { state: 'new' }))).toBe('new in this phase')
    expect(where(target('/etc/app.py', { state: 'outside' }))).toBe('outside the repository')
    expect(where(target('load', { state: 'ambiguous' }))).toBe(
      'defined in several places: the master plan does not say which'
    )
    expect(where(target('gone', { state: 'missing' }))).toBe('not found')
  })
})
