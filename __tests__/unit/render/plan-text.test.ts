/** How master-plan text is carried into the plan: prose with stale line references re-grounded, on one line. */
import { beforeAll, describe, expect, it } from '@jest/globals'
import { flat, prose } from '../../../src/render/plan-text.js'
import { analyseFixture, type PhaseFixture } from '../../support/phase-fixture.js'
import { STORE_TRIM } from '../../support/small-phases.js'
import { planInput } from '../../support/plan-input.js'

const REPOSITORY = STORE_TRIM.repository

const MASTER_PLAN = STORE_TRIM.masterPlan

let fixture: PhaseFixture
beforeAll(async () => {
  fixture = await analyseFixture(REPOSITORY, MASTER_PLAN, '1')
})

describe('prose', () => {
  it('re-grounds a stale line reference to where the code is now, keeping what the master plan said', () => {
    const unit = fixture.content.units.find(candidate => candidate.text.includes('pkg/store.py:9'))
    expect(unit).toBeDefined()
    if (!unit) return
    expect(prose(planInput(fixture))(unit.text, unit.start)).toBe(
      'Remove the method `Store.load` (see `pkg/store.py:2` (the master plan says 9)).'
    )
  })

  it('leaves text alone that holds no stale reference at that offset', () => {
    const text = 'Remove the method `Store.load` (see `pkg/store.py:9`).'
    expect(prose(planInput(fixture))(text, 0)).toBe(text)
    expect(prose(planInput(fixture, { lineReferences: [] }))(text, MASTER_PLAN.indexOf(text))).toBe(text)
  })
})

describe('flat', () => {
  it('joins the lines of quoted text with single spaces', () => {
    expect(flat('first line\n   second line\nthird')).toBe('first line second line third')
  })
})
