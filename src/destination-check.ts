/**
 * The run's destinations checked once the phase is known and before the gate runs: the documents'
 * final paths (never in `.git/` or `.github/`, never through a link in the checkout) and, when a plan
 * pull request will be opened, its branch (a valid name, none of the branches it must not move, and
 * not protected on GitHub). Every refusal is a UserError that names the input to change.
 */
import { lstat } from 'node:fs/promises'
import { join } from 'node:path'
import { HTTP_STATUS, statusOf, type ReposClient } from './adapters/github.js'
import { deliveryRoute, repoPath } from './deliver/choose.js'
import { documentPathProblem, planBranchProblem } from './destinations.js'
import { UserError } from './errors.js'
import { fillTemplate, type ActionSettings } from './settings.js'
import type { PullRequestRef } from './trigger/request.js'

export interface Destinations {
  readonly phase: string
  /** Paths relative to working-directory, as planning fills them in. */
  readonly planPath: string
  readonly statusPath: string
}

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
  const paths: [string, string][] = [
    ['plan-path', documents.planPath],
    ['status-path', documents.statusPath]
  ]
  for (const [input, path] of paths) {
    const inRepository = repoPath(settings.workingDirectory, path)
    const refuse = (problem: string): never => {
      throw new UserError(
        `The ${input} for phase ${documents.phase}, "${inRepository}", ${problem}; nothing was run. ` +
          `Change the input \`${input}\` (or its key in .github/plan-phase.yml).`
      )
    }
    const problem = documentPathProblem(inRepository)
    if (problem) refuse(problem)
    if (context.checkout) {
      const linked = await linkOnPath(context.checkout, inRepository)
      if (linked) refuse(linked)
    }
  }
  if (deliveryRoute(settings.delivery, context.pullRequest) === 'plan-branch')
    await checkPlanBranch(documents.phase, context)
}

async function checkPlanBranch(phase: string, context: DestinationContext): Promise<void> {
  const { settings, pullRequest: pull, owner, repo } = context
  const branch = fillTemplate(settings.branchTemplate, phase)
  const base = settings.base ?? (pull && !pull.fromFork ? pull.headRef : context.defaultBranch)
  const refuse = (problem: string): never => {
    throw new UserError(
      `The plan branch for phase ${phase}, "${branch}", ${problem}; plan-phase opens its pull request from a ` +
        'branch of its own and never moves this one. Nothing was run. Change the input `branch` ' +
        '(or its key in .github/plan-phase.yml).'
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

/** Why the path cannot be written in the checkout: a part of it is a link, or it is a directory. */
async function linkOnPath(root: string, path: string): Promise<string | undefined> {
  const parts = path.split('/')
  for (let index = 1; index <= parts.length; index++) {
    const prefix = parts.slice(0, index).join('/')
    let stats
    try {
      stats = await lstat(join(root, prefix))
    } catch {
      return undefined
    }
    if (stats.isSymbolicLink())
      return index === parts.length
        ? 'is a symbolic link in the checkout'
        : `goes through the symbolic link "${prefix}" in the checkout`
    if (index === parts.length && stats.isDirectory()) return 'is a directory in the checkout'
  }
  return undefined
}
