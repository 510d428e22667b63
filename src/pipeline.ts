/**
 * The action, stage by stage: settings → trigger → authorise → acknowledge → plan (gate, master plan,
 * render) → deliver → notify. Each stage either continues or ends the run with an outcome; the
 * outcome, never an exception, decides what the user is told.
 */
import { join } from 'node:path'
import { headCommit } from './adapters/git.js'
import { localRepository } from './adapters/git-objects.js'
import type { GitHubClients } from './adapters/github.js'
import type { Exec } from './adapters/exec.js'
import { openWorkspace, type Workspace } from './adapters/workspace.js'
import { authorise, type PermissionsClient } from './authorise.js'
import { CONFIG_FILE } from './config-file.js'
import { deliverDocuments, repoPath } from './deliver/choose.js'
import { webUrl } from './deliver/pull-request-text.js'
import { errorMessage, UserError } from './errors.js'
import { readActionSettings } from './inputs.js'
import { UnknownPhaseError } from './master-plan/lookup.js'
import { acknowledge } from './notify/reactions.js'
import type { ReplyInput } from './notify/reply.js'
import type { OutcomeCode } from './outcome.js'
import { planPhase, type PlanningResult } from './planning.js'
import type { Reporter } from './reporter.js'
import type { ActionSettings } from './settings.js'
import { readStage, writeStage } from './stage.js'
import { readRequest } from './trigger/event.js'
import type { PlanRequest, PullRequestRef } from './trigger/request.js'

export interface ActionIO {
  readonly env: NodeJS.ProcessEnv
  readonly getInput: (name: string) => string
  readonly reporter: Reporter
  readonly exec: Exec
  readonly now: () => Date
  readonly tempDir: string
  readonly readEvent: () => Promise<unknown>
  /** Builds the API clients once, with the settings' token. */
  readonly connect: (token: string) => { clients: GitHubClients; permissions: PermissionsClient }
  /** Aborted when the job is cancelled (SIGINT/SIGTERM): the gate and the master plan parse stop. */
  readonly signal?: AbortSignal
}

/** Where the run ended and everything the notifier needs to say so. */
export interface RunReport {
  readonly reply: ReplyInput
  /** Who to answer and react to; absent when nobody should be (bots, unrelated events, dispatch). */
  readonly target?: { readonly issueNumber?: number; readonly commentId?: number; readonly label?: string }
  readonly phase?: string
  readonly settings?: ActionSettings
  readonly clients?: GitHubClients
  /** Whether to post replies and reactions from this job (staged plan jobs only with notify-from-plan). */
  readonly notify: boolean
}

