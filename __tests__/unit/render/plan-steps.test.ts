/** Step 4 of the plan: each sub-step with its files, targets and text, and the callers to update there. */
import { beforeAll, describe, expect, it } from '@jest/globals'
import type { Caller } from '../../../src/analysis/impact.js'
import { isTestSection, stepFour } from '../../../src/render/plan-steps.js'
import { analyseFixture, lines, type PhaseFixture } from '../../support/phase-fixture.js'
import { STORE_TRIM } from '../../support/small-phases.js'
import { planInput, written } from '../../support/plan-input.js'

const REPOSITORY = STORE_TRIM.repository

const MASTER_PLAN = STORE_TRIM.masterPlan

let fixture: PhaseFixture
let text: string
beforeAll(async () => {
  fixture = await analyseFixture(REPOSITORY, MASTER_PLAN, '1')
  text = written(stepFour, planInput(fixture))
})

const part = (from: string, to: string): string => text.slice(text.indexOf(from), text.indexOf(to))

describe('a sub-step in Step 4', () => {
  it('keeps the master plan’s heading when it starts with the step id, with the files and targets under it', () => {
    expect(part('#### 1.1 Drop load', '#### 1.2')).toContain(
      '_files: `pkg/store.py` · targets: `Store.load` (remove; `pkg/store.py:2`)_'
    )
    expect(text).not.toContain('Step 1.1 —')
  })

  it('carries its text with stale line references re-grounded', () => {
    expect(part('#### 1.1 Drop load', '#### 1.2')).toContain(
      'Remove the method `Store.load` (see `pkg/store.py:2` (the master plan says 9)).'
    )
  })

  it('lists the callers an earlier step breaks under the step that updates them, a busy file on one line', () => {
    const step = part('#### 1.2 Update every caller', '### Test requirements')
    expect(step).toContain(
      '**Callers to update here** — broken by step 1.1; update each one in this sub-step (5):'
    )
    expect(step).toContain(
      '- `pkg/app.py` lines 5, 6, 7, 8: stop using `Store.load`: it is removed (step 1.1) (4 uses)'
    )
    expect(step).toContain(
      '- `pkg/web.py:5` `return Store().load()` — stop using `Store.load`: it is removed (step 1.1)'
    )
    expect(part('#### 1.1 Drop load', '#### 1.2')).not.toContain('Callers')
  })

  it('says the callers are its own when it breaks them itself', () => {
    const caller: Caller = {
      path: 'pkg/web.py',
      line: 5,
      text: 'return Store().load()',
      target: 'Store.load',
      todo: 'stop using `Store.load`: it is removed (step 1.1)'
    }
    const own = written(
      stepFour,
      planInput(fixture, { impact: { ...fixture.analysis.impact, callers: new Map([['1.1', [caller]]]) } })
    )
    expect(own).toContain('**Callers this sub-step breaks** — update each one in this sub-step (1):')
  })

  it('gets a "Step n —" heading when the master plan’s step has none of its own', async () => {
    const listed = await analyseFixture(
      REPOSITORY,
      lines(
        '# Plan',
        '',
        '## Phase 1: Trim',
        '',
        '1. Remove the method `Store.load`.',
        '2. Update every caller.'
      ),
      '1'
    )
    const steps = written(stepFour, planInput(listed))
    expect(steps).toMatch(/^#### Step 1\.1 — /m)
    expect(steps).toMatch(/^#### Step 1\.2 — /m)
  })

  it('writes a one-line item once, as its title; an item with more, or a task box, also under it', async () => {
    const listed = await analyseFixture(
      REPOSITORY,
      lines(
        '# Plan',
        '',
        '## Phase 1: Trim',
        '',
        '1. Remove the method `Store.load`.',
        '2. Update every caller. Keep the old name as an alias for one release.',
        '   - Start with the CLI.',
        '- [x] Announce the change.'
      ),
      '1'
    )
    const steps = written(stepFour, planInput(listed))
    expect(steps.split('Remove the method `Store.load`.').length - 1).toBe(1)
    // The title is the item as written, its code marked as code.
    expect(steps).toMatch(/^#### Step 1\.1 — Remove the method `Store\.load`\.$/m)
    expect(steps).toContain('2. Update every caller. Keep the old name as an alias for one release.')
    expect(steps).toContain('- [x] Announce the change.')
  })

  it('ends no title in the colon that led into more text', async () => {
    const listed = await analyseFixture(
      REPOSITORY,
      lines(
        '# Plan',
        '',
        '## Phase 1: Trim',
        '',
        '1. Add the import `from pkg import store`:',
        '2. Implement the `Cache` class:',
        '   ```python',
        '   class Cache:',
        '       pass',
        '   ```'
      ),
      '1'
    )
    const steps = written(stepFour, planInput(listed))
    expect(steps).toMatch(/^#### Step 1\.1 — Add the import `from pkg import store`$/m)
    expect(steps).toMatch(/^#### Step 1\.2 — Implement the Cache class$/m)
    expect(steps).not.toMatch(/^#### .*[:;,]$/m)
  })
})

describe('a test section', () => {
  it('is one whose title speaks of tests, testing, pytest, verification or acceptance', () => {
    for (const title of ['Tests', 'Testing strategy', 'pytest setup', 'Verification', 'Acceptance criteria'])
      expect(isTestSection(title)).toBe(true)
    for (const title of ['Contest rules', 'Attestation', 'Rollout']) expect(isTestSection(title)).toBe(false)
  })
})
