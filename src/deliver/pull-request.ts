/**
 * Delivery as a pull request (issue, label and dispatch triggers): commit onto `plan-phase/phase-{id}`
 * (on top of whatever is there, a human's commits included) and find-or-create one PR to the base.
 */
import {
  apiMessage,
  HTTP_STATUS,
  isRateLimit,
  statusOf,
  type GitDataClient,
  type PullsClient,
  type ReposClient
} from '../adapters/github.js'
import type { LocalRepository } from '../adapters/git-objects.js'
import type { CommentPage, GraphqlClient } from '../adapters/github-graphql.js'
import { UserError } from '../errors.js'
import type { GateResult } from '../gate/result.js'
import type { OutcomeCode } from '../outcome.js'
import { inputName } from '../settings/setting-names.js'
import { checkSizes, unchangedAt, type FileToCommit } from './commit.js'
import { commitOnBranch } from './commit-on-branch.js'
import { readPlanBranches, type OpenPull, type PlanBranchState } from './plan-branch-state.js'
import { compareUrl, pullRequestBody, pullRequestTitle } from './pull-request-text.js'

export { blobUrl, compareUrl, webUrl } from './pull-request-text.js'

export type PullRequestOperation = 'created' | 'updated' | 'unchanged' | 'none'

/** What delivery did; drives the reply, the summary and the outputs. */
export interface DeliveryResult {
  /** What happened to the pull request (the `pull-request-operation` output). */
  readonly operation: PullRequestOperation
  readonly outcome: OutcomeCode
  /** One paragraph for the reply and the log (Markdown). */
  readonly message: string
  readonly number?: number
  readonly url?: string
  /** The branch holding the documents, and the PR's base. */
  readonly branch?: string
  readonly base?: string
  /** The commit holding the documents (the new one, or the existing one when unchanged). */
  readonly commitSha?: string
  /** GitHub signed the new commit; absent when nothing was committed. */
  readonly verified?: boolean
  /** Ready link to open the PR by hand (when GitHub refused to). */
  readonly compareUrl?: string
  /** The newest comments of the pull request as read at delivery: the reply lookup starts there. */
  readonly thread?: CommentPage
}

export interface PullRequestDelivery {
  readonly owner: string
  readonly repo: string
  readonly phase: string
  /** The phase's title from the master plan (untrusted text). */
  readonly title: string
  /** The plan branch (input `branch` filled with the phase's canonical id, see documentPaths). */
  readonly branch: string
  /** Input `base`; the repository's default branch when absent. */
  readonly base?: string
  /** The base's and the branch's settings as the run's user wrote them (setting-names.ts), for messages. */
  readonly baseSetting?: string
  readonly branchSetting?: string
  readonly files: readonly FileToCommit[]
  /** Treat documents that differ only in volatile details as unchanged (see commitFiles). */
  readonly sameContent?: (existing: string, wanted: string) => boolean
  readonly commitMessage: string
  /** The issue the request came from, linked from the PR body. */
  readonly issueNumber?: number
  readonly gate?: GateResult
  readonly coverage?: { readonly percent: number; readonly found: number; readonly total: number }
  /** Web host, e.g. `https://github.com` (see `webUrl`). */
  readonly web: string
  readonly command?: string
  /** The checkout: when it holds the commit to build on, nothing is read from GitHub to compare. */
  readonly local?: LocalRepository
}

export interface PullRequestClients {
  readonly graphql: GraphqlClient
  readonly git: GitDataClient
  readonly pulls: PullsClient
  readonly repos: ReposClient
}

/**
 * Reads and writes of the plan branch at most: a lost race for a new branch can take two (its creation,
 * then the winner's first commit).
 */
const MAX_ATTEMPTS = 3

/** What committing onto the plan branch came to. */
type PlanCommit =
  | { readonly kind: 'unchanged'; readonly sha: string }
  | { readonly kind: 'committed'; readonly sha: string; readonly verified: boolean }
  /** GitHub refused to create or move the branch, or it kept moving under us: nothing was forced. */
  | { readonly kind: 'refused'; readonly reason: string }

interface PlanCommitAttempt {
  readonly result: PlanCommit
  readonly state: PlanBranchState
  /** The attempt met someone else's write (the branch appeared or moved): another read may succeed. */
  readonly raced?: boolean
}

