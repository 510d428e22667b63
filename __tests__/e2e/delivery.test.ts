/**
 * Delivery end to end (PRODUCT step 7): what dist/index.js pushes — and refuses to push — when the pull
 * request or its branch changes under a run, when GitHub refuses to open the pull request, when humans
 * commit onto the plan branch, when two workflows answer on one issue, when the failure list is huge,
 * and when two runs deliver the same phase at once.
 */
import { expectNoViolations } from '../support/github-server/index.js'
import { OWNER, PLAN, REPO, STATUS, type World, worldForEachTest } from '../support/world.js'

const BRANCH = 'plan-phase/phase-3'
const COMPARE = `https://github.com/${OWNER}/${REPO}/compare/main...plan-phase/phase-3?expand=1`

describe('dist/index.js delivery', () => {
  let world: World
  worldForEachTest(created => (world = created))

  const state = (): World['server']['state'] => world.server.state
  const head = (branch: string): string | undefined => state().branchHead(OWNER, REPO, branch)

  /** Posts `body` on #number (so the comment exists on the server) and returns its payload and id. */
  const comment: World['postComment'] = (...args) => world.postComment(...args)

  const run: World['runOnComment'] = (...args) => world.runOnComment(...args)

  const dispatch = (workspace: string, options: Parameters<World['runOnDispatch']>[0] = {}) =>
    world.runOnDispatch({ workspace, ...options })

  const replies = (number: number): string[] =>
    state()
      .comments(OWNER, REPO, number)
      .filter(c => c.body.startsWith('<!-- plan-phase:reply '))
      .map(c => c.body)

  const openPull = () => world.openPull({ 'llm_router/extra.py': 'EXTRA = 1\n' })

  /** Holds the first `parties` `method path` requests until all of them have arrived (or 15 s passed). */
  function barrier(method: string, path: string, parties: number, graphqlOperation?: string): void {
    const waiting: (() => void)[] = []
    world.server.fault({
      method,
      path,
      ...(graphqlOperation ? { graphqlOperation } : {}),
      times: parties,
      respond: {
        type: 'before',
        run: () =>
          new Promise<void>(resolve => {
            waiting.push(resolve)
            // A party that never comes must not hang the test: the rest go on alone (the asserts fail).
            if (waiting.length < parties) setTimeout(resolve, 15_000).unref()
            else for (const release of waiting) release()
          })
      }
    })
  }

  describe('onto a pull request branch', () => {
    /** The one GraphQL read of the pull request right before delivery. */
    const beforeDeliveryRead = (action: () => void): void =>
      void world.server.fault({
        method: 'POST',
        path: '/graphql',
        operation: 'graphql/repository',
        graphqlOperation: 'PlanPhaseDelivery',
        respond: { type: 'before', run: action }
      })
    const commits = () => world.server.requestsFor('graphql/createCommitOnBranch')
    const cases: [string, (number: number) => void, string][] = [
      [
        'closed',
        number => state().closePullRequest(OWNER, REPO, number),
        'was closed before delivery; nothing was pushed'
      ],
      [
        'merged',
        number => void state().mergePullRequest(OWNER, REPO, number),
        'was merged before delivery; nothing was pushed'
      ],
      [
        'head branch deleted',
        // The ref alone: GitHub closes the pull request a moment later, and the read may come in between.
        () => void state().repo(OWNER, REPO).refs.delete('refs/heads/feature'),
        'of pull request #1 was deleted; nothing was pushed'
      ]
    ]
    it.each(cases)(
      'PR %s while the gate ran → pull-request-closed, nothing pushed',
      async (what, action, says) => {
        const pull = openPull()
        beforeDeliveryRead(() => action(pull.number))
        const mainBefore = head('main')
        const event = comment(pull.number, '/plan-phase 3')
        const result = await run(event.payload, world.checkout(pull.headSha))
        expect(result.code).toBe(1)
        expect(result.outputs).toMatchObject({
          outcome: 'pull-request-closed',
          'pull-request-operation': 'none',
          'commit-sha': ''
        })
        expect(result.stdout).toContain('Test suite')
        // The GraphQL answer told it all: no commit attempted, no other branch written.
        expect(commits()).toHaveLength(0)
        expect(world.server.requestsFor('git/create-tree')).toHaveLength(0)
        // Deleted, or still at the tested head; main moved only by the merge itself.
        expect(head('feature')).toBe(what === 'head branch deleted' ? undefined : pull.headSha)
        if (what !== 'merged') expect(head('main')).toBe(mainBefore)
        expect(head(BRANCH)).toBeUndefined()
        expect(state().reactions(event.id)).toEqual(['eyes', 'confused'])
        const [reply, ...more] = replies(pull.number)
        expect(more).toHaveLength(0)
        expect(reply).toContain('The pull request closed before delivery: nothing was pushed')
        expect(reply).toContain(says)
        expectNoViolations(world.server)
      }
    )

    it('a human push while the gate ran → head-moved: nothing pushed, their commit stays the head', async () => {
      const pull = openPull()
      let human = ''
      beforeDeliveryRead(() => {
        human = state().addCommit(OWNER, REPO, 'feature', { 'NOTES.md': 'mine\n' }, 'Human push').sha
      })
      const event = comment(pull.number, '/plan-phase 3')
      const result = await run(event.payload, world.checkout(pull.headSha))
      expect(result.code).toBe(1)
      expect(result.outputs).toMatchObject({ outcome: 'head-moved', 'commit-sha': '' })
      expect(human).not.toBe('')
      expect(head('feature')).toBe(human)
      expect(commits()).toHaveLength(0)
      expect(state().reactions(event.id)).toEqual(['eyes', 'confused'])
      const [reply] = replies(pull.number)
      expect(reply).toContain('The branch moved while the tests ran: nothing was pushed')
      expect(reply).toContain(`moved from ${pull.headSha.slice(0, 7)} (tested) to ${human.slice(0, 7)}`)
      expect(reply).toContain('Re-run `/plan-phase 3`')
      expectNoViolations(world.server)
    })

    it('a human push between the last read and the commit → GitHub refuses by expectedHeadOid: head-moved', async () => {
      const pull = openPull()
      let human = ''
      world.server.fault({
        method: 'POST',
        path: '/graphql',
        operation: 'graphql/createCommitOnBranch',
        respond: {
          type: 'before',
          run: () => {
            human = state().addCommit(OWNER, REPO, 'feature', { 'NOTES.md': 'mine\n' }, 'Human push').sha
          }
        }
      })
      const result = await run(comment(pull.number, '/plan-phase 3').payload, world.checkout(pull.headSha))
      expect(result.code).toBe(1)
      expect(result.outputs.outcome).toBe('head-moved')
      // One guarded attempt, refused as stale; the branch was read back once to name the new head.
      expect(
        commits().map(r => [
          r.status,
          (r.body as { variables: { input: { expectedHeadOid: string } } }).variables.input.expectedHeadOid
        ])
      ).toEqual([[200, pull.headSha]])
      expect(commits()[0]?.message).toContain('Expected branch to point to')
      expect(world.server.requestsFor('git/get-ref')).toHaveLength(1)
      expect(head('feature')).toBe(human)
      const messages = state()
        .history(OWNER, REPO, 'feature')
        .map(commit => commit.message)
      expect(messages).toEqual(['Human push', 'Work on the PR', 'Initial commit'])
      const [reply] = replies(pull.number)
      expect(reply).toContain(`moved from ${pull.headSha.slice(0, 7)} (tested) to ${human.slice(0, 7)}`)
      expect(reply).toContain('Re-run `/plan-phase 3`')
      expectNoViolations(world.server)
    })

    it('the branch deleted between the last read and the commit → GitHub refuses, nothing pushed', async () => {
      const pull = openPull()
      world.server.fault({
        method: 'POST',
        path: '/graphql',
        operation: 'graphql/createCommitOnBranch',
        respond: { type: 'before', run: () => state().deleteBranch(OWNER, REPO, 'feature') }
      })
      const result = await run(comment(pull.number, '/plan-phase 3').payload, world.checkout(pull.headSha))
      expect(result.code).toBe(1)
      expect(result.outputs).toMatchObject({ outcome: 'pull-request-closed', 'commit-sha': '' })
      expect(commits().map(r => r.message)).toEqual([expect.stringContaining('refs/heads/feature')])
      expect(world.server.requestsFor('git/get-ref').map(r => r.status)).toEqual([404])
      expect(head('feature')).toBeUndefined()
      expect(replies(pull.number)[0]).toContain(
        'The branch `feature` of pull request #1 was deleted; nothing was pushed'
      )
      expectNoViolations(world.server)
    })

    it('a checkout older than the PR head → head-moved before the gate runs', async () => {
      const pull = openPull()
      const result = await run(comment(pull.number, '/plan-phase 3').payload, world.checkout())
      expect(result.code).toBe(1)
      expect(result.outputs.outcome).toBe('head-moved')
      expect(result.stdout).not.toContain('Test suite')
      expect(head('feature')).toBe(pull.headSha)
      expect(world.server.requestsFor('git/create-blob')).toHaveLength(0)
      const [reply] = replies(pull.number)
      expect(reply).toContain(`is not the head of pull request #${pull.number} (${pull.headSha.slice(0, 7)})`)
      expect(reply).toContain('`/plan-phase 3`')
      expectNoViolations(world.server)
    })
  })

  it('GitHub refuses to open the PR → the branch is pushed and the reply gives the setting and a compare link', async () => {
    state().repo(OWNER, REPO).allowActionsToCreatePullRequests = false
    const issue = world.createIssue('Phase 3')
    const event = comment(issue.number, '/plan-phase 3')
    const result = await run(event.payload, world.checkout())
    expect(result.code).toBe(1)
    expect(result.outputs).toMatchObject({
      outcome: 'pull-request-refused',
      'pull-request-operation': 'none',
      'pull-request-number': '',
      'commit-sha': head(BRANCH)
    })
    expect(world.server.requestsFor('pulls/create').map(r => r.status)).toEqual([403])
    expect(state().pullRequests(OWNER, REPO)).toHaveLength(0)
    const files = state().files(OWNER, REPO, BRANCH)
    expect(files[PLAN]).toContain('# Phase 3 execution plan')
    expect(files[STATUS]).toContain('| `3.1` |')
    expect(state().reactions(event.id)).toEqual(['eyes', 'confused'])
    const [reply] = replies(issue.number)
    expect(reply).toContain('GitHub refused to open the pull request')
    expect(reply).toContain('Allow GitHub Actions to create and approve pull requests')
    expect(reply).toContain(COMPARE)
    expect(result.summary).toContain(COMPARE)
    expectNoViolations(world.server)
  })

  it('the refusal as a fault on POST pulls (dispatch) → same outcome; a later run opens the PR on that branch', async () => {
    world.server.fault({
      method: 'POST',
      path: '/repos/{owner}/{repo}/pulls',
      respond: { type: 'actions-cannot-create-pr' }
    })
    const workspace = world.checkout()
    const refused = await dispatch(workspace)
    expect(refused.code).toBe(1)
    expect(refused.outputs.outcome).toBe('pull-request-refused')
    expect(refused.summary).toContain(COMPARE)
    const pushed = head(BRANCH)
    expect(pushed).toBe(refused.outputs['commit-sha'])

    const opened = await dispatch(workspace)
    expect(opened.code).toBe(0)
    expect(opened.outputs).toMatchObject({ outcome: 'planned', 'pull-request-operation': 'created' })
    // The branch already holds these documents: the PR is opened on it, no new commit.
    expect(head(BRANCH)).toBe(pushed)
    expect(state().pullRequests(OWNER, REPO)).toHaveLength(1)
    expectNoViolations(world.server)
  })

  it("a human's commit on plan-phase/phase-3 is built on, never force-pushed away", async () => {
    const first = await dispatch(world.checkout())
    expect(first.outputs.outcome).toBe('planned')
    const planned = head(BRANCH) ?? ''
    const human = state().addCommit(OWNER, REPO, BRANCH, { 'admin/notes.md': 'reviewed\n' }, 'Review notes')
    // The suite changes on main: the documents differ on the next run.
    state().addCommit(OWNER, REPO, 'main', {
      'tests/test_extra.py': 'def test_extra():\n    assert True\n'
    })
    const second = await dispatch(world.checkout(head('main')))
    expect(second.code).toBe(0)
    expect(second.outputs).toMatchObject({
      outcome: 'planned',
      'tests-total': '27',
      'pull-request-operation': 'updated',
      'pull-request-number': first.outputs['pull-request-number']
    })
    const history = state()
      .history(OWNER, REPO, BRANCH)
      .map(commit => commit.sha)
    expect(history.slice(0, 3)).toEqual([second.outputs['commit-sha'], human.sha, planned])
    const files = state().files(OWNER, REPO, BRANCH)
    expect(files['admin/notes.md']).toBe('reviewed\n')
    expect(files[STATUS]).toContain('27')
    // Built on the human's commit, guarded by it: GitHub would have refused had the branch moved again.
    const expected = world.server
      .requestsFor('graphql/createCommitOnBranch')
      .map(
        r => (r.body as { variables: { input: { expectedHeadOid: string } } }).variables.input.expectedHeadOid
      )
    expect(expected.at(-1)).toBe(human.sha)
    expect(world.server.requests.filter(r => JSON.stringify(r.body ?? {}).includes('"force":true'))).toEqual(
      []
    )
    expect(state().pullRequests(OWNER, REPO)).toHaveLength(1)
    expectNoViolations(world.server)
  })

  it('two workflows on one issue keep two replies, each updated in place', async () => {
    const issue = world.createIssue('Phase 9')
    const workspace = world.checkout()
    const mine = () =>
      state()
        .comments(OWNER, REPO, issue.number)
        .filter(c => c.body.startsWith('<!-- plan-phase:reply '))
        .map(c => ({ id: c.id, body: c.body }))
    // An unknown phase stops before the gate: the reply machinery is what is under test.
    for (const workflow of ['plan-a', 'plan-b']) {
      const result = await run(comment(issue.number, '/plan-phase 9').payload, workspace, { workflow })
      expect(result.outputs.outcome).toBe('unknown-phase')
    }
    const two = mine()
    expect(two.map(r => r.body.split('\n')[0])).toEqual([
      '<!-- plan-phase:reply workflow=plan-a phase=9 -->',
      '<!-- plan-phase:reply workflow=plan-b phase=9 -->'
    ])
    expect(two.every(r => r.body.includes('Phases in the master plan'))).toBe(true)

    // Each workflow re-runs with another result: its own reply changes, the other's does not.
    const rerun = (workflow: string) =>
      run(comment(issue.number, '/plan-phase 9').payload, workspace, {
        workflow,
        inputs: { 'master-plan': 'docs/missing_plan.md' }
      })
    expect((await rerun('plan-b')).outputs.outcome).toBe('failed')
    let now = mine()
    expect(now.map(r => r.id)).toEqual(two.map(r => r.id))
    expect(now[0]?.body).toBe(two[0]?.body)
    expect(now[1]?.body).toContain('docs/missing_plan.md')

    expect((await rerun('plan-a')).outputs.outcome).toBe('failed')
    now = mine()
    expect(now.map(r => r.id)).toEqual(two.map(r => r.id))
    expect(now[0]?.body).toContain('docs/missing_plan.md')
    expect(now[0]?.body.split('\n')[0]).toBe('<!-- plan-phase:reply workflow=plan-a phase=9 -->')
    expect(world.server.requestsFor('issues/create-comment')).toHaveLength(2)
    expect(world.server.requestsFor('issues/update-comment')).toHaveLength(2)
    expectNoViolations(world.server)
  })

  it('a huge failure list: the reply stays within 65,536 characters and points to the summary, which has more', async () => {
    state().addCommit(OWNER, REPO, 'main', {
      'tests/test_many.py': [
        'import pytest',
        '',
        '',
        "@pytest.mark.parametrize('n', range(400), ids=lambda n: f'case{n:03d}-' + 'x' * 2000)",
        'def test_many(n):',
        "    assert n < 0, 'a long failure message ' * 40 + str(n)",
        ''
      ].join('\n')
    })
    const issue = world.createIssue('Phase 3')
    const event = comment(issue.number, '/plan-phase 3')
    const result = await run(event.payload, world.checkout(head('main')), {
      inputs: { 'max-failures-in-reply': '500' }
    })
    expect(result.code).toBe(1)
    expect(result.outputs).toMatchObject({ outcome: 'red-gate', 'tests-failed': '400', 'tests-total': '426' })
    expect(world.server.requestsFor('issues/create-comment').map(r => r.status)).toEqual([201])
    const [reply, ...more] = replies(issue.number)
    expect(more).toHaveLength(0)
    expect(Array.from(reply ?? '').length).toBeLessThanOrEqual(65_536)
    expect(reply?.length).toBeGreaterThan(60_000)
    expect(reply).toContain('test_many[case000-')
    expect(reply?.trimEnd().endsWith('… (truncated: see the job summary)')).toBe(true)
    // The summary lists what the reply had to cut.
    expect(reply).not.toContain('test_many[case049-')
    expect(result.summary).toContain('test_many[case049-')
    expect(result.summary.length).toBeGreaterThan(reply?.length ?? 0)
    expect(head(BRANCH)).toBeUndefined()
    expect(state().reactions(event.id)).toEqual(['eyes', 'confused'])
    expectNoViolations(world.server)
  })

  it('two runs for one phase at once: one PR, one commit built on by the loser, never forced, no reply', async () => {
    const workspace = world.checkout()
    // Both read the branch (absent, no PR) before either creates it: the loser must build on the winner.
    barrier('POST', '/graphql', 2, 'PlanPhaseBranches')
    const [a, b] = await Promise.all([dispatch(workspace), dispatch(workspace)])
    expect([a.code, b.code]).toEqual([0, 0])
    // Whoever loses the ref race builds on the winner's commit and finds the same documents there:
    // one commit in all. Whoever loses the PR race finds the winner's PR: one PR in all.
    expect([a.outputs['pull-request-operation'], b.outputs['pull-request-operation']]).toContain('created')
    expect(['planned', 'unchanged']).toContain(a.outputs.outcome)
    expect(['planned', 'unchanged']).toContain(b.outputs.outcome)
    const pulls = state().pullRequests(OWNER, REPO)
    expect(pulls).toHaveLength(1)
    expect(a.outputs['pull-request-number']).toBe(String(pulls[0]?.number))
    expect(b.outputs['pull-request-number']).toBe(String(pulls[0]?.number))
    expect(world.server.requestsFor('git/create-ref').map(r => r.status)).toEqual([201, 422])
    // The loser opens no second PR: it finds the winner's, with the branch or after a 422.
    const opened = world.server.requestsFor('pulls/create').map(r => r.status)
    expect(opened.filter(status => status === 201)).toHaveLength(1)
    expect(opened.filter(status => status !== 201 && status !== 422)).toEqual([])
    const commits = world.server.requestsFor('graphql/createCommitOnBranch')
    expect(commits.filter(r => r.message === undefined)).toHaveLength(1)
    const history = state()
      .history(OWNER, REPO, BRANCH)
      .map(commit => commit.sha)
    expect(a.outputs['commit-sha']).toBe(history[0])
    expect(b.outputs['commit-sha']).toBe(history[0])
    expect(history[1]).toBe(head('main'))
    expect(world.server.requests.filter(r => JSON.stringify(r.body ?? {}).includes('"force":true'))).toEqual(
      []
    )
    expect(world.server.requestsFor('issues/create-comment')).toHaveLength(0)
    expectNoViolations(world.server)
  })

  it('two comment runs of one workflow on one issue at once end with one reply', async () => {
    const issue = world.createIssue('Plan phase 9')
    const workspace = world.checkout()
    // Both look for a reply (GraphQL) before either posts one (an unknown phase keeps the runs short).
    barrier('POST', '/graphql', 2, 'PlanPhaseComments')
    const [a, b] = await Promise.all([
      run(comment(issue.number, '/plan-phase 9').payload, workspace),
      run(comment(issue.number, '/plan-phase 9').payload, workspace)
    ])
    expect([a.outputs.outcome, b.outputs.outcome]).toEqual(['unknown-phase', 'unknown-phase'])
    expect(world.server.requestsFor('issues/create-comment').filter(r => r.status === 201)).toHaveLength(2)
    expect(replies(issue.number)).toHaveLength(1)
    // The loser saw the winner's reply through REST (every comment), and deleted its own.
    expect(world.server.requestsFor('issues/list-comments')).toHaveLength(2)
    expect(world.server.requestsFor('issues/delete-comment').map(r => r.status)).toEqual([204])
    expectNoViolations(world.server)
  })
})
