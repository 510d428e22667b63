/**
 * dist/index.js against a GitHub that fails: server errors and rate limits are retried within bounds and
 * never duplicate a comment, pull request or commit; refusals are never forced; the token never shows.
 */
import { appendFileSync } from 'node:fs'
import { join } from 'node:path'
import { failure } from '../support/action-process.js'
import { issueCommentPayload, type GitHubServer } from '../support/github-server/index.js'
import { FAST_GREEN, OWNER, PLAN, REPO, STATUS, type World, worldForEachTest } from '../support/world.js'

const BRANCH = 'plan-phase/phase-3'
const COMMIT_ON_BRANCH = 'graphql/createCommitOnBranch'
const TOKEN = 'ghs_SECRET_TOKEN_VALUE_123'

function statuses(server: GitHubServer, operationId: string): number[] {
  return server.requestsFor(operationId).map(request => request.status)
}

function forced(server: GitHubServer): unknown[] {
  return server.requests.filter(
    request =>
      typeof request.body === 'object' &&
      request.body !== null &&
      (request.body as { force?: unknown }).force === true
  )
}

function replies(world: World, number: number): string[] {
  return world.server.state
    .comments(OWNER, REPO, number)
    .map(comment => comment.body)
    .filter(body => body.includes('plan-phase:reply'))
}

