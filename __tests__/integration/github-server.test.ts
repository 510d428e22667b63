/** The fake GitHub server, driven by real Octokit: state, git round trips, GitHub's refusals, faults, payloads. */
import { execFileSync } from 'node:child_process'
import { mkdtempSync, mkdirSync, rmSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { getOctokit } from '@actions/github'
import { throttling } from '@octokit/plugin-throttling'
import {
  expectNoViolations,
  issueCommentPayload,
  issuesLabeledPayload,
  startGitHubServer,
  workflowDispatchPayload,
  type GitHubServer
} from '../support/github-server/index.js'

const owner = 'acme'
const repo = 'widgets'

function statusOf(error: unknown): number | undefined {
  return typeof error === 'object' && error !== null && 'status' in error ? Number(error.status) : undefined
}

async function failure(promise: Promise<unknown>): Promise<{ status: number | undefined; message: string }> {
  try {
    await promise
  } catch (error) {
    return { status: statusOf(error), message: error instanceof Error ? error.message : String(error) }
  }
  throw new Error('expected the request to fail')
}

describe('fake GitHub server', () => {
  let server: GitHubServer
  let octokit: ReturnType<typeof getOctokit>

  beforeEach(async () => {
    server = await startGitHubServer()
    server.state.createRepo({
      owner,
      repo,
      files: { 'README.md': '# widgets\n', 'src/app.py': 'print(1)\n' }
    })
    octokit = getOctokit('test-token', { baseUrl: server.url })
  })

  afterEach(async () => {
    await server.close()
  })

  it('round-trips blob → tree (base_tree, nested paths) → commit → ref update, then reads the files back', async () => {
    const { data: ref } = await octokit.rest.git.getRef({ owner, repo, ref: 'heads/main' })
    const { data: head } = await octokit.rest.git.getCommit({ owner, repo, commit_sha: ref.object.sha })
    const { data: blob } = await octokit.rest.git.createBlob({
      owner,
      repo,
      content: '# Plan\n\nStep 1 ✓\n',
      encoding: 'utf-8'
    })
    const { data: blob64 } = await octokit.rest.git.createBlob({
      owner,
      repo,
      content: Buffer.from('status: ok\n').toString('base64'),
      encoding: 'base64'
    })
    const { data: tree } = await octokit.rest.git.createTree({
      owner,
      repo,
      base_tree: head.tree.sha,
      tree: [
        {
          path: 'admin/refactor-providers/action/phase_3_execution_plan.md',
          mode: '100644',
          type: 'blob',
          sha: blob.sha
        },
        { path: 'admin/status/phase_3_execution_plan.md', mode: '100644', type: 'blob', sha: blob64.sha },
        { path: 'notes.txt', mode: '100644', type: 'blob', content: 'inline\n' }
      ]
    })
    const { data: commit } = await octokit.rest.git.createCommit({
      owner,
      repo,
      message: 'plan-phase: phase 3',
      tree: tree.sha,
      parents: [head.sha]
    })
    expect(commit.verification?.verified).toBe(true)
    expect(commit.verification?.reason).toBe('valid')
    const { data: updated } = await octokit.rest.git.updateRef({
      owner,
      repo,
      ref: 'heads/main',
      sha: commit.sha
    })
    expect(updated.object.sha).toBe(commit.sha)

    const { data: content } = await octokit.rest.repos.getContent({
      owner,
      repo,
      path: 'admin/status/phase_3_execution_plan.md',
      ref: 'main'
    })
    if (Array.isArray(content) || content.type !== 'file') throw new Error('expected a file')
    expect(Buffer.from(content.content, 'base64').toString('utf8')).toBe('status: ok\n')
    const { data: full } = await octokit.rest.git.getTree({
      owner,
      repo,
      tree_sha: commit.tree.sha,
      recursive: '1'
    })
    expect(full.tree.map(entry => entry.path)).toEqual(
      expect.arrayContaining(['admin', 'admin/status', 'README.md', 'src/app.py', 'notes.txt'])
    )
    const files = server.state.files(owner, repo, 'main')
    expect(files['admin/refactor-providers/action/phase_3_execution_plan.md']).toBe('# Plan\n\nStep 1 ✓\n')
    expect(files['src/app.py']).toBe('print(1)\n')
    expect(server.state.history(owner, repo, 'main').map(c => c.message)).toEqual([
      'plan-phase: phase 3',
      'Initial commit'
    ])
    const { data: fetchedBlob } = await octokit.rest.git.getBlob({ owner, repo, file_sha: blob.sha })
    expect(Buffer.from(fetchedBlob.content, 'base64').toString('utf8')).toBe('# Plan\n\nStep 1 ✓\n')
    const { data: compare } = await octokit.rest.repos.compareCommitsWithBasehead({
      owner,
      repo,
      basehead: `${head.sha}...main`
    })
    expect([compare.status, compare.ahead_by, compare.behind_by]).toEqual(['ahead', 1, 0])
    expectNoViolations(server)
  })

  it('computes the same object ids as git', () => {
    const dir = mkdtempSync(join(tmpdir(), 'fake-gh-git-'))
    try {
      sameObjectIds(dir)
    } finally {
      rmSync(dir, { recursive: true, force: true })
    }
  })

  function sameObjectIds(dir: string): void {
    const git = (...args: string[]): string =>
      execFileSync('git', args, {
        cwd: dir,
        env: {
          ...process.env,
          GIT_AUTHOR_NAME: 'A',
          GIT_AUTHOR_EMAIL: 'a@x',
          GIT_AUTHOR_DATE: '1700000000 +0000',
          GIT_COMMITTER_NAME: 'A',
          GIT_COMMITTER_EMAIL: 'a@x',
          GIT_COMMITTER_DATE: '1700000000 +0000'
        }
      })
        .toString()
        .trim()
    git('init', '-q')
    mkdirSync(join(dir, 'admin/status'), { recursive: true })
    writeFileSync(join(dir, 'admin/status/x.md'), 'x\n')
    writeFileSync(join(dir, 'admin-notes'), 'n\n')
    writeFileSync(join(dir, 'a.txt'), 'a\n')
    git('add', '.')
    const gitTree = git('write-tree')
    const gitCommit = git('commit-tree', gitTree, '-m', 'msg')
    const { git: store } = server.state
    const tree = store.treeFromFiles({ 'admin/status/x.md': 'x\n', 'admin-notes': 'n\n', 'a.txt': 'a\n' })
    expect(tree).toBe(gitTree)
    const date = new Date(1700000000 * 1000).toISOString()
    const signature = { name: 'A', email: 'a@x', date }
    const commit = store.putCommit({
      message: 'msg\n',
      tree,
      parents: [],
      author: signature,
      committer: signature,
      verification: { verified: false, reason: 'unsigned', signature: null, payload: null, verified_at: null }
    })
    expect(commit.sha).toBe(gitCommit)
  }

  it('refuses a non-fast-forward ref update with 422 and leaves the branch alone; force and protection work', async () => {
    const before = server.state.branchHead(owner, repo, 'main')
    const sibling = server.state.addCommit(owner, repo, 'other', { 'x.txt': 'x' })
    server.state.addCommit(owner, repo, 'main', { 'human.txt': 'pushed meanwhile' }, 'Human push')
    const moved = server.state.branchHead(owner, repo, 'main')
    expect(moved).not.toBe(before)
    const refused = await failure(
      octokit.rest.git.updateRef({ owner, repo, ref: 'heads/main', sha: sibling.sha })
    )
    expect(refused.status).toBe(422)
    expect(refused.message).toContain('Update is not a fast forward')
    expect(server.state.branchHead(owner, repo, 'main')).toBe(moved)

    await octokit.rest.git.updateRef({ owner, repo, ref: 'heads/main', sha: sibling.sha, force: true })
    expect(server.state.branchHead(owner, repo, 'main')).toBe(sibling.sha)

    server.state.setProtected(owner, repo, 'main')
    const head = server.state.branchHead(owner, repo, 'main') ?? ''
    const child = server.state.git.putCommit({
      ...server.state.git.getCommit(head)!,
      message: 'child',
      parents: [head]
    })
    const blocked = await failure(
      octokit.rest.git.updateRef({ owner, repo, ref: 'heads/main', sha: child.sha })
    )
    expect(blocked.status).toBe(422)
    expect(server.state.branchHead(owner, repo, 'main')).toBe(sibling.sha)

    const exists = await failure(
      octokit.rest.git.createRef({ owner, repo, ref: 'refs/heads/other', sha: head })
    )
    expect(exists.message).toContain('Reference already exists')
    // A ref name out of ASCII is created, and the Location header carries it percent-encoded.
    const created = await octokit.rest.git.createRef({
      owner,
      repo,
      ref: 'refs/heads/plan-\u212a',
      sha: head
    })
    expect(created.status).toBe(201)
    expect(created.headers.location).toMatch(/\/git\/refs\/heads\/plan-%E2%84%AA$/)
    expect((await failure(octokit.rest.git.getRef({ owner, repo, ref: 'heads/missing' }))).status).toBe(404)
    expectNoViolations(server)
  })

  it('answers 422 for a duplicate PR and for a PR without commits; finds PRs by owner:branch', async () => {
    server.state.addCommit(owner, repo, 'plan-phase/phase-3', { 'plan.md': 'plan' }, 'plan')
    const { data: pr } = await octokit.rest.pulls.create({
      owner,
      repo,
      head: 'plan-phase/phase-3',
      base: 'main',
      title: 'Phase 3 plan'
    })
    expect(pr.number).toBe(1)
    expect(pr.head.sha).toBe(server.state.branchHead(owner, repo, 'plan-phase/phase-3'))
    expect(pr.html_url).toBe(`https://github.com/${owner}/${repo}/pull/1`)
    expect(pr.user?.login).toBe('github-actions[bot]')
    const duplicate = await failure(
      octokit.rest.pulls.create({
        owner,
        repo,
        head: `${owner}:plan-phase/phase-3`,
        base: 'main',
        title: 'again'
      })
    )
    expect(duplicate.status).toBe(422)
    expect(duplicate.message).toContain(`A pull request already exists for ${owner}:plan-phase/phase-3`)
    const empty = await failure(
      octokit.rest.pulls.create({ owner, repo, head: 'main', base: 'main', title: 'x' })
    )
    expect(empty.message).toContain('No commits between main and main')

    const { data: found } = await octokit.rest.pulls.list({
      owner,
      repo,
      head: `${owner}:plan-phase/phase-3`,
      state: 'all'
    })
    expect(found.map(p => p.number)).toEqual([1])
    const { data: issue } = await octokit.rest.issues.get({ owner, repo, issue_number: 1 })
    expect(issue.pull_request?.html_url).toBe(pr.html_url)

    const pushed = server.state.addCommit(owner, repo, 'plan-phase/phase-3', { 'plan.md': 'v2' }, 'human')
    expect((await octokit.rest.pulls.get({ owner, repo, pull_number: 1 })).data.head.sha).toBe(pushed.sha)
    server.state.deleteBranch(owner, repo, 'plan-phase/phase-3')
    expect(server.state.pullRequest(owner, repo, 1).state).toBe('closed')

    server.state.createRepo({ owner: 'mallory', repo, forkOf: { owner, repo } })
    const fromFork = server.state.openPullRequest({
      owner,
      repo,
      head: 'evil',
      headOwner: 'mallory',
      files: { 'conftest.py': 'import os' }
    })
    const { data: forkPr } = await octokit.rest.pulls.get({ owner, repo, pull_number: fromFork.number })
    expect([forkPr.head.repo?.fork, forkPr.head.repo?.full_name, forkPr.head.label]).toEqual([
      true,
      `mallory/${repo}`,
      'mallory:evil'
    ])
    expect(forkPr.base.repo.fork).toBe(false)
    expectNoViolations(server)
  })

  it('refuses PR creation when Actions may not create PRs, and enforces body limits', async () => {
    server.state.repo(owner, repo).allowActionsToCreatePullRequests = false
    server.state.addCommit(owner, repo, 'feature', { 'f.txt': 'f' })
    const refused = await failure(
      octokit.rest.pulls.create({ owner, repo, head: 'feature', base: 'main', title: 't' })
    )
    expect(refused.status).toBe(403)
    expect(refused.message).toContain('GitHub Actions is not permitted to create or approve pull requests')
    const issue = server.state.createIssue({ owner, repo, title: 'Phase 3: providers' })
    const tooLong = await failure(
      octokit.rest.issues.createComment({ owner, repo, issue_number: issue.number, body: 'é'.repeat(65537) })
    )
    expect(tooLong.message).toContain('body is too long (maximum is 65536 characters)')
    await octokit.rest.issues.createComment({
      owner,
      repo,
      issue_number: issue.number,
      body: '😀'.repeat(65536)
    })
    expectNoViolations(server)
  })

  it('paginates comments with a Link header; edits comments; reactions are idempotent', async () => {
    const issue = server.state.createIssue({ owner, repo, title: 'Phase 3' })
    for (let i = 1; i <= 45; i += 1)
      server.state.addComment({ owner, repo, number: issue.number, body: `c${i}` })
    const first = await octokit.rest.issues.listComments({
      owner,
      repo,
      issue_number: issue.number,
      per_page: 20
    })
    expect(first.data).toHaveLength(20)
    expect(first.headers.link).toContain('rel="next"')
    const all = await octokit.paginate(octokit.rest.issues.listComments, {
      owner,
      repo,
      issue_number: issue.number,
      per_page: 20
    })
    expect(all.map(c => c.body)).toEqual(Array.from({ length: 45 }, (_, i) => `c${i + 1}`))

    const target = all[0]!
    const created = await octokit.rest.reactions.createForIssueComment({
      owner,
      repo,
      comment_id: target.id,
      content: 'eyes'
    })
    const again = await octokit.rest.reactions.createForIssueComment({
      owner,
      repo,
      comment_id: target.id,
      content: 'eyes'
    })
    expect([created.status, again.status]).toEqual([201, 200])
    expect(again.data.id).toBe(created.data.id)
    expect(server.state.reactions(target.id)).toEqual(['eyes'])

    const { data: edited } = await octokit.rest.issues.updateComment({
      owner,
      repo,
      comment_id: target.id,
      body: 'edited'
    })
    expect(edited.body).toBe('edited')
    expect(server.state.comments(owner, repo, issue.number)[0]?.body).toBe('edited')

    await octokit.rest.issues.addLabels({ owner, repo, issue_number: issue.number, labels: ['plan-phase:3'] })
    await octokit.rest.issues.removeLabel({ owner, repo, issue_number: issue.number, name: 'plan-phase:3' })
    const gone = await failure(
      octokit.rest.issues.removeLabel({ owner, repo, issue_number: issue.number, name: 'nope' })
    )
    expect(gone.status).toBe(404)
    expect(server.state.labelsOf(owner, repo, issue.number)).toEqual([])
    expectNoViolations(server)
  })

  it('reports permissions with the legacy mapping and role_name', async () => {
    server.state.setPermission('mia', 'maintain')
    server.state.setPermission('tom', 'triage')
    const mia = await octokit.rest.repos.getCollaboratorPermissionLevel({ owner, repo, username: 'mia' })
    const tom = await octokit.rest.repos.getCollaboratorPermissionLevel({ owner, repo, username: 'tom' })
    expect([mia.data.permission, mia.data.role_name, mia.data.user?.login]).toEqual([
      'write',
      'maintain',
      'mia'
    ])
    expect([tom.data.permission, tom.data.role_name]).toEqual(['read', 'triage'])
    expectNoViolations(server)
  })

  it('records a body missing a required field as a violation and answers 422', async () => {
    const response = await failure(
      octokit.request('POST /repos/{owner}/{repo}/git/commits' as string, {
        owner,
        repo,
        message: 'no tree',
        parents: []
      })
    )
    expect(response.status).toBe(422)
    expect(server.violations.join('\n')).toMatch(
      /POST \/repos\/acme\/widgets\/git\/commits \(git\/create-commit\).*"tree"/
    )
    const typo = await octokit.request('PATCH /repos/{owner}/{repo}/git/refs/{ref}', {
      owner,
      repo,
      ref: 'heads/main',
      sha: server.state.branchHead(owner, repo, 'main') ?? '',
      forced: true
    })
    expect(typo.status).toBe(200)
    expect(server.violations.some(v => v.includes('"forced" is not defined'))).toBe(true)
    expect(() => expectNoViolations(server)).toThrow(/problem/)
  })

  it('injects a 500 then succeeds; secondary rate limits are retried by the throttling plugin', async () => {
    server.state.addCommit(owner, repo, 'feature', { 'f.txt': 'f' })
    server.state.openPullRequest({ owner, repo, head: 'feature', title: 'F' })
    const rule = server.fault({
      method: 'GET',
      path: '/repos/{owner}/{repo}/pulls/{pull_number}',
      respond: 500
    })
    expect((await failure(octokit.rest.pulls.get({ owner, repo, pull_number: 1 }))).status).toBe(500)
    expect((await octokit.rest.pulls.get({ owner, repo, pull_number: 1 })).data.title).toBe('F')
    expect(rule.hits).toBe(1)
    expect(server.requestsFor('pulls/get').map(r => [r.status, r.fault])).toEqual([
      [500, 'status'],
      [200, undefined]
    ])

    const throttled = getOctokit(
      'test-token',
      {
        baseUrl: server.url,
        throttle: { onRateLimit: () => true, onSecondaryRateLimit: () => true }
      },
      throttling
    )
    server.fault({
      method: 'POST',
      path: '/repos/acme/widgets/issues/*/comments',
      respond: { type: 'secondary-rate-limit' }
    })
    const { data } = await throttled.rest.issues.createComment({ owner, repo, issue_number: 1, body: 'hi' })
    expect(data.body).toBe('hi')
    expect(server.state.comments(owner, repo, 1)).toHaveLength(1)
    expect(server.faults.unused()).toEqual([])
    expectNoViolations(server)
  })

  it('deletes paths with sha: null, lists directories, and lets a hook simulate a concurrent push', async () => {
    const head = server.state.headCommit(owner, repo, 'main')
    if (!head) throw new Error('no head')
    const { data: tree } = await octokit.rest.git.createTree({
      owner,
      repo,
      base_tree: head.tree,
      tree: [
        { path: 'src/app.py', mode: '100644', type: 'blob', sha: null },
        { path: 'docs/a/b.md', mode: '100644', type: 'blob', content: 'b' }
      ]
    })
    expect(tree.tree.map(entry => entry.path)).toEqual(['README.md', 'docs'])
    const { data: commit } = await octokit.rest.git.createCommit({
      owner,
      repo,
      message: 'm',
      tree: tree.sha,
      parents: [head.sha]
    })
    server.fault({
      method: 'PATCH',
      path: '/repos/acme/widgets/git/refs/heads/main',
      respond: {
        type: 'before',
        run: () => void server.state.addCommit(owner, repo, 'main', { 'race.txt': 'r' })
      }
    })
    const raced = await failure(
      octokit.rest.git.updateRef({ owner, repo, ref: 'heads/main', sha: commit.sha })
    )
    expect(raced.message).toContain('Update is not a fast forward')
    expect(server.state.readFile(owner, repo, 'main', 'race.txt')).toBe('r')
    const { data: listing } = await octokit.rest.repos.getContent({
      owner,
      repo,
      path: 'docs',
      ref: commit.sha
    })
    expect(Array.isArray(listing) ? listing.map(entry => [entry.path, entry.type]) : []).toEqual([
      ['docs/a', 'dir']
    ])
    server.fault({ path: /\/git\/ref\//, respond: { type: 'primary-rate-limit', resetAfter: 60 } })
    const limited = await octokit.rest.git
      .getRef({ owner, repo, ref: 'heads/main' })
      .catch((error: unknown) => error)
    const headers = (limited as { response?: { headers: Record<string, string> } }).response?.headers
    expect([statusOf(limited), headers?.['x-ratelimit-remaining']]).toEqual([403, '0'])
    expectNoViolations(server)
  })

  it('records unknown routes and requires authentication', async () => {
    const unknown = await failure(octokit.request('GET /repos/{owner}/{repo}/no-such-thing', { owner, repo }))
    expect(unknown.status).toBe(404)
    expect(server.unexpected.map(r => r.path)).toEqual(['/repos/acme/widgets/no-such-thing'])
    expect(() => expectNoViolations(server)).toThrow(/no-such-thing/)
    const anonymous = await fetch(`${server.url}/repos/${owner}/${repo}`)
    expect(anonymous.status).toBe(401)
  })

  it('builds event payloads from the webhook examples, tied to the state', () => {
    server.state.addCommit(owner, repo, 'feature', { 'f.txt': 'f' })
    const pr = server.state.openPullRequest({ owner, repo, head: 'feature', title: 'Feature' })
    const onPr = issueCommentPayload({
      state: server.state,
      owner,
      repo,
      number: pr.number,
      body: '/plan-phase 3',
      login: 'mia'
    })
    const issue = onPr.issue as { pull_request?: unknown; number: number; title: string }
    const comment = onPr.comment as { id: number; body: string; user: { login: string; type: string } }
    expect(issue.pull_request).toBeDefined()
    expect([issue.number, issue.title, comment.body, comment.user.login]).toEqual([
      pr.number,
      'Feature',
      '/plan-phase 3',
      'mia'
    ])
    expect(server.state.comment(comment.id)?.body).toBe('/plan-phase 3')
    expect((onPr.repository as { full_name: string }).full_name).toBe(`${owner}/${repo}`)
    expect(JSON.stringify(onPr)).not.toContain('Codertocat/Hello-World')

    const bot = issueCommentPayload({ owner, repo, number: 7, body: 'x', login: 'plan-bot[bot]' })
    expect((bot.issue as { pull_request?: unknown }).pull_request).toBeUndefined()
    expect((bot.sender as { type: string }).type).toBe('Bot')

    const plain = server.state.createIssue({ owner, repo, title: 'Phase 2A: parsers' })
    const labeled = issuesLabeledPayload({
      state: server.state,
      owner,
      repo,
      number: plain.number,
      label: 'plan-phase'
    })
    expect((labeled.label as { name: string }).name).toBe('plan-phase')
    expect((labeled.issue as { title: string }).title).toBe('Phase 2A: parsers')
    expect(server.state.labelsOf(owner, repo, plain.number)).toEqual(['plan-phase'])

    const dispatch = workflowDispatchPayload({ owner, repo, inputs: { phase: '3' } })
    expect([dispatch.inputs, dispatch.ref]).toEqual([{ phase: '3' }, 'refs/heads/main'])
  })
})
