import type { CommentData } from '../../../src/adapters/github.js'
import type { PhaseSummary } from '../../../src/master-plan/phase-list.js'
import { OUTCOMES, type OutcomeCode } from '../../../src/outcome.js'
import {
  findReply,
  parseReplyMarker,
  postReply,
  renderReply,
  replyMarker,
  type ReplyClient,
  type ReplyInput,
  type ReplyTarget
} from '../../../src/notify/reply.js'
import { failingTests, redGate as redGateOf } from '../../support/gates.js'

const redGate = redGateOf({
  argv: ['pytest', '--junitxml=r.xml'],
  passed: 10,
  failed: 30,
  total: 40,
  durationSeconds: 3,
  failures: failingTests('tests/test_a.py', 30, i => `assert ${i} == 0`),
  summary: '30 failed'
})

const base: ReplyInput = {
  outcome: 'planned',
  message: 'Committed abc1234 on `plan-phase/phase-3` (pull request #7: created).',
  owner: 'acme',
  repo: 'widgets',
  web: 'https://github.com',
  phase: '3',
  title: 'Providers @everyone closes #1 <b>',
  planPath: 'admin/plan/phase_3.md',
  statusPath: 'admin/status/phase_3.md',
  nextPhase: '4',
  coverage: { percent: 100, found: 12, total: 12 },
  delivery: {
    operation: 'created',
    outcome: 'planned',
    message: '',
    number: 7,
    url: 'https://github.com/acme/widgets/pull/7',
    branch: 'plan-phase/phase-3',
    base: 'main',
    commitSha: 'abc1234def5678abc1234def5678abc1234def56',
    verified: true
  }
}

describe('reply marker', () => {
  it('round-trips names with spaces, arrows, quotes and non-ASCII', () => {
    for (const [workflow, phase] of [
      ['Plan phase', '3'],
      ['plan --> evil <!-- "x"', '3.10a'],
      ['.github/workflows/plan.yml', '2A'],
      ['Планы 🚀', ''],
      ['a%20b', 'A']
    ] as const) {
      const marker = replyMarker(workflow, phase)
      expect(marker).toMatch(/^<!-- plan-phase:reply workflow=\S* phase=\S* -->$/)
      expect(marker.slice(4, -4)).not.toMatch(/>|--!?>|\n/)
      expect(parseReplyMarker(`${marker}\nbody`)).toEqual({ workflow, phase })
      expect(parseReplyMarker(`${marker}\r\nbody`)).toEqual({ workflow, phase })
    }
  })

  it('only counts a marker on the first line', () => {
    expect(parseReplyMarker(`quoted:\n${replyMarker('w', '3')}`)).toBeUndefined()
    expect(parseReplyMarker('no marker')).toBeUndefined()
    expect(parseReplyMarker('<!-- plan-phase:reply workflow=%E0%A4 phase=3 -->')).toBeUndefined()
  })
})

