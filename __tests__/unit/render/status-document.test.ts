/**
 * The status report on small inputs of a test's own: the fields a reader looks up, the gate and its
 * override, the steps, files and questions, and the one next step it gives for each state of the work.
 */
import type { Clarification } from '../../../src/analysis/clarifications.js'
import type { PhaseFile } from '../../../src/analysis/files.js'
import type { StepStatus } from '../../../src/analysis/progress.js'
import { buildModel } from '../../../src/master-plan/outline.js'
import { phaseContent } from '../../../src/master-plan/phase-content.js'
import type { CoverageReport } from '../../../src/render/coverage.js'
import { renderStatus, type StatusInput } from '../../../src/render/status-document.js'
import { failingTests, greenGate, redGate } from '../../support/gates.js'

const MASTER_PLAN = [
  '# Widgets',
  '',
  '## Phase 1: Cache',
  '',
  '### Step 1: Add the cache',
  'Create `Cache` in `app/cache.py`.',
  '',
  '### Step 2: Use it',
  'Call `Cache.get` from `app/api.py`.',
  '',
  '## Phase 2: Clean up',
  '',
  'Remove `OldCache`.',
  ''
].join('\n')

const model = buildModel(MASTER_PLAN)
const coverage: CoverageReport = { total: 4, found: 4, percent: 100, missing: [], leaked: [] }
const steps = (...states: StepStatus['state'][]): StepStatus[] =>
  states.map((state, index) => ({
    id: `1.${index + 1}`,
    title: index === 0 ? 'Add the cache' : 'Use it',
    state,
    evidence: ''
  }))

function status(overrides: Partial<StatusInput> = {}, phase = '1'): string {
  return renderStatus({
    content: phaseContent(model, phase, 'docs/PLAN.md'),
    planPath: `docs/phase_${phase}_plan.md`,
    generatedAt: '2026-01-02T03:04:05.000Z',
    gate: greenGate(),
    coverage,
    files: [],
    steps: steps('NOT STARTED', 'NOT STARTED'),
    clarifications: [],
    ...overrides
  })
}

/** The paragraph under `## Next step`. */
const nextStep = (text: string): string => text.slice(text.indexOf('## Next step\n\n') + 14).trim()
const row = (text: string, field: string): string | undefined =>
  text.split('\n').find(line => line.startsWith(`| ${field} |`))

describe('the status report’s fields', () => {
  it('name the phase, the plan, the master plan and its blob, the commit and the time', () => {
    const text = status({ masterPlanBlob: 'b'.repeat(40), commit: 'c'.repeat(40) })
    expect(text.startsWith('<!-- plan-phase: status for phase 1 -->\n\n# Phase 1 status: Cache\n')).toBe(true)
    expect(row(text, 'Plan')).toBe('| Plan | `docs/phase_1_plan.md` |')
    expect(row(text, 'Master plan')).toBe(`| Master plan | \`docs/PLAN.md\` (blob \`${'b'.repeat(40)}\`) |`)
    expect(row(text, 'Commit')).toBe(`| Commit | \`${'c'.repeat(40)}\` |`)
    expect(row(text, 'Generated at')).toBe('| Generated at | 2026-01-02T03:04:05.000Z |')
    expect(row(text, 'Plan coverage')).toBe('| Plan coverage | 100% (4 of 4 units of the phase) |')
  })

  it('say when the repository is not a git checkout, and leave out a blob it does not have', () => {
    const text = status()
    expect(row(text, 'Commit')).toBe('| Commit | not a git checkout |')
    expect(row(text, 'Master plan')).toBe('| Master plan | `docs/PLAN.md` |')
  })
})

describe('the status report’s gate', () => {
  it('lists the failures of a red gate and, when overridden, who overrode it', () => {
    const gate = redGate({
      passed: 2,
      failed: 1,
      total: 3,
      failures: failingTests('tests/test_a.py', 1, () => 'boom')
    })
    const red = status({ gate })
    expect(red).toContain('- `tests/test_a.py::test_0` (`tests/test_a.py:1`) — failed: `boom`')
    expect(red).not.toContain('overrode')
    const forced = status({ gate, forcedBy: 'maintainer' })
    expect(forced).toContain('> The gate was red and `maintainer` overrode it with `--force`.')
  })

  it('explains the gate in the documents’ own words, not in those of the front end that ran it', () => {
    const gate = redGate({
      status: 'timed-out',
      summary: 'The suite was killed; raise --test-timeout-minutes if it needs longer.',
      documentSummary: 'The suite was killed; raise `test-timeout-minutes` if it needs longer.'
    })
    const text = status({ gate, forcedBy: 'maintainer' })
    expect(text).toContain('— The suite was killed; raise `test-timeout-minutes` if it needs longer.')
    expect(text).not.toContain('--test-timeout-minutes')
  })

  it('lists no failures for a green gate', () => {
    expect(status()).not.toContain('— failed')
  })
})

