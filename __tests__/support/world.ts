/** A fake GitHub holding the embedded example, and checkouts of it, for the end-to-end tests. */
import { mkdtempSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { checkoutFromServer, runBundle, type ActionRun, type RunOptions } from './action-process.js'
import { exampleFiles } from './example-repo.js'
import {
  expectNoViolations,
  issueCommentPayload,
  issuesLabeledPayload,
  type IssueCommentPayloadOptions,
  startGitHubServer,
  workflowDispatchPayload,
  type GitHubServer,
  type PullSummary
} from './github-server/index.js'

export const OWNER = 'octo-org'
export const REPO = 'router'
export const FORK_OWNER = 'forker'
export const PLAN = 'admin/refactor-providers/action/phase_3_execution_plan.md'
export const STATUS = 'admin/status/phase_3_execution_plan.md'
/** A green gate in a few milliseconds, for runs where the suite is not the point. */
export const FAST_GREEN = { 'test-command': 'true' }

/** The event of a workflow dispatch for `phase`. */
export function dispatchPayload(phase = '3'): Record<string, unknown> {
  return workflowDispatchPayload({ owner: OWNER, repo: REPO, inputs: { phase } })
}

type RunInWorld = Omit<RunOptions, 'server' | 'owner' | 'repo'>

export interface World {
  readonly server: GitHubServer
  /** A checkout of `sha` (default: main's head) in a fresh temp dir. */
  checkout(sha?: string): string
  run(options: RunInWorld): Promise<ActionRun>
  /** The event of a new comment on issue or PR `number` (added to the server): `/plan-phase 3` by maintainer. */
  comment(number: number, options?: { body?: string; login?: string }): ReturnType<typeof issueCommentPayload>
  /** Posts `body` on #number as `login` (default maintainer): the event, and the new comment's id. */
  postComment(
    number: number,
    body: string,
    login?: string,
    extra?: Partial<IssueCommentPayloadOptions>
  ): { payload: Record<string, unknown>; id: number }
  /** The action on an `issue_comment` event. */
  runOnComment(payload: unknown, workspace: string, options?: Partial<RunInWorld>): Promise<ActionRun>
  /** The action on a `workflow_dispatch` of `phase` (default 3), in `workspace` (default a fresh checkout). */
  runOnDispatch(options?: Partial<RunInWorld> & { readonly phase?: string }): Promise<ActionRun>
  /** A new issue on the server, opened by `user` (default maintainer). */
  createIssue(title: string, user?: string): ReturnType<GitHubServer['state']['createIssue']>
  /** The event of `label` (default `plan-phase:3`) added to issue `number` by `login` (default maintainer). */
  label(number: number, options?: { label?: string; login?: string }): ReturnType<typeof issuesLabeledPayload>
  /** A pull request from the maintainer's branch `head` (default `feature`), which adds `files` to main. */
  openPull(files?: Record<string, string>, head?: string): PullSummary
  /** A pull request from `forker/router:feature` (the fork made on first use) adding `files`. */
  forkPull(files?: Record<string, string>): PullSummary
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
  const world: World = {
    server,
    checkout(sha) {
      const dir = mkdtempSync(join(tmpdir(), 'plan-phase-ws-'))
      dirs.push(dir)
      checkoutFromServer(server, sha ?? server.state.branchHead(OWNER, REPO, 'main') ?? '', dir)
      return dir
    },
    run: options => runBundle({ server, owner: OWNER, repo: REPO, ...options }),
    comment: (number, options = {}) =>
      world.postComment(number, options.body ?? '/plan-phase 3', options.login).payload,
    postComment(number, body, login = 'maintainer', extra = {}) {
      const payload = issueCommentPayload({
        owner: OWNER,
        repo: REPO,
        number,
        body,
        login,
        state: server.state,
        ...extra
      })
      return { payload, id: (payload.comment as { id: number }).id }
    },
    runOnComment: (payload, workspace, options = {}) =>
      world.run({ eventName: 'issue_comment', payload, workspace, ...options }),
    runOnDispatch: ({ phase, ...options } = {}) =>
      world.run({
        eventName: 'workflow_dispatch',
        payload: dispatchPayload(phase),
        ...options,
        workspace: options.workspace ?? world.checkout()
      }),
    createIssue: (title, user = 'maintainer') =>
      server.state.createIssue({ owner: OWNER, repo: REPO, title, user }),
    label: (number, options = {}) =>
      issuesLabeledPayload({
        owner: OWNER,
        repo: REPO,
        number,
        label: options.label ?? 'plan-phase:3',
        login: options.login ?? 'maintainer',
        state: server.state
      }),
    openPull: (files, head = 'feature') =>
      server.state.openPullRequest({
        owner: OWNER,
        repo: REPO,
        head,
        user: 'maintainer',
        ...(files ? { files } : {})
      }),
    forkPull(files) {
      if (!server.state.findRepo(FORK_OWNER, REPO))
        server.state.createRepo({ owner: FORK_OWNER, repo: REPO, forkOf: { owner: OWNER, repo: REPO } })
      return server.state.openPullRequest({
        owner: OWNER,
        repo: REPO,
        head: 'feature',
        headOwner: FORK_OWNER,
        user: FORK_OWNER,
        ...(files ? { files } : {})
      })
    },
    async close() {
      await server.close()
      for (const dir of dirs) rmSync(dir, { recursive: true, force: true })
    }
  }
  return world
}

/**
 * A fresh world for each test of the enclosing describe, closed after it; with `checkViolations`, the
 * test also fails when any request broke GitHub's API description. `use` receives each new world.
 */
export function worldForEachTest(
  use: (world: World) => void,
  options: { checkViolations?: boolean; extraFiles?: Record<string, string> } = {}
): void {
  let current: World | undefined
  beforeEach(async () => {
    current = await startWorld(options.extraFiles)
    use(current)
  })
  afterEach(async () => {
    const world = current
    current = undefined
    if (!world) return
    if (options.checkViolations) {
      try {
        expectNoViolations(world.server)
      } finally {
        await world.close()
      }
    } else await world.close()
  })
}
