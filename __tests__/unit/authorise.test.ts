import {
  authorise,
  authoriseActor,
  checkFork,
  effectiveLevel,
  type PermissionsClient
} from '../../src/authorise.js'
import type { PlanRequest, PullRequestRef } from '../../src/trigger/request.js'

type Params = { owner: string; repo: string; username: string }

/** Answers from a table of logins; a missing login is a 404 like the real API. */
function client(table: Record<string, { permission: string; role_name?: string }>) {
  const calls: Params[] = []
  const permissions: PermissionsClient = {
    async getCollaboratorPermission(params) {
      calls.push(params)
      const data = table[params.username]
      if (!data) throw Object.assign(new Error('Not Found'), { status: 404 })
      return { data }
    }
  }
  return { permissions, calls }
}

const COMMENT: PlanRequest = {
  kind: 'comment',
  phase: '3',
  flags: { force: false, status: false },
  actor: 'alice',
  actorIsBot: false,
  owner: 'octo-org',
  repo: 'octo-repo',
  issueNumber: 7,
  isPullRequest: false,
  commentId: 99
}

const FORK_PR: PullRequestRef = {
  number: 7,
  headSha: 'a'.repeat(40),
  headRef: 'feature',
  headRepo: 'mallory/octo-repo',
  baseRef: 'main',
  fromFork: true,
  state: 'open'
}

const NO_FORKS = { allowForks: false }

describe('authorise', () => {
  it('asks the collaborator-permission API about the actor', async () => {
    const { permissions, calls } = client({ alice: { permission: 'write', role_name: 'write' } })
    await expect(authorise(COMMENT, 'write', permissions, NO_FORKS)).resolves.toEqual({ ok: true })
    expect(calls).toEqual([{ owner: 'octo-org', repo: 'octo-repo', username: 'alice' }])
  })

  it('checks label triggers the same way', async () => {
    const { permissions, calls } = client({ alice: { permission: 'read', role_name: 'read' } })
    const label: PlanRequest = { ...COMMENT, kind: 'label', label: 'plan-phase:3' }
    await expect(authorise(label, 'write', permissions, NO_FORKS)).resolves.toMatchObject({
      ok: false,
      outcome: 'unauthorised'
    })
    expect(calls).toHaveLength(1)
  })

  it('refuses an actor below the required level, naming both', async () => {
    const { permissions } = client({ alice: { permission: 'read', role_name: 'triage' } })
    const result = await authorise(COMMENT, 'write', permissions, NO_FORKS)
    expect(result).toEqual({
      ok: false,
      outcome: 'unauthorised',
      message:
        '@alice has triage permission on octo-org/octo-repo; plan-phase needs at least write (the input `permission`).'
    })
  })

  it('treats a 404 (not a collaborator) as unauthorised', async () => {
    const { permissions } = client({})
    const result = await authorise(COMMENT, 'read', permissions, NO_FORKS)
    expect(result).toMatchObject({ ok: false, outcome: 'unauthorised' })
    if (!result.ok) expect(result.message).toContain('@alice is not a collaborator on octo-org/octo-repo')
  })

  it('rethrows other API errors', async () => {
    const permissions: PermissionsClient = {
      getCollaboratorPermission: () =>
        Promise.reject(Object.assign(new Error('Server Error'), { status: 500 }))
    }
    await expect(authorise(COMMENT, 'write', permissions, NO_FORKS)).rejects.toThrow('Server Error')
  })

  it('ranks read < triage < write < maintain < admin, preferring a built-in role_name', async () => {
    const { permissions } = client({
      alice: { permission: 'write', role_name: 'maintain' },
      bob: { permission: 'write', role_name: 'release-manager' },
      carol: { permission: 'admin' },
      dave: { permission: 'none' }
    })
    const as = (actor: string) => ({ ...COMMENT, actor })
    expect(await authorise(as('alice'), 'maintain', permissions, NO_FORKS)).toEqual({ ok: true })
    expect(await authorise(as('alice'), 'admin', permissions, NO_FORKS)).toMatchObject({ ok: false })
    expect(await authorise(as('bob'), 'write', permissions, NO_FORKS)).toEqual({ ok: true })
    expect(await authorise(as('bob'), 'maintain', permissions, NO_FORKS)).toMatchObject({ ok: false })
    expect(await authorise(as('carol'), 'admin', permissions, NO_FORKS)).toEqual({ ok: true })
    expect(await authorise(as('dave'), 'read', permissions, NO_FORKS)).toMatchObject({
      outcome: 'unauthorised'
    })
    expect(effectiveLevel({ permission: 'read', role_name: 'triage' })).toBe('triage')
    expect(effectiveLevel({ permission: 'write', role_name: 'custom' })).toBe('write')
  })

  it('never calls the API for workflow_dispatch', async () => {
    const { permissions, calls } = client({})
    const dispatch: PlanRequest = {
      ...COMMENT,
      kind: 'dispatch',
      issueNumber: undefined,
      commentId: undefined
    }
    await expect(authorise(dispatch, 'admin', permissions, NO_FORKS)).resolves.toEqual({ ok: true })
    expect(calls).toHaveLength(0)
  })

  it('refuses bots without calling the API', async () => {
    const { permissions, calls } = client({})
    const bot = { ...COMMENT, actor: 'helper[bot]', actorIsBot: true }
    await expect(authorise(bot, 'write', permissions, NO_FORKS)).resolves.toMatchObject({
      outcome: 'ignored-bot'
    })
    expect(calls).toHaveLength(0)
  })

  it('refuses fork pull requests unless allow-forks, explaining why and how', async () => {
    const { permissions } = client({ alice: { permission: 'admin', role_name: 'admin' } })
    const onFork: PlanRequest = { ...COMMENT, isPullRequest: true, pullRequest: FORK_PR }
    const refused = await authorise(onFork, 'write', permissions, NO_FORKS)
    expect(refused).toMatchObject({ ok: false, outcome: 'fork-refused' })
    if (!refused.ok) {
      expect(refused.message).toContain('@alice')
      expect(refused.message).toContain('mallory/octo-repo')
      expect(refused.message).toContain('untrusted code')
      expect(refused.message).toContain('set the input `allow-forks` to `true`')
      expect(refused.message).toContain('stage: plan')
      expect(refused.message).toContain('stage: publish')
    }
    expect(await authorise(onFork, 'write', permissions, { allowForks: true })).toEqual({ ok: true })
    const sameRepo = { ...onFork, pullRequest: { ...FORK_PR, fromFork: false } }
    expect(await authorise(sameRepo, 'write', permissions, NO_FORKS)).toEqual({ ok: true })
  })

  it('checks permission before the fork', async () => {
    const { permissions } = client({})
    const onFork: PlanRequest = { ...COMMENT, isPullRequest: true, pullRequest: FORK_PR }
    expect(await authorise(onFork, 'write', permissions, NO_FORKS)).toMatchObject({ outcome: 'unauthorised' })
  })

  it('throws when a pull request comment arrives without the pull request read', async () => {
    const { permissions } = client({ alice: { permission: 'write' } })
    const unread: PlanRequest = { ...COMMENT, isPullRequest: true }
    await expect(authorise(unread, 'write', permissions, NO_FORKS)).rejects.toThrow('pull request read first')
  })
})

