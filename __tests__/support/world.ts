/** A fake GitHub holding the embedded example, and checkouts of it, for the end-to-end tests. */
import { mkdtempSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { checkoutFromServer, runBundle, type ActionRun, type RunOptions } from './action-process.js'
import { exampleFiles } from './example-repo.js'
import { issueCommentPayload, startGitHubServer, type GitHubServer } from './github-server/index.js'

export const OWNER = 'octo-org'
export const REPO = 'router'
export const PLAN = 'admin/refactor-providers/action/phase_3_execution_plan.md'
export const STATUS = 'admin/status/phase_3_execution_plan.md'

export interface World {
  readonly server: GitHubServer
  /** A checkout of `sha` (default: main's head) in a fresh temp dir. */
  checkout(sha?: string): string
  run(options: Omit<RunOptions, 'server' | 'owner' | 'repo'>): Promise<ActionRun>
  /** The event of a new comment on issue or PR `number` (added to the server): `/plan-phase 3` by maintainer. */
  comment(number: number, options?: { body?: string; login?: string }): ReturnType<typeof issueCommentPayload>
  close(): Promise<void>
}

export async function startWorld(extraFiles: Record<string, string> = {}): Promise<World> {
  const server = await startGitHubServer()
  server.state.createRepo({
    owner: OWNER,
    repo: REPO,
    defaultBranch: 'main',
    files: { ...exampleFiles(), ...extraFiles }
  })
  server.state.setPermission('maintainer', 'write', { owner: OWNER, repo: REPO })
  server.state.setPermission('reader', 'read', { owner: OWNER, repo: REPO })
  const dirs: string[] = []
  return {
    server,
    checkout(sha) {
      const dir = mkdtempSync(join(tmpdir(), 'plan-phase-ws-'))
      dirs.push(dir)
      checkoutFromServer(server, sha ?? server.state.branchHead(OWNER, REPO, 'main') ?? '', dir)
      return dir
    },
    run: options => runBundle({ server, owner: OWNER, repo: REPO, ...options }),
    comment: (number, options = {}) =>
      issueCommentPayload({
        owner: OWNER,
        repo: REPO,
        number,
        body: options.body ?? '/plan-phase 3',
        login: options.login ?? 'maintainer',
        state: server.state
      }),
    async close() {
      await server.close()
      for (const dir of dirs) rmSync(dir, { recursive: true, force: true })
    }
  }
}