describe('dist/index.js when GitHub fails', () => {
  let world: World
  worldForEachTest(created => (world = created), { checkViolations: true })

  function issueCommand(body = '/plan-phase 3'): { number: number; payload: Record<string, unknown> } {
    const issue = world.createIssue('Plan')
    const payload = issueCommentPayload({
      owner: OWNER,
      repo: REPO,
      number: issue.number,
      body,
      login: 'maintainer',
      state: world.server.state
    })
    return { number: issue.number, payload }
  }

  it('500 on creating the reply comment, then success: exactly one reply', async () => {
    const { number, payload } = issueCommand()
    world.server.fault({ method: 'POST', path: /\/issues\/\d+\/comments$/, respond: 500 })
    const result = await world.run({
      eventName: 'issue_comment',
      payload,
      workspace: world.checkout(),
      inputs: FAST_GREEN
    })
    expect(result.code).toBe(0)
    expect(result.outputs.outcome).toBe('planned')
    expect(statuses(world.server, 'issues/create-comment')).toEqual([500, 201])
    expect(replies(world, number)).toHaveLength(1)
    expect(replies(world, number)[0]).toContain('Execution plan ready')
    expect(world.server.state.pullRequests(OWNER, REPO)).toHaveLength(1)
    expect(world.server.faults.unused()).toEqual([])
  })

  it('502 on creating the pull request, then success: exactly one pull request', async () => {
    world.server.fault({ method: 'POST', path: '/repos/{owner}/{repo}/pulls', respond: 502 })
    const result = await world.runOnDispatch({ inputs: FAST_GREEN })
    expect(result.code).toBe(0)
    expect(result.outputs).toMatchObject({ outcome: 'planned', 'pull-request-operation': 'created' })
    expect(statuses(world.server, 'pulls/create')).toEqual([502, 201])
    const pulls = world.server.state.pullRequests(OWNER, REPO)
    expect(pulls).toHaveLength(1)
    expect(result.outputs['pull-request-number']).toBe(String(pulls[0]?.number))
  })

  it('500 on the commit with the branch unmoved: the same guarded commit once more, exactly one commit on the branch', async () => {
    const main = world.server.state.branchHead(OWNER, REPO, 'main')
    world.server.fault({ method: 'POST', path: '/graphql', operation: COMMIT_ON_BRANCH, respond: 500 })
    const result = await world.runOnDispatch({ inputs: FAST_GREEN })
    expect(result.code).toBe(0)
    expect(result.outputs.outcome).toBe('planned')
    // The contents travel inline in the mutation: no blob, tree or commit requests at all.
    expect(statuses(world.server, COMMIT_ON_BRANCH)).toEqual([500, 200])
    expect(statuses(world.server, 'git/create-ref')).toEqual([201])
    expect(world.server.requestsFor('git/create-blob')).toEqual([])
    expect(world.server.requestsFor('git/create-commit')).toEqual([])
    const history = world.server.state.history(OWNER, REPO, BRANCH)
    expect(history[0]?.sha).toBe(result.outputs['commit-sha'])
    expect(history[0]?.parents).toEqual([main])
    const files = world.server.state.files(OWNER, REPO, BRANCH)
    expect(files[PLAN]).toContain('# Phase 3 execution plan')
    expect(files[STATUS]).toContain('| `3.1` |')
  })

  it('403 secondary rate limit with Retry-After: 1 → waits, retries once, succeeds', async () => {
    world.server.fault({
      method: 'POST',
      path: '/repos/{owner}/{repo}/pulls',
      respond: { type: 'secondary-rate-limit', retryAfter: 1 }
    })
    const started = Date.now()
    const result = await world.runOnDispatch({ inputs: FAST_GREEN })
    expect(Date.now() - started).toBeGreaterThanOrEqual(1000)
    expect(result.code).toBe(0)
    expect(result.outputs).toMatchObject({ outcome: 'planned', 'pull-request-operation': 'created' })
    expect(statuses(world.server, 'pulls/create')).toEqual([403, 201])
    expect(result.stdout).toContain(
      '::warning::GitHub secondary rate limit on POST /repos/{owner}/{repo}/pulls: retrying in 1 s'
    )
    expect(world.server.state.pullRequests(OWNER, REPO)).toHaveLength(1)
  })

  it('403 secondary rate limit with Retry-After: 120 → fails clearly at once, nothing committed', async () => {
    world.server.fault({
      method: 'POST',
      path: '/repos/{owner}/{repo}/git/refs',
      times: Infinity,
      respond: { type: 'secondary-rate-limit', retryAfter: 120 }
    })
    const started = Date.now()
    const result = await world.runOnDispatch({ inputs: FAST_GREEN })
    expect(Date.now() - started).toBeLessThan(30_000)
    expect(result.code).toBe(1)
    expect(result.outputs.outcome).toBe('failed')
    expect(result.stdout).toContain('giving up (GitHub asks to wait 120 s')
    expect(failure(result.stdout)).toContain(
      '::error::failed: plan-phase failed: You have exceeded a secondary rate limit'
    )
    expect(statuses(world.server, 'git/create-ref')).toEqual([403])
    expect(world.server.requestsFor(COMMIT_ON_BRANCH)).toEqual([])
    expect(world.server.state.branchHead(OWNER, REPO, BRANCH)).toBeUndefined()
    expect(world.server.state.pullRequests(OWNER, REPO)).toHaveLength(0)
  })

  it('a plan branch protected while the gate ran: GitHub refuses the commit; no force push, a clear failure', async () => {
    const workspace = world.checkout()
    const first = await world.runOnDispatch({ workspace, inputs: FAST_GREEN })
    expect(first.outputs.outcome).toBe('planned')
    const head = world.server.state.branchHead(OWNER, REPO, BRANCH)
    // Protected after the check before the gate: GitHub's own refusal is the last guard.
    world.server.fault({
      method: 'POST',
      path: '/graphql',
      graphqlOperation: 'PlanPhaseBranches',
      respond: { type: 'before', run: () => world.server.state.setProtected(OWNER, REPO, BRANCH) }
    })
    // The master plan changed since (its blob is in both documents): there is a new commit to push.
    appendFileSync(join(workspace, 'admin/refactor-providers/master_plan.md'), '\n<!-- touched -->\n')
    const second = await world.runOnDispatch({ workspace, inputs: FAST_GREEN })
    expect(second.code).toBe(1)
    expect(second.outputs.outcome).toBe('failed')
    expect(failure(second.stdout)).toContain(
      `GitHub refused to move the branch \`${BRANCH}\` (UNPROCESSABLE: Protected branch update failed for refs/heads/${BRANCH}.); nothing was force-pushed.`
    )
    // A refusal with the branch where it was read is final: not sent again.
    expect(world.server.requestsFor(COMMIT_ON_BRANCH).map(r => r.message)).toEqual([
      undefined,
      `Protected branch update failed for refs/heads/${BRANCH}.`
    ])
    expect(forced(world.server)).toEqual([])
    expect(world.server.state.branchHead(OWNER, REPO, BRANCH)).toBe(head)
    expect(world.server.state.pullRequests(OWNER, REPO)).toHaveLength(1)
  })

  it('a protected pull request branch: GitHub refuses the commit; head-moved, nothing pushed, a reply saying so', async () => {
    const pull = world.openPull({ 'notes.md': 'work in progress\n' })
    world.server.state.setProtected(OWNER, REPO, 'feature')
    const payload = world.comment(pull.number)
    const result = await world.run({
      eventName: 'issue_comment',
      payload,
      workspace: world.checkout(pull.headSha),
      inputs: FAST_GREEN
    })
    expect(result.code).toBe(1)
    expect(result.outputs.outcome).toBe('head-moved')
    expect(failure(result.stdout)).toContain(
      'GitHub refused to commit onto `feature` (UNPROCESSABLE: Protected branch update failed for refs/heads/feature.); nothing was pushed.'
    )
    expect(forced(world.server)).toEqual([])
    expect(world.server.state.branchHead(OWNER, REPO, 'feature')).toBe(pull.headSha)
    const [reply] = replies(world, pull.number)
    expect(reply).toContain('GitHub refused to commit onto `feature`')
  })

  describe('on the GraphQL API, delivering onto a pull request', () => {
    function pullCommand(): { number: number; headSha: string; payload: Record<string, unknown> } {
      const pull = world.openPull({ 'notes.md': 'work in progress\n' })
      const payload = world.comment(pull.number)
      return { number: pull.number, headSha: pull.headSha, payload }
    }
    const run = (payload: unknown, headSha: string) =>
      world.run({
        eventName: 'issue_comment',
        payload,
        workspace: world.checkout(headSha),
        inputs: FAST_GREEN
      })
    const READ = 'graphql/repository'
    const COMMIT = 'graphql/createCommitOnBranch'

    it('a 502 on the read is retried; one commit', async () => {
      const { payload, headSha } = pullCommand()
      world.server.fault({
        method: 'POST',
        path: '/graphql',
        operation: READ,
        graphqlOperation: 'PlanPhaseDelivery',
        respond: 502
      })
      const result = await run(payload, headSha)
      expect(result.code).toBe(0)
      expect(result.outputs.outcome).toBe('planned')
      // The first read is the settings and the pull request; the second, right before delivery, is retried.
      expect(statuses(world.server, READ)).toEqual([200, 502, 200])
      expect(statuses(world.server, COMMIT)).toEqual([200])
      expect(world.server.state.headCommit(OWNER, REPO, 'feature')?.parents).toEqual([headSha])
    })

    it('a GraphQL error on the read: a clear failure naming GitHub’s reason, nothing pushed', async () => {
      const { payload, headSha, number } = pullCommand()
      world.server.fault({
        path: '/graphql',
        operation: READ,
        graphqlOperation: 'PlanPhaseDelivery',
        respond: {
          type: 'graphql-error',
          errorType: 'FORBIDDEN',
          message: 'Resource not accessible by integration'
        }
      })
      const result = await run(payload, headSha)
      expect(result.code).toBe(1)
      expect(result.outputs).toMatchObject({ outcome: 'failed', 'commit-sha': '' })
      const says =
        "GitHub's GraphQL API did not answer for pull request #1 before delivery (FORBIDDEN: Resource not " +
        'accessible by integration); nothing was pushed.'
      expect(failure(result.stdout)).toContain(says)
      expect(world.server.requestsFor(COMMIT)).toEqual([])
      expect(world.server.state.branchHead(OWNER, REPO, 'feature')).toBe(headSha)
      expect(replies(world, number)[0]).toContain(says)
    })

    it('a 502 before the commit took effect: the branch is read back and the same guarded commit sent once more', async () => {
      const { payload, headSha } = pullCommand()
      world.server.fault({ method: 'POST', path: '/graphql', operation: COMMIT, respond: 502 })
      const result = await run(payload, headSha)
      expect(result.code).toBe(0)
      expect(result.outputs.outcome).toBe('planned')
      expect(statuses(world.server, COMMIT)).toEqual([502, 200])
      expect(statuses(world.server, 'git/get-ref')).toEqual([200])
      const history = world.server.state.history(OWNER, REPO, 'feature')
      expect(history.map(commit => commit.sha).slice(0, 2)).toEqual([result.outputs['commit-sha'], headSha])
    })

    it('a lost answer after the commit took effect: found on the branch, reported as committed, not as a push', async () => {
      const { payload, headSha } = pullCommand()
      world.server.fault({
        method: 'POST',
        path: '/graphql',
        operation: COMMIT,
        respond: { type: 'lost-response' }
      })
      const result = await run(payload, headSha)
      expect(result.code).toBe(0)
      expect(result.outputs).toMatchObject({ outcome: 'planned', 'commit-verified': 'true' })
      // Not sent again: the second attempt would have met its own commit.
      expect(statuses(world.server, COMMIT)).toEqual([502])
      // The new head and the tested commit, and their trees along the documents' paths.
      expect(statuses(world.server, 'git/get-commit')).toEqual([200, 200])
      expect(statuses(world.server, 'git/get-tree').every(status => status === 200)).toBe(true)
      const head = world.server.state.headCommit(OWNER, REPO, 'feature')
      expect(head?.sha).toBe(result.outputs['commit-sha'])
      expect(head?.parents).toEqual([headSha])
    })
  })
})

