/**
 * The action, stage by stage: configure → trigger → authorise → acknowledge, then by `stage`: stop
 * there (authorise), publish the plan job's hand-over (publish), or plan in the checkout and deliver
 * (all) or hand over (plan). Each stage either continues or ends the run with an outcome; the outcome,
 * never an exception, decides what the user is told.
 */
import type { Exec } from './adapters/exec.js'
import type { GitHubClients } from './adapters/github.js'
import type { Workspace } from './adapters/workspace.js'
import { authoriseActor, checkFork, type PermissionsClient } from './authorise.js'
import { errorMessage } from './errors.js'
import { readActionSettings, readToken } from './configure/inputs.js'
import { acknowledge } from './notify/reactions.js'
import { planAndDeliver } from './stages/plan-stage.js'
import { publish } from './stages/publish.js'
import type { Reporter } from './reporter.js'
import { readMasterPlanEarly, type EarlyMasterPlan } from './early-master-plan.js'
import { readRepositoryContext, type RepositoryContext } from './stages/repository-context.js'
import { next, RunState, type RunReport, type Step } from './stages/run-report.js'
import type { ActionSettings } from './settings/settings.js'
import { outputDirectory, stopResult, writeStage } from './stages/hand-over.js'
import { commentedPullRequest, readRequest } from './trigger/event.js'
import type { PlanRequest } from './trigger/request.js'

export type { RunReport } from './stages/run-report.js'

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
  /** Opens the checkout; default openWorkspace. */
  readonly openWorkspace?: (root: string) => Promise<Workspace>
}

/** What the first stage establishes for all the others. */
interface Configured {
  readonly settings: ActionSettings
  readonly clients: GitHubClients
  readonly permissions: PermissionsClient
  readonly context: RepositoryContext
  readonly eventName: string
  readonly payload: unknown
}

export async function runAction(io: ActionIO): Promise<RunReport> {
  const run = new RunState(io.env)
  // From the inputs alone, while the settings are fetched: used only if the settings agree (see there).
  const early = readMasterPlanEarly(io)
  let report: RunReport
  try {
    report = await stages(io, run, early)
  } catch (error) {
    report = run.failed(error)
  } finally {
    early.discard()
  }
  return run.settings?.stage === 'plan' ? handOverStop(io, run.settings, report) : report
}

async function stages(io: ActionIO, run: RunState, early: EarlyMasterPlan): Promise<RunReport> {
  const configured = await configure(io, run)
  if (configured.kind === 'end') return configured.report
  const triggered = await trigger(run, configured.value)
  if (triggered.kind === 'end') return triggered.report
  const authorised = await authorise(io, run, configured.value, triggered.value)
  if (authorised.kind === 'end') return authorised.report
  const request = authorised.value
  const { settings, clients, context } = configured.value
  if (notifiesHere(settings) && request.commentId !== undefined) {
    await acknowledge(clients.issues, io.reporter, {
      owner: run.owner,
      repo: run.repo,
      commentId: request.commentId
    })
  }
  const workspaceRoot = io.env.GITHUB_WORKSPACE ?? process.cwd()
  const shared = {
    settings,
    request,
    clients,
    workspaceRoot,
    ...(context.defaultBranch !== undefined ? { defaultBranch: context.defaultBranch } : {})
  }
  switch (settings.stage) {
    case 'authorise':
      // The verdict (🚀 or 😕, the reply) belongs to the stage that plans; this one only said 👀.
      run.learn({ notify: false })
      return run.end(
        'authorised',
        `@${request.actor} may plan phase ${request.phase}; the next step checks out the commit in \`head-sha\`.`
      )
    case 'publish': {
      const published = await publish({
        ...shared,
        web: run.web,
        ...(run.runUrl ? { runUrl: run.runUrl } : {})
      })
      if (published.phase !== undefined) run.learn({ phase: published.phase }, { phase: published.phase })
      if (published.kind === 'stopped') return run.end(published.outcome, published.message, published.facts)
      const { delivery } = published
      return run.end(delivery.outcome, delivery.message, { ...published.facts, delivery })
    }
    default:
      return planAndDeliver(run, {
        ...shared,
        env: io.env,
        exec: io.exec,
        reporter: io.reporter,
        now: io.now,
        tempDir: io.tempDir,
        ...(io.signal ? { signal: io.signal } : {}),
        ...(io.openWorkspace ? { openWorkspace: io.openWorkspace } : {}),
        earlyMasterPlan: early
      })
  }
}

/**
 * Settings and the facts every later stage needs, from GitHub: `.github/plan-phase.yml` as the default
 * branch holds it, and the pull request a comment is on, in one query. Nothing is read from the
 * checkout, which for a pull request is the author's to change.
 */
async function configure(io: ActionIO, run: RunState): Promise<Step<Configured>> {
  const eventName = io.env.GITHUB_EVENT_NAME ?? ''
  const payload = await io.readEvent()
  const { clients, permissions } = io.connect(readToken(io.getInput))
  if (!run.owner || !run.repo)
    return run.stop('failed', 'GITHUB_REPOSITORY is not set (owner/name); is this a GitHub Actions run?')
  const pullRequest = commentedPullRequest(eventName, payload)
  const context = await readRepositoryContext(clients.graphql, {
    owner: run.owner,
    repo: run.repo,
    ...(pullRequest !== undefined ? { pullRequest } : {})
  })
  const settings = await readActionSettings(io.getInput, () => Promise.resolve(context.config))
  run.learn({ settings, clients }, { command: settings.command, maxFailures: settings.maxFailuresInReply })
  return next({ settings, clients, permissions, context, eventName, payload })
}