describe('the status report’s steps, files and questions', () => {
  it('gives each step its id, title, state and evidence, with a dash for no evidence', () => {
    const text = status({
      steps: [
        { id: '1.1', title: 'Add the cache', state: 'COMPLETED', evidence: '1/1 checks: Cache present' },
        { id: '1.2', title: 'Use it', state: 'NOT STARTED', evidence: '' }
      ]
    })
    expect(text).toContain('| `1.1` | Add the cache | `COMPLETED` | 1/1 checks: Cache present |')
    expect(text).toContain('| `1.2` | Use it | `NOT STARTED` | — |')
  })

  it('lists the files with why each is on the list, cells escaped', () => {
    const files: PhaseFile[] = [
      { path: 'app/cache.py', now: 'to be created', why: ['defines Cache', 'a | b'] }
    ]
    expect(status({ files })).toContain('| `app/cache.py` | to be created | defines Cache; a \\| b |')
    expect(status()).toContain('## Files\n\n_No files named._')
  })

  it('lists open questions by id and step, or says there are none', () => {
    const clarifications: Clarification[] = [
      { id: 'C1', question: 'Which backend?', where: ['Phase 1'], stepId: '1.2' },
      { id: 'C2', question: 'How long to keep entries?', where: ['Phase 1'] }
    ]
    const text = status({ clarifications })
    expect(text).toContain('| C1 | 1.2 | Which backend? | `NEEDS CLARIFICATION` |')
    expect(text).toContain('| C2 | — | How long to keep entries? | `NEEDS CLARIFICATION` |')
    expect(status()).toContain('## Needs clarification\n\nNone.')
  })
})

describe('the status report’s next step', () => {
  const gate = redGate({ failed: 1, failures: failingTests('tests/test_a.py', 1, () => 'boom') })

  it('is a green suite first, when the gate is red and not overridden', () => {
    expect(nextStep(status({ gate }))).toBe(
      'Make the test suite green (see the failures above), then re-run plan-phase.'
    )
  })

  it('is the failing tests, when the gate was overridden', () => {
    expect(nextStep(status({ gate, forcedBy: 'maintainer' }))).toBe(
      'Fix the failing tests listed above before starting Step 4: the gate was overridden, not passed.'
    )
  })

  it('is a blocked step before a step with questions, and that before any other', () => {
    expect(nextStep(status({ steps: steps('NEEDS CLARIFICATION', 'BLOCKED') }))).toBe(
      'Unblock step 1.2 (Use it).'
    )
    const clarifications: Clarification[] = [
      { id: 'C1', question: 'Which backend?', where: [], stepId: '1.1' },
      { id: 'C2', question: 'Elsewhere?', where: [], stepId: '1.2' },
      { id: 'C3', question: 'Which size?', where: [], stepId: '1.1' }
    ]
    expect(nextStep(status({ steps: steps('NEEDS CLARIFICATION', 'NOT STARTED'), clarifications }))).toBe(
      'Get answers to the questions for step 1.1 (C1, C3) before starting it.'
    )
  })

  it('is the first open step: finish one in progress, start one not started', () => {
    expect(nextStep(status({ steps: steps('COMPLETED', 'IN PROGRESS') }))).toBe('Finish step 1.2: Use it.')
    expect(nextStep(status({ steps: steps('NOT STARTED', 'IN PROGRESS') }))).toBe(
      'Start step 1.1: Add the cache.'
    )
  })

  it('is the next phase when every step is complete, or says this was the last one', () => {
    expect(nextStep(status({ steps: steps('COMPLETED', 'COMPLETED') }))).toBe(
      'All steps are complete: plan phase 2 next (`/plan-phase 2`).'
    )
    expect(nextStep(status({ steps: [] }, '2'))).toBe(
      'All steps are complete, and this is the last phase of the master plan.'
    )
  })
})