/**
 * Commits on the branch's head, or creates the branch at the base's head and commits on that; once more
 * on top if the branch appeared or moved meanwhile. The commit is `createCommitOnBranch` with the head
 * just read as `expectedHeadOid`, so a push made since is never built over or lost.
 */
async function commitOnPlanBranch(
  clients: PullRequestClients,
  input: PullRequestDelivery,
  branch: string,
  base: string
): Promise<PlanCommitAttempt> {
  const { owner, repo, files } = input
  /** GitHub's answer to our last createRef, when it was a 422: a race only if the branch now exists. */
  let refRefusal: string | undefined
  const attempt = async (): Promise<PlanCommitAttempt> => {
    const state = await readPlanBranches(
      clients,
      {
        owner,
        repo,
        branch,
        base,
        files,
        ...(input.issueNumber !== undefined ? { threadNumber: input.issueNumber } : {})
      },
      input.local
    )
    const parent = state.branch ?? state.base
    if (parent === undefined) {
      throw new UserError(
        `The base branch "${base}" does not exist in ${owner}/${repo}. Set ${input.baseSetting ?? inputName('base')} to an existing branch.`
      )
    }
    if (await unchangedAt(parent, files, input.sameContent))
      return { result: { kind: 'unchanged', sha: parent.oid }, state }
    if (state.branch === undefined) {
      // The read after a refused createRef still finds no branch: GitHub refused the name itself (a
      // ruleset, an invalid ref), which no retry can change. Nothing has been written yet.
      if (refRefusal !== undefined) throw branchRefused(input, branch, refRefusal)
      try {
        // The branch starts at the base's head; the commit below is what moves it.
        await clients.git.createRef({ owner, repo, ref: `refs/heads/${branch}`, sha: parent.oid })
      } catch (error: unknown) {
        const status = statusOf(error)
        // 422: the branch appeared meanwhile, or GitHub forbids it; the next read tells which. Never forced.
        if (status !== HTTP_STATUS.unprocessable) throw error
        refRefusal = `${status}: ${apiMessage(error)}`
        return { result: { kind: 'refused', reason: refRefusal }, state, raced: true }
      }
    }
    refRefusal = undefined
    const commit = await commitOnBranch(clients, {
      owner,
      repo,
      branch,
      expectedHead: parent.oid,
      files,
      message: input.commitMessage
    })
    switch (commit.kind) {
      case 'committed':
        return { result: { kind: 'committed', sha: commit.sha, verified: commit.verified }, state }
      case 'refused':
        return { result: { kind: 'refused', reason: commit.reason }, state }
      case 'moved':
        return {
          result: { kind: 'refused', reason: `the branch moved to ${commit.head.slice(0, 7)} meanwhile` },
          state,
          raced: true
        }
      case 'deleted':
        return {
          result: { kind: 'refused', reason: 'the branch was deleted meanwhile' },
          state,
          raced: true
        }
    }
  }
  // Someone pushed (or created or deleted the branch) between our read and our write: read again and
  // build on theirs. Bounded: a branch that keeps moving is reported, never overwritten.
  let result = await attempt()
  for (let again = 1; result.raced && again < MAX_ATTEMPTS; again++) result = await attempt()
  return result
}

function branchRefused(input: PullRequestDelivery, branch: string, reason: string): UserError {
  return new UserError(
    `GitHub refused to create the branch \`${branch}\` (${reason}); nothing was pushed. ` +
      `Allow plan-phase to create it (the repository's rulesets and branch name rules) or change ` +
      `${input.branchSetting ?? inputName('branch')} to a name GitHub accepts, then re-run the command.`
  )
}

async function findOpenPull(
  pulls: PullsClient,
  input: PullRequestDelivery,
  branch: string,
  base: string
): Promise<OpenPull | undefined> {
  const { owner, repo } = input
  const { data } = await pulls.list({
    owner,
    repo,
    state: 'open',
    head: `${owner}:${branch}`,
    base,
    per_page: 10
  })
  return data[0]
}

