import { dispatchPayload, OWNER, PLAN, REPO, STATUS, type World, worldForEachTest } from '../support/world.js'

describe('dist/index.js on workflow_dispatch and labels', () => {
  let world: World
  worldForEachTest(created => (world = created), { checkViolations: true })

  it('dispatch: gates, plans and opens one pull request; a re-run changes nothing', async () => {
    const workspace = world.checkout()
    const payload = dispatchPayload()
    const first = await world.run({ eventName: 'workflow_dispatch', payload, workspace })
    expect(first.code).toBe(0)
    expect(first.outputs).toMatchObject({
      outcome: 'planned',
      phase: '3',
      'plan-path': PLAN,
      'status-path': STATUS,
      'tests-passed': '26',
      'tests-failed': '0',
      'tests-total': '26',
      coverage: '100',
      'pull-request-operation': 'created',
      'commit-verified': 'true'
    })
    const pulls = world.server.state.pullRequests(OWNER, REPO)
    expect(pulls).toHaveLength(1)
    expect(pulls[0]?.headRef).toBe('plan-phase/phase-3')
    const files = world.server.state.files(OWNER, REPO, 'plan-phase/phase-3')
    expect(files[PLAN]).toContain('# Phase 3 execution plan: ProviderManager')
    expect(files[STATUS]).toContain('| `3.1` |')
    expect(first.summary).toContain('planned')

    const head = world.server.state.branchHead(OWNER, REPO, 'plan-phase/phase-3')
    const second = await world.run({ eventName: 'workflow_dispatch', payload, workspace })
    expect(second.code).toBe(0)
    expect(second.outputs).toMatchObject({ outcome: 'unchanged', 'pull-request-operation': 'unchanged' })
    expect(world.server.state.branchHead(OWNER, REPO, 'plan-phase/phase-3')).toBe(head)
    expect(world.server.state.pullRequests(OWNER, REPO)).toHaveLength(1)
  })

  it('dispatch with a red suite writes nothing and fails the job', async () => {
    const workspace = world.checkout()
    const { writeFileSync } = await import('node:fs')
    writeFileSync(`${workspace}/tests/test_red.py`, 'def test_red():\n    assert 1 == 2, "red on purpose"\n')
    const result = await world.runOnDispatch({ workspace })
    expect(result.code).toBe(1)
    expect(result.outputs.outcome).toBe('red-gate')
    expect(result.outputs['tests-failed']).toBe('1')
    expect(world.server.state.branchHead(OWNER, REPO, 'plan-phase/phase-3')).toBeUndefined()
    expect(world.server.state.pullRequests(OWNER, REPO)).toHaveLength(0)
    expect(result.stdout).toContain('::error')
  })

  it('label: plans, replies once on the issue, and removes the label', async () => {
    const issue = world.createIssue('Phase 3: ProviderManager')
    world.server.state.addLabels?.(OWNER, REPO, issue.number, ['plan-phase:3'])
    const payload = world.label(issue.number)
    const result = await world.run({ eventName: 'issues', payload, workspace: world.checkout() })
    expect(result.code).toBe(0)
    expect(result.outputs.outcome).toBe('planned')
    const comments = world.server.state.comments(OWNER, REPO, issue.number)
    expect(comments).toHaveLength(1)
    expect(comments[0]?.body).toContain('plan-phase:reply')
    expect(world.server.state.pullRequests(OWNER, REPO)[0]?.body).toContain(`#${issue.number}`)
    expect(world.server.state.labelsOf?.(OWNER, REPO, issue.number) ?? []).not.toContain('plan-phase:3')
  })

  it('label, then the label again on a later commit: at most 10 API calls each, none repeated', async () => {
    const issue = world.createIssue('Phase 3: ProviderManager')
    const BRANCH = 'plan-phase/phase-3'
    const MAX_CALLS = 10
    const labelRun = async (): Promise<{ outputs: Record<string, string>; calls: string[] }> => {
      const before = world.server.requests.length
      const workspace = world.checkout(world.server.state.branchHead(OWNER, REPO, 'main'))
      const result = await world.run({ eventName: 'issues', payload: world.label(issue.number), workspace })
      expect(result.code).toBe(0)
      const requests = world.server.requests.slice(before)
      const keys = requests.map(
        r => `${r.method} ${r.path} ${JSON.stringify(r.query)} ${JSON.stringify(r.body)}`
      )
      expect(new Set(keys).size).toBe(keys.length)
      return { outputs: result.outputs, calls: requests.map(r => r.operationId ?? `${r.method} ${r.path}`) }
    }
    const first = await labelRun()
    expect(first.outputs).toMatchObject({ outcome: 'planned', 'pull-request-operation': 'created' })
    expect(first.calls.length).toBeLessThanOrEqual(MAX_CALLS)
    const created = world.server.state.branchHead(OWNER, REPO, BRANCH)
    expect(world.server.state.git.getCommit(created ?? '')?.parents).toEqual([
      world.server.state.branchHead(OWNER, REPO, 'main')
    ])

    // One more test on main changes the gate's counts: the re-run commits and updates the pull request.
    world.server.state.addCommit(
      OWNER,
      REPO,
      'main',
      { 'tests/test_later.py': 'def test_later():\n    assert True\n' },
      'One more test'
    )
    const rerun = await labelRun()
    expect(rerun.outputs).toMatchObject({ outcome: 'planned', 'pull-request-operation': 'updated' })
    expect(rerun.calls.length).toBeLessThanOrEqual(MAX_CALLS)
    expect(world.server.state.git.getCommit(rerun.outputs['commit-sha'] ?? '')?.parents).toEqual([created])
    expect(world.server.state.pullRequests(OWNER, REPO)).toHaveLength(1)
    expect(world.server.state.comments(OWNER, REPO, issue.number)).toHaveLength(1)

    // The same state once more: nothing to commit, and fewer calls still.
    const head = world.server.state.branchHead(OWNER, REPO, BRANCH)
    const same = await labelRun()
    expect(same.outputs).toMatchObject({ outcome: 'unchanged', 'pull-request-operation': 'unchanged' })
    expect(world.server.state.branchHead(OWNER, REPO, BRANCH)).toBe(head)
    expect(same.calls).not.toContain('graphql/createCommitOnBranch')
    expect(same.calls.length).toBeLessThan(rerun.calls.length)
  })

  it('label by a read-only user is refused: no gate, no branch', async () => {
    const issue = world.createIssue('Phase 3', 'reader')
    const payload = world.label(issue.number, { login: 'reader' })
    const result = await world.run({ eventName: 'issues', payload, workspace: world.checkout() })
    expect(result.outputs.outcome).toBe('unauthorised')
    expect(result.code).toBe(1)
    expect(result.stdout).not.toContain('Test suite')
    expect(world.server.state.branchHead(OWNER, REPO, 'plan-phase/phase-3')).toBeUndefined()
  })

  it('delivery commit on a dispatch commits onto the default branch, and never forces a protected one', async () => {
    const payload = dispatchPayload()
    const before = world.server.state.branchHead(OWNER, REPO, 'main')
    const result = await world.run({
      eventName: 'workflow_dispatch',
      payload,
      workspace: world.checkout(),
      inputs: { delivery: 'commit' }
    })
    expect(result.outputs).toMatchObject({ outcome: 'planned', 'pull-request-operation': 'none' })
    const head = world.server.state.branchHead(OWNER, REPO, 'main')
    expect(result.outputs['commit-sha']).toBe(head)
    expect(world.server.state.git.getCommit(head ?? '')?.parents).toEqual([before])
    expect(world.server.state.files(OWNER, REPO, 'main')[PLAN]).toContain('# Phase 3 execution plan')
    expect(world.server.state.pullRequests(OWNER, REPO)).toHaveLength(0)

    world.server.state.addCommit(OWNER, REPO, 'main', {
      'tests/test_extra.py': 'def test_extra():\n    assert True\n'
    })
    world.server.state.setProtected(OWNER, REPO, 'main')
    const refused = await world.run({
      eventName: 'workflow_dispatch',
      payload,
      workspace: world.checkout(world.server.state.branchHead(OWNER, REPO, 'main')),
      inputs: { delivery: 'commit' }
    })
    expect(refused.code).toBe(1)
    expect(refused.outputs.outcome).toBe('failed')
    expect(refused.stdout).toContain('nothing was force-pushed')
    expect(
      world.server.requestsFor('git/update-ref').filter(r => (r.body as { force?: boolean }).force)
    ).toEqual([])
  })

  it('an unknown phase names the phases found', async () => {
    const result = await world.runOnDispatch({ phase: '9' })
    expect(result.outputs.outcome).toBe('unknown-phase')
    expect(result.stdout).toContain('Phases found: 0, 1, 2, 3, 4')
    expect(world.server.state.pullRequests(OWNER, REPO)).toHaveLength(0)
  })
})
