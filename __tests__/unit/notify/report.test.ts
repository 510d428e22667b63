import type { ReactionContent } from '../../../src/adapters/github.js'
import { OUTPUTS } from '../../../src/settings/action-io.js'
import { annotateFailures } from '../../../src/notify/annotations.js'
import { repliesTo } from '../../../src/notify/finish.js'
import { collectOutputs, OUTPUT_NAMES, setOutputs } from '../../../src/notify/outputs.js'
import { acknowledge, finalReaction, reactToOutcome } from '../../../src/notify/reactions.js'
import type { ReplyInput } from '../../../src/notify/reply.js'
import { MAX_SUMMARY_BYTES, renderSummary, writeSummary } from '../../../src/notify/summary.js'
import type { Reporter } from '../../../src/reporter.js'
import { failingTests, redGate } from '../../support/gates.js'

function recorder(): Reporter & { warnings: string[]; errors: { message: string; where?: object }[] } {
  const warnings: string[] = []
  const errors: { message: string; where?: object }[] = []
  return {
    warnings,
    errors,
    info: () => undefined,
    warning: message => void warnings.push(message),
    error: (message, where) => void errors.push({ message, where }),
    startGroup: () => undefined,
    endGroup: () => undefined,
    write: () => undefined
  }
}

const gate = redGate({
  argv: ['pytest', '-q'],
  passed: 5,
  failed: 60,
  errors: 1,
  skipped: 2,
  total: 68,
  durationSeconds: 2,
  failures: [
    ...failingTests(
      'tests/test_x.py',
      60,
      () => 'boom',
      i => i
    ),
    { id: 'tests/test_y.py', message: 'ImportError', kind: 'error' as const }
  ],
  outputTail: 'E   assert 1 == 2\n```\n',
  summary: '60 failed, 1 error'
})

const input: ReplyInput = {
  outcome: 'planned',
  message: 'Committed.',
  owner: 'acme',
  repo: 'widgets',
  web: 'https://ghe.example.com',
  phase: '3',
  title: 'Providers',
  planPath: 'plan.md',
  statusPath: 'status.md',
  coverage: { percent: 100, found: 3, total: 3 },
  delivery: {
    operation: 'updated',
    outcome: 'planned',
    message: '',
    number: 9,
    url: 'https://ghe.example.com/acme/widgets/pull/9',
    branch: 'plan-phase/phase-3',
    commitSha: 'f'.repeat(40),
    verified: false
  }
}

describe('outputs', () => {
  it('sets every output of action.yml, empty when unknown', () => {
    const set = new Map<string, string>()
    setOutputs(
      collectOutputs({ outcome: 'invalid-command', message: 'x', owner: 'o', repo: 'r', web: 'w' }),
      (name, value) => set.set(name, value)
    )
    expect([...set.keys()].sort()).toEqual(
      Object.values(OUTPUTS)
        .map(o => o.name)
        .sort()
    )
    expect(OUTPUT_NAMES).toHaveLength(set.size)
    expect(set.get('outcome')).toBe('invalid-command')
    expect(set.get('pull-request-operation')).toBe('none')
    expect(set.get('tests-passed')).toBe('')
    expect(set.get('commit-verified')).toBe('')
  })

  it('fills counts, coverage, PR and commit', () => {
    const outputs = collectOutputs({ ...input, gate })
    expect(outputs).toMatchObject({
      phase: '3',
      'tests-passed': '5',
      'tests-failed': '61',
      'tests-total': '68',
      coverage: '100',
      'pull-request-number': '9',
      'pull-request-operation': 'updated',
      'commit-sha': 'f'.repeat(40),
      'commit-verified': 'false',
      outcome: 'planned'
    })
  })
})

