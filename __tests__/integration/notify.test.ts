/** Reply comment and reactions against the local GitHub server with the real Octokit. */
import type { GitHubClients } from '../../src/adapters/github.js'
import { createOctokit, githubClients } from '../../src/adapters/octokit.js'
import { deliverPullRequest } from '../../src/deliver/pull-request.js'
import { acknowledge, reactToOutcome } from '../../src/notify/reactions.js'
import {
  MAX_COMMENT_CHARS,
  parseReplyMarker,
  postReply,
  renderReply,
  type ReplyTarget
} from '../../src/notify/reply.js'
import { silentReporter, type Reporter } from '../../src/reporter.js'
import { startGitHubServer, type GitHubServer } from '../support/github-server/index.js'
import { checkAndCloseAfterEach, localClients } from '../support/local-clients.js'

const owner = 'acme'
const repo = 'widgets'

let server: GitHubServer
let clients: GitHubClients
let warnings: string[]
let issue: number
let commandId: number

const reporter: Reporter = { ...silentReporter, warning: message => void warnings.push(message) }

beforeEach(async () => {
  warnings = []
  server = await startGitHubServer()
  server.state.createRepo({ owner, repo })
  issue = server.state.createIssue({ owner, repo, title: 'Phase 3' }).number
  commandId = server.state.addComment({
    owner,
    repo,
    number: issue,
    body: '/plan-phase 3',
    user: 'octocat'
  }).id
  clients = localClients(server, reporter)
})

checkAndCloseAfterEach(() => server)

const target = (workflow: string, phase = '3'): ReplyTarget => ({
  owner,
  repo,
  issueNumber: issue,
  workflow,
  phase
})
const replies = (): { id: number; body: string; user: string }[] =>
  server.state
    .comments(owner, repo, issue)
    .filter(c => parseReplyMarker(c.body) !== undefined)
    .map(c => ({ id: c.id, body: c.body, user: c.user.login }))

