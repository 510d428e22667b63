/**
 * dist/index.js against a GitHub that holds connections open: the run ends within its API limits, fails
 * with a message that says GitHub did not answer in time, and still writes its outputs.
 */
import { FAST_GREEN, OWNER, REPO, type World, worldForEachTest } from '../support/world.js'

/** Short limits, so the test measures them rather than waiting out the defaults (30 s, 180 s). */
const LIMITS = { PLAN_PHASE_API_TIMEOUT_SECONDS: '1', PLAN_PHASE_API_DEADLINE_SECONDS: '6' }

describe('dist/index.js when GitHub stops answering', () => {
  let world: World
  worldForEachTest(created => (world = created), { checkViolations: true })

  function issueCommand(): { number: number; payload: Record<string, unknown> } {
    const issue = world.createIssue('Plan')
    return { number: issue.number, payload: world.comment(issue.number) }
  }

  /** The command, a green gate in milliseconds, and the short API limits. */
  const runWithLimits = (payload: unknown) =>
    world.runOnComment(payload, world.checkout(), { inputs: FAST_GREEN, env: LIMITS })

  it('one endpoint hangs: failed within the run’s API budget, and the reply says GitHub did not answer in time', async () => {
    const { number, payload } = issueCommand()
    // Reading the plan branch (and its pull request) before delivery hangs on every attempt.
    world.server.fault({
      method: 'POST',
      path: '/graphql',
      graphqlOperation: 'PlanPhaseBranches',
      respond: { type: 'hang' },
      times: Infinity
    })
    const started = Date.now()
    const result = await runWithLimits(payload)
    const elapsed = Date.now() - started
    expect(result.code).toBe(1)
    expect(result.outputs.outcome).toBe('failed')
    const failure = result.stdout.split('\n').find(line => line.startsWith('::error::')) ?? ''
    expect(failure).toContain("GitHub's API did not answer in time")
    expect(failure).toContain('PLAN_PHASE_API_DEADLINE_SECONDS')
    // Attempts of 1 s with their pauses, cut at 6 s of waiting (the calls before it wait too): not 3 × 300 s.
    const hung = world.server
      .requestsFor('graphql/repository')
      .filter(request => request.status === 0 && JSON.stringify(request.body).includes('PlanPhaseBranches'))
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
    const result = await runWithLimits(payload)
    // 6 s for the run's work, then a few seconds more for reactions and the reply.
    expect(Date.now() - started).toBeLessThan(20_000)
    expect(result.code).toBe(1)
    expect(result.outputs.outcome).toBe('failed')
    expect(result.stdout).toMatch(/^::error::failed: .*GitHub's API did not answer in time/m)
    expect(result.summary).toContain("GitHub's API did not answer in time")
  })
})
