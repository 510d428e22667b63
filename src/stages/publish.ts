/**
 * `stage: publish`: the job that holds the write token and runs no repository code. It reads the plan
 * job's hand-over as untrusted data and either delivers its documents or reports why the plan job
 * stopped (a red gate, an unknown phase, any refusal, or no hand-over at all).
 */
import { join } from 'node:path'
import { localRepository } from '../adapters/git-objects.js'
import type { GitHubClients } from '../adapters/github.js'
import { deliverDocuments, type DocumentsToDeliver } from '../deliver/choose.js'
import type { DeliveryResult } from '../deliver/pull-request.js'
import { checkDestinations } from './destination-check.js'
import { UserError } from '../errors.js'
import type { ReplyInput } from '../notify/reply.js'
import type { OutcomeCode } from '../outcome.js'
import { documentFacts } from './run-report.js'
import { documentPaths } from '../destinations/document-paths.js'
import { confirmPhaseId } from '../master-plan/phase-id.js'
import { inputName } from '../settings/setting-names.js'
import type { ActionSettings } from '../settings/settings.js'
import { codeBlock, codeSpan } from '../text/code.js'
import { outputDirectory, readStage, type StageResult } from './hand-over.js'
import type { PlanRequest } from '../trigger/request.js'

export interface PublishInput {
  readonly settings: ActionSettings
  readonly request: PlanRequest
  readonly clients: GitHubClients
  readonly defaultBranch?: string
  readonly workspaceRoot: string
  readonly web: string
  readonly runUrl?: string
}

/** What publishing did: delivered the plan job's documents, or found that the plan job stopped. */
export type PublishResult =
  | {
      readonly kind: 'delivered'
      /** The phase's canonical id, as the plan job planned it. */
      readonly phase: string
      readonly delivery: DeliveryResult
      readonly facts: Partial<ReplyInput>
    }
  | {
      readonly kind: 'stopped'
      readonly phase?: string
      readonly outcome: OutcomeCode
      readonly message: string
      readonly facts: Partial<ReplyInput>
    }

export async function publish(input: PublishInput): Promise<PublishResult> {
  const { settings, request } = input
  const dir = outputDirectory(input.workspaceRoot, settings.outputDir)
  const stage = await readStage(dir)
  if (!stage) {
    const run = input.runUrl ? ` See the workflow run: ${input.runUrl}` : ''
    return {
      kind: 'stopped',
      outcome: 'failed',
      message:
        `The plan job left no result in ${codeSpan(settings.outputDir)} (${inputName('outputDir')}): it crashed, timed out or ` +
        `was cancelled before handing over, or its artifact was not downloaded. Nothing was delivered.${run}`,
      facts: {}
    }
  }
  const { result } = stage
  // The plan job spells the phase as the master plan does; it must be a spelling of what this event asks.
  const phase = result.phase === undefined ? undefined : confirmPhaseId(result.phase, request.phase)
  if (result.phase !== undefined && phase === undefined) {
    throw new UserError(
      `The plan job planned phase ${result.phase ?? '?'}, but this event asks for phase ${request.phase}; refusing to publish.`
    )
  }
  if (stage.kind === 'stop') {
    return {
      kind: 'stopped',
      ...(phase !== undefined ? { phase } : {}),
      outcome: result.outcome,
      message: stoppedMessage(result),
      facts: {
        ...(result.gate ? { gate: result.gate } : {}),
        ...(result.phases
          ? { phases: result.phases.map(id => ({ id, title: '', status: [], found: [], notFollowed: [] })) }
          : {}),
        ...(result.title ? { title: result.title } : {})
      }
    }
  }
  // A hand-over with documents always names its phase (readStage checks it).
  if (phase === undefined)
    throw new UserError('The plan job handed documents over without naming their phase.')
  // Paths come from this job's settings, never from the artifact.
  const { planInProject: planPath, statusInProject: statusPath } = documentPaths(settings, phase)
  const { owner, repo } = request
  await checkDestinations(
    { phase, planPath, statusPath },
    {
      settings,
      owner,
      repo,
      repos: input.clients.repos,
      ...(input.defaultBranch !== undefined ? { defaultBranch: input.defaultBranch } : {}),
      ...(request.pullRequest ? { pullRequest: request.pullRequest } : {})
    }
  )
  const { gate } = stage.result
  const documents: DocumentsToDeliver = {
    title: result.title,
    gate,
    coverage: stage.result.coverage,
    ...(stage.plan !== undefined ? { plan: { path: planPath, text: stage.plan } } : {}),
    status: { path: statusPath, text: stage.status }
  }
  // The publish job's checkout, if it has one, runs no code: its objects are read and hash-checked only.
  const delivery = await deliverDocuments(
    settings,
    { ...request, phase },
    input.clients,
    input.web,
    documents,
    {
      tested: stage.result.testedSha,
      local: localRepository(join(input.workspaceRoot, settings.workingDirectory)),
      ...(input.defaultBranch !== undefined ? { defaultBranch: input.defaultBranch } : {})
    }
  )
  const facts = documentFacts(
    {
      title: result.title,
      gate,
      planPath,
      statusPath,
      coverage: stage.result.coverage,
      ...(result.nextPhase ? { nextPhase: result.nextPhase } : {})
    },
    settings.workingDirectory
  )
  return { kind: 'delivered', phase, delivery, facts }
}

/**
 * The publish job's own words for the plan job's stop. Gate results and phase lists travel as checked
 * data and are rendered by the reply; the plan job's message is shown only as quoted text, since that
 * job ran the repository's code.
 */
function stoppedMessage(result: StageResult): string {
  const said = result.message
    ? `\n\nThe plan job said:\n\n${codeBlock(result.message, { info: 'text' })}`
    : ''
  switch (result.outcome) {
    case 'red-gate':
      return 'The test suite is not green in the plan job: no plan was written and nothing was delivered.'
    case 'unknown-phase':
      return `The plan job did not find phase ${codeSpan(result.phase ?? '?')} in the master plan; nothing was delivered.`
    case 'incomplete-plan':
      return `The plan job's plan was incomplete; nothing was delivered.${said}`
    case 'head-moved':
      return `The plan job did not test the pull request's head; nothing was delivered. Re-run the command.${said}`
    default:
      return `The plan job stopped (${codeSpan(result.outcome)}); nothing was delivered.${said}`
  }
}
