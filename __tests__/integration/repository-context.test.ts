/**
 * readRepositoryContext against the fake GitHub through Octokit: the one query is valid against
 * GitHub's schema, reads `.github/plan-phase.yml` from the default branch (never another branch),
 * the commented pull request when asked, and refuses a settings file that is not a small text file.
 */
import { getOctokit } from '@actions/github'
import { githubClients } from '../../src/adapters/octokit.js'
import { readRepositoryContext } from '../../src/stages/repository-context.js'
import { expectNoViolations, startGitHubServer, type GitHubServer } from '../support/github-server/index.js'

const owner = 'acme'
const repo = 'widgets'
const CONFIG = '.github/plan-phase.yml'

describe('readRepositoryContext', () => {
  let server: GitHubServer
  let graphql: ReturnType<typeof githubClients>['graphql']
  beforeEach(async () => {
    server = await startGitHubServer()
    server.state.createRepo({ owner, repo, defaultBranch: 'trunk', files: { 'README.md': 'hi\n' } })
    graphql = githubClients(getOctokit('token', { baseUrl: server.url, retry: { enabled: false } })).graphql
  })
  afterEach(async () => {
    expectNoViolations(server)
    await server.close()
  })

  it('names the default branch and finds no settings file where there is none', async () => {
    await expect(readRepositoryContext(graphql, { owner, repo })).resolves.toEqual({ defaultBranch: 'trunk' })
    expect(server.requests.map(request => request.operationId)).toEqual(['graphql/repository'])
  })

  it('reads the settings from the default branch, not from a pull request that changes them', async () => {
    server.state.addCommit(owner, repo, 'trunk', { [CONFIG]: 'test-command: pytest -q\n' })
    const pull = server.state.openPullRequest({
      owner,
      repo,
      head: 'feature',
      base: 'trunk',
      user: 'someone',
      files: { [CONFIG]: 'delivery: pull-request\nbranch: "trun{phase}"\n' }
    })
    const context = await readRepositoryContext(graphql, { owner, repo, pullRequest: pull.number })
    expect(context).toEqual({
      defaultBranch: 'trunk',
      config: 'test-command: pytest -q\n',
      pullRequest: {
        number: pull.number,
        headSha: pull.headSha,
        headRef: 'feature',
        headRepo: `${owner}/${repo}`,
        baseRef: 'trunk',
        fromFork: false,
        state: 'open'
      }
    })
    // One request for both.
    expect(server.requests).toHaveLength(1)
  })

  it('marks a pull request from a fork, and a closed one', async () => {
    server.state.createRepo({ owner: 'forker', repo, forkOf: { owner, repo } })
    const pull = server.state.openPullRequest({ owner, repo, head: 'x', headOwner: 'forker', user: 'forker' })
    server.state.closePullRequest(owner, repo, pull.number)
    const context = await readRepositoryContext(graphql, { owner, repo, pullRequest: pull.number })
    expect(context.pullRequest).toMatchObject({ fromFork: true, headRepo: `forker/${repo}`, state: 'closed' })
  })

  it.each([
    ['a directory', { [`${CONFIG}/x`]: 'a: 1\n' }, 'is not a regular file'],
    ['binary', { [CONFIG]: Buffer.from([0x61, 0x00, 0x62]) }, 'is not a UTF-8 text file'],
    ['too big', { [CONFIG]: `# ${'x'.repeat(70 * 1024)}\n` }, 'is 71683 bytes, over the 65536-byte limit']
  ])('refuses a settings file that is %s', async (_, files, problem) => {
    server.state.addCommit(owner, repo, 'trunk', files)
    await expect(readRepositoryContext(graphql, { owner, repo })).rejects.toThrow(
      `${CONFIG} on the default branch (trunk) ${problem}`
    )
  })

  it('turns GitHub’s GraphQL errors into a message naming them', async () => {
    await expect(readRepositoryContext(graphql, { owner, repo: 'missing' })).rejects.toThrow(
      "GitHub's GraphQL API did not answer for acme/missing (NOT_FOUND: Could not resolve to a Repository"
    )
  })
})