describe('authoriseActor and checkFork, the two halves', () => {
  const repository = { owner: 'octo-org', repo: 'octo-repo' }

  it('authoriseActor needs no pull request: a malformed command is answered only for a writer', async () => {
    const { permissions, calls } = client({ alice: { permission: 'write' }, bob: { permission: 'read' } })
    const alice = { login: 'alice', isBot: false }
    await expect(authoriseActor(alice, 'comment', repository, 'write', permissions)).resolves.toEqual({
      ok: true
    })
    await expect(
      authoriseActor({ login: 'bob', isBot: false }, 'label', repository, 'write', permissions)
    ).resolves.toMatchObject({ ok: false, outcome: 'unauthorised' })
    await expect(
      authoriseActor({ login: 'ci[bot]', isBot: true }, 'comment', repository, 'read', permissions)
    ).resolves.toMatchObject({ ok: false, outcome: 'ignored-bot' })
    expect(calls.map(call => call.username)).toEqual(['alice', 'bob'])
  })

  it('authoriseActor trusts GitHub for a dispatch and asks nothing', async () => {
    const { permissions, calls } = client({})
    const bot = { login: 'release[bot]', isBot: true }
    await expect(authoriseActor(bot, 'dispatch', repository, 'admin', permissions)).resolves.toEqual({
      ok: true
    })
    expect(calls).toEqual([])
  })

  it('checkFork refuses a fork (or a deleted head repository) unless allow-forks', () => {
    expect(checkFork(FORK_PR, 'alice', 'octo-org/octo-repo', NO_FORKS)).toMatchObject({
      outcome: 'fork-refused'
    })
    const deleted = { ...FORK_PR, headRepo: '' }
    const refused = checkFork(deleted, 'alice', 'octo-org/octo-repo', NO_FORKS)
    expect(refused.ok ? '' : refused.message).toContain('(a deleted repository)')
    expect(checkFork(FORK_PR, 'alice', 'octo-org/octo-repo', { allowForks: true })).toEqual({ ok: true })
  })
})
