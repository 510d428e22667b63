/**
 * dist/index.js against a GitHub that holds connections open: the run ends within its API limits, fails
 * with a message that says GitHub did not answer in time, and still writes its outputs.
 */
import { expectNoViolations } from '../support/github-server/index.js'
import { OWNER, REPO, startWorld, type World } from './fixture.js'

/** Short limits, so the test measures them rather than waiting out the defaults (30 s, 180 s). */
const LIMITS = { PLAN_PHASE_API_TIMEOUT_SECONDS: '1', PLAN_PHASE_API_DEADLINE_SECONDS: '6' }
const FAST_GREEN = { 'test-command': 'true' }

describe('dist/index.js when GitHub stops answering', () => {
  let world: World
  beforeEach(async () => {
    world = await startWorld()
  })
  afterEach(async () => {
    expectNoViolations(world.server)
    await world.close()
  })

  function issueCommand(): { number: number; payload: Record<string, unknown> } {
    const issue = world.server.state.createIssue({
      owner: OWNER,
      repo: REPO,
      title: 'Plan',
      user: 'maintainer'
    })
    return { number: issue.number, payload: world.comment(issue.number) }
  }

  it('one endpoint hangs: failed within the run’s API budget, and the reply says GitHub did not answer in time', async () => {
    const { number, payload } = issueCommand()
    // Finding the plan's pull request hangs on every attempt.
    world.server.fault({
      method: 'GET',
      path: '/repos/{owner}/{repo}/pulls',
      respond: { type: 'hang' },
      times: Infinity
    })
    const started = Date.now()
    const result = await world.run({
      eventName: 'issue_comment',
      payload,
      workspace: world.checkout(),
      inputs: FAST_GREEN,
      env: LIMITS
    })
    const elapsed = Date.now() - started
    expect(result.code).toBe(1)
    expect(result.outputs.outcome).toBe('failed')
    const failure = result.stdout.split('\n').find(line => line.startsWith('::error::')) ?? ''
    expect(failure).toContain("GitHub's API did not answer in time")
    expect(failure).toContain('PLAN_PHASE_API_DEADLINE_SECONDS')
    // Attempts of 1 s with their pauses, cut at 6 s of waiting (the calls before it wait too): not 3 × 300 s.
    const hung = world.server.requestsFor('pulls/list').filter(request => request.status === 0)
    expect(hung.length).toBeGreaterThanOrEqual(2)
    expect(hung.length).toBeLessThanOrEqual(3)
    expect(elapsed).toBeLessThan(20_000)
    const replies = world.server.state
      .comments(OWNER, REPO, number)
      .map(comment => comment.body)
      .filter(body => body.includes('plan-phase:reply'))
    expect(replies).toHaveLength(1)
    expect(replies[0]).toContain("GitHub's API did not answer in time")
    expect(world.server.state.pullRequests(OWNER, REPO)).toHaveLength(0)
  })

  it('every request hangs: the run still ends in bounded time with outcome failed in its outputs', async () => {
    const { payload } = issueCommand()
    world.server.fault({ path: '*', respond: { type: 'hang' }, times: Infinity })
    const started = Date.now()
    const result = await world.run({
      eventName: 'issue_comment',
      payload,
      workspace: world.checkout(),
      inputs: FAST_GREEN,
      env: LIMITS
    })
    // 6 s for the run's work, then a few seconds more for reactions and the reply.
    expect(Date.now() - started).toBeLessThan(20_000)
    expect(result.code).toBe(1)
    expect(result.outputs.outcome).toBe('failed')
    expect(result.stdout).toMatch(/^::error::failed: .*GitHub's API did not answer in time/m)
    expect(result.summary).toContain("GitHub's API did not answer in time")
  })
})