export async function runAction(io: ActionIO): Promise<RunReport> {
  const { env } = io
  const [owner = '', repo = ''] = (env.GITHUB_REPOSITORY ?? '').split('/')
  const web = webUrl(env)
  let base: ReplyInput = { outcome: 'failed', message: '', owner, repo, web, ...runUrl(env, web) }
  const end = (
    outcome: OutcomeCode,
    message: string,
    extra: Partial<RunReport> = {},
    reply: Partial<ReplyInput> = {}
  ): RunReport => ({
    notify: false,
    ...extra,
    reply: { ...base, ...reply, outcome, message }
  })

  const workspaceRoot = env.GITHUB_WORKSPACE ?? process.cwd()
  let settings: ActionSettings
  try {
    const root = await openWorkspace(workspaceRoot)
    settings = await readActionSettings(io.getInput, () => root.readIfExists(CONFIG_FILE))
  } catch (error) {
    return end('failed', errorMessage(error))
  }
  const eventName = env.GITHUB_EVENT_NAME ?? ''
  const payload = await io.readEvent()
  const trigger = readRequest(eventName, payload, {
    command: settings.command,
    labelPattern: settings.labelPattern,
    ...(settings.phase ? { phase: settings.phase } : {}),
    force: settings.force
  })
  const { clients, permissions } = io.connect(settings.token)
  base = { ...base, command: settings.command, maxFailures: settings.maxFailuresInReply }
  const context = { settings, clients }
  const notifyHere = settings.stage !== 'plan' || settings.notifyFromPlan

  if (trigger.kind === 'stop') {
    if (trigger.outcome === 'invalid-command' && trigger.replyTo) {
      // Answer a malformed command only for someone who may use the command at all.
      const actor = commenter(payload)
      const request = { kind: 'comment', actor, owner, repo, actorIsBot: false } as PlanRequest
      const allowed = actor
        ? await authorise(request, settings.permission, permissions, { allowForks: true })
        : undefined
      if (!allowed?.ok)
        return end('unauthorised', allowed?.message ?? trigger.message, { ...context, notify: false })
      return end('invalid-command', trigger.message, {
        ...context,
        target: trigger.replyTo,
        notify: notifyHere
      })
    }
    return end(trigger.outcome, trigger.message, { ...context, notify: false })
  }

  let request = trigger.request
  const target = {
    ...(request.issueNumber !== undefined ? { issueNumber: request.issueNumber } : {}),
    ...(request.commentId !== undefined ? { commentId: request.commentId } : {}),
    ...(request.label !== undefined ? { label: request.label } : {})
  }
  const phaseContext = { ...context, target, phase: request.phase, notify: notifyHere }
  const reply = { phase: request.phase, forced: request.flags.force }
  try {
    if (request.isPullRequest && request.issueNumber !== undefined) {
      request = { ...request, pullRequest: await readPullRequest(clients, owner, repo, request.issueNumber) }
      if (request.pullRequest?.state === 'closed') {
        return end(
          'pull-request-closed',
          `Pull request #${request.issueNumber} is closed; nothing was planned.`,
          phaseContext,
          reply
        )
      }
    }
    const allowed = await authorise(request, settings.permission, permissions, {
      allowForks: settings.allowForks || settings.stage === 'plan'
    })
    if (!allowed.ok) return end(allowed.outcome, allowed.message, phaseContext, reply)
    if (notifyHere && request.commentId !== undefined) {
      await acknowledge(clients.issues, io.reporter, { owner, repo, commentId: request.commentId })
    }
    if (settings.stage === 'publish')
      return await publish(io, settings, request, clients, phaseContext, reply, end)

    const projectRoot = join(workspaceRoot, settings.workingDirectory)
    const workspace = await openWorkspace(projectRoot)
    const head = await headCommit(projectRoot)
    const pull = request.pullRequest
    if (pull && head !== pull.headSha) {
      return end(
        'head-moved',
        `The checkout (${head?.slice(0, 7) ?? 'not a git checkout'}) is not the head of pull request #${pull.number} (${pull.headSha.slice(0, 7)}): check out \`refs/pull/${pull.number}/head\`, or re-run \`${settings.command} ${request.phase}\` if the branch moved. Nothing was run.`,
        phaseContext,
        reply
      )
    }
    const result = await planPhase(
      {
        phase: request.phase,
        repoDir: workspace.root,
        masterPlanPath: settings.masterPlanPath,
        planPathTemplate: settings.planPathTemplate,
        statusPathTemplate: settings.statusPathTemplate,
        testCommand: settings.testCommand,
        testTimeoutMinutes: settings.testTimeoutMinutes,
        ...(settings.testReport ? { testReport: settings.testReport } : {}),
        gate: true,
        force: request.flags.force,
        actor: request.actor,
        statusOnly: request.flags.status
      },
      {
        workspace,
        exec: io.exec,
        reporter: io.reporter,
        now: io.now,
        tempDir: io.tempDir,
        env,
        ...(head ? { commit: head } : {}),
        ...(io.signal ? { signal: io.signal } : {})
      }
    )
    const planned = { ...reply, ...facts(result, settings.workingDirectory) }
    if (result.outcome !== 'planned' && result.outcome !== 'status-refreshed')
      return end(result.outcome, result.message, phaseContext, planned)
    if (settings.stage === 'plan') {
      const status = result.status?.text ?? ''
      await writeStage(
        resolveOutput(workspaceRoot, settings.outputDir),
        {
          version: 1,
          phase: request.phase,
          title: result.title,
          testedSha: head ?? '',
          outcome: result.outcome,
          gate: result.gate,
          coverage: result.coverage ?? { percent: 100, found: 0, total: 0 },
          ...(result.nextPhase ? { nextPhase: result.nextPhase } : {}),
          hasPlan: result.plan !== undefined
        },
        { ...(result.plan ? { plan: result.plan.text } : {}), status }
      )
      return end(
        'planned-artifacts',
        `Planned phase ${request.phase}; the documents wait in ${settings.outputDir} for the publish job.`,
        phaseContext,
        planned
      )
    }
    const delivery = await deliverDocuments(settings, request, clients, web, result, {
      ...(head ? { tested: head } : {}),
      local: localRepository(projectRoot)
    })
    return end(delivery.outcome === 'failed' ? 'failed' : delivery.outcome, delivery.message, phaseContext, {
      ...planned,
      delivery
    })
  } catch (error) {
    if (error instanceof UnknownPhaseError)
      return end('unknown-phase', error.message, phaseContext, { ...reply, phases: error.found })
    const message = error instanceof UserError ? error.message : `plan-phase failed: ${errorMessage(error)}`
    return end('failed', message, phaseContext, reply)
  }
}

