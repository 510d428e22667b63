/**
 * checkDestinations on a real directory: paths with the phase filled in, links in the checkout, and the
 * plan branch (by name, then as GitHub reports it). The GitHub side is a tiny in-memory `getBranch`.
 */
import { mkdirSync, mkdtempSync, rmSync, symlinkSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { checkDestinations, type DestinationContext } from '../../src/stages/destination-check.js'
import { deliverDocuments } from '../../src/deliver/choose.js'
import { errorMessage } from '../../src/errors.js'
import { silentReporter } from '../../src/reporter.js'
import type { PhaseId } from '../../src/master-plan/phase-id.js'
import { callerOrigins } from '../../src/settings/setting-names.js'
import type { ActionSettings } from '../../src/settings/settings.js'
import type { PlanRequest, PullRequestRef } from '../../src/trigger/request.js'
import { greenGate } from '../support/gates.js'
import { startGitHubServer, type GitHubServer } from '../support/github-server/index.js'
import { checkAndCloseAfterEach, localClients } from '../support/local-clients.js'

const SETTINGS: ActionSettings = {
  token: 't',
  phase: '',
  command: '/plan-phase',
  labelPattern: 'plan-phase:<id>',
  permission: 'write',
  allowForks: false,
  masterPlanPath: 'plan.md',
  planPathTemplate: 'docs/{phase}/plan.md',
  statusPathTemplate: 'docs/{phase}/status.md',
  testCommand: 'pytest',
  testTimeoutMinutes: 30,
  delivery: 'auto',
  branchTemplate: 'plan-phase/phase-{phase}',
  stage: 'all',
  workingDirectory: '',
  outputDir: 'out',
  notifyFromPlan: false,
  force: false,
  maxFailuresInReply: 20,
  origins: callerOrigins('action')
}

const PULL: PullRequestRef = {
  number: 7,
  headSha: 'a'.repeat(40),
  headRef: 'feature',
  headRepo: 'acme/widgets',
  baseRef: 'main',
  fromFork: false,
  state: 'open'
}

function branches(table: Record<string, boolean | number>) {
  const asked: string[] = []
  const repos: DestinationContext['repos'] = {
    async getBranch({ branch }) {
      asked.push(branch)
      const found = table[branch]
      if (found === undefined) throw Object.assign(new Error('Branch not found'), { status: 404 })
      if (typeof found === 'number') throw Object.assign(new Error('boom'), { status: found })
      return { data: { name: branch, protected: found } }
    }
  }
  return { repos, asked }
}

async function refusal(promise: Promise<unknown>): Promise<string> {
  try {
    await promise
  } catch (error) {
    return errorMessage(error)
  }
  throw new Error('expected a refusal')
}

describe('checkDestinations', () => {
  let checkout: string
  beforeEach(() => {
    checkout = mkdtempSync(join(tmpdir(), 'plan-phase-dest-'))
    mkdirSync(join(checkout, 'docs'))
  })
  afterEach(() => rmSync(checkout, { recursive: true, force: true }))

  const context = (over: Partial<DestinationContext> = {}): DestinationContext => ({
    settings: SETTINGS,
    owner: 'acme',
    repo: 'widgets',
    defaultBranch: 'main',
    repos: branches({}).repos,
    checkout,
    ...over
  })
  const documents = (phase: string, settings = SETTINGS) => ({
    phase: phase as PhaseId,
    planPath: settings.planPathTemplate.replace('{phase}', phase),
    statusPath: settings.statusPathTemplate.replace('{phase}', phase)
  })

  it('accepts ordinary paths and an unprotected plan branch that does not exist yet', async () => {
    const { repos, asked } = branches({})
    await expect(checkDestinations(documents('3'), context({ repos }))).resolves.toBeUndefined()
    expect(asked).toEqual(['plan-phase/phase-3'])
  })

  it('asks nothing about branches when the documents go onto the pull request itself', async () => {
    const { repos, asked } = branches({})
    await checkDestinations(documents('3'), context({ repos, pullRequest: PULL }))
    expect(asked).toEqual([])
  })

  it('refuses a path that the phase turns into .git/ or .github/, naming the input and the phase', async () => {
    const settings = {
      ...SETTINGS,
      planPathTemplate: '.gi{phase}/plan.md',
      statusPathTemplate: '.githu{phase}/s.md'
    }
    expect(await refusal(checkDestinations(documents('t', settings), context({ settings })))).toBe(
      'The plan path for phase t, ".git/plan.md", is inside .git/; nothing was run. Change the input `plan-path`.'
    )
    expect(await refusal(checkDestinations(documents('b', settings), context({ settings })))).toContain(
      'The status file path for phase b, ".github/s.md", is under .github/'
    )
    // Set in .github/plan-phase.yml, the key is what to change.
    const fromFile = { ...settings, origins: { caller: 'action' as const, fromFile: ['plan-path'] } }
    expect(
      await refusal(checkDestinations(documents('t', fromFile), context({ settings: fromFile })))
    ).toContain('Change `plan-path` in .github/plan-phase.yml.')
  })

  it('applies working-directory before checking', async () => {
    const settings = { ...SETTINGS, workingDirectory: '.github' }
    expect(await refusal(checkDestinations(documents('3'), context({ settings })))).toContain(
      '".github/docs/3/plan.md", is under .github/'
    )
  })

  it('refuses a path through a link in the checkout, a link itself, or a directory', async () => {
    symlinkSync(join(checkout, 'elsewhere'), join(checkout, 'docs', '3'))
    expect(await refusal(checkDestinations(documents('3'), context()))).toContain(
      'goes through the symbolic link "docs/3" in the checkout'
    )
    mkdirSync(join(checkout, 'docs', '4'))
    symlinkSync('/etc/passwd', join(checkout, 'docs', '4', 'plan.md'))
    expect(await refusal(checkDestinations(documents('4'), context()))).toContain(
      '"docs/4/plan.md", is a symbolic link in the checkout'
    )
    mkdirSync(join(checkout, 'docs', '5', 'status.md'), { recursive: true })
    writeFileSync(join(checkout, 'docs', '5', 'plan.md'), 'old plan\n')
    expect(await refusal(checkDestinations(documents('5'), context()))).toContain(
      '"docs/5/status.md", is a directory in the checkout'
    )
    // Without a checkout (the publish job) only the paths themselves are checked.
    await expect(checkDestinations(documents('3'), context({ checkout: undefined }))).resolves.toBeUndefined()
  })

  it.each([
    ['the default branch', { branchTemplate: 'mai{phase}' }, 'n', undefined, 'is the default branch'],
    [
      'the pull request’s own branch (its base with delivery pull-request)',
      { branchTemplate: 'featur{phase}', delivery: 'pull-request' as const },
      'e',
      PULL,
      'is the base branch of the plan pull request'
    ],
    [
      'the base',
      { branchTemplate: 'release-{phase}', base: 'release-3' },
      '3',
      undefined,
      'is the base branch'
    ]
  ])(
    'refuses a plan branch that is %s, before asking GitHub',
    async (_, over, phase, pullRequest, problem) => {
      const settings = { ...SETTINGS, ...over }
      const { repos, asked } = branches({})
      const message = await refusal(
        checkDestinations(
          documents(phase, settings),
          context({ settings, repos, ...(pullRequest ? { pullRequest } : {}) })
        )
      )
      expect(message).toContain(problem)
      expect(message).toContain('Change the input `branch`.')
      expect(asked).toEqual([])
    }
  )

  it('refuses a plan branch GitHub reports as protected, and passes other API errors on', async () => {
    const protectedBranch = branches({ 'plan-phase/phase-3': true })
    expect(
      await refusal(checkDestinations(documents('3'), context({ repos: protectedBranch.repos })))
    ).toContain('"plan-phase/phase-3", is protected on GitHub')
    const open = branches({ 'plan-phase/phase-3': false })
    await expect(checkDestinations(documents('3'), context({ repos: open.repos }))).resolves.toBeUndefined()
    const failing = branches({ 'plan-phase/phase-3': 500 })
    await expect(checkDestinations(documents('3'), context({ repos: failing.repos }))).rejects.toThrow('boom')
  })
})

describe('the plan branch the check asks GitHub about is the branch delivery writes', () => {
  let server: GitHubServer
  beforeEach(async () => {
    server = await startGitHubServer()
    server.state.createRepo({ owner: 'acme', repo: 'widgets', files: { 'README.md': '# widgets\n' } })
    server.state.createIssue({ owner: 'acme', repo: 'widgets', title: 'Plan phase 2A' })
  })
  checkAndCloseAfterEach(() => server)

  it('for a branch template that names the phase twice, under a directory of its own', async () => {
    const settings: ActionSettings = { ...SETTINGS, branchTemplate: 'plans/{phase}/phase-{phase}-work' }
    const phase = '2A' as PhaseId
    const clients = localClients(server, silentReporter)
    const context: DestinationContext = {
      settings,
      owner: 'acme',
      repo: 'widgets',
      defaultBranch: 'main',
      repos: clients.repos
    }
    await checkDestinations({ phase, planPath: 'docs/2A/plan.md', statusPath: 'docs/2A/status.md' }, context)
    const asked = server.requestsFor('repos/get-branch').map(r => r.path.split('/branches/')[1])
    const request: PlanRequest<PhaseId> = {
      kind: 'label',
      phase,
      flags: { force: false, status: false },
      actor: 'maintainer',
      actorIsBot: false,
      owner: 'acme',
      repo: 'widgets',
      issueNumber: 1,
      isPullRequest: false
    }
    const delivered = await deliverDocuments(
      settings,
      request,
      clients,
      'https://github.com',
      {
        title: 'Providers',
        gate: greenGate(),
        plan: { path: 'docs/2A/plan.md', text: '# Plan\n' },
        status: { path: 'docs/2A/status.md', text: '# Status\n' }
      },
      {}
    )
    expect(asked).toEqual(['plans/2A/phase-2A-work'])
    expect(delivered).toMatchObject({ branch: 'plans/2A/phase-2A-work', operation: 'created' })
    expect(server.state.branchHead('acme', 'widgets', 'plans/2A/phase-2A-work')).toBe(delivered.commitSha)
  })
})