describe('reply comment', () => {
  it('is created once, then updated in place on a re-run', async () => {
    const first = await postReply(clients.issues, target('Plan phase'), 'first run')
    const second = await postReply(clients.issues, target('Plan phase'), 'second run')
    const third = await postReply(clients.issues, target('Plan phase'), 'second run')
    expect([first.operation, second.operation, third.operation]).toEqual(['created', 'updated', 'unchanged'])
    expect(second.id).toBe(first.id)
    expect(replies()).toEqual([
      { id: first.id, body: expect.stringContaining('second run'), user: 'github-actions[bot]' }
    ])
    expect(server.requestsFor('issues/create-comment')).toHaveLength(1)
  })

  it("two workflows' replies, and two phases, do not overwrite each other", async () => {
    await postReply(clients.issues, target('Plan phase'), 'A1')
    await postReply(clients.issues, target('.github/workflows/other.yml'), 'B1')
    await postReply(clients.issues, target('Plan phase', '4'), 'A phase 4')
    await postReply(clients.issues, target('Plan phase'), 'A2')
    const bodies = replies().map(r => r.body.split('\n')[1])
    expect(bodies).toEqual(['A2', 'B1', 'A phase 4'])
  })

  it('finds its reply across pages of comments', async () => {
    const mine = await postReply(clients.issues, target('Plan phase'), 'early')
    for (let i = 0; i < 120; i += 1)
      server.state.addComment({ owner, repo, number: issue, body: `chatter ${i}` })
    const again = await postReply(clients.issues, target('Plan phase'), 'late')
    expect(again).toMatchObject({ operation: 'updated', id: mine.id })
    // GraphQL pages backwards from the newest 100: the reply is on the second page.
    const lookups = server.requestsFor('graphql/repository').slice(-2)
    expect(lookups.map(r => (r.body as { variables: { before: string | null } }).variables.before)).toEqual([
      null,
      expect.any(String)
    ])
    expect(replies()).toHaveLength(1)
  })

  it("updates the bot's reply, not an older human comment quoting its marker", async () => {
    const marker = '<!-- plan-phase:reply workflow=Plan%20phase phase=3 -->'
    const add = (body: string, user: string) =>
      server.state.addComment({ owner, repo, number: issue, body: `${marker}\n${body}`, user })
    const quote = add('quoted by a human', 'octocat')
    const mine = add('the reply', 'github-actions[bot]')
    // GraphQL's author __typename tells the workflow token's Bot from the User who wrote first.
    const again = await postReply(clients.issues, target('Plan phase'), 'ours, again')
    expect(again).toMatchObject({ operation: 'updated', id: mine.id })
    expect(server.state.comment(quote.id)?.body).toContain('quoted by a human')
  })

  it('truncates a reply over 65,536 characters on a code-point boundary, marker intact', async () => {
    const huge = `${'😀'.repeat(20_000)}${'x'.repeat(30_000)}`
    const result = await postReply(clients.issues, target('Plan phase'), huge)
    const body = server.state.comment(result.id)?.body ?? ''
    expect(body.length).toBeLessThanOrEqual(MAX_COMMENT_CHARS)
    expect(body).toContain('truncated: see the job summary')
    expect(parseReplyMarker(body)).toEqual({ workflow: 'Plan phase', phase: '3' })
  })

  it('a 500 on create: looked up again, then posted, exactly one comment', async () => {
    server.fault({
      method: 'POST',
      path: '/repos/{owner}/{repo}/issues/{issue_number}/comments',
      respond: 500
    })
    const result = await postReply(clients.issues, target('Plan phase'), 'body')
    expect(result.operation).toBe('created')
    expect(replies()).toHaveLength(1)
  })

  it('a secondary rate limit on create is waited out and retried once', async () => {
    server.fault({
      method: 'POST',
      path: '/repos/{owner}/{repo}/issues/{issue_number}/comments',
      respond: { type: 'secondary-rate-limit', retryAfter: 1 }
    })
    await postReply(clients.issues, target('Plan phase'), 'body')
    expect(server.requestsFor('issues/create-comment').map(r => r.status)).toEqual([403, 201])
    expect(replies()).toHaveLength(1)
  })

  it('renders and posts the reply for a delivered plan', async () => {
    const delivery = await deliverPullRequest(clients, {
      owner,
      repo,
      phase: '3',
      title: 'Providers',
      branch: 'plan-phase/phase-3',
      files: [{ path: 'admin/plan.md', content: '# plan\n' }],
      commitMessage: 'plan',
      issueNumber: issue,
      web: 'https://github.com'
    })
    const markdown = renderReply({
      outcome: delivery.outcome,
      message: delivery.message,
      owner,
      repo,
      web: 'https://github.com',
      phase: '3',
      planPath: 'admin/plan.md',
      delivery
    })
    const reply = await postReply(clients.issues, target('Plan phase'), markdown)
    const body = server.state.comment(reply.id)?.body ?? ''
    expect(body).toContain(`[#${delivery.number}](${delivery.url}) (created)`)
    expect(body).toContain('https://github.com/acme/widgets/blob/plan-phase/phase-3/admin/plan.md')
  })
})

describe('production timing', () => {
  it('works with write spacing on and real one-second units', async () => {
    const octokit = createOctokit({
      token: 'test-token',
      baseUrl: server.url,
      userAgent: 'plan-phase',
      reporter
    })
    const result = await postReply(githubClients(octokit).issues, target('Plan phase'), 'spaced')
    expect(result.operation).toBe('created')
  })
})

describe('reactions', () => {
  it('👀 at start, 🚀 on success', async () => {
    const where = { owner, repo, commentId: commandId }
    expect(await acknowledge(clients.issues, reporter, where)).toBe(true)
    expect(await reactToOutcome(clients.issues, reporter, where, 'planned')).toBe(true)
    expect(server.state.reactions(commandId)).toEqual(['eyes', 'rocket'])
  })

  it('😕 on failure; a failure to react is a warning, not an error', async () => {
    expect(
      await reactToOutcome(clients.issues, reporter, { owner, repo, commentId: commandId }, 'red-gate')
    ).toBe(true)
    expect(server.state.reactions(commandId)).toEqual(['confused'])
    server.fault({ path: '/repos/{owner}/{repo}/issues/comments/{comment_id}/reactions', respond: 403 })
    expect(await acknowledge(clients.issues, reporter, { owner, repo, commentId: commandId })).toBe(false)
    expect(warnings).toHaveLength(1)
    expect(warnings[0]).toContain('eyes')
  })
})