describe('dist/index.js never prints the token', () => {
  let world: World
  worldForEachTest(created => (world = created), { checkViolations: true })

  /** Everything the run left anywhere a person could read it. */
  function visible(result: {
    stdout: string
    stderr: string
    summary: string
    outputs: Record<string, string>
  }) {
    const state = world.server.state
    const comments = [...state.commentStore.values()].map(comment => comment.body)
    const pulls = state.pullRequests(OWNER, REPO).map(pull => `${pull.title}\n${pull.body ?? ''}`)
    const bodies = world.server.requests.map(request => JSON.stringify(request.body ?? ''))
    return [
      result.stdout,
      result.stderr,
      result.summary,
      JSON.stringify(result.outputs),
      ...comments,
      ...pulls,
      ...bodies
    ].join('\n')
  }

  it('on success: not in the log, summary, outputs, reply, pull request or any request body', async () => {
    const issue = world.createIssue('Plan')
    const payload = world.comment(issue.number)
    const result = await world.run({
      eventName: 'issue_comment',
      payload,
      workspace: world.checkout(),
      token: TOKEN,
      inputs: { 'test-command': 'python3 -c "import os; print(sorted(os.environ))"' }
    })
    expect(result.outputs.outcome).toBe('planned')
    // The token did reach GitHub (so the test proves something) ...
    expect(world.server.requests.every(request => request.user !== undefined)).toBe(true)
    // ... and nowhere else.
    expect(visible(result)).not.toContain(TOKEN)
    expect(visible(result)).not.toContain('SECRET_TOKEN')
  })

  it('on a 500 storm: every request fails, the run fails, the token is still nowhere', async () => {
    world.server.fault({ path: /.*/, times: Infinity, respond: 500 })
    const result = await world.runOnDispatch({ token: TOKEN, inputs: FAST_GREEN })
    expect(result.code).toBe(1)
    expect(result.outputs.outcome).toBe('failed')
    expect(failure(result.stdout)).toContain('::error::failed: plan-phase failed: Server Error')
    expect(world.server.state.branchHead(OWNER, REPO, BRANCH)).toBeUndefined()
    expect(visible(result)).not.toContain('SECRET_TOKEN')
  })

  it('on 401 everywhere (a bad token) on a comment: the failed reply attempts do not leak it either', async () => {
    const issue = world.createIssue('Plan')
    const payload = world.comment(issue.number)
    world.server.fault({ path: /.*/, times: Infinity, respond: 401 })
    const result = await world.run({
      eventName: 'issue_comment',
      payload,
      workspace: world.checkout(),
      token: TOKEN,
      inputs: FAST_GREEN
    })
    expect(result.code).toBe(1)
    expect(result.outputs.outcome).toBe('failed')
    expect(failure(result.stdout)).toContain('Bad credentials')
    expect(replies(world, issue.number)).toEqual([])
    expect(visible(result)).not.toContain('SECRET_TOKEN')
  })
})
