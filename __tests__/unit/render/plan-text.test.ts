/** How master-plan text is carried into the plan: prose with stale line references re-grounded, on one line. */
import { beforeAll, describe, expect, it } from '@jest/globals'
import { flat, prose } from '../../../src/render/plan-text.js'
import { analyseFixture, lines, type PhaseFixture } from '../../support/phase-fixture.js'
import { planInput } from '../../support/plan-input.js'

const REPOSITORY = {
  'pkg/__init__.py': '',
  'pkg/store.py': lines(
    'class Store:',
    '    def load(self):',
    '        return 1',
    '',
    '    def save(self):',
    '        return 2'
  ),
  'pkg/app.py': lines(
    'from pkg.store import Store',
    '',
    '',
    'def run(box: Store):',
    '    box.load()',
    '    box.load()',
    '    box.load()',
    '    return box.load()'
  ),
  'pkg/web.py': lines('from pkg.store import Store', '', '', 'def page():', '    return Store().load()'),
  'tests/test_store.py': lines(
    'from pkg.store import Store',
    '',
    '',
    'def test_load():',
    '    assert Store().load() == 1'
  )
}

const MASTER_PLAN = lines(
  '# Store plan',
  '',
  '## Phase 1: Trim',
  '',
  '### 1.1 Drop load',
  '',
  'Remove the method `Store.load` (see `pkg/store.py:9`).',
  '',
  '### 1.2 Update every caller',
  '',
  'Update every caller of it.',
  '',
  '## Phase 2: Load again',
  '',
  'Bring back `Store.load`.'
)

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