describe('renderReply', () => {
  it.each(OUTCOMES.map(outcome => [outcome]))('renders %s with a headline and the message', outcome => {
    const body = renderReply({
      ...base,
      outcome: outcome as OutcomeCode,
      gate: redGate,
      phases: [phase('1'), phase('2'), phase('3A')]
    })
    expect(body).toMatch(/^### /)
    expect(body).toContain('Committed abc1234')
    expect(body).not.toMatch(/@every/)
    expect(body).not.toContain('<b>')
  })

  it('planned: links the documents on the branch, the PR, the commit, gate, coverage and next phase', () => {
    const body = renderReply({
      ...base,
      gate: { ...redGate, status: 'passed', green: true, failed: 0, failures: [] }
    })
    expect(body).toContain('https://github.com/acme/widgets/blob/plan-phase/phase-3/admin/plan/phase_3.md')
    expect(body).toContain('[#7](https://github.com/acme/widgets/pull/7) (created)')
    expect(body).toContain('signed by GitHub')
    expect(body).toContain('| Status | Passed |')
    expect(body).toContain('100%')
    expect(body).toContain('`/plan-phase 4`')
    expect(body).not.toContain('Failing tests')
  })

  it('red-gate: lists failures bounded and says how to re-run or override', () => {
    const body = renderReply({
      ...base,
      outcome: 'red-gate',
      gate: redGate,
      maxFailures: 5,
      delivery: undefined
    })
    expect(body.match(/tests\/test_a\.py::test_/g)).toHaveLength(5)
    expect(body).toContain('… and 25 more')
    expect(body).toContain('`/plan-phase 3`')
    expect(body).toContain('`/plan-phase 3 --force`')
  })

  it('invalid-command, unknown-phase and pull-request-refused carry their specifics', () => {
    const invalid = renderReply({ ...base, outcome: 'invalid-command', phase: undefined, command: '/plan' })
    expect(invalid).toContain('`/plan <id> [--force] [--status]`')
    const unknown = renderReply({
      ...base,
      outcome: 'unknown-phase',
      phase: '9',
      phases: [phase('1', 'Setup @everyone', ['✅ Done']), phase('2')]
    })
    // The same list as `plan-phase --list`: id, title, status marks, where and by which rule.
    expect(unknown).toContain('- `1` — Setup @\u200deveryone [✅ Done] — heading (line 3)')
    expect(unknown).toContain('- `2` — heading (line 3)')
    const refused = renderReply({
      ...base,
      outcome: 'pull-request-refused',
      delivery: {
        ...base.delivery!,
        compareUrl: 'https://github.com/acme/widgets/compare/main...plan-phase/phase-3?expand=1'
      }
    })
    expect(refused).toContain('compare/main...plan-phase/phase-3?expand=1')
    expect(refused).toContain('Settings → Actions → General → Workflow permissions')
  })
})

interface Stored extends CommentData {
  body: string
}

function phase(id: string, title = '', status: string[] = []): PhaseSummary {
  return { id, title, status, found: [{ rule: 'heading', line: 3, role: 'content' }], notFollowed: [] }
}

const ACTIONS_BOT = { login: 'github-actions[bot]', type: 'Bot' }

/** GitHub's clock for the fake: comments were created one second apart, in the order they are kept. */
function stamp(position: number): string {
  return new Date(Date.UTC(2025, 0, 1) + position * 1000).toISOString().replace(/\.\d{3}Z$/, 'Z')
}

/**
 * Comments as GitHub keeps them, for a token whose identity is `viewer` (the workflow token's bot by
 * default): GraphQL pages say which comments it wrote (`viewerDidAuthor`), REST lists do not; a
 * created comment is written by the viewer.
 */
function fakeClient(
  initial: Stored[] = [],
  viewer: { login: string; type: string } = ACTIONS_BOT
): ReplyClient & {
  comments: Stored[]
  failNextCreate?: number
  beforeCreate?: () => void
  pageSize: number
  pagesRead: (string | undefined)[]
  listedSince: (string | undefined)[]
  updated: number[]
  deleted: number[]
} {
  const comments = [...initial]
  let nextId = 100
  const client = {
    comments,
    failNextCreate: undefined as number | undefined,
    beforeCreate: undefined as (() => void) | undefined,
    pageSize: 100,
    pagesRead: [] as (string | undefined)[],
    updated: [] as number[],
    deleted: [] as number[],
    listedSince: [] as (string | undefined)[],
    // Newest page first; the cursor is the index of the page's oldest comment, as GraphQL pages go.
    readComments: async (params: { before?: string }) => {
      client.pagesRead.push(params.before)
      const end = params.before === undefined ? comments.length : Number(params.before)
      const start = Math.max(0, end - client.pageSize)
      const page = comments.slice(start, end).map((c, i) => ({
        ...c,
        viewerDidAuthor: c.user?.login === viewer.login,
        created_at: stamp(start + i)
      }))
      return start > 0 ? { comments: page, earlier: String(start) } : { comments: page }
    },
    // REST lists updated_at ≥ since; nothing here is edited before it is listed, so created is updated.
    listComments: async (params: { since?: string }) => {
      client.listedSince.push(params.since)
      return comments
        .filter((_, i) => params.since === undefined || stamp(i) >= params.since)
        .map(c => ({ ...c }))
    },
    deleteComment: async (params: { comment_id: number }) => {
      const index = comments.findIndex(c => c.id === params.comment_id)
      if (index === -1) throw Object.assign(new Error('Not Found'), { status: 404 })
      client.deleted.push(params.comment_id)
      comments.splice(index, 1)
      return {}
    },
    createComment: async (params: { body: string }) => {
      client.beforeCreate?.()
      const comment: Stored = {
        id: nextId++,
        body: params.body,
        html_url: `u${nextId}`,
        user: { ...viewer }
      }
      comments.push(comment)
      if (client.failNextCreate !== undefined) {
        const status = client.failNextCreate
        client.failNextCreate = undefined
        throw Object.assign(new Error('Server Error'), { status })
      }
      return { data: comment }
    },
    updateComment: async (params: { comment_id: number; body: string }) => {
      const comment = comments.find(c => c.id === params.comment_id)
      if (!comment) throw Object.assign(new Error('Not Found'), { status: 404 })
      client.updated.push(params.comment_id)
      comment.body = params.body
      return { data: comment }
    }
  }
  return client
}

const target: ReplyTarget = { owner: 'acme', repo: 'widgets', issueNumber: 1, workflow: 'Plan', phase: '3' }

describe('postReply', () => {
  it('creates, then updates in place, then reports unchanged', async () => {
    const client = fakeClient()
    expect((await postReply(client, target, 'one')).operation).toBe('created')
    expect((await postReply(client, target, 'two')).operation).toBe('updated')
    expect((await postReply(client, target, 'two')).operation).toBe('unchanged')
    expect(client.comments).toHaveLength(1)
    expect(client.comments[0]?.body).toBe(`${replyMarker('Plan', '3')}\ntwo`)
  })

  it('finds only a reply its own identity wrote; ignores other workflows and phases', async () => {
    const marker = replyMarker('Plan', '3')
    const client = fakeClient([
      { id: 1, body: `${marker}\nhuman`, html_url: 'h', user: { login: 'octocat', type: 'User' } },
      { id: 2, body: `${marker}\nanother app`, html_url: 'a', user: { login: 'evil[bot]', type: 'Bot' } },
      { id: 3, body: `${replyMarker('Other', '3')}\nother`, html_url: 'o', user: ACTIONS_BOT },
      { id: 4, body: `${marker}\nbot`, html_url: 'b', user: ACTIONS_BOT }
    ])
    expect((await findReply(client, target))?.id).toBe(4)
    expect((await findReply(client, { ...target, phase: '4' }))?.id).toBeUndefined()
  })

  it('a marker planted by someone else is never edited: the bot writes its own reply', async () => {
    const marker = replyMarker('Plan', '3')
    const planted: Stored[] = [
      { id: 1, body: `${marker}\nplanted`, html_url: 'h', user: { login: 'mallory', type: 'User' } },
      { id: 2, body: `${marker}\nplanted`, html_url: 'a', user: { login: 'evil[bot]', type: 'Bot' } }
    ]
    const client = fakeClient(planted.map(c => ({ ...c })))
    const first = await postReply(client, target, 'ours')
    expect(first.operation).toBe('created')
    const again = await postReply(client, target, 'ours again')
    expect(again).toMatchObject({ operation: 'updated', id: first.id })
    expect(client.comments.slice(0, 2)).toEqual(planted)
    expect(client.updated).toEqual([first.id])
    expect(client.deleted).toEqual([])
  })

  it('with an app token, the workflow bot’s reply is someone else’s', async () => {
    const marker = replyMarker('Plan', '3')
    const app = { login: 'plan-phase-app[bot]', type: 'Bot' }
    const client = fakeClient([{ id: 1, body: `${marker}\nold`, html_url: 'b', user: ACTIONS_BOT }], app)
    const result = await postReply(client, target, 'new')
    expect(result.operation).toBe('created')
    expect(client.comments.map(c => [c.id, c.user?.login])).toEqual([
      [1, 'github-actions[bot]'],
      [result.id, 'plan-phase-app[bot]']
    ])
    expect(client.comments[0]?.body).toBe(`${marker}\nold`)
  })

  it('pages backwards from the newest comments until a page holds the bot’s reply', async () => {
    const marker = replyMarker('Plan', '3')
    const bot = ACTIONS_BOT
    const chatter = (id: number): Stored => ({ id, body: `comment ${id}`, html_url: `c${id}`, user: null })
    const client = fakeClient([
      { id: 1, body: `${marker}\nbot`, html_url: 'b', user: bot },
      chatter(2),
      {
        id: 3,
        body: `${marker}\nquoted by a human`,
        html_url: 'h',
        user: { login: 'octocat', type: 'User' }
      },
      chatter(4),
      chatter(5),
      chatter(6)
    ])
    client.pageSize = 2
    expect((await findReply(client, target))?.id).toBe(1)
    expect(client.pagesRead).toEqual([undefined, '4', '2'])
    // Only the human's quote: every page is read, and there is no reply.
    client.comments.shift()
    client.pagesRead.length = 0
    expect(await findReply(client, target)).toBeUndefined()
    expect(client.pagesRead).toEqual([undefined, '3', '1'])
  })

  it('starts from the newest page the caller already read, and updates the reply found there', async () => {
    const marker = replyMarker('Plan', '3')
    const reply: Stored = {
      id: 7,
      body: `${marker}\nold`,
      html_url: 'r',
      user: { login: 'github-actions[bot]', type: 'Bot' }
    }
    const client = fakeClient([reply])
    const result = await postReply(client, target, 'new', { comments: [{ ...reply }] })
    expect(result).toMatchObject({ operation: 'updated', id: 7 })
    expect(client.pagesRead).toEqual([])
    expect(client.comments[0]?.body).toBe(`${marker}\nnew`)
  })

  it('after a 500 on create, looks again instead of posting a duplicate', async () => {
    const client = fakeClient()
    client.failNextCreate = 502
    const result = await postReply(client, target, 'body')
    expect(result.operation).toBe('unchanged')
    expect(client.comments).toHaveLength(1)
  })

  it('after a 500 on create, a marker someone else planted is not taken for the lost reply', async () => {
    const planted = {
      id: 1,
      body: `${replyMarker('Plan', '3')}\nplanted`,
      html_url: 'h',
      user: { login: 'mallory', type: 'User' }
    }
    const client = fakeClient([{ ...planted }])
    client.failNextCreate = 502
    const result = await postReply(client, target, 'body')
    expect(result).toMatchObject({ operation: 'unchanged' })
    expect(result.id).not.toBe(1)
    expect(client.comments[0]).toEqual(planted)
    expect(client.updated).toEqual([])
  })

  it('when another run created a reply at the same time, keeps the older one and deletes its own', async () => {
    const client = fakeClient()
    client.beforeCreate = () => {
      client.beforeCreate = undefined
      // The other run's reply lands between our look and our create.
      client.comments.push({
        id: 50,
        body: `${replyMarker('Plan', '3')}\nother run`,
        html_url: 'first',
        user: { login: 'github-actions[bot]', type: 'Bot' }
      })
    }
    const result = await postReply(client, target, 'ours')
    expect(client.comments.map(c => c.id)).toEqual([50])
    expect(client.comments[0]?.body).toBe(`${replyMarker('Plan', '3')}\nours`)
    expect(result).toMatchObject({ operation: 'updated', id: 50 })
  })

  it('settling a race keeps its own older reply, never an older comment someone else wrote', async () => {
    const marker = replyMarker('Plan', '3')
    const planted = {
      id: 10,
      body: `${marker}\nplanted`,
      html_url: 'p',
      user: { login: 'evil[bot]', type: 'Bot' }
    }
    const client = fakeClient([{ ...planted }])
    client.beforeCreate = () => {
      client.beforeCreate = undefined
      client.comments.push({ id: 50, body: `${marker}\nother run`, html_url: 'first', user: ACTIONS_BOT })
    }
    const result = await postReply(client, target, 'ours')
    expect(result).toMatchObject({ operation: 'updated', id: 50 })
    expect(client.comments.map(c => c.id)).toEqual([10, 50])
    expect(client.comments[0]).toEqual(planted)
    expect(client.deleted).toEqual([100])
  })

  it('settling after a long thread lists only the comments since the newest one the lookup saw', async () => {
    const thread = Array.from({ length: 250 }, (_, i) => ({
      id: i + 1,
      body: `Discussion ${i + 1}.`,
      html_url: `d${i + 1}`,
      user: { login: 'reviewer', type: 'User' }
    }))
    const client = fakeClient(thread)
    // Another run's reply lands between this run's lookup and its own reply: it must still be found.
    client.beforeCreate = () => {
      client.beforeCreate = undefined
      client.comments.push({
        id: 90,
        body: `${replyMarker('Plan', '3')}\nother run`,
        html_url: 'first',
        user: ACTIONS_BOT
      })
    }
    const result = await postReply(client, target, 'ours')
    expect(client.pagesRead).toEqual([undefined, '150', '50'])
    // A second before the newest comment the lookup saw (the fake lists one comment a second).
    expect(client.listedSince).toEqual([stamp(248)])
    expect(result).toMatchObject({ operation: 'updated', id: 90 })
    expect(client.deleted).toEqual([100])
  })

  it('settling on an empty thread lists every comment', async () => {
    const client = fakeClient()
    const result = await postReply(client, target, 'ours')
    expect(client.listedSince).toEqual([undefined])
    expect(result).toMatchObject({ operation: 'created', id: 100 })
  })

  it('rethrows a client error on create', async () => {
    const client = fakeClient()
    client.failNextCreate = 403
    await expect(postReply(client, target, 'body')).rejects.toMatchObject({ status: 403 })
  })

  it('bounds the body to 65,536 characters and keeps the marker', async () => {
    const client = fakeClient()
    await postReply(client, target, '😀'.repeat(40_000))
    const body = client.comments[0]?.body ?? ''
    expect(body.length).toBeLessThanOrEqual(65_536)
    expect(parseReplyMarker(body)).toEqual({ workflow: 'Plan', phase: '3' })
    expect(body).toContain('truncated: see the job summary')
  })
})
