/**
 * Delivery onto the branch of the pull request the command was written on. The gate tested one SHA;
 * the documents are committed on top of exactly that SHA or not at all, so a plan never lands on code
 * nobody tested.
 */
import type { LocalRepository } from '../adapters/git-objects.js'
import type { GitDataClient } from '../adapters/github.js'
import type { GraphqlClient } from '../adapters/github-graphql.js'
import { codeSpan } from '../text/code.js'
import type { PullRequestRef } from '../trigger/request.js'
import { checkSizes, readParent, unchangedAt, type FileToCommit } from './commit.js'
import { commitOnBranch } from './commit-on-branch.js'
import type { DeliveryResult } from './pull-request.js'
import { readPullRequestAtDelivery } from './pull-request-state.js'

export interface PullRequestBranchDelivery {
  readonly owner: string
  readonly repo: string
  readonly phase: string
  /** The PR as read at the start; `headSha` is the commit the gate tested. */
  readonly pullRequest: PullRequestRef
  readonly files: readonly FileToCommit[]
  /** Treat documents that differ only in volatile details as unchanged (see commitFiles). */
  readonly sameContent?: (existing: string, wanted: string) => boolean
  readonly commitMessage: string
  /** The comment command, for the "re-run" hint (default `/plan-phase`). */
  readonly command?: string
  /** The checkout, when it holds the tested commit: the documents there are compared without requests. */
  readonly local?: LocalRepository
}

export interface PullRequestBranchClients {
  readonly graphql: GraphqlClient
  /** Only when the checkout cannot say what the tested commit holds, or a commit's outcome is unknown. */
  readonly git: GitDataClient
}

function short(sha: string): string {
  return sha.slice(0, 7)
}

export async function deliverToPullRequestBranch(
  clients: PullRequestBranchClients,
  input: PullRequestBranchDelivery
): Promise<DeliveryResult> {
  const { owner, repo } = input
  const tested = input.pullRequest.headSha
  const rerun = codeSpan(`${input.command ?? '/plan-phase'} ${input.phase}`)
  checkSizes(input.files)
  // Read right before writing: the PR may have been closed, merged or pushed to while the gate ran.
  const pull = await readPullRequestAtDelivery(clients.graphql, owner, repo, input.pullRequest.number)
  const branch = pull.headRefName
  const about = { number: pull.number, url: pull.url, branch, base: pull.baseRefName, thread: pull.comments }
  const stop = (outcome: DeliveryResult['outcome'], message: string): DeliveryResult => ({
    ...about,
    operation: 'none',
    outcome,
    message
  })
  const deleted = (): DeliveryResult =>
    stop(
      'pull-request-closed',
      `The branch ${codeSpan(branch)} of pull request #${pull.number} was deleted; nothing was pushed.`
    )
  const moved = (head: string): DeliveryResult =>
    stop(
      'head-moved',
      `The branch ${codeSpan(branch)} moved from ${short(tested)} (tested) to ${short(head)} while the ` +
        `gate ran; nothing was pushed. Re-run ${rerun} to test and plan the new head.`
    )

  if (pull.state === 'MERGED') {
    return stop(
      'pull-request-closed',
      `Pull request #${pull.number} was merged before delivery; nothing was pushed.`
    )
  }
  if (pull.state !== 'OPEN') {
    return stop(
      'pull-request-closed',
      `Pull request #${pull.number} was closed before delivery; nothing was pushed.`
    )
  }
  if (pull.headRepository === undefined) {
    return stop(
      'pull-request-closed',
      `The head repository of pull request #${pull.number} was deleted; nothing was pushed.`
    )
  }
  if (pull.headRepository.toLowerCase() !== `${owner}/${repo}`.toLowerCase()) {
    // The workflow's token cannot push to a fork, and a fork's branch is not ours to write to anyway.
    return stop(
      'fork-refused',
      `Pull request #${pull.number} comes from the fork ${codeSpan(pull.headRepository)}; plan-phase does not push ` +
        'to forks. Use `delivery: pull-request` to open a separate pull request instead.'
    )
  }
  if (pull.branchHead === undefined) return deleted()
  if (pull.branchHead !== tested || pull.headRefOid !== tested)
    return moved(pull.branchHead !== tested ? pull.branchHead : pull.headRefOid)

  const parent = await readParent(clients.git, input.local, {
    owner,
    repo,
    parentSha: tested,
    files: input.files
  })
  if (await unchangedAt(parent, input.files, input.sameContent)) {
    return {
      ...about,
      operation: 'unchanged',
      outcome: 'unchanged',
      commitSha: tested,
      message: `The documents on ${codeSpan(branch)} are already up to date; nothing was committed.`
    }
  }
  const result = await commitOnBranch(clients, {
    owner,
    repo,
    branch,
    expectedHead: tested,
    files: input.files,
    message: input.commitMessage
  })
  switch (result.kind) {
    case 'moved':
      return moved(result.head)
    case 'deleted':
      return deleted()
    case 'refused':
      // E.g. branch protection: nothing was written, and there is no force to reach for.
      return stop(
        'head-moved',
        `GitHub refused to commit onto ${codeSpan(branch)} (${result.reason}); nothing was pushed. Re-run ${rerun}.`
      )
    case 'committed':
      return {
        ...about,
        operation: 'updated',
        outcome: 'planned',
        commitSha: result.sha,
        verified: result.verified,
        message: `Committed ${short(result.sha)} to ${codeSpan(branch)} (pull request #${pull.number}).`
      }
  }
}
