/**
 * Staged mode through dist/index.js: the plan job runs the suite with read access only and hands its
 * documents over in output-dir; the publish job runs no repository code, treats the hand-over as
 * untrusted data, and delivers only onto the commit the plan job tested.
 */
import {
  cpSync,
  existsSync,
  lstatSync,
  mkdirSync,
  readFileSync,
  readdirSync,
  rmSync,
  symlinkSync,
  writeFileSync
} from 'node:fs'
import { join } from 'node:path'
import { type ActionRun, failure } from '../support/action-process.js'
import { expectNoViolations, isWrite, type PullSummary } from '../support/github-server/index.js'
import { removeTempDirs, tempDir } from '../support/temp.js'
import { OWNER, PLAN, REPO, startWorld, STATUS, type World } from '../support/world.js'

const RESULT = 'plan-phase-result.json'
/** Repository code that leaves a trace when anything imports it (pytest does, at collection). */
const CONFTEST = `import os

with open(os.path.join(os.path.dirname(os.path.abspath(__file__)), 'CONFTEST_RAN'), 'w') as marker:
    marker.write('imported')
`

describe('dist/index.js in two jobs: stage plan, then stage publish', () => {
  let world: World
  let pull: PullSummary
  let payload: Record<string, unknown>
  let commandId: number
  let planWorkspace: string
  let output: string
  let plan: ActionRun

  beforeAll(async () => {
    world = await startWorld()
    pull = world.openPull({ 'conftest.py': CONFTEST })
    payload = world.comment(pull.number)
    commandId = (payload.comment as { id: number }).id
    planWorkspace = world.checkout(pull.headSha)
    output = join(tempDir('plan-phase-handover-'), 'out')
    plan = await world.run({
      eventName: 'issue_comment',
      payload,
      workspace: planWorkspace,
      inputs: { stage: 'plan', 'output-dir': output }
    })
  })
  afterEach(() => expectNoViolations(world.server))
  afterAll(async () => {
    await world.close()
    removeTempDirs()
  })

  /** A fresh checkout of the PR head: what a publish job's workspace holds. */
  function publishWorkspace(): string {
    const workspace = world.checkout(pull.headSha)
    expect(existsSync(join(workspace, 'conftest.py'))).toBe(true)
    return workspace
  }

  /** A copy of the plan job's output, changed by `tamper`. */
  function handover(tamper: (dir: string) => void = () => undefined): string {
    const dir = join(tempDir('plan-phase-artifact-'), 'out')
    cpSync(output, dir, { recursive: true })
    tamper(dir)
    return dir
  }

  function publish(workspace: string, outputDir: string): Promise<ActionRun> {
    return world.run({
      eventName: 'issue_comment',
      payload,
      workspace,
      inputs: { stage: 'publish', 'output-dir': outputDir }
    })
  }

  it('plan job: runs the suite, only reads from GitHub, writes the two documents and the result', () => {
    expect(plan.code).toBe(0)
    expect(plan.outputs).toMatchObject({ outcome: 'planned-artifacts', phase: '3', 'tests-failed': '0' })
    expect(existsSync(join(planWorkspace, 'CONFTEST_RAN'))).toBe(true)
    expect(world.server.requests.length).toBeGreaterThan(0)
    expect(world.server.requests.filter(isWrite).map(r => `${r.method} ${r.path}`)).toEqual([])
    expect(readdirSync(output).sort()).toEqual([RESULT, 'plan.md', 'status.md'])
    const result = JSON.parse(readFileSync(join(output, RESULT), 'utf8')) as Record<string, unknown>
    expect(result).toMatchObject({
      version: 2,
      outcome: 'planned',
      phase: '3',
      testedSha: pull.headSha,
      hasPlan: true
    })
    expect(readFileSync(join(output, 'plan.md'), 'utf8')).toContain(
      '# Phase 3 execution plan: ProviderManager'
    )
    expect(readFileSync(join(output, 'status.md'), 'utf8')).toContain('| `3.1` |')
    expect(world.server.state.reactions(commandId)).toEqual([])
    expect(world.server.state.comments(OWNER, REPO, pull.number)).toHaveLength(1)
  })

  /** A publish that must refuse: failed, the reason in the log and the reply, nothing pushed, nothing run. */
  async function refused(outputDir: string, reason: string): Promise<void> {
    const workspace = publishWorkspace()
    const gitWrites = world.server.requests.length
    const result = await publish(workspace, outputDir)
    expect(result.code).toBe(1)
    expect(result.outputs.outcome).toBe('failed')
    expect(failure(result.stdout)).toContain(reason)
    expect(existsSync(join(workspace, 'CONFTEST_RAN'))).toBe(false)
    expect(result.stdout).not.toContain('Test suite')
    const after = world.server.requests.slice(gitWrites)
    expect(after.filter(request => request.path.includes('/git/') && request.method !== 'GET')).toEqual([])
    expect(world.server.state.branchHead(OWNER, REPO, 'feature')).toBe(pull.headSha)
    const reply = world.server.state
      .comments(OWNER, REPO, pull.number)
      .find(comment => comment.body.includes('plan-phase:reply'))
    expect(reply?.body).toContain('plan-phase failed')
    expect(reply?.body).toContain(reason)
  }

  it('publish refuses an artifact planned for another phase than the event asks for', async () => {
    const dir = handover(out => {
      const result = JSON.parse(readFileSync(join(out, RESULT), 'utf8')) as Record<string, unknown>
      writeFileSync(join(out, RESULT), JSON.stringify({ ...result, phase: '4' }))
    })
    await refused(dir, 'The plan job planned phase 4, but this event asks for phase 3; refusing to publish.')
  })

  it('publish refuses a malformed result file', async () => {
    const dir = handover(out => writeFileSync(join(out, RESULT), '{"version": 1, "phase": "3",'))
    await refused(dir, `${RESULT} is not valid JSON.`)
  })

  it('publish refuses a result file with a forged field', async () => {
    const dir = handover(out => {
      const result = JSON.parse(readFileSync(join(out, RESULT), 'utf8')) as Record<string, unknown>
      writeFileSync(join(out, RESULT), JSON.stringify({ ...result, testedSha: 'HEAD~1' }))
    })
    await refused(dir, `${RESULT} has a missing or invalid "testedSha".`)
  })

  it.each([
    ['a null failing test', (gate: Record<string, unknown>) => ({ ...gate, failures: [null] })],
    [
      'a failing test without a message',
      (gate: Record<string, unknown>) => ({
        ...gate,
        failures: [{ id: 't::x', file: 'a.py', kind: 'failure' }]
      })
    ],
    ['no command', (gate: Record<string, unknown>) => ({ ...gate, command: undefined })],
    ['an unknown status', (gate: Record<string, unknown>) => ({ ...gate, status: 'pwned' })]
  ])('publish refuses a result whose gate has %s, before pushing anything', async (_, damage) => {
    const dir = handover(out => {
      const result = JSON.parse(readFileSync(join(out, RESULT), 'utf8')) as Record<string, unknown>
      writeFileSync(
        join(out, RESULT),
        JSON.stringify({ ...result, gate: damage(result.gate as Record<string, unknown>) })
      )
    })
    await refused(dir, `${RESULT} has a missing or invalid "gate".`)
  })

  it('publish refuses an oversized result file', async () => {
    let bytes = 0
    const dir = handover(out => {
      const result = JSON.parse(readFileSync(join(out, RESULT), 'utf8')) as Record<string, unknown>
      const text = JSON.stringify({ ...result, padding: 'x'.repeat(2 * 1024 * 1024) })
      bytes = Buffer.byteLength(text)
      writeFileSync(join(out, RESULT), text)
    })
    await refused(dir, `${RESULT} is ${bytes} bytes, over the 1048576-byte limit.`)
  })

  it('publish refuses an artifact whose document is a symlink leading outside', async () => {
    const secret = join(tempDir('plan-phase-secret-'), 'secret.txt')
    writeFileSync(secret, 'RUNNER-SECRET-CONTENT\n')
    const dir = handover(out => {
      rmSync(join(out, 'plan.md'))
      symlinkSync(secret, join(out, 'plan.md'))
    })
    await refused(dir, 'plan.md is not a regular file.')
    const everything = [...world.server.state.commentStore.values()].map(comment => comment.body).join('\n')
    expect(everything).not.toContain('RUNNER-SECRET-CONTENT')
  })

  it('publish job: runs no repository code, commits the plan job’s documents onto the tested head and replies', async () => {
    const workspace = publishWorkspace()
    const result = await publish(workspace, output)
    expect(result.code).toBe(0)
    expect(result.outputs).toMatchObject({
      outcome: 'planned',
      phase: '3',
      'pull-request-operation': 'updated'
    })
    expect(existsSync(join(workspace, 'CONFTEST_RAN'))).toBe(false)
    expect(result.stdout).not.toContain('Test suite')
    const head = world.server.state.headCommit(OWNER, REPO, 'feature')
    expect(head?.sha).toBe(result.outputs['commit-sha'])
    expect(head?.parents).toEqual([pull.headSha])
    const files = world.server.state.files(OWNER, REPO, 'feature')
    expect(files[PLAN]).toBe(readFileSync(join(output, 'plan.md'), 'utf8'))
    expect(files[STATUS]).toBe(readFileSync(join(output, 'status.md'), 'utf8'))
    const replies = world.server.state
      .comments(OWNER, REPO, pull.number)
      .filter(comment => comment.body.includes('plan-phase:reply'))
    expect(replies).toHaveLength(1)
    expect(replies[0]?.body).toContain('Execution plan ready')
    expect(world.server.state.reactions(commandId)).toEqual(expect.arrayContaining(['eyes', 'rocket']))
  })

  it('plan job: a link planted in output-dir is replaced, not written through', async () => {
    const secret = join(tempDir('plan-phase-planted-'), 'victim.txt')
    writeFileSync(secret, 'untouched\n')
    const out = join(tempDir('plan-phase-handover-'), 'out')
    mkdirSync(out)
    symlinkSync(secret, join(out, 'plan.md'))
    symlinkSync(secret, join(out, RESULT))
    const result = await world.run({
      eventName: 'issue_comment',
      payload,
      // The PR's head as it is now (an earlier test may have committed onto it).
      workspace: world.checkout(world.server.state.pullRequest(OWNER, REPO, pull.number).headSha),
      inputs: { stage: 'plan', 'output-dir': out, 'test-command': 'true' }
    })
    expect(result.outputs.outcome).toBe('planned-artifacts')
    expect(readFileSync(secret, 'utf8')).toBe('untouched\n')
    expect(lstatSync(join(out, 'plan.md')).isFile()).toBe(true)
    expect(lstatSync(join(out, RESULT)).isFile()).toBe(true)
    expect(readFileSync(join(out, 'plan.md'), 'utf8')).toContain('# Phase 3 execution plan')
  })

  it('publish refuses when the pull request head moved after the plan job tested it', async () => {
    const second = world.openPull({ 'conftest.py': CONFTEST }, 'feature-2')
    const secondPayload = world.comment(second.number)
    const out = join(tempDir('plan-phase-handover-'), 'out')
    const planned = await world.run({
      eventName: 'issue_comment',
      payload: secondPayload,
      workspace: world.checkout(second.headSha),
      inputs: { stage: 'plan', 'output-dir': out, 'test-command': 'true' }
    })
    expect(planned.outputs.outcome).toBe('planned-artifacts')
    const pushed = world.server.state.addCommit(OWNER, REPO, 'feature-2', { 'late.txt': 'pushed later\n' })
    const workspace = world.checkout(pushed.sha)
    const result = await world.run({
      eventName: 'issue_comment',
      payload: secondPayload,
      workspace,
      inputs: { stage: 'publish', 'output-dir': out }
    })
    expect(result.code).toBe(1)
    expect(result.outputs.outcome).toBe('head-moved')
    expect(failure(result.stdout)).toContain(
      `moved from ${second.headSha.slice(0, 7)} (tested) to ${pushed.sha.slice(0, 7)}`
    )
    expect(existsSync(join(workspace, 'CONFTEST_RAN'))).toBe(false)
    expect(world.server.state.branchHead(OWNER, REPO, 'feature-2')).toBe(pushed.sha)
    const reply = world.server.state
      .comments(OWNER, REPO, second.number)
      .find(comment => comment.body.includes('plan-phase:reply'))
    expect(reply?.body).toContain('nothing was pushed')
  })
})
