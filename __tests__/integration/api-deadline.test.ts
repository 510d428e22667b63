/**
 * The per-request limit and the run's API budget, with the real Octokit (retry + throttling) against the
 * local GitHub server holding connections open.
 */
import { ApiClock, apiLimitsFrom, type ApiLimits } from '../../src/adapters/api-deadline.js'
import { createOctokit, githubClients } from '../../src/adapters/octokit.js'
import { errorMessage } from '../../src/errors.js'
import { silentReporter } from '../../src/reporter.js'
import { expectNoViolations, startGitHubServer, type GitHubServer } from '../support/github-server/index.js'

const owner = 'acme'
const repo = 'widgets'
const GET_REPO = 'repos/get'

let server: GitHubServer

beforeEach(async () => {
  server = await startGitHubServer()
  server.state.createRepo({ owner, repo, files: { 'README.md': '# widgets\n' } })
})

afterEach(async () => {
  try {
    expectNoViolations(server)
  } finally {
    await server.close()
  }
})

function clientsWith(limits: ApiLimits): {
  clock: ApiClock
  repos: ReturnType<typeof githubClients>['repos']
} {
  const clock = new ApiClock(limits)
  const octokit = createOctokit({
    token: 'test-token',
    baseUrl: server.url,
    userAgent: 'plan-phase-test',
    reporter: silentReporter,
    // Retry pauses of 10 ms per "second": the limits, not the pauses, are what is measured here.
    timing: { secondMs: 10, spaceWrites: false },
    clock
  })
  return { clock, repos: githubClients(octokit).repos }
}

async function failure(promise: Promise<unknown>): Promise<{ message: string; ms: number }> {
  const started = Date.now()
  try {
    await promise
  } catch (error: unknown) {
    return { message: errorMessage(error), ms: Date.now() - started }
  }
  throw new Error('expected the call to fail')
}

