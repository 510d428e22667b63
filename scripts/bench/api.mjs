// API calls per flow, counted by the local GitHub server (which checks each request against GitHub's
// OpenAPI and GraphQL descriptions): a PR comment that commits onto the PR's branch, a label that opens a
// PR, the same label again on a later commit (the PR updated), and the PR comment on a long thread.
import { URLSearchParams } from 'node:url'
import { report } from './measure.mjs'

const OWNER = 'octo-org'
const REPO = 'router'
export const API_TARGETS = { comment: 8, label: 10, rerun: 10, perHundredComments: 1 }
const LONG_THREAD = 250

export async function apiCalls(bench) {
  const { support, tempDir } = bench
  const { startGitHubServer, issueCommentPayload, issuesLabeledPayload, expectNoViolations } =
    await support('github-server/index.js')
  const { runBundle, readTree, checkoutFromServer } = await support('action-process.js')
  const { EXAMPLE_DIR } = await support('example-repo.js')
  const server = await startGitHubServer()
  const { state } = server
  state.createRepo({ owner: OWNER, repo: REPO, defaultBranch: 'main', files: readTree(EXAMPLE_DIR) })
  state.setPermission('maintainer', 'write', { owner: OWNER, repo: REPO })
  const checkout = sha => {
    const dir = tempDir('api-ws')
    checkoutFromServer(server, sha, dir)
    return dir
  }
  /** A call repeats another when method, path, query and (for writes) body are all the same. */
  const callKey = call =>
    `${call.method} ${call.path}${Object.keys(call.query).length ? `?${new URLSearchParams(call.query)}` : ''}` +
    (call.method === 'GET' || call.body === undefined ? '' : ` ${JSON.stringify(call.body)}`)
  const flow = async (name, eventName, payload, workspace, expect, limit) => {
    const before = server.requests.length
    const run = await runBundle({ server, owner: OWNER, repo: REPO, eventName, payload, workspace })
    const calls = server.requests.slice(before)
    const keys = calls.map(callKey)
    const repeated = [...new Set(keys.filter((key, i) => keys.indexOf(key) !== i))].map(key =>
      key.slice(0, 80)
    )
    const ok = run.code === 0 && Object.entries(expect).every(([key, value]) => run.outputs[key] === value)
    const got = `${run.outputs.outcome}, PR ${run.outputs['pull-request-operation']}${run.outputs['commit-sha'] ? ', commit' : ''}`
    const sequence = calls.map(call => `${call.operationId ?? `${call.method} ${call.path}`}`).join(' ')
    if (name)
      report(
        `API calls: ${name}`,
        `${calls.length} calls${repeated.length ? `, repeated: ${repeated.join('; ')}` : ', none repeated'} [${sequence}]; ${got}`,
        `≤ ${limit} calls, no call repeated, ${Object.values(expect).join(', ')}`,
        ok && repeated.length === 0 && calls.length <= limit
      )
    return { calls: calls.length, ok, sequence }
  }

  const comment = async (pull, body, note) => {
    const payload = issueCommentPayload({
      owner: OWNER,
      repo: REPO,
      number: pull.number,
      body,
      login: 'maintainer',
      state
    })
    return flow(
      note,
      'issue_comment',
      payload,
      checkout(pull.headSha),
      { outcome: 'planned', 'pull-request-operation': 'updated' },
      API_TARGETS.comment
    )
  }
  const pull = state.openPullRequest({
    owner: OWNER,
    repo: REPO,
    head: 'feature/routing',
    title: 'Routing work',
    user: 'maintainer',
    files: { 'NOTES.md': 'Work in progress.\n' }
  })
  const short = await comment(pull, '/plan-phase 3', 'PR comment `/plan-phase 3` → commit on the PR branch')

  // The same flow on a thread of many comments: the reply is found among them, a page of 100 at a time.
  // The discussion grew as real ones do, a comment a minute over the hours before the command.
  const long = state.openPullRequest({
    owner: OWNER,
    repo: REPO,
    head: 'feature/long-thread',
    title: 'A long discussion',
    user: 'maintainer',
    files: { 'NOTES.md': 'Long thread.\n' }
  })
  const started = Date.now()
  for (let i = 0; i < LONG_THREAD; i++)
    state.addComment({
      owner: OWNER,
      repo: REPO,
      number: long.number,
      body: `Discussion ${i + 1}.`,
      user: 'reviewer',
      createdAt: new Date(started - (LONG_THREAD - i) * 60_000).toISOString().replace(/\.\d{3}Z$/, 'Z')
    })
  const longRun = await comment(long, '/plan-phase 3')
  const allowed = Math.ceil(LONG_THREAD / 100) * API_TARGETS.perHundredComments
  report(
    `API calls: PR comment on a thread of ${LONG_THREAD} comments`,
    `${longRun.calls} calls, ${longRun.calls - short.calls} more than on a short thread [${longRun.sequence}]`,
    `at most ${API_TARGETS.perHundredComments} more per 100 comments (≤ +${allowed}), planned`,
    longRun.ok && longRun.calls - short.calls <= allowed
  )

  const issue = state.createIssue({
    owner: OWNER,
    repo: REPO,
    title: 'Phase 3: ProviderManager',
    user: 'maintainer'
  })
  const label = () =>
    issuesLabeledPayload({
      owner: OWNER,
      repo: REPO,
      number: issue.number,
      label: 'plan-phase:3',
      login: 'maintainer',
      state
    })
  await flow(
    'label `plan-phase:3` → new PR',
    'issues',
    label(),
    checkout(state.branchHead(OWNER, REPO, 'main')),
    { outcome: 'planned', 'pull-request-operation': 'created' },
    API_TARGETS.label
  )
  // A later commit on main (one more test) changes the gate's counts, so the re-run must update the PR.
  state.addCommit(
    OWNER,
    REPO,
    'main',
    { 'tests/test_later.py': 'def test_later():\n    assert True\n' },
    'One more test'
  )
  await flow(
    're-run on a later commit (label again) → PR updated',
    'issues',
    label(),
    checkout(state.branchHead(OWNER, REPO, 'main')),
    { outcome: 'planned', 'pull-request-operation': 'updated' },
    API_TARGETS.rerun
  )
  expectNoViolations(server)
  await server.close()
}