describe('summary', () => {
  it('records outcome, documents, signing, gate, failures, output tail and coverage', () => {
    const md = renderSummary({ ...input, gate, forced: true })
    expect(md).toContain('`planned`')
    expect(md).toContain('https://ghe.example.com/acme/widgets/blob/plan-phase/phase-3/plan.md')
    expect(md).toContain('**Commit signed by GitHub** (`verification.verified`): no')
    expect(md).toContain('tests/test_x.py::test_59')
    expect(md).toContain('````text\nE   assert 1 == 2\n```\n````')
    expect(md).toContain('100% of the phase')
  })

  it('stays within 1 MiB', () => {
    const huge = { ...gate, failures: [], outputTail: '😀'.repeat(400_000) }
    const md = renderSummary({ ...input, gate: huge })
    expect(Buffer.byteLength(md)).toBeLessThanOrEqual(MAX_SUMMARY_BYTES)
    expect(md).toContain('truncated')
  })

  it('a writer failure is a warning', async () => {
    const reporter = recorder()
    const ok = await writeSummary(
      { write: () => Promise.reject(new Error('no GITHUB_STEP_SUMMARY')) },
      reporter,
      input
    )
    expect(ok).toBe(false)
    expect(reporter.warnings[0]).toContain('no GITHUB_STEP_SUMMARY')
  })
})

describe('reactions', () => {
  it('maps outcomes to rocket, confused, thumbs down or nothing', () => {
    expect(finalReaction('planned')).toBe('rocket')
    expect(finalReaction('unchanged')).toBe('rocket')
    expect(finalReaction('red-gate')).toBe('confused')
    expect(finalReaction('failed')).toBe('confused')
    expect(finalReaction('invalid-command')).toBe('confused')
    expect(finalReaction('unauthorised')).toBe('-1')
    expect(finalReaction('not-triggered')).toBeUndefined()
  })

  it('answers a comment by someone without the permission with the reaction only, a label with a reply', () => {
    const comment = { issueNumber: 3, commentId: 9 }
    expect(repliesTo('unauthorised', comment)).toBe(false)
    expect(repliesTo('unauthorised', { issueNumber: 3, label: 'plan-phase:3' })).toBe(true)
    expect(repliesTo('invalid-command', comment)).toBe(true)
    expect(repliesTo('unknown-phase', comment)).toBe(true)
    expect(repliesTo('fork-refused', comment)).toBe(true)
    expect(repliesTo('planned', {})).toBe(false)
  })

  it('reacts, and turns a failure into a warning', async () => {
    const seen: ReactionContent[] = []
    const reporter = recorder()
    const target = { owner: 'o', repo: 'r', commentId: 5 }
    expect(
      await acknowledge({ createReaction: async p => void seen.push(p.content) }, reporter, target)
    ).toBe(true)
    const failing = {
      createReaction: () => Promise.reject(Object.assign(new Error('locked'), { status: 403 }))
    }
    expect(await reactToOutcome(failing, reporter, target, 'red-gate')).toBe(false)
    expect(await acknowledge(failing, reporter, { owner: 'o', repo: 'r' })).toBe(false)
    expect(seen).toEqual(['eyes'])
    expect(reporter.warnings).toHaveLength(1)
    expect(reporter.warnings[0]).toContain('confused')
  })
})

describe('annotations', () => {
  it('annotates failures that name a file, at most 50', () => {
    const reporter = recorder()
    expect(annotateFailures(reporter, gate)).toBe(50)
    expect(reporter.errors[0]).toEqual({
      message: 'boom',
      where: { file: 'tests/test_x.py', line: 0, title: 'Failed: tests/test_x.py::test_0' }
    })
    const few = recorder()
    expect(annotateFailures(few, { ...gate, failures: gate.failures.slice(59) })).toBe(1)
  })

  it('shows hidden characters in ids and messages, and bounds them on a code point', () => {
    const reporter = recorder()
    const failure = {
      id: 'tests/test_x.py::test_\u202eexe',
      message: `zero\u200bwidth ${'😀'.repeat(1200)}`,
      file: 'tests/test_x.py',
      kind: 'failure' as const
    }
    annotateFailures(reporter, { ...gate, failures: [failure] })
    const [written] = reporter.errors
    expect(written?.where).toMatchObject({ title: 'Failed: tests/test_x.py::test_\\u{202E}exe' })
    expect(written?.message.startsWith('zero\\u{200B}width 😀')).toBe(true)
    expect(Array.from(written?.message ?? '').length).toBeLessThanOrEqual(1_000 + 8)
    expect(written?.message).not.toMatch(/[\ud800-\udbff]$/)
  })
})
