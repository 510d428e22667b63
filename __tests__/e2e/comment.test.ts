/**
 * `issue_comment` end to end: dist/index.js runs against the fake GitHub for commands written on pull
 * requests and issues — delivery onto the PR branch, replies updated in place, reactions, who may run
 * it, what is not a command, and the red gate with its `--force` override.
 */
import { writeFileSync } from 'node:fs'
import { join } from 'node:path'
import { expectNoViolations } from '../support/github-server/index.js'
import type { IssueCommentPayloadOptions } from '../support/github-server/index.js'
import { OWNER, PLAN, REPO, STATUS, type World, worldForEachTest } from '../support/world.js'

const MARKER = '<!-- plan-phase:reply workflow=plan-phase phase=3 -->'
const BRANCH = 'plan-phase/phase-3'

describe('dist/index.js on issue_comment', () => {
  let world: World
  worldForEachTest(created => (world = created))

  const state = (): World['server']['state'] => world.server.state

  /** Posts `body` on #number (so the comment exists on the server) and returns its payload and id. */
  const comment: World['postComment'] = (...args) => world.postComment(...args)

  const run: World['runOnComment'] = (...args) => world.runOnComment(...args)

  /** The action's reply comments on #number (found by the hidden marker). */
  const replies = (number: number): { id: number; body: string; user: string }[] =>
    state()
      .comments(OWNER, REPO, number)
      .filter(c => c.body.startsWith('<!-- plan-phase:reply '))
      .map(c => ({ id: c.id, body: c.body, user: c.user.login }))

  /** A PR from `feature` with one extra file on top of main, by the writer. */
  const openPull = (files: Record<string, string> = { 'llm_router/extra.py': 'EXTRA = 1\n' }) =>
    world.openPull(files)

  const head = (branch: string): string | undefined => state().branchHead(OWNER, REPO, branch)

  it('on a PR: commits onto its branch on top of the tested head, reacts and replies once; a re-run updates both', async () => {
    const pull = openPull()
    const tested = pull.headSha
    const first = comment(pull.number, '/plan-phase 3')
    const result = await run(first.payload, world.checkout(tested))
    expect(result.code).toBe(0)
    const calls = (from = 0): (string | undefined)[] =>
      world.server.requests.slice(from).map(r => r.operationId)
    // Eight calls, none repeated: one GraphQL read brings the settings from the default branch and the
    // PR, the checkout answers what the tested commit holds, one GraphQL read brings the PR's state and
    // comments right before delivery, one mutation commits, one listing settles the new reply.
    expect(calls()).toEqual([
      'graphql/repository',
      'repos/get-collaborator-permission-level',
      'reactions/create-for-issue-comment',
      'graphql/repository',
      'graphql/createCommitOnBranch',
      'reactions/create-for-issue-comment',
      'issues/create-comment',
      'issues/list-comments'
    ])

    const newHead = head('feature')
    expect(newHead).not.toBe(tested)
    const commit = state().git.getCommit(newHead ?? '')
    expect(commit?.parents).toEqual([tested])
    const files = state().files(OWNER, REPO, 'feature')
    expect(files[PLAN]).toContain('# Phase 3 execution plan: ProviderManager')
    expect(files[STATUS]).toContain(tested)
    expect(files['llm_router/extra.py']).toBe('EXTRA = 1\n')
    expect(result.outputs).toMatchObject({
      outcome: 'planned',
      phase: '3',
      'plan-path': PLAN,
      'status-path': STATUS,
      'tests-failed': '0',
      'pull-request-number': String(pull.number),
      'pull-request-operation': 'updated',
      'commit-sha': newHead,
      'commit-verified': 'true'
    })
    // No other branch or PR: the documents went onto the PR itself.
    expect(head(BRANCH)).toBeUndefined()
    expect(state().pullRequests(OWNER, REPO)).toHaveLength(1)
    expect(state().reactions(first.id)).toEqual(['eyes', 'rocket'])
    const [reply, ...others] = replies(pull.number)
    expect(others).toHaveLength(0)
    expect(reply?.body.split('\n')[0]).toBe(MARKER)
    expect(reply?.body).toContain('Execution plan ready')
    expect(reply?.body).toContain((newHead ?? '').slice(0, 7))
    expect(reply?.user).toBe('github-actions[bot]')

    // Re-run on the new head (a fresh checkout of it): only the tested commit and the timestamps would
    // change, so nothing is committed — and the one reply is updated in place.
    const second = comment(pull.number, '/plan-phase 3')
    const before = world.server.requests.length
    const again = await run(second.payload, world.checkout(newHead))
    // Decided from the checkout's objects: no git read, no write; the reply found in the GraphQL read.
    expect(calls(before)).toEqual([
      'graphql/repository',
      'repos/get-collaborator-permission-level',
      'reactions/create-for-issue-comment',
      'graphql/repository',
      'reactions/create-for-issue-comment',
      'issues/update-comment'
    ])
    expect(again.code).toBe(0)
    expect(head('feature')).toBe(newHead)
    expect(again.outputs).toMatchObject({
      outcome: 'unchanged',
      'pull-request-number': String(pull.number),
      'pull-request-operation': 'unchanged',
      'commit-sha': newHead
    })
    const after = replies(pull.number)
    expect(after).toHaveLength(1)
    expect(after[0]?.id).toBe(reply?.id)
    expect(state().reactions(second.id)).toEqual(['eyes', 'rocket'])
    expect(state().pullRequests(OWNER, REPO)).toHaveLength(1)
    expectNoViolations(world.server)
  })

  it('on an issue: opens one PR from plan-phase/phase-3; a second command updates it, never duplicates', async () => {
    const issue = world.createIssue('Plan phase 3')
    const workspace = world.checkout()
    const first = await run(comment(issue.number, '/plan-phase 3').payload, workspace)
    expect(first.code).toBe(0)
    expect(first.outputs).toMatchObject({ outcome: 'planned', 'pull-request-operation': 'created' })
    const pulls = state().pullRequests(OWNER, REPO)
    expect(pulls).toHaveLength(1)
    expect(pulls[0]).toMatchObject({ headRef: BRANCH, baseRef: 'main', state: 'open' })
    expect(pulls[0]?.body).toContain(`Requested in #${issue.number}.`)
    expect(first.outputs['pull-request-number']).toBe(String(pulls[0]?.number))
    expect(first.outputs['commit-sha']).toBe(head(BRANCH))
    expect(state().files(OWNER, REPO, BRANCH)[PLAN]).toContain('# Phase 3 execution plan')
    expect(head('main')).toBe(state().git.getCommit(head(BRANCH) ?? '')?.parents[0])

    // The same state again: nothing to commit, the same PR.
    const same = await run(comment(issue.number, '/plan-phase 3').payload, workspace)
    expect(same.outputs).toMatchObject({ outcome: 'unchanged', 'pull-request-operation': 'unchanged' })
    // One more passing test changes what the gate measured: the same PR is updated.
    writeFileSync(join(workspace, 'tests', 'test_extra.py'), 'def test_extra():\n    assert True\n')
    const second = await run(comment(issue.number, '/plan-phase 3').payload, workspace)
    expect(second.code).toBe(0)
    expect(second.outputs['pull-request-number']).toBe(String(pulls[0]?.number))
    expect(second.outputs['pull-request-operation']).toBe('updated')
    expect(second.outputs['tests-passed']).toBe('27')
    expect(state().pullRequests(OWNER, REPO)).toHaveLength(1)
    expect(replies(issue.number)).toHaveLength(1)
    expectNoViolations(world.server)
  })

  it('`/plan-phase 03` and `/plan-phase 3` are one phase: one branch, one document, one PR, one reply', async () => {
    const issue = world.createIssue('Plan phase 3')
    const workspace = world.checkout()
    const first = await run(comment(issue.number, '/plan-phase 03').payload, workspace)
    expect(first.code).toBe(0)
    expect(first.outputs).toMatchObject({ outcome: 'planned', phase: '3', 'plan-path': PLAN })
    const second = await run(comment(issue.number, '/plan-phase 3').payload, workspace)
    expect(second.outputs).toMatchObject({
      outcome: 'unchanged',
      phase: '3',
      'pull-request-operation': 'unchanged'
    })
    expect(
      state()
        .pullRequests(OWNER, REPO)
        .map(pull => pull.headRef)
    ).toEqual([BRANCH])
    expect(head('plan-phase/phase-03')).toBeUndefined()
    expect(Object.keys(state().files(OWNER, REPO, BRANCH)).filter(path => path.includes('phase_0'))).toEqual(
      []
    )
    const all = replies(issue.number)
    expect(all).toHaveLength(1)
    expect(all[0]?.body.split('\n')[0]).toBe(MARKER)
    expectNoViolations(world.server)
  })

  it('a read-only commenter is refused before the gate; bots, its own reply and edits are ignored silently', async () => {
    const pull = openPull()
    const workspace = world.checkout(pull.headSha)
    const byReader = comment(pull.number, '/plan-phase 3', 'reader')
    const refused = await run(byReader.payload, workspace)
    expect(refused.code).toBe(1)
    expect(refused.outputs.outcome).toBe('unauthorised')
    expect(refused.stdout).not.toContain('Test suite')
    expect(head('feature')).toBe(pull.headSha)
    expect(head(BRANCH)).toBeUndefined()
    // Refused before the 👀: a 👎 is the whole answer; the reason is in the job's log and summary.
    expect(state().reactions(byReader.id)).toEqual(['-1'])
    expect(replies(pull.number)).toEqual([])
    expect(refused.summary).toContain('has read permission on octo-org/router')
    expect(refused.summary).toContain('needs at least write')

    // A reply of its own, delivered back as an event, is ignored like any bot's comment.
    const reply = { body: `${MARKER}\n### ✅ Execution plan ready — Phase 3` }
    const before = state().comments(OWNER, REPO, pull.number).length
    const silent: {
      body: string
      login: string
      extra?: Partial<IssueCommentPayloadOptions>
      outcome: string
    }[] = [
      { body: '/plan-phase 3', login: 'helper', extra: { userType: 'Bot' }, outcome: 'ignored-bot' },
      { body: '/plan-phase 3', login: 'github-actions[bot]', outcome: 'ignored-bot' },
      { body: reply?.body ?? '', login: 'github-actions[bot]', outcome: 'not-triggered' },
      { body: '/plan-phase 3', login: 'maintainer', extra: { action: 'edited' }, outcome: 'not-triggered' }
    ]
    for (const { body, login, extra, outcome } of silent) {
      const event = comment(pull.number, body, login, extra)
      const result = await run(event.payload, workspace)
      expect([outcome, result.code, result.stdout.includes('Test suite')]).toEqual([outcome, 0, false])
      expect(result.outputs.outcome).toBe(outcome)
      expect(state().reactions(event.id)).toEqual([])
    }
    // Only the three new comments written by the test itself (the edit adds none); nothing posted.
    expect(state().comments(OWNER, REPO, pull.number)).toHaveLength(before + 3)
    expect(world.server.requestsFor('issues/create-comment')).toHaveLength(0)
    expect(head('feature')).toBe(pull.headSha)
    expect(world.server.requestsFor('issues/update-comment')).toHaveLength(0)
    expectNoViolations(world.server)
  })

  it("a stranger's five commands get one 👎 each, or nothing, and never a comment from the bot", async () => {
    const pull = openPull()
    const issue = world.createIssue('Phase 3')
    const workspace = world.checkout(pull.headSha)
    const commands: [number, string, string[]][] = [
      [pull.number, '/plan-phase 3', ['-1']],
      [pull.number, '/plan-phase 3 --force', ['-1']],
      [issue.number, '/plan-phase 9', ['-1']],
      [issue.number, '/plan-phase 3 --status', ['-1']],
      // Malformed: not answered at all, not even with the right form.
      [issue.number, '/plan-phase <img src=x>', []]
    ]
    for (const [number, body, reactions] of commands) {
      const event = comment(number, body, 'stranger')
      const result = await run(event.payload, workspace)
      expect([body, result.code, result.outputs.outcome]).toEqual([body, 1, 'unauthorised'])
      expect(result.stdout).not.toContain('Test suite')
      expect([body, state().reactions(event.id)]).toEqual([body, reactions])
    }
    const written = [pull.number, issue.number].flatMap(number =>
      state()
        .comments(OWNER, REPO, number)
        .filter(c => c.user.login !== 'stranger')
    )
    expect(written).toEqual([])
    expect(world.server.requestsFor('issues/create-comment')).toHaveLength(0)
    expect(world.server.requestsFor('issues/update-comment')).toHaveLength(0)
    expect(head('feature')).toBe(pull.headSha)
    expect(head(BRANCH)).toBeUndefined()
    expectNoViolations(world.server)
  })

  it('a reply marker someone else planted is left alone: the bot writes and updates its own reply', async () => {
    const pull = openPull()
    // A stranger and another app plant this workflow's marker for phase 3 before anyone runs it.
    const planted = ['mallory', 'other-app[bot]'].map(user =>
      state().addComment({
        owner: OWNER,
        repo: REPO,
        number: pull.number,
        body: `${MARKER}\nplanted by ${user}`,
        user
      })
    )
    const snapshot = (): { id: number; body: string; updatedAt: string }[] =>
      planted.map(c => {
        const now = state().comment(c.id)
        return { id: c.id, body: now?.body ?? '', updatedAt: now?.updatedAt ?? '' }
      })
    const untouched = snapshot()
    const first = await run(comment(pull.number, '/plan-phase 3').payload, world.checkout(pull.headSha))
    expect(first.outputs.outcome).toBe('planned')
    const ours = replies(pull.number).filter(r => r.user === 'github-actions[bot]')
    expect(ours).toHaveLength(1)
    expect(ours[0]?.body).toContain('Execution plan ready')
    expect(snapshot()).toEqual(untouched)

    const again = await run(comment(pull.number, '/plan-phase 3').payload, world.checkout(head('feature')))
    expect(again.outputs.outcome).toBe('unchanged')
    const after = replies(pull.number).filter(r => r.user === 'github-actions[bot]')
    expect(after.map(r => r.id)).toEqual([ours[0]?.id])
    expect(after[0]?.body).toContain('Execution plan already up to date')
    expect(snapshot()).toEqual(untouched)
    // Every edit and deletion went to the bot's own reply.
    const touched = [
      ...world.server.requestsFor('issues/update-comment'),
      ...world.server.requestsFor('issues/delete-comment')
    ]
    expect(touched.map(r => Number(r.params.comment_id))).toEqual([ours[0]?.id])
    expectNoViolations(world.server)
  })

  it('malformed commands from a writer get the right form and run nothing; look-alikes are not commands', async () => {
    const issue = world.createIssue('Phase 3')
    const workspace = world.checkout()
    const malformed: [string, string][] = [
      ['/plan-phase', 'The phase id is missing.'],
      ['/plan-phase -1', '`-1` is not a valid phase id.'],
      ['/plan-phase 3; rm -rf /', '`3;` is not a valid phase id.'],
      ['/plan-phase $(id)', '`$(id)` is not a valid phase id.'],
      ['/plan-phase 3 --bogus', 'Unknown flag `--bogus`.']
    ]
    for (const [body, problem] of malformed) {
      const event = comment(issue.number, body)
      const result = await run(event.payload, workspace)
      expect([body, result.code, result.outputs.outcome]).toEqual([body, 1, 'invalid-command'])
      expect(result.stdout).not.toContain('Test suite')
      expect(state().reactions(event.id)).toEqual(['confused'])
      const all = replies(issue.number)
      expect(all).toHaveLength(1)
      expect(all[0]?.body).toContain(problem)
      expect(all[0]?.body).toContain('The right form is `/plan-phase <id> [--force] [--status]`')
    }
    expect(head(BRANCH)).toBeUndefined()
    expect(world.server.requestsFor('git/create-blob')).toHaveLength(0)

    const reply = replies(issue.number)[0]
    for (const body of ['/plan-phases 3', '/Plan-Phase 3', '> /plan-phase 3', '`/plan-phase 3`']) {
      const event = comment(issue.number, body)
      const result = await run(event.payload, workspace)
      expect([body, result.code, result.outputs.outcome]).toEqual([body, 0, 'not-triggered'])
      expect(result.stdout).not.toContain('Test suite')
      expect(state().reactions(event.id)).toEqual([])
    }
    expect(replies(issue.number)).toEqual([reply])
    expect(head(BRANCH)).toBeUndefined()
    expect(state().pullRequests(OWNER, REPO)).toHaveLength(0)
    expectNoViolations(world.server)
  })

  it('a PR from a fork is refused before the gate, and the reply says why', async () => {
    const pull = world.forkPull({ 'conftest.py': 'import os\nos.system("echo pwned")\n' })
    const forkHead = state().branchHead('forker', REPO, 'feature')
    const event = comment(pull.number, '/plan-phase 3')
    const result = await run(event.payload, world.checkout(pull.headSha))
    expect(result.code).toBe(1)
    expect(result.outputs.outcome).toBe('fork-refused')
    expect(result.stdout).not.toContain('Test suite')
    expect(result.stdout).not.toContain('pwned')
    expect(state().branchHead('forker', REPO, 'feature')).toBe(forkHead)
    expect(head(BRANCH)).toBeUndefined()
    expect(state().reactions(event.id)).toEqual(['confused'])
    const [reply, ...more] = replies(pull.number)
    expect(more).toHaveLength(0)
    expect(reply?.body).toContain('Pull requests from forks are not planned')
    expect(reply?.body).toContain('forker/router')
    expect(reply?.body).toContain('allow-forks')
    expectNoViolations(world.server)
  })

  it('a red gate on a PR lists the failure and commits nothing; `--force` then plans and records the override', async () => {
    const pull = openPull({
      'tests/test_red.py': 'def test_red():\n    assert 1 == 2, "red on purpose"\n'
    })
    const workspace = world.checkout(pull.headSha)
    const red = comment(pull.number, '/plan-phase 3')
    const result = await run(red.payload, workspace)
    expect(result.code).toBe(1)
    expect(result.outputs).toMatchObject({ outcome: 'red-gate', 'tests-failed': '1', 'commit-sha': '' })
    expect(result.stdout).toContain('Test suite')
    expect(head('feature')).toBe(pull.headSha)
    expect(world.server.requestsFor('git/create-blob')).toHaveLength(0)
    expect(state().reactions(red.id)).toEqual(['eyes', 'confused'])
    const [reply, ...more] = replies(pull.number)
    expect(more).toHaveLength(0)
    expect(reply?.body).toContain('The test suite is not green')
    expect(reply?.body).toContain('`tests/test_red.py::test_red`')
    expect(reply?.body).toContain('red on purpose')
    expect(reply?.body).toContain('re-run `/plan-phase 3`')
    expect(reply?.body).toContain('`/plan-phase 3 --force`')

    const forced = comment(pull.number, '/plan-phase 3 --force')
    const planned = await run(forced.payload, workspace)
    expect(planned.code).toBe(0)
    expect(planned.outputs).toMatchObject({
      outcome: 'planned',
      'tests-failed': '1',
      'commit-sha': head('feature'),
      'pull-request-number': String(pull.number)
    })
    expect(state().git.getCommit(head('feature') ?? '')?.parents).toEqual([pull.headSha])
    const files = state().files(OWNER, REPO, 'feature')
    expect(files[PLAN]).toMatch(/`maintainer` overrode the gate with `--force`/)
    expect(files[STATUS]).toMatch(/The gate was red and `maintainer` overrode it with `--force`/)
    expect(state().reactions(forced.id)).toEqual(['eyes', 'rocket'])
    const after = replies(pull.number)
    expect(after.map(r => r.id)).toEqual([reply?.id])
    expect(after[0]?.body).toContain('overridden with `--force`')
    expectNoViolations(world.server)
  })

  it('an unknown phase names the phases the master plan has', async () => {
    const issue = world.createIssue('Phase 9?')
    const event = comment(issue.number, '/plan-phase 9')
    const result = await run(event.payload, world.checkout())
    expect(result.code).toBe(1)
    expect(result.outputs.outcome).toBe('unknown-phase')
    expect(result.stdout).not.toContain('Test suite')
    expect(state().reactions(event.id)).toEqual(['eyes', 'confused'])
    const [reply, ...more] = replies(issue.number)
    expect(more).toHaveLength(0)
    expect(reply?.body.split('\n')[0]).toBe('<!-- plan-phase:reply workflow=plan-phase phase=9 -->')
    expect(reply?.body).toContain('Phase not found in the master plan')
    // The same list as `plan-phase --list`: id, title, where and by which rule.
    expect(reply?.body).toContain('**Phases in the master plan:**')
    expect(reply?.body).toContain('- `0` — Baseline tests — heading (line 94)')
    expect(reply?.body).toContain('- `3` — ProviderManager — heading (line 172); heading (line 413)')
    expect(head(BRANCH)).toBeUndefined()
    expectNoViolations(world.server)
  })
})