/** The event as a request, or a stop; a malformed command is answered only for someone who may run it. */
async function trigger(run: RunState, configured: Configured): Promise<Step<PlanRequest>> {
  const { settings, context } = configured
  const result = readRequest(configured.eventName, configured.payload, {
    command: settings.command,
    labelPattern: settings.labelPattern,
    ...(settings.phase ? { phase: settings.phase } : {}),
    force: settings.force
  })
  if (result.kind === 'request') {
    const { request } = result
    return next(
      request.isPullRequest && context.pullRequest
        ? { ...request, pullRequest: context.pullRequest }
        : request
    )
  }
  if (result.outcome === 'invalid-command' && result.replyTo && result.actor) {
    const kind = result.replyTo.commentId !== undefined ? 'comment' : 'label'
    const allowed = await authoriseActor(result.actor, kind, run, settings.permission, configured.permissions)
    if (!allowed.ok) return run.stop(allowed.outcome, allowed.message)
    run.learn({ target: result.replyTo, notify: notifiesHere(settings) })
  }
  return run.stop(result.outcome, result.message)
}

/**
 * Who asked, on what: the actor's permission, then the pull request (open, not a fork unless
 * allow-forks; never a fork beside a write token in the plan job). Every stage asks again.
 */
async function authorise(
  io: ActionIO,
  run: RunState,
  configured: Configured,
  request: PlanRequest
): Promise<Step<PlanRequest>> {
  const { settings } = configured
  const pull = request.pullRequest
  const headSha = pull?.headSha ?? io.env.GITHUB_SHA
  run.learn(
    {
      target: {
        ...(request.issueNumber !== undefined ? { issueNumber: request.issueNumber } : {}),
        ...(request.commentId !== undefined ? { commentId: request.commentId } : {}),
        ...(request.label !== undefined ? { label: request.label } : {})
      },
      phase: request.phase,
      notify: notifiesHere(settings)
    },
    { phase: request.phase, forced: request.flags.force }
  )
  if (request.isPullRequest && !pull) throw new Error('The pull request of the comment was not read.')
  const actor = { login: request.actor, isBot: request.actorIsBot }
  const allowed = await authoriseActor(actor, request.kind, run, settings.permission, configured.permissions)
  if (!allowed.ok) return run.stop(allowed.outcome, allowed.message)
  if (pull?.state === 'closed')
    return run.stop('pull-request-closed', `Pull request #${pull.number} is closed; nothing was planned.`)
  if (pull) {
    const fork = checkFork(pull, request.actor, `${run.owner}/${run.repo}`, settings)
    if (!fork.ok) return run.stop(fork.outcome, fork.message)
    if (pull.fromFork && settings.stage === 'plan' && settings.notifyFromPlan) {
      run.learn({ notify: false })
      return run.stop(
        'fork-refused',
        `Not planning pull request #${pull.number}: its head is in the fork ${pull.headRepo || '(a deleted repository)'}, ` +
          'and `notify-from-plan: true` gives the job that runs its code a token that can write. Remove ' +
          '`notify-from-plan`: the publish job reports the result.'
      )
    }
  }
  if (!headSha && settings.stage === 'authorise')
    return run.stop('failed', 'GITHUB_SHA is not set: stage authorise cannot name the commit to check out.')
  // Named only once allowed: a workflow that forgot to check `allowed` checks out nothing of the PR.
  run.learn({}, { allowed: true, ...(headSha ? { headSha } : {}) })
  return next(request)
}

/** Replies and reactions come from this job: every stage but plan, which needs notify-from-plan. */
function notifiesHere(settings: ActionSettings): boolean {
  return settings.stage !== 'plan' || settings.notifyFromPlan
}

/**
 * A plan job that stops hands the stop over, so the publish job (which holds the write token and
 * runs `if: always()`) can report it: a red gate, an unknown phase, a refusal, a failure.
 */
async function handOverStop(io: ActionIO, settings: ActionSettings, report: RunReport): Promise<RunReport> {
  const { reply } = report
  if (reply.outcome === 'planned-artifacts') return report
  try {
    const dir = outputDirectory(io.env.GITHUB_WORKSPACE ?? process.cwd(), settings.outputDir)
    const stop = stopResult({
      outcome: reply.outcome,
      message: reply.message,
      ...(reply.phase !== undefined ? { phase: reply.phase } : {}),
      ...(reply.title !== undefined ? { title: reply.title } : {}),
      ...(reply.gate ? { gate: reply.gate } : {}),
      // Ids only cross the hand-over: the publish job shows the list, not where each was found.
      ...(reply.phases ? { phases: reply.phases.map(phase => phase.id) } : {})
    })
    await writeStage(dir, stop, {})
  } catch (error) {
    io.reporter.warning(`Could not hand the stop over to the publish job: ${errorMessage(error)}`)
  }
  return report
}
