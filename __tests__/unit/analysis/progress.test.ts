/**
 * Step states from evidence: what a step creates exists, what it removes is gone, what it moves is at
 * its new place, and the tests the plan requires for it are written — COMPLETED only with a green gate.
 */
import { stepStates, type Evidence } from '../../../src/analysis/progress.js'
import type { TestRequirement } from '../../../src/analysis/requirements.js'
import type { Target } from '../../../src/analysis/targets.js'
import type { Step } from '../../../src/master-plan/steps.js'
import { greenGate, redGate } from '../../support/gates.js'

const step = (id: string, title = `Step ${id}`): Step => ({ id, title, path: ['Phase 1'], spans: [] })

function target(
  name: string,
  action: Target['action'],
  state: Target['state'],
  more: Partial<Target> = {}
): Target {
  return { name, kind: 'symbol', action, signature: false, stepIds: ['1.1'], sentence: '', state, ...more }
}

function requirement(testName: string, stepId = '1.1'): TestRequirement {
  return {
    testFile: 'tests/test_cache.py',
    testName,
    subject: 'Cache',
    origin: 'master plan',
    expected: '',
    stepId,
    action: 'create'
  }
}

function evidence(more: Partial<Evidence> = {}): Evidence {
  return { targets: [], requirements: [], existingTests: new Set(), gate: greenGate(), ...more }
}

describe('step states', () => {
  it('are NOT STARTED with no evidence when nothing in the repository speaks for a step', () => {
    expect(stepStates([step('1.1', 'Read the docs')], evidence(), [])).toEqual([
      { id: '1.1', title: 'Read the docs', state: 'NOT STARTED', evidence: '' }
    ])
  })

  it('are COMPLETED when every check holds and the suite is green, with the checks as evidence', () => {
    const [state] = stepStates(
      [step('1.1')],
      evidence({
        targets: [target('Cache', 'create', 'exists'), target('OldCache', 'remove', 'missing')],
        requirements: [requirement('test_cache_hit')],
        existingTests: new Set(['tests/test_cache.py::test_cache_hit'])
      }),
      []
    )
    expect(state).toMatchObject({
      state: 'COMPLETED',
      evidence: '3/3 checks: Cache present, OldCache removed, test_cache_hit written'
    })
  })

  it('are IN PROGRESS, not COMPLETED, while the suite is red', () => {
    const [state] = stepStates(
      [step('1.1')],
      evidence({ targets: [target('Cache', 'create', 'exists')], gate: redGate() }),
      []
    )
    expect(state).toMatchObject({ state: 'IN PROGRESS', evidence: '1/1 checks: Cache present' })
  })

  it('are IN PROGRESS when some checks hold, and count the ones that do not', () => {
    const [state] = stepStates(
      [step('1.1')],
      evidence({
        targets: [target('Cache', 'create', 'exists'), target('OldCache', 'remove', 'exists')],
        requirements: [requirement('test_cache_hit')]
      }),
      []
    )
    expect(state).toMatchObject({ state: 'IN PROGRESS', evidence: '1/3 checks: Cache present' })
  })

  it('see a moved file done only when it left its place and its new one exists', () => {
    const move = (state: Target['state'], destinationExists: boolean): Target =>
      target('app/old.py', 'move', state, { kind: 'file', destination: 'app/new.py', destinationExists })
    const states = (moved: Target) => stepStates([step('1.1')], evidence({ targets: [moved] }), [])[0]
    expect(states(move('missing', true))).toMatchObject({
      state: 'COMPLETED',
      evidence: '1/1 checks: app/old.py now app/new.py'
    })
    expect(states(move('exists', true))).toMatchObject({ state: 'NOT STARTED', evidence: '0/1 checks' })
    expect(states(move('missing', false))).toMatchObject({ state: 'NOT STARTED', evidence: '0/1 checks' })
  })

  it('take no check from a change of an existing name: only its tests show it', () => {
    const [state] = stepStates(
      [step('1.1')],
      evidence({ targets: [target('Cache.get', 'change', 'exists')] }),
      []
    )
    expect(state).toMatchObject({ state: 'NOT STARTED', evidence: '' })
  })

  it('read each target and test for the steps it belongs to only', () => {
    const states = stepStates(
      [step('1.1'), step('1.2')],
      evidence({
        targets: [target('Cache', 'create', 'exists', { stepIds: ['1.2'] })],
        requirements: [requirement('test_cache_hit', '1.1')]
      }),
      []
    )
    expect(states.map(s => [s.id, s.state, s.evidence])).toEqual([
      ['1.1', 'NOT STARTED', '0/1 checks'],
      ['1.2', 'COMPLETED', '1/1 checks: Cache present']
    ])
  })

  it('are NEEDS CLARIFICATION for a step with an open question, unless it is already complete', () => {
    const question = { id: 'C1', question: 'Which backend?', where: [], stepId: '1.1' }
    const open = stepStates([step('1.1')], evidence(), [question])
    expect(open[0]?.state).toBe('NEEDS CLARIFICATION')
    const done = stepStates([step('1.1')], evidence({ targets: [target('Cache', 'create', 'exists')] }), [
      question
    ])
    expect(done[0]?.state).toBe('COMPLETED')
  })
})
