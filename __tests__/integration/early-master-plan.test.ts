/**
 * The master plan is read and its parse begun from the action's inputs while the settings are fetched
 * from the default branch; the run uses that parse only when its settings lead to the same text, path,
 * directory and phase, and otherwise plans from what the settings name, as if there had been no guess.
 */
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs'
import { join } from 'node:path'
import type { GitHubClients } from '../../src/adapters/github.js'
import { createLocalExec } from '../../src/adapters/local-exec.js'
import { openWorkspace, type Workspace } from '../../src/adapters/workspace.js'
import { runAction, type RunReport } from '../../src/pipeline.js'
import { silentReporter } from '../../src/reporter.js'
import { readMasterPlanEarly } from '../../src/early-master-plan.js'
import { copyExample, EXAMPLE_MASTER_PLAN, type TempRepo } from '../support/example-repo.js'
import {
  startGitHubServer,
  workflowDispatchPayload,
  type GitHubServer
} from '../support/github-server/index.js'
import { checkAndCloseAfterEach, localClients } from '../support/local-clients.js'
import { removeTempDirs, tempDir } from '../support/temp.js'

const OWNER = 'octo-org'
const REPO = 'router'
const OTHER_PLAN = 'docs/other_plan.md'
/** Long enough for a machine under load; the old order never gets there at all. */
const WAIT_MS = 10_000

interface Seen {
  /** Resolves once the checkout's default master plan has been read. */
  readonly masterPlanRead: Promise<void>
  readonly reads: string[]
}

/** openWorkspace, noting each master plan read. */
function watchedWorkspace(): { open: (root: string) => Promise<Workspace>; seen: Seen } {
  const reads: string[] = []
  let read!: () => void
  const masterPlanRead = new Promise<void>(resolve => (read = resolve))
  const open = async (root: string): Promise<Workspace> => {
    const workspace = await openWorkspace(root)
    return {
      ...workspace,
      readText: async (path, what, maxBytes) => {
        const text = await workspace.readText(path, what, maxBytes)
        reads.push(path)
        if (path === EXAMPLE_MASTER_PLAN) read()
        return text
      }
    }
  }
  return { open, seen: { masterPlanRead, reads } }
}

/** The clients, their settings query held until `before` has run (or failed the run). */
function clientsAskingAfter(clients: GitHubClients, before: () => Promise<void>): GitHubClients {
  const graphql: GitHubClients['graphql'] = {
    graphql: async (query, variables, options) => {
      await before()
      return clients.graphql.graphql(query, variables, options)
    }
  }
  return { ...clients, graphql }
}

