/**
 * The run's destinations checked once the phase is known and before the gate runs: the documents'
 * final paths (never in `.git/` or `.github/`, never through a link in the checkout) and, when a plan
 * pull request will be opened, its branch (a valid name, none of the branches it must not move, and
 * not protected on GitHub). Every refusal is a UserError that names the setting to change, the way its
 * user wrote it (an input, a flag, a key of `.github/plan-phase.yml`).
 */
import { HTTP_STATUS, statusOf, type ReposClient } from '../adapters/github.js'
import { deliveryRoute } from '../deliver/choose.js'
import { planBranchProblem } from '../destinations/destinations.js'
import { checkDocumentPaths, type Destinations } from '../destinations/document-path-check.js'
import { documentPaths } from '../destinations/document-paths.js'
import { UserError } from '../errors.js'
import { settingName } from '../settings/setting-names.js'
import type { PhaseId } from '../master-plan/phase-id.js'
import type { ActionSettings } from '../settings/settings.js'
import type { PullRequestRef } from '../trigger/request.js'

export interface DestinationContext {
  readonly settings: ActionSettings
  readonly owner: string
  readonly repo: string
  readonly defaultBranch?: string
  readonly pullRequest?: PullRequestRef
  readonly repos: Pick<ReposClient, 'getBranch'>
  /** The repository's checkout, when this job has one: links in it are refused too. */
  readonly checkout?: string
}

export async function checkDestinations(documents: Destinations, context: DestinationContext): Promise<void> {
  const { settings } = context
  await checkDocumentPaths(documents, {
    workingDirectory: settings.workingDirectory,
    origins: settings.origins,
    ...(context.checkout !== undefined ? { checkout: context.checkout } : {})
  })
  if (deliveryRoute(settings.delivery, context.pullRequest) === 'plan-branch')
    await checkPlanBranch(documents.phase, context)
}

async function checkPlanBranch(phase: PhaseId, context: DestinationContext): Promise<void> {
  const { settings, pullRequest: pull, owner, repo } = context
  // The branch delivery will write, computed the one way delivery computes it.
  const { branch } = documentPaths(settings, phase)
  const base = settings.base ?? (pull && !pull.fromFork ? pull.headRef : context.defaultBranch)
  const refuse = (problem: string): never => {
    throw new UserError(
      `The plan branch for phase ${phase}, "${branch}", ${problem}; plan-phase opens its pull request from a ` +
        `branch of its own and never moves this one. Nothing was run. Change ${settingName(settings.origins, 'branch')}.`
    )
  }
  const problem = planBranchProblem(branch, {
    ...(context.defaultBranch !== undefined ? { defaultBranch: context.defaultBranch } : {}),
    ...(base !== undefined ? { base } : {}),
    ...(pull ? { pullRequestBranch: pull.headRef } : {})
  })
  if (problem) refuse(problem)
  try {
    const { data } = await context.repos.getBranch({ owner, repo, branch })
    if (data.protected) refuse('is protected on GitHub')
  } catch (error: unknown) {
    // A branch that does not exist yet is not protected by name here; GitHub's rules still apply when
    // plan-phase creates it.
    if (statusOf(error) !== HTTP_STATUS.notFound) throw error
  }
}
