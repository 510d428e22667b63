/**
 * The real Octokit (retries, throttling) against the local GitHub server, as the adapters' integration
 * tests use it: retry pauses of 10 ms per "second" and no spacing of writes, so faults cost no real time.
 */
import type { GitHubClients } from '../../src/adapters/github.js'
import { createOctokit, githubClients } from '../../src/adapters/octokit.js'
import { silentReporter, type Reporter } from '../../src/reporter.js'
import { expectNoViolations, type GitHubServer } from './github-server/index.js'

export function localClients(server: GitHubServer, reporter: Reporter, token = 'test-token'): GitHubClients {
  return githubClients(
    createOctokit({
      token,
      baseUrl: server.url,
      userAgent: 'plan-phase-test',
      reporter,
      timing: { secondMs: 10, spaceWrites: false }
    })
  )
}

/** A reporter that keeps each warning in `warnings` and says nothing else. */
export function warningsInto(warnings: string[]): Reporter {
  return { ...silentReporter, warning: message => void warnings.push(message) }
}

/** After each test: fails it if any request broke GitHub's API description, and closes the server. */
export function checkAndCloseAfterEach(server: () => GitHubServer): void {
  afterEach(async () => {
    try {
      expectNoViolations(server())
    } finally {
      await server().close()
    }
  })
}