async function publish(
  io: ActionIO,
  settings: ActionSettings,
  request: PlanRequest,
  clients: GitHubClients,
  context: Partial<RunReport>,
  reply: Partial<ReplyInput>,
  end: (
    outcome: OutcomeCode,
    message: string,
    extra?: Partial<RunReport>,
    reply?: Partial<ReplyInput>
  ) => RunReport
): Promise<RunReport> {
  const workspaceRoot = io.env.GITHUB_WORKSPACE ?? process.cwd()
  const stage = await readStage(resolveOutput(workspaceRoot, settings.outputDir))
  if (stage.result.phase !== request.phase) {
    throw new UserError(
      `The plan job planned phase ${stage.result.phase}, but this event asks for phase ${request.phase}; refusing to publish.`
    )
  }
  // Paths come from this job's settings, never from the artifact.
  const planPath = settings.planPathTemplate.replace(/\{phase\}/g, request.phase)
  const statusPath = settings.statusPathTemplate.replace(/\{phase\}/g, request.phase)
  const result: PlanningResult = {
    outcome: stage.result.outcome,
    phase: request.phase,
    title: stage.result.title,
    gate: stage.result.gate,
    planPath,
    statusPath,
    clarifications: 0,
    message: '',
    coverage: { ...stage.result.coverage, missing: [], leaked: [] },
    ...(stage.result.nextPhase ? { nextPhase: stage.result.nextPhase } : {}),
    ...(stage.plan !== undefined ? { plan: { path: planPath, text: stage.plan } } : {}),
    status: { path: statusPath, text: stage.status }
  }
  const web = webUrl(io.env)
  const planned = { ...reply, ...facts(result, settings.workingDirectory) }
  // The publish job's checkout, if it has one, runs no code: its objects are read and hash-checked only.
  const delivery = await deliverDocuments(settings, request, clients, web, result, {
    tested: stage.result.testedSha,
    local: localRepository(join(workspaceRoot, settings.workingDirectory))
  })
  return end(delivery.outcome === 'failed' ? 'failed' : delivery.outcome, delivery.message, context, {
    ...planned,
    delivery
  })
}

async function readPullRequest(
  clients: GitHubClients,
  owner: string,
  repo: string,
  number: number
): Promise<PullRequestRef> {
  const { data } = await clients.pulls.get({ owner, repo, pull_number: number })
  const headRepo = data.head.repo?.full_name ?? ''
  return {
    number,
    headSha: data.head.sha,
    headRef: data.head.ref,
    headRepo,
    baseRef: data.base.ref,
    fromFork: headRepo.toLowerCase() !== `${owner}/${repo}`.toLowerCase(),
    state: data.state === 'open' ? 'open' : 'closed'
  }
}

function facts(result: PlanningResult, workingDirectory: string): Partial<ReplyInput> {
  return {
    ...(result.title ? { title: result.title } : {}),
    gate: result.gate,
    planPath: repoPath(workingDirectory, result.planPath),
    statusPath: repoPath(workingDirectory, result.statusPath),
    ...(result.coverage
      ? {
          coverage: {
            percent: result.coverage.percent,
            found: result.coverage.found,
            total: result.coverage.total
          }
        }
      : {}),
    ...(result.nextPhase ? { nextPhase: result.nextPhase } : {})
  }
}

function resolveOutput(workspaceRoot: string, dir: string): string {
  return dir.startsWith('/') ? dir : join(workspaceRoot, dir)
}

function runUrl(env: NodeJS.ProcessEnv, web: string): { runUrl?: string } {
  return env.GITHUB_REPOSITORY && env.GITHUB_RUN_ID
    ? { runUrl: `${web}/${env.GITHUB_REPOSITORY}/actions/runs/${env.GITHUB_RUN_ID}` }
    : {}
}

function commenter(payload: unknown): string | undefined {
  if (typeof payload !== 'object' || payload === null || !('comment' in payload)) return undefined
  const comment = (payload as { comment: unknown }).comment
  if (typeof comment !== 'object' || comment === null || !('user' in comment)) return undefined
  const user = (comment as { user: unknown }).user
  return typeof user === 'object' && user !== null && 'login' in user && typeof user.login === 'string'
    ? user.login
    : undefined
}

export type { Workspace }
