/**
 * Staged mode notifies on every stop, through dist/index.js in both jobs: a plan job that stops (a red
 * gate, an unknown phase, a malformed command, a head it was not asked to test, a fork) hands the stop
 * over in its result file; the publish job (which runs `if: always()` in the workflow) reacts and
 * replies without delivering, and says so when the plan job left nothing at all. Forks are planned in
 * the plan job only with allow-forks, and never beside notify-from-plan's write token.
 */
import { existsSync, readFileSync, readdirSync } from 'node:fs'
import { join } from 'node:path'
import type { ActionRun } from '../support/action-process.js'
import { isWrite, type PullSummary } from '../support/github-server/index.js'
import { removeTempDirs, tempDir } from '../support/temp.js'
import { FORK_OWNER, OWNER, REPO, type World, worldForEachTest } from '../support/world.js'

const RESULT = 'plan-phase-result.json'
const RUN_URL = `https://github.com/${OWNER}/${REPO}/actions/runs/4242`
/** Repository code that leaves a trace when pytest imports it. */
const CONFTEST = `import os

with open(os.path.join(os.path.dirname(os.path.abspath(__file__)), 'CONFTEST_RAN'), 'w') as marker:
    marker.write('imported')
`
const BROKEN_TEST = 'def test_broken_on_purpose():\n    assert 1 == 2, "broken on purpose"\n'

const outputDir = (): string => join(tempDir('plan-phase-handover-'), 'out')

function result(dir: string): Record<string, unknown> {
  return JSON.parse(readFileSync(join(dir, RESULT), 'utf8')) as Record<string, unknown>
}