describe('API deadlines', () => {
  it('a connection that hangs once is cut at the per-request limit and the retry succeeds', async () => {
    const { repos } = clientsWith({ requestMs: 400, totalMs: 10_000 })
    server.fault({ path: '/repos/{owner}/{repo}', respond: { type: 'hang' } })
    const started = Date.now()
    const { data } = await repos.get({ owner, repo })
    expect(data.full_name).toBe(`${owner}/${repo}`)
    expect(Date.now() - started).toBeLessThan(3000)
    // The hung attempt never got an answer (status 0), the retry did.
    expect(server.requestsFor(GET_REPO).map(r => r.status)).toEqual([0, 200])
  })

  it('a server that never answers: three attempts at the per-request limit, then a message naming it', async () => {
    const { repos } = clientsWith({ requestMs: 300, totalMs: 10_000 })
    server.fault({ path: '/repos/{owner}/{repo}', respond: { type: 'hang' }, times: Infinity })
    const { message, ms } = await failure(repos.get({ owner, repo }))
    expect(message).toContain("GitHub's API did not answer in time")
    expect(message).toContain(`no answer to GET /repos/${owner}/${repo} within 0.3 s`)
    expect(message).toContain('PLAN_PHASE_API_TIMEOUT_SECONDS')
    expect(server.requestsFor(GET_REPO)).toHaveLength(3)
    expect(ms).toBeLessThan(5000)
  })

  it('retries stop at the run’s budget: a call that would run past it is aborted, the next fails at once', async () => {
    const { repos, clock } = clientsWith({ requestMs: 400, totalMs: 700 })
    server.fault({ path: '/repos/{owner}/{repo}', respond: { type: 'hang' }, times: Infinity })
    const first = await failure(repos.get({ owner, repo }))
    expect(first.message).toContain("GitHub's API did not answer in time")
    expect(first.message).toContain('ran past the 0.7 s that all API calls of a run may take together')
    expect(first.message).toContain('PLAN_PHASE_API_DEADLINE_SECONDS')
    // Two attempts of 400 ms do not fit in 700 ms: the second was cut, the third never sent.
    expect(server.requestsFor(GET_REPO)).toHaveLength(2)
    expect(first.ms).toBeGreaterThanOrEqual(650)
    expect(first.ms).toBeLessThan(2500)
    expect(clock.remainingMs()).toBeLessThanOrEqual(0)
    server.faults.clear()
    const second = await failure(repos.get({ owner, repo }))
    expect(second.ms).toBeLessThan(100)
    expect(second.message).toContain('ran past the 0.7 s')
    expect(server.requestsFor(GET_REPO)).toHaveLength(2)
  })

  it('only time spent waiting on GitHub counts against the budget', async () => {
    const { repos, clock } = clientsWith({ requestMs: 1000, totalMs: 1500 })
    for (let i = 0; i < 3; i++) {
      await repos.get({ owner, repo })
      await new Promise(resolve => setTimeout(resolve, 600))
    }
    // 1.8 s of wall time went by, little of it in requests.
    expect(clock.remainingMs()).toBeGreaterThan(1000)
  })

  it('cutTo abandons the calls in flight at once and leaves the rest of the time to later calls', async () => {
    const { repos, clock } = clientsWith({ requestMs: 10_000, totalMs: 60_000 })
    server.fault({ path: '/repos/{owner}/{repo}', respond: { type: 'hang' } })
    const waiting = failure(repos.get({ owner, repo }))
    await new Promise(resolve => setTimeout(resolve, 200))
    clock.cutTo(2000, 'the job was cancelled')
    const { message, ms } = await waiting
    expect(ms).toBeLessThan(1000)
    expect(message).toContain('was abandoned: the job was cancelled')
    // Not retried: the call it belonged to is over.
    await new Promise(resolve => setTimeout(resolve, 100))
    expect(server.requestsFor(GET_REPO)).toHaveLength(1)
    const { data } = await repos.get({ owner, repo })
    expect(data.full_name).toBe(`${owner}/${repo}`)
    expect(clock.remainingMs()).toBeLessThanOrEqual(2000)
  })

  it('retry pauses start over with every call instead of growing over the run', async () => {
    const { repos } = clientsWith({ requestMs: 5000, totalMs: 60_000 })
    server.fault({ path: '/repos/{owner}/{repo}', respond: 502, times: Infinity })
    const first = await failure(repos.get({ owner, repo }))
    const second = await failure(repos.get({ owner, repo }))
    // Pauses of 1 and 4 "seconds" of 10 ms each time; carried over, the second call's would be 9 and 16.
    expect(server.requestsFor(GET_REPO)).toHaveLength(6)
    expect(second.ms).toBeLessThan(first.ms + 150)
  })

  it('hands the answer back read, of the class the fetch it wraps answered with', async () => {
    // @actions/github's fetch is the bundled undici's: Node's global Response would load a second undici.
    class BundledResponse extends Response {}
    const limited = new ApiClock({ requestMs: 1000, totalMs: 10_000 }).limitFetch(() =>
      Promise.resolve(new BundledResponse('{"ok":true}', { status: 200, headers: { 'x-kind': 'test' } }))
    )
    const answer = await limited('https://api.github.com/x')
    expect(answer).toBeInstanceOf(BundledResponse)
    expect(answer.headers.get('x-kind')).toBe('test')
    expect(await answer.json()).toEqual({ ok: true })
  })

  it('reads the limits from the environment and refuses a bad value by name', () => {
    expect(apiLimitsFrom({})).toEqual({ requestMs: 30_000, totalMs: 180_000 })
    expect(
      apiLimitsFrom({ PLAN_PHASE_API_TIMEOUT_SECONDS: '2.5', PLAN_PHASE_API_DEADLINE_SECONDS: ' 60 ' })
    ).toEqual({ requestMs: 2500, totalMs: 60_000 })
    expect(() => apiLimitsFrom({ PLAN_PHASE_API_TIMEOUT_SECONDS: 'soon' })).toThrow(
      'The environment variable PLAN_PHASE_API_TIMEOUT_SECONDS must be a number of seconds between 0 and 86400, got "soon".'
    )
    expect(() => apiLimitsFrom({ PLAN_PHASE_API_DEADLINE_SECONDS: '0' })).toThrow(
      'PLAN_PHASE_API_DEADLINE_SECONDS'
    )
  })
})
