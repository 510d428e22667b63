/**
 * `stage: authorise` through dist/index.js, in an empty workspace (the workflows run it before any
 * checkout): it decides from the event, the default branch's settings and the collaborator-permission
 * API alone, reacts 👀, and names the exact commit the next step may check out. Refusals that are not
 * for this action end quietly; refusals of a command fail the step.
 */
import { readdirSync } from 'node:fs'
import type { ActionRun } from '../support/action-process.js'
import { isWrite } from '../support/github-server/index.js'
import { removeTempDirs, tempDir } from '../support/temp.js'
import { OWNER, REPO, type World, worldForEachTest } from '../support/world.js'

const emptyWorkspace = (): string => tempDir('plan-phase-empty-')

describe('dist/index.js with stage: authorise', () => {
  let world: World
  worldForEachTest(created => (world = created), { checkViolations: true })
  afterAll(removeTempDirs)

  const state = (): World['server']['state'] => world.server.state

  function authorise(
    payload: unknown,
    options: { eventName?: string; inputs?: Record<string, string>; env?: Record<string, string> } = {}
  ): Promise<ActionRun> {
    return world.run({
      eventName: options.eventName ?? 'issue_comment',
      payload,
      workspace: emptyWorkspace(),
      inputs: { stage: 'authorise', ...options.inputs },
      ...(options.env ? { env: options.env } : {})
    })
  }

  const replies = (number: number): string[] =>
    state()
      .comments(OWNER, REPO, number)
      .filter(comment => comment.body.includes('plan-phase:reply'))
      .map(comment => comment.body)

  it('a maintainer’s command on a PR: allowed, the PR head to check out, 👀 only; three calls, no reply', async () => {
    const pull = world.openPull({ 'conftest.py': 'raise SystemExit("never imported")\n' })
    const payload = world.comment(pull.number, { body: '/plan-phase 3 --force' })
    const result = await authorise(payload)
    expect(result.code).toBe(0)
    expect(result.outputs).toMatchObject({
      outcome: 'authorised',
      allowed: 'true',
      'head-sha': pull.headSha,
      phase: '3'
    })
    expect(world.server.requests.map(request => request.operationId)).toEqual([
      'graphql/repository',
      'repos/get-collaborator-permission-level',
      'reactions/create-for-issue-comment'
    ])
    expect(state().reactions((payload.comment as { id: number }).id)).toEqual(['eyes'])
    expect(replies(pull.number)).toEqual([])
    expect(result.stdout).not.toContain('Test suite')
  })

  it.each([
    ['an ordinary comment', { body: 'LGTM' }, 'not-triggered'],
    ['a bot’s command', { body: '/plan-phase 3', login: 'github-actions[bot]' }, 'ignored-bot']
  ])('%s ends quietly: allowed false, the step passes, nothing said', async (_, comment, outcome) => {
    const pull = world.openPull()
    const payload = world.comment(pull.number, comment)
    const result = await authorise(payload)
    expect(result.code).toBe(0)
    expect(result.outputs).toMatchObject({ outcome, allowed: 'false', 'head-sha': '' })
    expect(world.server.requests.filter(isWrite)).toEqual([])
    expect(state().reactions((payload.comment as { id: number }).id)).toEqual([])
  })

  it('a reader’s command fails the step: allowed false, no commit named', async () => {
    const pull = world.openPull()
    const result = await authorise(world.comment(pull.number, { login: 'reader' }))
    expect(result.code).toBe(1)
    expect(result.outputs).toMatchObject({ outcome: 'unauthorised', allowed: 'false', 'head-sha': '' })
    expect(result.stdout).toContain('@reader has read permission')
  })

  it('a fork’s PR fails the step unless allow-forks, which names the fork’s head', async () => {
    const pull = world.forkPull()
    const refused = await authorise(world.comment(pull.number))
    expect(refused.code).toBe(1)
    expect(refused.outputs).toMatchObject({ outcome: 'fork-refused', allowed: 'false', 'head-sha': '' })
    const allowed = await authorise(world.comment(pull.number), { inputs: { 'allow-forks': 'true' } })
    expect(allowed.code).toBe(0)
    expect(allowed.outputs).toMatchObject({ allowed: 'true', 'head-sha': pull.headSha })
  })

  it('a closed PR fails the step', async () => {
    const pull = world.openPull()
    state().closePullRequest(OWNER, REPO, pull.number)
    const result = await authorise(world.comment(pull.number))
    expect(result.code).toBe(1)
    expect(result.outputs).toMatchObject({ outcome: 'pull-request-closed', allowed: 'false' })
  })

  it('a maintainer’s malformed command fails the step and is answered with the right form', async () => {
    const pull = world.openPull()
    const result = await authorise(world.comment(pull.number, { body: '/plan-phase 3 --bogus' }))
    expect(result.code).toBe(1)
    expect(result.outputs).toMatchObject({ outcome: 'invalid-command', allowed: 'false' })
    expect(replies(pull.number)[0]).toContain('Unknown flag `--bogus`')
  })

  it('a label on an issue: allowed, and the commit to check out is the one the workflow runs on', async () => {
    const issue = world.createIssue('Phase 3: ProviderManager')
    const main = state().branchHead(OWNER, REPO, 'main') ?? ''
    const payload = world.label(issue.number)
    const result = await authorise(payload, { eventName: 'issues', env: { GITHUB_SHA: main } })
    expect(result.code).toBe(0)
    expect(result.outputs).toMatchObject({ outcome: 'authorised', allowed: 'true', 'head-sha': main })
    // The label stays until the job that plans removes it.
    expect(state().labelsOf(OWNER, REPO, issue.number)).toContain('plan-phase:3')
  })

  it('without GITHUB_SHA outside a pull request it cannot name a commit: the step fails', async () => {
    const issue = world.createIssue('Phase 3')
    const result = await authorise(world.comment(issue.number))
    expect(result.code).toBe(1)
    expect(result.outputs.outcome).toBe('failed')
    expect(result.stdout).toContain('GITHUB_SHA is not set')
  })

  it('leaves the empty workspace empty', async () => {
    const pull = world.openPull()
    const workspace = emptyWorkspace()
    const result = await world.run({
      eventName: 'issue_comment',
      payload: world.comment(pull.number),
      workspace,
      inputs: { stage: 'authorise' }
    })
    expect(result.outputs.allowed).toBe('true')
    expect(readdirSync(workspace)).toEqual([])
  })
})
