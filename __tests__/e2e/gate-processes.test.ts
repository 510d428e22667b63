/**
 * dist/index.js with a suite that leaves daemons behind (setsid, double fork) which print workflow
 * commands straight into the action's own stdout, the log the runner reads: none may survive the gate.
 * And a job cancelled while the suite runs: the suite is stopped, the reply, summary and outputs say
 * `cancelled`, and the job fails, all within the runner's grace period.
 */
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { dirname, join } from 'node:path'
import { mkdirSync } from 'node:fs'
import { daemonSuite, isRunning, killAll, suitePids } from '../support/daemon-suite.js'
import { expectNoViolations, workflowDispatchPayload } from '../support/github-server/index.js'
import { OWNER, REPO, startWorld, type World } from './fixture.js'

const onLinux = process.platform === 'linux' ? describe : describe.skip

const sleep = (ms: number): Promise<void> => new Promise(resolve => setTimeout(resolve, ms))

async function stopsWithin(pid: number, ms: number): Promise<boolean> {
  const deadline = Date.now() + ms
  while (isRunning(pid)) {
    if (Date.now() > deadline) return false
    await sleep(25)
  }
  return true
}

/** The action's stdout after the gate's closing `::<token>::` line: read by the runner as commands. */
function afterGate(stdout: string): string {
  const token = /^::stop-commands::([0-9a-f-]{36})$/m.exec(stdout)?.[1]
  expect(token).toBeDefined()
  const end = stdout.indexOf(`\n::${token}::\n`)
  expect(end).toBeGreaterThan(-1)
  return stdout.slice(end + `\n::${token}::\n`.length)
}

onLinux('dist/index.js and the processes its test suite starts', () => {
  let world: World
  let pidDir: string
  const leftovers: number[] = []
  beforeEach(async () => {
    world = await startWorld()
    pidDir = mkdtempSync(join(tmpdir(), 'plan-phase-e2e-pids-'))
  })
  afterEach(async () => {
    killAll(leftovers.splice(0))
    rmSync(pidDir, { recursive: true, force: true })
    expectNoViolations(world.server)
    await world.close()
  })

  function checkoutWith(files: Record<string, string>): string {
    const workspace = world.checkout()
    for (const [name, content] of Object.entries(files)) {
      mkdirSync(dirname(join(workspace, name)), { recursive: true })
      writeFileSync(join(workspace, name), content)
    }
    return workspace
  }

  it('daemons that left the suite’s process group are gone after the gate and print nothing after it', async () => {
    const workspace = checkoutWith(daemonSuite({ pidDir, output: 'runner-log' }))
    const result = await world.run({
      eventName: 'workflow_dispatch',
      payload: workflowDispatchPayload({ owner: OWNER, repo: REPO, inputs: { phase: '3' } }),
      workspace,
      stdoutPipe: true
    })
    const pids = suitePids(pidDir)
    leftovers.push(...Object.values(pids))
    expect(result.outputs).toMatchObject({ outcome: 'planned', 'tests-passed': '27' })
    expect(result.code).toBe(0)
    // The daemons reached the runner's log while the suite ran, inside the stop-commands block ...
    expect(result.stdout).toContain('::warning::daemon setsid is still running')
    expect(result.stdout).toContain('::warning::daemon double-fork is still running')
    // ... and never after it.
    expect(afterGate(result.stdout)).not.toContain('::warning::daemon')
    for (const pid of Object.values(pids)) expect(await stopsWithin(pid, 1000)).toBe(true)
  })

  it('SIGTERM while the suite runs: suite stopped, reply, summary and outputs say cancelled, the job fails', async () => {
    const workspace = checkoutWith(daemonSuite({ pidDir, output: 'inherit', sleepSeconds: 120 }))
    const issue = world.server.state.createIssue({
      owner: OWNER,
      repo: REPO,
      title: 'Plan',
      user: 'maintainer'
    })
    const result = await world.run({
      eventName: 'issue_comment',
      payload: world.comment(issue.number),
      workspace,
      interrupt: { when: 'SUITE-SLEEPING', signal: 'SIGTERM' }
    })
    const pids = suitePids(pidDir)
    leftovers.push(...Object.values(pids))
    // Within the runner's grace: it escalates 7.5 s after its first signal, then kills the tree.
    expect(result.exitAfterSignalMs).toBeDefined()
    expect(result.exitAfterSignalMs).toBeLessThan(7500)
    expect(result.code).toBe(1)
    expect(result.outputs).toMatchObject({ outcome: 'cancelled', 'commit-sha': '' })
    expect(result.stdout).toMatch(/^::error::cancelled: The job was cancelled \(SIGTERM\)/m)
    expect(result.summary).toContain('The job was cancelled (SIGTERM)')
    const replies = world.server.state
      .comments(OWNER, REPO, issue.number)
      .map(comment => comment.body)
      .filter(body => body.includes('plan-phase:reply'))
    expect(replies).toHaveLength(1)
    expect(replies[0]).toContain('The job was cancelled')
    expect(replies[0]).toContain('Nothing was committed')
    expect(
      world.server.state.reactions(world.server.state.comments(OWNER, REPO, issue.number)[0]?.id ?? 0)
    ).toEqual(['eyes', 'confused'])
    expect(world.server.state.pullRequests(OWNER, REPO)).toHaveLength(0)
    for (const pid of Object.values(pids)) expect(await stopsWithin(pid, 1000)).toBe(true)
  })
})