async function refresh(
  pulls: PullsClient,
  input: PullRequestDelivery,
  pull: OpenPull,
  title: string,
  body: string,
  committed: boolean
): Promise<{ operation: PullRequestOperation; pull: OpenPull }> {
  // A new commit on its branch updates the PR even when its title and body stay as they are.
  const operation = committed ? 'updated' : 'unchanged'
  if (pull.title === title && (pull.body ?? '') === body) return { operation, pull }
  const { owner, repo } = input
  const { data } = await pulls.update({ owner, repo, pull_number: pull.number, title, body })
  return { operation: 'updated', pull: data }
}

type PullResult = { operation: PullRequestOperation; pull?: OpenPull } | { refused: string }

/** `existing`: the open pull request read with the branch (undefined: none was open, or no branch). */
async function findOrCreatePull(
  pulls: PullsClient,
  input: PullRequestDelivery,
  branch: string,
  base: string,
  committed: boolean,
  existing: OpenPull | undefined
): Promise<PullResult> {
  const title = pullRequestTitle(input.phase, input.title)
  const body = pullRequestBody({ ...input, branch })
  if (existing) return refresh(pulls, input, existing, title, body, committed)
  try {
    const { owner, repo } = input
    const { data } = await pulls.create({
      owner,
      repo,
      title,
      body,
      head: branch,
      base,
      maintainer_can_modify: true
    })
    return { operation: 'created', pull: data }
  } catch (error: unknown) {
    const status = statusOf(error)
    // The Actions setting, or a token without `pull-requests: write`.
    if (status === HTTP_STATUS.forbidden && !isRateLimit(error)) return { refused: apiMessage(error) }
    if (status !== HTTP_STATUS.unprocessable) throw error
    // "A pull request already exists" (a concurrent run) — look it up again. Otherwise, e.g. "No commits
    // between", there is nothing to open.
    const again = await findOpenPull(pulls, input, branch, base)
    if (again) return refresh(pulls, input, again, title, body, committed)
    return { operation: 'none' }
  }
}

export async function deliverPullRequest(
  clients: PullRequestClients,
  input: PullRequestDelivery
): Promise<DeliveryResult> {
  const { owner, repo } = input
  checkSizes(input.files)
  const base = input.base ?? (await clients.repos.get({ owner, repo })).data.default_branch
  const branch = input.branch
  const { result, state } = await commitOnPlanBranch(clients, input, branch, base)
  const thread = state.thread ? { thread: state.thread } : {}
  if (result.kind === 'refused') {
    return {
      ...thread,
      operation: 'none',
      outcome: 'failed',
      branch,
      base,
      message: `GitHub refused to move the branch \`${branch}\` (${result.reason}); nothing was force-pushed. Re-run the command.`
    }
  }
  const commit = {
    ...thread,
    branch,
    base,
    commitSha: result.sha,
    ...(result.kind === 'committed' ? { verified: result.verified } : {})
  }
  if (result.kind === 'unchanged' && state.branch === undefined) {
    return {
      ...commit,
      operation: 'none',
      outcome: 'unchanged',
      message: `The base branch \`${base}\` already holds these documents; no branch or pull request was needed.`
    }
  }
  const pull = await findOrCreatePull(
    clients.pulls,
    input,
    branch,
    base,
    result.kind === 'committed',
    state.pulls[0]
  )
  if ('refused' in pull) {
    const link = compareUrl(input.web, owner, repo, base, branch)
    return {
      ...commit,
      operation: 'none',
      outcome: 'pull-request-refused',
      compareUrl: link,
      message:
        `The documents were pushed to \`${branch}\`, but GitHub refused to open the pull request (${pull.refused}). ` +
        'Allow it under Settings → Actions → General → Workflow permissions → "Allow GitHub Actions to create and ' +
        `approve pull requests" (and grant the job \`pull-requests: write\`), or open it yourself: ${link}`
    }
  }
  // Unchanged documents on a branch that only now gets its pull request still count as delivered.
  const outcome: OutcomeCode =
    result.kind === 'unchanged' && pull.operation !== 'created' ? 'unchanged' : 'planned'
  const what =
    result.kind === 'unchanged' ? 'The documents are unchanged' : `Committed ${result.sha.slice(0, 7)}`
  const where = pull.pull ? ` (pull request #${pull.pull.number}: ${pull.operation})` : ''
  return {
    ...commit,
    operation: pull.operation,
    outcome,
    message: `${what} on \`${branch}\`${where}.`,
    ...(pull.pull ? { number: pull.pull.number, url: pull.pull.html_url } : {})
  }
}