describe('dist/index.js in two jobs: every stop of the plan job is reported by the publish job', () => {
  let world: World
  worldForEachTest(
    created => {
      world = created
      world.server.state.createRepo({ owner: FORK_OWNER, repo: REPO, forkOf: { owner: OWNER, repo: REPO } })
    },
    { checkViolations: true }
  )
  afterAll(removeTempDirs)

  const state = (): World['server']['state'] => world.server.state

  function openPull(files: Record<string, string>, fork = false): PullSummary {
    return state().openPullRequest({
      owner: OWNER,
      repo: REPO,
      head: 'feature',
      user: fork ? 'forker' : 'maintainer',
      ...(fork ? { headOwner: 'forker' } : {}),
      files: { 'conftest.py': CONFTEST, ...files }
    })
  }

  function job(
    stage: 'plan' | 'publish',
    payload: unknown,
    workspace: string,
    out: string,
    inputs: Record<string, string> = {}
  ): Promise<ActionRun> {
    return world.run({
      eventName: 'issue_comment',
      payload,
      workspace,
      inputs: { stage, 'output-dir': out, ...inputs }
    })
  }

  /** The reply comment on #number, and the reactions on the command. */
  function answered(number: number, commandId: number): { reply: string; reactions: string[] } {
    const replies = state()
      .comments(OWNER, REPO, number)
      .filter(comment => comment.body.includes('plan-phase:reply'))
    expect(replies.length).toBeLessThanOrEqual(1)
    return { reply: replies[0]?.body ?? '', reactions: state().reactions(commandId) }
  }

  function commandId(payload: Record<string, unknown>): number {
    return (payload.comment as { id: number }).id
  }

  it('a red gate: the plan job hands the failures over, writes no document; publish replies with them and delivers nothing', async () => {
    const pull = openPull({ 'tests/test_broken.py': BROKEN_TEST })
    const payload = world.comment(pull.number)
    const out = outputDir()
    const planned = await job('plan', payload, world.checkout(pull.headSha), out)
    expect(planned.code).toBe(1)
    expect(planned.outputs.outcome).toBe('red-gate')
    expect(readdirSync(out)).toEqual([RESULT])
    expect(result(out)).toMatchObject({ version: 2, outcome: 'red-gate', phase: '3', hasPlan: false })
    expect(world.server.requests.filter(isWrite)).toEqual([])
    expect(answered(pull.number, commandId(payload))).toEqual({ reply: '', reactions: [] })

    const published = await job('publish', payload, world.checkout(pull.headSha), out)
    expect(published.code).toBe(1)
    expect(published.outputs).toMatchObject({ outcome: 'red-gate', 'pull-request-operation': 'none' })
    expect(published.stdout).not.toContain('Test suite')
    const { reply, reactions } = answered(pull.number, commandId(payload))
    expect(reactions).toEqual(['eyes', 'confused'])
    expect(reply).toContain('The test suite is not green')
    expect(reply).toContain('test_broken_on_purpose')
    expect(reply).toContain('nothing was delivered')
    expect(state().branchHead(OWNER, REPO, 'feature')).toBe(pull.headSha)
    expect(world.server.requestsFor('graphql/createCommitOnBranch')).toEqual([])
  })

  it('an unknown phase: publish names the phases the plan job found', async () => {
    const pull = openPull({})
    const payload = world.comment(pull.number, { body: '/plan-phase 9' })
    const out = outputDir()
    const workspace = world.checkout(pull.headSha)
    const planned = await job('plan', payload, workspace, out)
    expect(planned.outputs.outcome).toBe('unknown-phase')
    // Looked up before the gate: the repository's code never ran.
    expect(existsSync(join(workspace, 'CONFTEST_RAN'))).toBe(false)
    expect(result(out)).toMatchObject({
      outcome: 'unknown-phase',
      phase: '9',
      phases: ['0', '1', '2', '3', '4']
    })

    const published = await job('publish', payload, world.checkout(pull.headSha), out)
    expect(published.outputs.outcome).toBe('unknown-phase')
    const { reply, reactions } = answered(pull.number, commandId(payload))
    expect(reactions).toEqual(['eyes', 'confused'])
    expect(reply).toContain('Phase not found in the master plan')
    expect(reply).toContain('**Phases in the master plan:**\n\n- `0`\n- `1`\n- `2`\n- `3`\n- `4`')
  })

  it('a malformed command: the plan job hands the stop over quietly; publish answers with the right form', async () => {
    const pull = openPull({})
    const payload = world.comment(pull.number, { body: '/plan-phase 3 --bogus' })
    const out = outputDir()
    const planned = await job('plan', payload, world.checkout(pull.headSha), out)
    expect(planned.outputs.outcome).toBe('invalid-command')
    expect(result(out)).toMatchObject({ outcome: 'invalid-command' })
    expect(answered(pull.number, commandId(payload)).reply).toBe('')

    const published = await job('publish', payload, world.checkout(pull.headSha), out)
    expect(published.code).toBe(1)
    expect(published.outputs.outcome).toBe('invalid-command')
    expect(answered(pull.number, commandId(payload)).reply).toContain('Unknown flag `--bogus`')
  })

  it('a plan job that checked out another commit: head-moved, handed over, reported', async () => {
    const pull = openPull({})
    const payload = world.comment(pull.number)
    const out = outputDir()
    const elsewhere = world.checkout()
    const planned = await job('plan', payload, elsewhere, out)
    expect(planned.outputs.outcome).toBe('head-moved')
    expect(existsSync(join(elsewhere, 'CONFTEST_RAN'))).toBe(false)
    const published = await job('publish', payload, world.checkout(pull.headSha), out)
    expect(published.outputs.outcome).toBe('head-moved')
    const { reply } = answered(pull.number, commandId(payload))
    expect(reply).toContain("The plan job did not test the pull request's head")
    expect(reply).toContain('The plan job said:')
    expect(reply).toContain('is not the head of pull request #1')
  })

  it('no hand-over at all (the plan job crashed): publish says so with the run link', async () => {
    const pull = openPull({})
    const payload = world.comment(pull.number)
    const published = await job('publish', payload, world.checkout(pull.headSha), outputDir())
    expect(published.code).toBe(1)
    expect(published.outputs.outcome).toBe('failed')
    const { reply, reactions } = answered(pull.number, commandId(payload))
    expect(reactions).toEqual(['eyes', 'confused'])
    expect(reply).toMatch(/The plan job left no result in `[^`]+\/out` \(the input `output-dir`\)/)
    expect(reply).toContain(RUN_URL)
    expect(state().branchHead(OWNER, REPO, 'feature')).toBe(pull.headSha)
  })

  it('a fork without allow-forks: the plan job runs none of its code and hands the refusal over', async () => {
    const pull = openPull({}, true)
    const payload = world.comment(pull.number)
    const out = outputDir()
    const workspace = world.checkout(pull.headSha)
    const planned = await job('plan', payload, workspace, out)
    expect(planned.code).toBe(1)
    expect(planned.outputs.outcome).toBe('fork-refused')
    expect(existsSync(join(workspace, 'CONFTEST_RAN'))).toBe(false)
    expect(planned.stdout).not.toContain('Test suite')
    expect(result(out)).toMatchObject({ outcome: 'fork-refused' })
  })

  it('a fork with allow-forks: planned in the read-only plan job', async () => {
    const pull = openPull({}, true)
    const out = outputDir()
    const workspace = world.checkout(pull.headSha)
    const planned = await job('plan', world.comment(pull.number), workspace, out, {
      'allow-forks': 'true',
      'test-command': 'true'
    })
    expect(planned.outputs.outcome).toBe('planned-artifacts')
    expect(result(out)).toMatchObject({ outcome: 'planned', testedSha: pull.headSha })
  })

  it('a fork with allow-forks and notify-from-plan: refused before its code runs, nothing said from the plan job; publish reports it', async () => {
    const pull = openPull({}, true)
    const payload = world.comment(pull.number)
    const out = outputDir()
    const workspace = world.checkout(pull.headSha)
    const inputs = { 'allow-forks': 'true', 'notify-from-plan': 'true' }
    const planned = await job('plan', payload, workspace, out, inputs)
    expect(planned.code).toBe(1)
    expect(planned.outputs.outcome).toBe('fork-refused')
    expect(planned.stdout).toContain('notify-from-plan')
    expect(existsSync(join(workspace, 'CONFTEST_RAN'))).toBe(false)
    expect(world.server.requests.filter(isWrite)).toEqual([])
    expect(answered(pull.number, commandId(payload))).toEqual({ reply: '', reactions: [] })

    const published = await job('publish', payload, world.checkout(), out, { 'allow-forks': 'true' })
    expect(published.outputs.outcome).toBe('fork-refused')
    const { reply, reactions } = answered(pull.number, commandId(payload))
    expect(reactions).toEqual(['eyes', 'confused'])
    expect(reply).toContain('notify-from-plan')
  })
})
