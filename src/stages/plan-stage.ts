/**
 * `stage: all` and `stage: plan`: in the checkout of the commit the run is for, check that it is the
 * pull request's head, plan (master plan → destinations → gate → documents), then deliver (all) or
 * hand the documents over to the publish job (plan).
 */
import { join } from 'node:path'
import type { Exec } from '../adapters/exec.js'
import { headCommit } from '../adapters/git.js'
import { localRepository } from '../adapters/git-objects.js'
import type { GitHubClients } from '../adapters/github.js'
import { openWorkspace, type Workspace } from '../adapters/workspace.js'
import { deliverDocuments } from '../deliver/choose.js'
import { checkDestinations } from './destination-check.js'
import type { PhaseId } from '../master-plan/phase-id.js'
import { planPhase, type PlanningResult } from '../planning.js'
import type { Reporter } from '../reporter.js'
import { documentFacts, type RunReport, type RunState } from './run-report.js'
import { projectSettings, type ActionSettings, type PlanningSettings } from '../settings/settings.js'
import type { EarlyMasterPlan } from '../early-master-plan.js'
import { outputDirectory, writeStage } from './hand-over.js'
import type { PlanRequest } from '../trigger/request.js'

export interface PlanStageInput {
  readonly settings: ActionSettings
  readonly request: PlanRequest
  readonly clients: GitHubClients
  readonly defaultBranch?: string
  readonly workspaceRoot: string
  readonly env: NodeJS.ProcessEnv
  readonly exec: Exec
  readonly reporter: Reporter
  readonly now: () => Date
  readonly tempDir: string
  /** Aborted when the job is cancelled: the gate and the master plan parse stop. */
  readonly signal?: AbortSignal
  readonly earlyMasterPlan?: EarlyMasterPlan
  /** Opens the checkout; default openWorkspace. */
  readonly openWorkspace?: (root: string) => Promise<Workspace>
}

export async function planAndDeliver(run: RunState, input: PlanStageInput): Promise<RunReport> {
  const { settings, request } = input
  const projectRoot = join(input.workspaceRoot, settings.workingDirectory)
  const workspace = await (input.openWorkspace ?? openWorkspace)(projectRoot)
  const head = await headCommit(projectRoot)
  const pull = request.pullRequest
  if (pull && head !== pull.headSha) {
    return run.end(
      'head-moved',
      `The checkout (${head?.slice(0, 7) ?? 'not a git checkout'}) is not the head of pull request #${pull.number} ` +
        `(${pull.headSha.slice(0, 7)}): check out the \`head-sha\` output of \`stage: authorise\`, or re-run ` +
        `\`${settings.command} ${request.phase}\` if the branch moved. Nothing was run.`
    )
  }
  const result = await planPhase(planningSettings(settings, request), {
    workspace,
    exec: input.exec,
    reporter: input.reporter,
    now: input.now,
    tempDir: input.tempDir,
    env: input.env,
    ...(head ? { commit: head } : {}),
    ...(input.signal ? { signal: input.signal } : {}),
    ...(input.earlyMasterPlan ? { earlyMasterPlan: input.earlyMasterPlan } : {}),
    checkDestination: documents =>
      checkDestinations(documents, {
        settings,
        owner: request.owner,
        repo: request.repo,
        repos: input.clients.repos,
        checkout: input.workspaceRoot,
        ...(input.defaultBranch !== undefined ? { defaultBranch: input.defaultBranch } : {}),
        ...(pull ? { pullRequest: pull } : {})
      })
  })
  // From here on the phase is the master plan's own id: `03` and `3` make one document, branch and reply.
  const canonical: PlanRequest<PhaseId> = { ...request, phase: result.phase }
  run.learn({ phase: result.phase }, { phase: result.phase })
  const facts = documentFacts(result, settings.workingDirectory)
  if (result.outcome !== 'planned' && result.outcome !== 'status-refreshed')
    return run.end(result.outcome, result.message, facts)
  if (settings.stage === 'plan') {
    await handOver(input, result, head ?? '')
    return run.end(
      'planned-artifacts',
      `Planned phase ${result.phase}; the documents wait in ${settings.outputDir} for the publish job.`,
      facts
    )
  }
  const delivery = await deliverDocuments(settings, canonical, input.clients, run.web, result, {
    ...(head ? { tested: head } : {}),
    local: localRepository(projectRoot),
    ...(input.defaultBranch !== undefined ? { defaultBranch: input.defaultBranch } : {})
  })
  return run.end(delivery.outcome, delivery.message, { ...facts, delivery })
}

function planningSettings(settings: ActionSettings, request: PlanRequest): PlanningSettings {
  return {
    ...projectSettings(settings),
    phase: request.phase,
    gate: true,
    force: request.flags.force,
    actor: request.actor,
    statusOnly: request.flags.status
  }
}

async function handOver(input: PlanStageInput, result: PlanningResult, testedSha: string): Promise<void> {
  await writeStage(
    outputDirectory(input.workspaceRoot, input.settings.outputDir),
    {
      version: 2,
      outcome: result.outcome,
      phase: result.phase,
      title: result.title,
      testedSha,
      gate: result.gate,
      coverage: result.coverage ?? { percent: 100, found: 0, total: 0 },
      ...(result.nextPhase ? { nextPhase: result.nextPhase } : {}),
      hasPlan: result.plan !== undefined
    },
    { ...(result.plan ? { plan: result.plan.text } : {}), status: result.status?.text ?? '' }
  )
}
