/**
 * Which way the documents go: onto the pull request's own branch (a PR comment, or delivery `commit`),
 * or onto the plan branch with a pull request (everything else, and fork PRs, which cannot be pushed to).
 */
import type { LocalRepository } from '../adapters/git-objects.js'
import type { GitHubClients } from '../adapters/github.js'
import { documentPaths } from '../destinations/document-paths.js'
import type { GateResult } from '../gate/result.js'
import type { PhaseId } from '../master-plan/phase-id.js'
import type { Document } from '../planning.js'
import { sameDocument } from '../render/volatile.js'
import { settingName } from '../settings/setting-names.js'
import type { ActionSettings, Delivery } from '../settings/settings.js'
import type { PlanRequest, PullRequestRef } from '../trigger/request.js'
import { deliverToPullRequestBranch } from './pull-request-branch.js'
import { commitFiles, type FileToCommit } from './commit.js'
import { branchSha } from './commit.js'
import { deliverPullRequest, type DeliveryResult } from './pull-request.js'
import { commitMessage } from './pull-request-text.js'
import { UserError } from '../errors.js'

/** What delivery needs of a plan: its documents and what the pull request body says about them. */
export interface DocumentsToDeliver {
  readonly title: string
  readonly plan?: Document
  readonly status?: Document
  readonly gate: GateResult
  readonly coverage?: { readonly percent: number; readonly found: number; readonly total: number }
}

/** Where the documents go: the pull request's own branch, the base branch, or a plan branch with a PR. */
export type DeliveryRoute = 'pull-request-branch' | 'base-branch' | 'plan-branch'

export function deliveryRoute(delivery: Delivery, pull: PullRequestRef | undefined): DeliveryRoute {
  const onBranch = delivery === 'commit' || (delivery === 'auto' && pull !== undefined && !pull.fromFork)
  if (onBranch && pull) return 'pull-request-branch'
  return delivery === 'commit' ? 'base-branch' : 'plan-branch'
}

export async function deliverDocuments(
  settings: ActionSettings,
  request: PlanRequest<PhaseId>,
  clients: GitHubClients,
  web: string,
  result: DocumentsToDeliver,
  at: {
    /** The commit the gate tested (the PR head for a PR comment). */
    readonly tested?: string
    /** The checkout, to compare documents without requests when it holds the commit built on. */
    readonly local?: LocalRepository
    /** The default branch, when the run already read it: the base when none is set. */
    readonly defaultBranch?: string
  }
): Promise<DeliveryResult> {
  const { tested, local, defaultBranch } = at
  const { owner, repo } = request
  const paths = documentPaths(settings, request.phase)
  const files = [
    ...(result.plan ? [{ path: paths.plan, content: result.plan.text }] : []),
    ...(result.status ? [{ path: paths.status, content: result.status.text }] : [])
  ]
  const pull = request.pullRequest
  const message = commitMessage(request.phase, result.title)
  const route = deliveryRoute(settings.delivery, pull)
  if (route === 'pull-request-branch' && pull) {
    return deliverToPullRequestBranch(clients, {
      owner,
      repo,
      phase: request.phase,
      pullRequest: { ...pull, headSha: tested ?? pull.headSha },
      files,
      sameContent: sameDocument,
      commitMessage: message,
      command: settings.command,
      ...(local ? { local } : {})
    })
  }
  if (route === 'base-branch')
    return commitToBase(clients, settings, request, files, message, local, defaultBranch)
  const coverage = result.coverage
  return deliverPullRequest(clients, {
    owner,
    repo,
    phase: request.phase,
    title: result.title,
    branch: paths.branch,
    baseSetting: settingName(settings.origins, 'base'),
    branchSetting: settingName(settings.origins, 'branch'),
    ...(settings.base
      ? { base: settings.base }
      : pull && !pull.fromFork
        ? { base: pull.headRef }
        : defaultBranch
          ? { base: defaultBranch }
          : {}),
    files,
    sameContent: sameDocument,
    commitMessage: message,
    ...(request.issueNumber !== undefined ? { issueNumber: request.issueNumber } : {}),
    gate: result.gate,
    ...(coverage
      ? { coverage: { percent: coverage.percent, found: coverage.found, total: coverage.total } }
      : {}),
    web,
    command: settings.command,
    ...(local ? { local } : {})
  })
}

/** delivery `commit` without a pull request: straight onto the base branch, never forced. */
async function commitToBase(
  clients: GitHubClients,
  settings: ActionSettings,
  request: PlanRequest<PhaseId>,
  files: FileToCommit[],
  message: string,
  local: LocalRepository | undefined,
  defaultBranch: string | undefined
): Promise<DeliveryResult> {
  const { owner, repo } = request
  const base =
    settings.base ?? defaultBranch ?? (await clients.repos.get({ owner, repo })).data.default_branch
  const head = await branchSha(clients.git, owner, repo, base)
  if (head === undefined) {
    throw new UserError(
      `The base branch "${base}" does not exist in ${owner}/${repo}. Set ${settingName(settings.origins, 'base')} to an existing branch.`
    )
  }
  const result = await commitFiles(
    clients.git,
    { owner, repo, branch: base, parentSha: head, files, message, sameContent: sameDocument },
    local
  )
  if (result.kind === 'ref-refused') {
    return {
      operation: 'none',
      outcome: 'failed',
      branch: base,
      base,
      message: `GitHub refused to move \`${base}\` (${result.status}: ${result.message}), e.g. branch protection; nothing was force-pushed. Use delivery: pull-request instead.`
    }
  }
  const committed = result.kind === 'committed'
  return {
    operation: 'none',
    outcome: committed ? 'planned' : 'unchanged',
    branch: base,
    base,
    commitSha: result.sha,
    ...(committed ? { verified: result.verified } : {}),
    message: committed
      ? `Committed ${result.sha.slice(0, 7)} onto \`${base}\`.`
      : `The documents on \`${base}\` are already up to date.`
  }
}
