/** Delivery against the local GitHub server with the real Octokit (retry + throttling). */
import type { GitHubClients } from '../../src/adapters/github.js'
import { MAX_DOCUMENT_BYTES } from '../../src/deliver/commit.js'
import { deliverPullRequest, type PullRequestDelivery } from '../../src/deliver/pull-request.js'
import {
  deliverToPullRequestBranch,
  type PullRequestBranchDelivery
} from '../../src/deliver/pull-request-branch.js'
import { localRepository } from '../../src/adapters/git-objects.js'
import { UserError } from '../../src/errors.js'
import { checkoutFromServer } from '../support/action-process.js'
import { mkdtempSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { startGitHubServer, type GitHubServer } from '../support/github-server/index.js'
import { checkAndCloseAfterEach, localClients, warningsInto } from '../support/local-clients.js'

const owner = 'acme'
const repo = 'widgets'
const TOKEN = 'ghs_secretTokenValue123'
const BRANCH = 'plan-phase/phase-3'
const PLAN = 'admin/refactor-providers/action/phase_3_execution_plan.md'
const STATUS = 'admin/status/phase_3_execution_plan.md'

let server: GitHubServer
let clients: GitHubClients
let warnings: string[]

function files(version: string): { path: string; content: string }[] {
  return [
    { path: PLAN, content: `# Phase 3 plan ${version}\n\nStep ✓ 😀\n` },
    { path: STATUS, content: `# Status ${version}\n` }
  ]
}

function prInput(overrides: Partial<PullRequestDelivery> = {}): PullRequestDelivery {
  return {
    owner,
    repo,
    phase: '3',
    title: 'Providers @everyone closes #1',
    branch: 'plan-phase/phase-3',
    files: files('v1'),
    commitMessage: 'plan-phase: Phase 3 execution plan',
    issueNumber: 1,
    web: 'https://github.com',
    coverage: { percent: 100, found: 4, total: 4 },
    ...overrides
  }
}

async function start(options: { allowActionsToCreatePullRequests?: boolean } = {}): Promise<void> {
  warnings = []
  server = await startGitHubServer()
  server.state.createRepo({ owner, repo, files: { 'README.md': '# widgets\n' }, ...options })
  server.state.createIssue({ owner, repo, title: 'Plan phase 3' })
  clients = localClients(server, warningsInto(warnings), TOKEN)
}

checkAndCloseAfterEach(() => server)

const history = (branch: string): string[] => server.state.history(owner, repo, branch).map(c => c.sha)
const created = (operationId: string): number =>
  server.requestsFor(operationId).filter(r => r.status >= 200 && r.status < 300).length
const forced = (): boolean =>
  server.requestsFor('git/update-ref').some(r => JSON.stringify(r.body).includes('"force":true'))
/** Requests that write (GraphQL reads are POSTs too, but only read). */
const writes = () => server.requests.filter(r => r.method !== 'GET' && r.operationId !== 'graphql/repository')
const COMMIT_ON_BRANCH = 'graphql/createCommitOnBranch'

describe('pull-request delivery', () => {
  beforeEach(() => start())

  it('creates the branch, a signed commit on the base head and the pull request', async () => {
    const mainHead = history('main')[0]
    const result = await deliverPullRequest(clients, prInput())
    expect(result).toMatchObject({
      operation: 'created',
      outcome: 'planned',
      branch: BRANCH,
      base: 'main',
      verified: true
    })
    const head = server.state.headCommit(owner, repo, BRANCH)
    expect(head?.sha).toBe(result.commitSha)
    expect(head?.parents).toEqual([mainHead])
    expect(server.state.readFile(owner, repo, BRANCH, PLAN)).toBe(files('v1')[0]?.content)
    const pulls = server.state.pullRequests(owner, repo)
    expect(pulls).toHaveLength(1)
    expect(pulls[0]).toMatchObject({ number: result.number, headRef: BRANCH, baseRef: 'main' })
    expect(pulls[0]?.title).toMatch(
      /^plan-phase: Phase 3 execution plan — Providers @\u200deveryone c\u200dloses #\u200d1$/
    )
    expect(pulls[0]?.body).toContain('Requested in #1.')
    expect(pulls[0]?.body).not.toMatch(/@everyone|closes #1/)
    expect(result.url).toBe(`https://github.com/${owner}/${repo}/pull/${result.number}`)
  })

  it('re-run with the same documents: unchanged, no new commit or pull request', async () => {
    const first = await deliverPullRequest(clients, prInput())
    const written = writes().length
    const again = await deliverPullRequest(clients, prInput())
    expect(again).toMatchObject({ operation: 'unchanged', outcome: 'unchanged', commitSha: first.commitSha })
    // The unchanged run writes nothing: the documents were compared from the one read.
    expect(writes()).toHaveLength(written)
    expect(created(COMMIT_ON_BRANCH)).toBe(1)
    expect(server.requestsFor('git/create-blob')).toHaveLength(0)
    expect(server.requestsFor('git/get-blob')).toHaveLength(0)
    expect(server.state.pullRequests(owner, repo)).toHaveLength(1)
  })

  it('re-run with changed documents commits on top and updates the one pull request, keeping a human commit', async () => {
    const first = await deliverPullRequest(clients, prInput())
    const human = server.state.addCommit(owner, repo, BRANCH, { 'notes.md': 'by a human\n' }, 'Human notes')
    const again = await deliverPullRequest(clients, prInput({ files: files('v2') }))
    expect(again).toMatchObject({ operation: 'updated', outcome: 'planned', number: first.number })
    expect(history(BRANCH).slice(0, 3)).toEqual([again.commitSha, human.sha, first.commitSha])
    expect(server.state.readFile(owner, repo, BRANCH, 'notes.md')).toBe('by a human\n')
    expect(server.state.readFile(owner, repo, BRANCH, STATUS)).toBe('# Status v2\n')
    expect(server.state.pullRequests(owner, repo)).toHaveLength(1)
    expect(forced()).toBe(false)
  })

  it('updates the title and body of an existing pull request when they changed', async () => {
    await deliverPullRequest(clients, prInput())
    const again = await deliverPullRequest(
      clients,
      prInput({ title: 'Renamed', coverage: { percent: 100, found: 5, total: 5 } })
    )
    expect(again.operation).toBe('updated')
    expect(server.state.pullRequests(owner, repo)[0]?.title).toBe(
      'plan-phase: Phase 3 execution plan — Renamed'
    )
    expect(server.requestsFor('pulls/update')).toHaveLength(1)
  })

  it('a push between read and write (refused by expectedHeadOid) is built on, never force-pushed', async () => {
    await deliverPullRequest(clients, prInput())
    let race = ''
    server.fault({
      path: '/graphql',
      operation: COMMIT_ON_BRANCH,
      respond: {
        type: 'before',
        run: () => void (race = server.state.addCommit(owner, repo, BRANCH, { 'x.md': 'x\n' }, 'Race').sha)
      }
    })
    const again = await deliverPullRequest(clients, prInput({ files: files('v2') }))
    expect(again.outcome).toBe('planned')
    expect(server.requestsFor(COMMIT_ON_BRANCH).map(r => r.message ?? '')).toEqual([
      '',
      expect.stringContaining('Expected branch to point to'),
      ''
    ])
    expect(server.state.headCommit(owner, repo, BRANCH)?.parents).toEqual([race])
    expect(server.state.readFile(owner, repo, BRANCH, 'x.md')).toBe('x\n')
    expect(server.state.readFile(owner, repo, BRANCH, PLAN)).toContain('v2')
    expect(forced()).toBe(false)
  })

  it('500 then success: exactly one commit and one pull request', async () => {
    server.fault({ method: 'POST', path: '/graphql', operation: COMMIT_ON_BRANCH, respond: 500 })
    server.fault({ method: 'POST', path: '/repos/{owner}/{repo}/pulls', respond: 502 })
    const result = await deliverPullRequest(clients, prInput())
    expect(result.operation).toBe('created')
    expect(history(BRANCH)).toHaveLength(2)
    expect(server.requestsFor(COMMIT_ON_BRANCH).map(r => r.status)).toEqual([500, 200])
    expect(created('git/create-ref')).toBe(1)
    expect(server.state.pullRequests(owner, repo)).toHaveLength(1)
    expect(server.faults.unused()).toHaveLength(0)
  })

  it('a secondary rate limit with Retry-After: 1 is waited out and retried; the token is never logged', async () => {
    server.fault({
      method: 'POST',
      path: '/repos/{owner}/{repo}/pulls',
      respond: { type: 'secondary-rate-limit', retryAfter: 1 }
    })
    const result = await deliverPullRequest(clients, prInput())
    expect(result.operation).toBe('created')
    expect(server.requestsFor('pulls/create').map(r => r.status)).toEqual([403, 201])
    expect(warnings.join('\n')).toMatch(/secondary rate limit on POST .*pulls: retrying in 1 s/)
    expect(warnings.join('\n')).not.toContain(TOKEN)
  })

  it('a rate limit asking for more than 60 s is not waited for, and not mistaken for a refusal', async () => {
    server.fault({
      method: 'POST',
      path: '/repos/{owner}/{repo}/pulls',
      respond: { type: 'secondary-rate-limit', retryAfter: 120 }
    })
    await expect(deliverPullRequest(clients, prInput())).rejects.toMatchObject({ status: 403 })
    expect(server.requestsFor('pulls/create')).toHaveLength(1)
    expect(warnings.join('\n')).toContain('giving up')
  })

  it('the branch created by someone else between the read and ours: built on, their commit kept', async () => {
    let theirs = ''
    server.fault({
      method: 'POST',
      path: '/repos/{owner}/{repo}/git/refs',
      respond: {
        type: 'before',
        run: () => {
          server.state.createBranch(owner, repo, BRANCH, 'main')
          theirs = server.state.addCommit(owner, repo, BRANCH, { 'notes.md': 'mine\n' }, 'Mine').sha
        }
      }
    })
    const result = await deliverPullRequest(clients, prInput())
    expect(result).toMatchObject({ operation: 'created', outcome: 'planned' })
    expect(server.requestsFor('git/create-ref').map(r => r.status)).toEqual([422])
    expect(server.state.headCommit(owner, repo, BRANCH)?.parents).toEqual([theirs])
    expect(server.state.readFile(owner, repo, BRANCH, 'notes.md')).toBe('mine\n')
    expect(server.state.readFile(owner, repo, BRANCH, PLAN)).toBe(files('v1')[0]?.content)
  })

  it('a 422 on creating the branch that is no race (a ruleset): stops at once with GitHub’s message and the setting', async () => {
    const ruleset = 'Repository rule violations found\n\nCannot create ref due to creations being restricted.'
    server.fault({
      method: 'POST',
      path: '/repos/{owner}/{repo}/git/refs',
      times: Infinity,
      respond: { type: 'validation', message: ruleset }
    })
    const failure = deliverPullRequest(clients, prInput({ branchSetting: 'the input `branch`' }))
    await expect(failure).rejects.toBeInstanceOf(UserError)
    await expect(failure).rejects.toThrow(
      /GitHub refused to create the branch `plan-phase\/phase-3` \(422: Repository rule violations found\n\nCannot create ref due to creations being restricted\.\); nothing was pushed\. .*the input `branch`/s
    )
    expect(server.requestsFor('git/create-ref').map(r => r.status)).toEqual([422])
    expect(writes().filter(r => r.operationId !== 'git/create-ref')).toHaveLength(0)
    expect(server.state.branchHead(owner, repo, BRANCH)).toBeUndefined()
  })

  it('a branch name GitHub rejects as a ref: one request, GitHub’s reason, nothing written', async () => {
    const failure = deliverPullRequest(clients, prInput({ branch: 'plan-phase/phase..3' }))
    await expect(failure).rejects.toThrow(
      /GitHub refused to create the branch `plan-phase\/phase\.\.3` \(422: refs\/heads\/plan-phase\/phase\.\.3 is not a valid ref name\.\)/
    )
    expect(server.requestsFor('git/create-ref').map(r => r.status)).toEqual([422])
    expect(writes().filter(r => r.operationId !== 'git/create-ref')).toHaveLength(0)
  })

  it('a branch that keeps moving under every attempt: reported, every push kept, never forced', async () => {
    await deliverPullRequest(clients, prInput())
    const pushes: string[] = []
    server.fault({
      path: '/graphql',
      operation: COMMIT_ON_BRANCH,
      times: Infinity,
      respond: {
        type: 'before',
        run: () =>
          void pushes.push(
            server.state.addCommit(owner, repo, BRANCH, { [`p${pushes.length}.md`]: 'x\n' }).sha
          )
      }
    })
    const again = await deliverPullRequest(clients, prInput({ files: files('v2') }))
    expect(again).toMatchObject({ operation: 'none', outcome: 'failed' })
    expect(again.message).toMatch(
      /GitHub refused to move the branch `plan-phase\/phase-3` \(the branch moved to [0-9a-f]{7} meanwhile\); nothing was force-pushed/
    )
    expect(pushes).toHaveLength(3)
    expect(server.state.branchHead(owner, repo, BRANCH)).toBe(pushes[2])
    expect(server.state.readFile(owner, repo, BRANCH, PLAN)).toBe(files('v1')[0]?.content)
  })

  it('a lost answer to the commit that took effect: found as ours by its tree, not sent twice', async () => {
    server.fault({
      method: 'POST',
      path: '/graphql',
      operation: COMMIT_ON_BRANCH,
      respond: { type: 'lost-response' }
    })
    const result = await deliverPullRequest(clients, prInput())
    expect(result).toMatchObject({ operation: 'created', outcome: 'planned' })
    expect(server.requestsFor(COMMIT_ON_BRANCH).map(r => r.status)).toEqual([502])
    expect(history(BRANCH)).toHaveLength(2)
    expect(result.commitSha).toBe(history(BRANCH)[0])
  })

  it('hands the issue’s newest comments, read with the branch, to the reply lookup', async () => {
    server.state.addComment({ owner, repo, number: 1, body: 'Please plan phase 3.', user: 'maintainer' })
    const result = await deliverPullRequest(clients, prInput())
    expect(result.thread?.comments.map(c => c.body)).toEqual(['Please plan phase 3.'])
    expect(server.requestsFor('graphql/repository')).toHaveLength(1)
  })

  it('a GraphQL error on the read of the branches is a user error that names GitHub’s reason', async () => {
    server.fault({
      method: 'POST',
      path: '/graphql',
      graphqlOperation: 'PlanPhaseBranches',
      respond: {
        type: 'graphql-error',
        errorType: 'FORBIDDEN',
        message: 'Resource not accessible by integration'
      }
    })
    const failure = deliverPullRequest(clients, prInput())
    await expect(failure).rejects.toBeInstanceOf(UserError)
    await expect(failure).rejects.toThrow(
      /FORBIDDEN: Resource not accessible by integration\); nothing was pushed/
    )
    expect(writes()).toHaveLength(0)
  })

  it('documents already on the base: nothing to branch or open', async () => {
    server.state.addCommit(owner, repo, 'main', Object.fromEntries(files('v1').map(f => [f.path, f.content])))
    const result = await deliverPullRequest(clients, prInput())
    expect(result).toMatchObject({ operation: 'none', outcome: 'unchanged' })
    expect(server.state.branchHead(owner, repo, BRANCH)).toBeUndefined()
  })

  it('refuses a document over 5 MiB and a missing base before writing anything', async () => {
    const big = [{ path: PLAN, content: 'x'.repeat(MAX_DOCUMENT_BYTES + 1) }]
    await expect(deliverPullRequest(clients, prInput({ files: big }))).rejects.toThrow(
      new RegExp(`${PLAN} is ${MAX_DOCUMENT_BYTES + 1} bytes`)
    )
    await expect(deliverPullRequest(clients, prInput({ base: 'nope' }))).rejects.toBeInstanceOf(UserError)
    expect(writes()).toHaveLength(0)
  })
})

describe('pull-request delivery when Actions may not create pull requests', () => {
  beforeEach(() => start({ allowActionsToCreatePullRequests: false }))

  it('pushes the branch and gives the compare link and the setting', async () => {
    const result = await deliverPullRequest(clients, prInput({ web: 'https://ghe.example.com' }))
    expect(result).toMatchObject({ operation: 'none', outcome: 'pull-request-refused', branch: BRANCH })
    expect(result.compareUrl).toBe(
      `https://ghe.example.com/${owner}/${repo}/compare/main...plan-phase/phase-3?expand=1`
    )
    expect(result.message).toContain('Settings → Actions → General → Workflow permissions')
    expect(server.state.readFile(owner, repo, BRANCH, PLAN)).toBe(files('v1')[0]?.content)
    expect(server.state.pullRequests(owner, repo)).toHaveLength(0)
  })
})

describe('delivery onto the pull request branch', () => {
  let tested: string
  let number: number

  beforeEach(async () => {
    await start()
    const pull = server.state.openPullRequest({
      owner,
      repo,
      head: 'feature',
      files: { 'src/app.py': 'print(1)\n' }
    })
    tested = pull.headSha
    number = pull.number
  })

  function input(overrides: Partial<PullRequestBranchDelivery> = {}): PullRequestBranchDelivery {
    return {
      owner,
      repo,
      phase: '3',
      pullRequest: {
        number,
        headSha: tested,
        headRef: 'feature',
        headRepo: `${owner}/${repo}`,
        baseRef: 'main',
        fromFork: false,
        state: 'open'
      },
      files: files('v1'),
      commitMessage: 'plan-phase: Phase 3 execution plan',
      ...overrides
    }
  }

  it('commits on top of the tested head of an open pull request', async () => {
    const result = await deliverToPullRequestBranch(clients, input())
    expect(result).toMatchObject({
      operation: 'updated',
      outcome: 'planned',
      number,
      branch: 'feature',
      verified: true
    })
    expect(server.state.headCommit(owner, repo, 'feature')?.parents).toEqual([tested])
    expect(server.state.readFile(owner, repo, 'feature', 'src/app.py')).toBe('print(1)\n')
    const again = await deliverToPullRequestBranch(
      clients,
      input({ pullRequest: { ...input().pullRequest, headSha: result.commitSha ?? '' } })
    )
    expect(again).toMatchObject({ operation: 'unchanged', outcome: 'unchanged' })
  })

  it.each([
    ['closed', () => server.state.closePullRequest(owner, repo, number)],
    ['merged', () => void server.state.mergePullRequest(owner, repo, number)],
    ['branch deleted', () => server.state.deleteBranch(owner, repo, 'feature')]
  ])('%s before delivery: nothing pushed', async (_what, act) => {
    act()
    const result = await deliverToPullRequestBranch(clients, input())
    expect(result.outcome).toBe('pull-request-closed')
    expect(writes()).toHaveLength(0)
  })

  it('head moved after the gate: nothing pushed, asks to re-run', async () => {
    const human = server.state.addCommit(owner, repo, 'feature', { 'b.py': '' })
    const result = await deliverToPullRequestBranch(clients, input())
    expect(result.outcome).toBe('head-moved')
    expect(result.message).toContain('`/plan-phase 3`')
    expect(server.state.branchHead(owner, repo, 'feature')).toBe(human.sha)
    expect(writes()).toHaveLength(0)
  })

  it('a push during delivery: createCommitOnBranch refuses by expectedHeadOid; head-moved names the new head', async () => {
    let pushed = ''
    server.fault({
      path: '/graphql',
      operation: 'graphql/createCommitOnBranch',
      respond: {
        type: 'before',
        run: () => void (pushed = server.state.addCommit(owner, repo, 'feature', { 'c.py': '' }).sha)
      }
    })
    const result = await deliverToPullRequestBranch(clients, input())
    expect(result.outcome).toBe('head-moved')
    expect(result.message).toContain(`to ${pushed.slice(0, 7)} while the gate ran`)
    expect(server.state.branchHead(owner, repo, 'feature')).toBe(pushed)
    expect(server.state.readFile(owner, repo, 'feature', PLAN)).toBeUndefined()
    expect(server.requestsFor('graphql/createCommitOnBranch').map(r => r.message)).toEqual([
      expect.stringContaining(`Expected branch to point to "${tested}"`)
    ])
  })

  describe('after an answer to createCommitOnBranch that was lost, the tree decides whose commit it is', () => {
    const COMMIT = 'graphql/createCommitOnBranch'
    const MESSAGE = 'plan-phase: Phase 3 execution plan'
    /** Runs `act` when delivery reads the branch back, i.e. after the lost answer. */
    const onReadBack = (act: () => void): void =>
      void server.fault({
        method: 'GET',
        path: '/repos/{owner}/{repo}/git/ref/{ref}',
        respond: { type: 'before', run: act }
      })

    it.each([
      [
        'other contents at our paths',
        { [PLAN]: 'someone else’s plan\n', [STATUS]: 'someone else’s status\n' }
      ],
      [
        'our documents and one more change',
        { ...Object.fromEntries(files('v1').map(f => [f.path, f.content])), 'x.py': '' }
      ],
      ['only one of our documents', { [PLAN]: files('v1')[0]?.content ?? '' }]
    ])(
      'someone else’s commit with our message and parent (%s) is not ours: head-moved',
      async (_what, theirs) => {
        server.fault({ method: 'POST', path: '/graphql', operation: COMMIT, respond: 502 })
        let impostor = ''
        onReadBack(
          () => void (impostor = server.state.addCommit(owner, repo, 'feature', theirs, MESSAGE).sha)
        )
        const result = await deliverToPullRequestBranch(clients, input())
        expect(server.state.headCommit(owner, repo, 'feature')).toMatchObject({
          message: MESSAGE,
          parents: [tested]
        })
        expect(result).toMatchObject({ outcome: 'head-moved', operation: 'none' })
        expect(result.commitSha).toBeUndefined()
        expect(result.message).toContain(`to ${impostor.slice(0, 7)} while the gate ran`)
        // Sent once: the branch had moved, so a second attempt would only have been refused.
        expect(server.requestsFor(COMMIT).map(r => r.status)).toEqual([502])
      }
    )

    it('our commit with a human push on top is found as ours: nothing lost, nothing sent twice', async () => {
      server.fault({
        method: 'POST',
        path: '/graphql',
        operation: COMMIT,
        respond: { type: 'lost-response' }
      })
      let human = ''
      onReadBack(
        () =>
          void (human = server.state.addCommit(owner, repo, 'feature', { 'NOTES.md': 'mine\n' }, MESSAGE).sha)
      )
      const result = await deliverToPullRequestBranch(clients, input())
      const history = server.state.history(owner, repo, 'feature')
      const ours = history[1]
      expect(history.map(commit => commit.sha).slice(0, 3)).toEqual([human, ours?.sha, tested])
      expect(result).toMatchObject({
        outcome: 'planned',
        operation: 'updated',
        commitSha: ours?.sha,
        verified: true
      })
      expect(server.requestsFor(COMMIT).map(r => r.status)).toEqual([502])
      expect(server.state.branchHead(owner, repo, 'feature')).toBe(human)
      expect(server.state.readFile(owner, repo, 'feature', PLAN)).toBe(files('v1')[0]?.content)
      expect(server.state.readFile(owner, repo, 'feature', 'NOTES.md')).toBe('mine\n')
    })

    it('a lost answer with no commit made and the branch unmoved: the same guarded commit is sent once more', async () => {
      server.fault({ method: 'POST', path: '/graphql', operation: COMMIT, respond: 502 })
      const result = await deliverToPullRequestBranch(clients, input())
      expect(result).toMatchObject({ outcome: 'planned' })
      expect(server.requestsFor(COMMIT).map(r => r.status)).toEqual([502, 200])
      expect(server.state.headCommit(owner, repo, 'feature')?.parents).toEqual([tested])
    })
  })

  it('refuses a document over 5 MiB before any request', async () => {
    const before = server.requests.length
    const big = [{ path: PLAN, content: 'x'.repeat(MAX_DOCUMENT_BYTES + 1) }]
    await expect(deliverToPullRequestBranch(clients, input({ files: big }))).rejects.toThrow(
      new RegExp(`${PLAN} is ${MAX_DOCUMENT_BYTES + 1} bytes`)
    )
    expect(server.requests.length).toBe(before)
  })

  it('reports a commit GitHub did not sign as unsigned', async () => {
    server.state.signApiCommits = false
    const result = await deliverToPullRequestBranch(clients, input())
    expect(result).toMatchObject({ outcome: 'planned', verified: false })
  })

  it('hands the pull request’s newest comments to the reply lookup', async () => {
    server.state.addComment({ owner, repo, number, body: 'looks good' })
    const result = await deliverToPullRequestBranch(clients, input())
    expect(result.thread?.comments.map(comment => comment.body)).toEqual(['looks good'])
    expect(result.thread?.earlier).toBeUndefined()
  })

  describe('with the checkout of the tested commit', () => {
    const dirs: string[] = []
    const checkout = (sha: string): string => {
      const dir = mkdtempSync(join(tmpdir(), 'plan-phase-local-'))
      dirs.push(dir)
      checkoutFromServer(server, sha, dir)
      return dir
    }
    afterAll(() => {
      for (const dir of dirs) rmSync(dir, { recursive: true, force: true })
    })

    it('an unchanged re-run is decided from the local objects: no git reads, no writes', async () => {
      const first = await deliverToPullRequestBranch(
        clients,
        input({ local: localRepository(checkout(tested)) })
      )
      expect(first.outcome).toBe('planned')
      // Nothing to read from GitHub: the checkout held the tested commit.
      expect(server.requests.filter(r => r.operationId?.startsWith('git/'))).toEqual([])
      const head = first.commitSha ?? ''
      const before = server.requests.length
      // Other bytes, but the same document up to volatile details: the local blobs are compared.
      const again = await deliverToPullRequestBranch(
        clients,
        input({
          pullRequest: { ...input().pullRequest, headSha: head },
          files: files('v1 (re-rendered)'),
          sameContent: (existing, wanted) =>
            existing.replace(' (re-rendered)', '') === wanted.replace(' (re-rendered)', ''),
          local: localRepository(checkout(head))
        })
      )
      expect(again).toMatchObject({ operation: 'unchanged', outcome: 'unchanged', commitSha: head })
      expect(server.requests.slice(before).map(r => r.operationId)).toEqual(['graphql/repository'])
      expect(server.state.branchHead(owner, repo, 'feature')).toBe(head)
    })

    it('a checkout without the tested commit cannot vouch for it: GitHub is asked', async () => {
      const elsewhere = checkout(server.state.branchHead(owner, repo, 'main') ?? '')
      const result = await deliverToPullRequestBranch(clients, input({ local: localRepository(elsewhere) }))
      expect(result.outcome).toBe('planned')
      expect(server.requestsFor('git/get-commit')).toHaveLength(1)
      expect(server.requestsFor('git/get-tree')).toHaveLength(1)
    })
  })

  it('a GraphQL error on the read is a user error that names GitHub’s reason', async () => {
    server.fault({
      path: '/graphql',
      respond: {
        type: 'graphql-error',
        errorType: 'NOT_FOUND',
        message: 'Could not resolve to a PullRequest.'
      }
    })
    const failure = deliverToPullRequestBranch(clients, input())
    await expect(failure).rejects.toBeInstanceOf(UserError)
    await expect(failure).rejects.toThrow(
      '(NOT_FOUND: Could not resolve to a PullRequest.); nothing was pushed'
    )
    expect(writes()).toHaveLength(0)
  })

  it('refuses a pull request from a fork', async () => {
    server.state.createRepo({ owner: 'forker', repo, forkOf: { owner, repo } })
    const fork = server.state.openPullRequest({
      owner,
      repo,
      head: 'patch',
      headOwner: 'forker',
      files: { 'f.py': '' }
    })
    const result = await deliverToPullRequestBranch(
      clients,
      input({
        pullRequest: { ...input().pullRequest, number: fork.number, headSha: fork.headSha, fromFork: true }
      })
    )
    expect(result.outcome).toBe('fork-refused')
    expect(writes()).toHaveLength(0)
  })
})