describe('the master plan read while the settings are fetched', () => {
  let server: GitHubServer
  let repo: TempRepo
  beforeEach(async () => {
    server = await startGitHubServer()
    repo = copyExample({ git: true })
  })
  checkAndCloseAfterEach(() => server)
  afterEach(() => repo.remove())
  afterAll(removeTempDirs)

  function createRepo(config?: string): void {
    server.state.createRepo({
      owner: OWNER,
      repo: REPO,
      defaultBranch: 'main',
      files: { 'README.md': 'x\n', ...(config !== undefined ? { '.github/plan-phase.yml': config } : {}) }
    })
  }

  async function run(
    open: (root: string) => Promise<Workspace>,
    before: () => Promise<void>
  ): Promise<{ report: RunReport; plan: string }> {
    const work = tempDir('early-plan-')
    const output = join(work, 'out')
    const inputs: Record<string, string> = {
      token: 'x',
      stage: 'plan',
      'test-command': 'true',
      'output-dir': output
    }
    const report = await runAction({
      env: {
        GITHUB_EVENT_NAME: 'workflow_dispatch',
        GITHUB_REPOSITORY: `${OWNER}/${REPO}`,
        GITHUB_WORKSPACE: repo.dir,
        GITHUB_SERVER_URL: 'https://github.com',
        PATH: process.env.PATH ?? ''
      },
      getInput: name => inputs[name] ?? '',
      reporter: silentReporter,
      exec: createLocalExec(),
      now: () => new Date('2026-01-02T03:04:05.000Z'),
      tempDir: work,
      readEvent: () =>
        Promise.resolve(workflowDispatchPayload({ owner: OWNER, repo: REPO, inputs: { phase: '3' } })),
      connect: () => {
        const clients = clientsAskingAfter(localClients(server, silentReporter), before)
        return {
          clients,
          permissions: { getCollaboratorPermission: () => Promise.reject(new Error('not asked')) }
        }
      },
      openWorkspace: open
    })
    const plan =
      report.reply.outcome === 'planned-artifacts' ? readFileSync(join(output, 'plan.md'), 'utf8') : ''
    return { report, plan }
  }

  /** Waits for the master plan's read, failing the run when it does not come while the settings are asked. */
  function masterPlanReadBy(seen: Seen): () => Promise<void> {
    return async () => {
      const read = await Promise.race([
        seen.masterPlanRead.then(() => true),
        new Promise<boolean>(resolve => setTimeout(() => resolve(false), WAIT_MS).unref())
      ])
      if (!read) throw new Error('the master plan was not read while the settings were fetched')
    }
  }

  it('reads the master plan before the settings arrive, and plans from that parse', async () => {
    createRepo()
    const { open, seen } = watchedWorkspace()
    const { report, plan } = await run(open, masterPlanReadBy(seen))
    expect(report.reply.outcome).toBe('planned-artifacts')
    expect(plan).toContain('# Phase 3 execution plan: ProviderManager')
    // Read early, and again by the run to check that it is the text the early parse was made from.
    expect(seen.reads).toEqual([EXAMPLE_MASTER_PLAN, EXAMPLE_MASTER_PLAN])
  })

  it('drops the early parse when the default branch’s settings name another master plan', async () => {
    const other = readFileSync(join(repo.dir, EXAMPLE_MASTER_PLAN), 'utf8').replace(
      '### Phase 3: ProviderManager',
      '### Phase 3: ProviderRegistry'
    )
    mkdirSync(join(repo.dir, 'docs'), { recursive: true })
    writeFileSync(join(repo.dir, OTHER_PLAN), other)
    createRepo(`master-plan: ${OTHER_PLAN}\n`)
    const { open, seen } = watchedWorkspace()
    const { report, plan } = await run(open, masterPlanReadBy(seen))
    expect(report.reply.outcome).toBe('planned-artifacts')
    expect(plan).toContain('# Phase 3 execution plan: ProviderRegistry')
    expect(plan).toContain(OTHER_PLAN)
    expect(seen.reads).toEqual([EXAMPLE_MASTER_PLAN, OTHER_PLAN])
  })

  it('plans from the checkout’s text when it changed after the early read', async () => {
    createRepo()
    const { open, seen } = watchedWorkspace()
    const file = join(repo.dir, EXAMPLE_MASTER_PLAN)
    const wait = masterPlanReadBy(seen)
    const { report, plan } = await run(open, async () => {
      await wait()
      writeFileSync(
        file,
        readFileSync(file, 'utf8').replace('### Phase 3: ProviderManager', '### Phase 3: Registry')
      )
    })
    expect(report.reply.outcome).toBe('planned-artifacts')
    expect(plan).toContain('# Phase 3 execution plan: Registry')
  })

  it('makes no guess for a stage that does not plan', async () => {
    const { open, seen } = watchedWorkspace()
    const inputs: Record<string, string> = { token: 'x', stage: 'authorise' }
    const early = readMasterPlanEarly({
      env: { GITHUB_EVENT_NAME: 'workflow_dispatch', GITHUB_WORKSPACE: repo.dir },
      getInput: name => inputs[name] ?? '',
      readEvent: () =>
        Promise.resolve(workflowDispatchPayload({ owner: OWNER, repo: REPO, inputs: { phase: '3' } })),
      openWorkspace: open
    })
    const root = (await openWorkspace(repo.dir)).root
    const text = readFileSync(join(repo.dir, EXAMPLE_MASTER_PLAN), 'utf8')
    await expect(early.take({ root, path: EXAMPLE_MASTER_PLAN, phase: '3', text })).resolves.toBeUndefined()
    expect(seen.reads).toEqual([])
    // Asked once: a second ask, or a discard after it, changes nothing.
    await expect(early.take({ root, path: EXAMPLE_MASTER_PLAN, phase: '3', text })).resolves.toBeUndefined()
    early.discard()
  })
})
