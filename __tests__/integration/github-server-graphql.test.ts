/** POST /graphql of the fake GitHub, driven by Octokit's graphql: schema validation, state, refusals, faults. */
import { getOctokit } from '@actions/github'
import { expectNoViolations, startGitHubServer, type GitHubServer } from '../support/github-server/index.js'

const owner = 'acme'
const repo = 'widgets'

const PULL = `query($owner: String!, $repo: String!, $number: Int!, $before: String) {
  repository(owner: $owner, name: $repo) {
    pullRequest(number: $number) {
      number state merged headRefName headRefOid
      headRepository { nameWithOwner }
      headRef { target { oid } }
      comments(last: 2, before: $before) {
        nodes { fullDatabaseId body url viewerDidAuthor author { __typename login } }
        pageInfo { hasPreviousPage startCursor }
      }
    }
  }
}`

const COMMIT = `mutation($input: CreateCommitOnBranchInput!) {
  createCommitOnBranch(input: $input) { commit { oid url signature { isValid } } }
}`

interface PullAnswer {
  repository: {
    pullRequest: {
      number: number
      state: string
      merged: boolean
      headRefName: string
      headRefOid: string
      headRepository: { nameWithOwner: string } | null
      headRef: { target: { oid: string } } | null
      comments: {
        nodes: {
          fullDatabaseId: string
          body: string
          viewerDidAuthor: boolean
          author: { __typename: string; login: string }
        }[]
        pageInfo: { hasPreviousPage: boolean; startCursor: string | null }
      }
    }
  }
}

async function graphqlFailure(
  promise: Promise<unknown>
): Promise<{ errors: { type?: string; message: string }[] }> {
  try {
    await promise
  } catch (error) {
    return error as { errors: { type?: string; message: string }[] }
  }
  throw new Error('expected the request to fail')
}

