/**
 * Delivery onto the branch of the pull request the command was written on. The gate tested one SHA;
 * the documents are committed on top of exactly that SHA or not at all, so a plan never lands on code
 * nobody tested.
 */
import type { GitDataClient, PullsClient } from '../adapters/github.js'
import { codeSpan } from '../gate/format.js'
import type { PullRequestRef } from '../trigger/request.js'
import { commitFiles, type FileToCommit } from './commit.js'
import { branchSha, type DeliveryResult } from './pull-request.js'

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
}

export interface PullRequestBranchClients {
  readonly git: GitDataClient
  readonly pulls: Pick<PullsClient, 'get'>
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
  // Re-read right before writing: the PR may have been closed, merged or pushed to while the gate ran.
  const { data: pull } = await clients.pulls.get({ owner, repo, pull_number: input.pullRequest.number })
  const about = { number: pull.number, url: pull.html_url, branch: pull.head.ref, base: pull.base.ref }
  const stop = (outcome: DeliveryResult['outcome'], message: string): DeliveryResult => ({
    ...about,
    operation: 'none',
    outcome,
    message
  })

  if (pull.merged === true || pull.merged_at !== null) {
    return stop(
      'pull-request-closed',
      `Pull request #${pull.number} was merged before delivery; nothing was pushed.`
    )
  }
  if (pull.state !== 'open') {
    return stop(
      'pull-request-closed',
      `Pull request #${pull.number} was closed before delivery; nothing was pushed.`
    )
  }
  if (pull.head.repo === null) {
    return stop(
      'pull-request-closed',
      `The head repository of pull request #${pull.number} was deleted; nothing was pushed.`
    )
  }
  if (pull.head.repo.full_name.toLowerCase() !== `${owner}/${repo}`.toLowerCase()) {
    // The workflow's token cannot push to a fork, and a fork's branch is not ours to write to anyway.
    return stop(
      'fork-refused',
      `Pull request #${pull.number} comes from the fork ${codeSpan(pull.head.repo.full_name)}; plan-phase does not push ` +
        'to forks. Use `delivery: pull-request` to open a separate pull request instead.'
    )
  }
  const current = await branchSha(clients.git, owner, repo, pull.head.ref)
  if (current === undefined) {
    return stop(
      'pull-request-closed',
      `The branch ${codeSpan(pull.head.ref)} of pull request #${pull.number} was deleted; nothing was pushed.`
    )
  }
  const moved = (head: string): DeliveryResult =>
    stop(
      'head-moved',
      `The branch ${codeSpan(pull.head.ref)} moved from ${short(tested)} (tested) to ${short(head)} while the ` +
        `gate ran; nothing was pushed. Re-run ${rerun} to test and plan the new head.`
    )
  if (current !== tested || pull.head.sha !== tested)
    return moved(current !== tested ? current : pull.head.sha)

  const result = await commitFiles(clients.git, {
    owner,
    repo,
    branch: pull.head.ref,
    parentSha: tested,
    files: input.files,
    ...(input.sameContent ? { sameContent: input.sameContent } : {}),
    message: input.commitMessage
  })
  if (result.kind === 'ref-refused') {
    // Someone pushed between our read and our write (or the branch is protected): never force.
    const head = (await branchSha(clients.git, owner, repo, pull.head.ref)) ?? tested
    return head === tested
      ? stop(
          'head-moved',
          `GitHub refused to move ${codeSpan(pull.head.ref)} (${result.status}: ${result.message}); nothing was ` +
            `force-pushed. Re-run ${rerun}.`
        )
      : moved(head)
  }
  if (result.kind === 'unchanged') {
    return {
      ...about,
      operation: 'unchanged',
      outcome: 'unchanged',
      commitSha: tested,
      message: `The documents on ${codeSpan(pull.head.ref)} are already up to date; nothing was committed.`
    }
  }
  return {
    ...about,
    operation: 'updated',
    outcome: 'planned',
    commitSha: result.sha,
    verified: result.verified,
    message: `Committed ${short(result.sha)} to ${codeSpan(pull.head.ref)} (pull request #${pull.number}).`
  }
}