describe('fake GitHub GraphQL', () => {
  let server: GitHubServer
  let octokit: ReturnType<typeof getOctokit>

  beforeEach(async () => {
    server = await startGitHubServer()
    server.state.createRepo({ owner, repo, files: { 'README.md': '# widgets\n' } })
    octokit = getOctokit('test-token', { baseUrl: server.url })
  })

  afterEach(async () => {
    await server.close()
  })

  it('answers a pull request with its head, state and comments, paging backwards by cursor', async () => {
    const pull = server.state.openPullRequest({ owner, repo, head: 'feature', files: { 'f.txt': 'f\n' } })
    for (const body of ['one', 'two', 'three'])
      server.state.addComment({ owner, repo, number: pull.number, body })
    server.state.addComment({ owner, repo, number: pull.number, body: 'mine', user: 'github-actions[bot]' })
    const variables = { owner, repo, number: pull.number }
    const last = await octokit.graphql<PullAnswer>(PULL, variables)
    const found = last.repository.pullRequest
    expect(found).toMatchObject({
      number: pull.number,
      state: 'OPEN',
      merged: false,
      headRefName: 'feature',
      headRefOid: pull.headSha,
      headRepository: { nameWithOwner: `${owner}/${repo}` },
      headRef: { target: { oid: pull.headSha } }
    })
    expect(found.comments.nodes.map(node => node.body)).toEqual(['three', 'mine'])
    // The workflow token is a bot: GraphQL names it without `[bot]`, and it authored its own comment.
    expect(found.comments.nodes[1]).toMatchObject({
      viewerDidAuthor: true,
      author: { __typename: 'Bot', login: 'github-actions' }
    })
    expect(found.comments.pageInfo.hasPreviousPage).toBe(true)
    const earlier = await octokit.graphql<PullAnswer>(PULL, {
      ...variables,
      before: found.comments.pageInfo.startCursor
    })
    expect(earlier.repository.pullRequest.comments.nodes.map(node => node.body)).toEqual(['one', 'two'])
    expect(earlier.repository.pullRequest.comments.pageInfo.hasPreviousPage).toBe(false)
    const ids = server.state.comments(owner, repo, pull.number).map(comment => String(comment.id))
    expect(earlier.repository.pullRequest.comments.nodes.map(node => node.fullDatabaseId)).toEqual(
      ids.slice(0, 2)
    )

    server.state.deleteBranch(owner, repo, 'feature')
    const closed = (await octokit.graphql<PullAnswer>(PULL, variables)).repository.pullRequest
    expect(closed).toMatchObject({ state: 'CLOSED', headRef: null, headRefOid: pull.headSha })
    expect(server.requestsFor('graphql/repository')).toHaveLength(3)
    expectNoViolations(server)
  })

  it('createCommitOnBranch commits on the expected head, moves the ref, signs; refuses a moved head', async () => {
    const pull = server.state.openPullRequest({ owner, repo, head: 'feature', files: { 'f.txt': 'f\n' } })
    const input = (expectedHeadOid: string, text: string) => ({
      input: {
        branch: { repositoryNameWithOwner: `${owner}/${repo}`, branchName: 'feature' },
        expectedHeadOid,
        message: { headline: 'Add plan' },
        fileChanges: { additions: [{ path: 'docs/plan.md', contents: Buffer.from(text).toString('base64') }] }
      }
    })
    const { createCommitOnBranch } = await octokit.graphql<{
      createCommitOnBranch: { commit: { oid: string; url: string; signature: { isValid: boolean } | null } }
    }>(COMMIT, input(pull.headSha, 'plan v1\n'))
    const head = server.state.headCommit(owner, repo, 'feature')
    expect(createCommitOnBranch.commit).toEqual({
      oid: head?.sha,
      url: `https://github.com/${owner}/${repo}/commit/${head?.sha}`,
      signature: { isValid: true }
    })
    expect(head?.parents).toEqual([pull.headSha])
    expect(head?.message).toBe('Add plan')
    expect(server.state.files(owner, repo, 'feature')).toMatchObject({
      'docs/plan.md': 'plan v1\n',
      'f.txt': 'f\n'
    })
    expect(server.state.pullRequest(owner, repo, pull.number).headSha).toBe(head?.sha)

    // The old head again: GitHub refuses with STALE_DATA and the branch stays where it is.
    const stale = await graphqlFailure(octokit.graphql(COMMIT, input(pull.headSha, 'plan v2\n')))
    expect(stale.errors).toEqual([
      expect.objectContaining({ type: 'STALE_DATA', message: expect.stringContaining(pull.headSha) })
    ])
    expect(server.state.branchHead(owner, repo, 'feature')).toBe(head?.sha)
    const missing = await graphqlFailure(
      octokit.graphql(COMMIT, {
        input: {
          ...input(pull.headSha, 'x').input,
          branch: { repositoryNameWithOwner: `${owner}/${repo}`, branchName: 'gone' }
        }
      })
    )
    expect(missing.errors[0]?.type).toBe('NOT_FOUND')
    expectNoViolations(server)
  })

  it('refuses a document the schema does not allow, like GitHub, and records it as a violation', async () => {
    const bad = await graphqlFailure(
      octokit.graphql(
        `query { repository(owner: "${owner}", name: "${repo}") { pullRequest(number: 1) { headSha } } }`
      )
    )
    expect(bad.errors[0]?.message).toContain('Cannot query field "headSha" on type "PullRequest"')
    const badInput = await graphqlFailure(
      octokit.graphql(COMMIT, { input: { branch: { branchName: 'main' }, message: { headline: 'x' } } })
    )
    expect(badInput.errors[0]?.message).toContain('expectedHeadOid')
    expect(server.requestsFor('graphql/repository').map(request => request.status)).toEqual([200])
    expect(server.violations).toHaveLength(2)
    expect(() => expectNoViolations(server)).toThrow(/headSha/)
  })

  it('a ref’s associated pull requests: this branch’s, filtered by state and base; other filters are a gap', async () => {
    const open = server.state.openPullRequest({ owner, repo, head: 'feature', files: { 'f.txt': 'f\n' } })
    const closed = server.state.openPullRequest({ owner, repo, head: 'feature', files: { 'g.txt': 'g\n' } })
    server.state.closePullRequest(owner, repo, closed.number)
    server.state.openPullRequest({ owner, repo, head: 'other', files: { 'h.txt': 'h\n' } })
    const query = (filters: string) =>
      octokit.graphql<{ repository: { ref: { associatedPullRequests: { nodes: { number: number }[] } } } }>(
        `query { repository(owner: "${owner}", name: "${repo}") { ref(qualifiedName: "refs/heads/feature") {
          associatedPullRequests(first: 10${filters}) { nodes { number } } } } }`
      )
    const numbers = async (filters: string) =>
      (await query(filters)).repository.ref.associatedPullRequests.nodes.map(node => node.number)
    expect(await numbers('')).toEqual([open.number, closed.number])
    expect(await numbers(', states: OPEN')).toEqual([open.number])
    expect(await numbers(', states: OPEN, baseRefName: "main"')).toEqual([open.number])
    expect(await numbers(', baseRefName: "elsewhere"')).toEqual([])
    expectNoViolations(server)
    await graphqlFailure(query(', labels: ["x"]'))
    expect(server.violations.length).toBeGreaterThan(0)
    server.violations.length = 0
  })

  it('pages only within GitHub’s limits', async () => {
    const issue = server.state.createIssue({ owner, repo, title: 'T' })
    const query = (last: string) =>
      `query { repository(owner: "${owner}", name: "${repo}") { issueOrPullRequest(number: ${issue.number}) { ... on Issue { comments${last} { nodes { body } } } } } }`
    const none = await graphqlFailure(octokit.graphql(query('')))
    expect(none.errors[0]?.type).toBe('MISSING_PAGINATION_BOUNDARIES')
    const many = await graphqlFailure(octokit.graphql(query('(last: 101)')))
    expect(many.errors[0]?.type).toBe('EXCESSIVE_PAGINATION')
    expectNoViolations(server)
  })

  it('faults reach /graphql: a 502, a GraphQL error, a lost response after the mutation took effect', async () => {
    const pull = server.state.openPullRequest({ owner, repo, head: 'feature', files: { 'f.txt': 'f\n' } })
    const variables = { owner, repo, number: pull.number }
    server.fault({ method: 'POST', path: '/graphql', respond: 502 })
    await expect(octokit.graphql(PULL, variables)).rejects.toMatchObject({ status: 502 })
    server.fault({
      path: '/graphql',
      respond: {
        type: 'graphql-error',
        errorType: 'FORBIDDEN',
        message: 'Resource not accessible by integration'
      }
    })
    const refused = await graphqlFailure(octokit.graphql(PULL, variables))
    expect(refused.errors).toEqual([{ type: 'FORBIDDEN', message: 'Resource not accessible by integration' }])
    server.fault({
      path: '/graphql',
      operation: 'graphql/createCommitOnBranch',
      respond: { type: 'lost-response' }
    })
    await expect(octokit.graphql(PULL, variables)).resolves.toBeDefined()
    const commit = {
      input: {
        branch: { repositoryNameWithOwner: `${owner}/${repo}`, branchName: 'feature' },
        expectedHeadOid: pull.headSha,
        message: { headline: 'Add' },
        fileChanges: { additions: [{ path: 'a.md', contents: Buffer.from('a').toString('base64') }] }
      }
    }
    await expect(octokit.graphql(COMMIT, commit)).rejects.toMatchObject({ status: 502 })
    expect(server.state.headCommit(owner, repo, 'feature')?.parents).toEqual([pull.headSha])
    expect(server.faults.unused()).toEqual([])
    expectNoViolations(server)
  })
})
