/** Webhook event payloads built from @octokit/webhooks-examples, retargeted at a test repository. */
import { readFileSync, writeFileSync } from 'node:fs'
import { createRequire } from 'node:module'
import { join } from 'node:path'
import type { UserType } from './records.js'
import type { GitHubState } from './state.js'

type Payload = Record<string, unknown>

let examples: Map<string, Payload[]> | undefined

function isObject(value: unknown): value is Payload {
  return typeof value === 'object' && value !== null && !Array.isArray(value)
}

function load(): Map<string, Payload[]> {
  if (examples) return examples
  const file = createRequire(import.meta.url).resolve('@octokit/webhooks-examples/api.github.com/index.json')
  const raw: unknown = JSON.parse(readFileSync(file, 'utf8'))
  examples = new Map()
  for (const definition of Array.isArray(raw) ? raw : []) {
    if (isObject(definition) && typeof definition.name === 'string' && Array.isArray(definition.examples)) {
      examples.set(definition.name, definition.examples.filter(isObject))
    }
  }
  return examples
}

/** A deep copy of the first example of `event` (with `action` when given), every URL retargeted. */
function example(event: string, action: string | undefined, owner: string, repo: string): Payload {
  const found = (load().get(event) ?? []).find(
    candidate => action === undefined || candidate.action === action
  )
  if (!found) throw new Error(`No @octokit/webhooks-examples example for ${event}.${action ?? ''}`)
  const text = JSON.stringify(found).replace(
    /Codertocat\/Hello-World|octo-org\/octo-repo/g,
    `${owner}/${repo}`
  )
  const payload = JSON.parse(text) as Payload
  const repository = payload.repository
  if (isObject(repository)) {
    repository.name = repo
    repository.full_name = `${owner}/${repo}`
    repository.owner = user(payload, owner, 'User', 1)
  }
  return payload
}

/** A user object shaped like the example's sender. */
function user(payload: Payload, login: string, type: UserType, id: number): Payload {
  const template = isObject(payload.sender) ? payload.sender : {}
  const previous = typeof template.login === 'string' ? template.login : ''
  const text = previous ? JSON.stringify(template).split(previous).join(login) : JSON.stringify(template)
  return { ...(JSON.parse(text) as Payload), login, id, node_id: `U_${id}`, type }
}

function idFor(login: string, state: GitHubState | undefined): number {
  if (state) return state.user(login).id
  let hash = 0
  for (const char of login) hash = (hash * 31 + char.charCodeAt(0)) % 1_000_000
  return 10_000 + hash
}

function retargetIssue(
  payload: Payload,
  owner: string,
  repo: string,
  number: number,
  isPullRequest: boolean
): Payload {
  const issue = isObject(payload.issue) ? payload.issue : {}
  const api = `https://api.github.com/repos/${owner}/${repo}`
  const web = `https://github.com/${owner}/${repo}`
  Object.assign(issue, {
    number,
    url: `${api}/issues/${number}`,
    repository_url: api,
    labels_url: `${api}/issues/${number}/labels{/name}`,
    comments_url: `${api}/issues/${number}/comments`,
    events_url: `${api}/issues/${number}/events`,
    html_url: `${web}/${isPullRequest ? 'pull' : 'issues'}/${number}`
  })
  if (isPullRequest) {
    issue.pull_request = {
      url: `${api}/pulls/${number}`,
      html_url: `${web}/pull/${number}`,
      diff_url: `${web}/pull/${number}.diff`,
      patch_url: `${web}/pull/${number}.patch`,
      merged_at: null
    }
  } else {
    delete issue.pull_request
  }
  payload.issue = issue
  return issue
}

function labelObject(owner: string, repo: string, name: string, id: number): Payload {
  return {
    id,
    node_id: `LA_${id}`,
    url: `https://api.github.com/repos/${owner}/${repo}/labels/${encodeURIComponent(name)}`,
    name,
    color: 'ededed',
    default: false,
    description: null
  }
}

export interface IssueCommentPayloadOptions {
  owner: string
  repo: string
  number: number
  body: string
  /** Commenter (and sender); default `octocat`. */
  login?: string
  userType?: UserType
  isPullRequest?: boolean
  action?: 'created' | 'edited' | 'deleted'
  commentId?: number
  title?: string
  authorAssociation?: string
  /** When given: a `created` comment is added to the state (so reactions and replies work), and the issue's
   *  title and PR-ness come from the state. */
  state?: GitHubState
}

export function issueCommentPayload(options: IssueCommentPayloadOptions): Payload {
  const { owner, repo, number, state } = options
  const action = options.action ?? 'created'
  const login = options.login ?? 'octocat'
  const userType = options.userType ?? (login.endsWith('[bot]') ? 'Bot' : 'User')
  const issueRecord = state?.findRepo(owner, repo)?.issues.get(number)
  const isPullRequest = options.isPullRequest ?? issueRecord?.isPullRequest ?? false
  let commentId = options.commentId
  if (commentId === undefined && state && action === 'created') {
    commentId = state.addComment({ owner, repo, number, body: options.body, user: login, userType }).id
  }
  commentId ??= 900_000 + number
  const payload = example('issue_comment', action, owner, repo)
  const issue = retargetIssue(payload, owner, repo, number, isPullRequest)
  if (options.title ?? issueRecord?.title) issue.title = options.title ?? issueRecord?.title
  if (issueRecord) issue.state = issueRecord.state
  const sender = user(payload, login, userType, idFor(login, state))
  const api = `https://api.github.com/repos/${owner}/${repo}`
  const comment = isObject(payload.comment) ? payload.comment : {}
  Object.assign(comment, {
    id: commentId,
    node_id: `IC_${commentId}`,
    url: `${api}/issues/comments/${commentId}`,
    html_url: `https://github.com/${owner}/${repo}/${isPullRequest ? 'pull' : 'issues'}/${number}#issuecomment-${commentId}`,
    issue_url: `${api}/issues/${number}`,
    body: options.body,
    user: sender,
    author_association: options.authorAssociation ?? (userType === 'Bot' ? 'NONE' : 'MEMBER')
  })
  payload.comment = comment
  payload.sender = sender
  return payload
}

export interface IssuesLabeledPayloadOptions {
  owner: string
  repo: string
  number: number
  /** The label just added (or removed). */
  label: string
  title?: string
  body?: string
  /** Who labelled (sender); default `octocat`. */
  login?: string
  userType?: UserType
  action?: 'labeled' | 'unlabeled'
  /** All labels now on the issue (default: just `label` when labeled). */
  labels?: string[]
  /** When given, a `labeled` label is added to the issue in the state and title/labels come from it. */
  state?: GitHubState
}

export function issuesLabeledPayload(options: IssuesLabeledPayloadOptions): Payload {
  const { owner, repo, number, state } = options
  const action = options.action ?? 'labeled'
  const login = options.login ?? 'octocat'
  const userType = options.userType ?? (login.endsWith('[bot]') ? 'Bot' : 'User')
  if (state && action === 'labeled') state.addLabels(owner, repo, number, [options.label])
  const issueRecord = state?.findRepo(owner, repo)?.issues.get(number)
  const payload = example('issues', action, owner, repo)
  const issue = retargetIssue(payload, owner, repo, number, false)
  const title = options.title ?? issueRecord?.title
  if (title !== undefined) issue.title = title
  if (options.body !== undefined || issueRecord) issue.body = options.body ?? issueRecord?.body ?? null
  const names = options.labels ?? issueRecord?.labels ?? (action === 'labeled' ? [options.label] : [])
  issue.labels = names.map((name, i) => labelObject(owner, repo, name, 5_000 + i))
  payload.label = labelObject(owner, repo, options.label, 5_000 + Math.max(names.indexOf(options.label), 0))
  payload.sender = user(payload, login, userType, idFor(login, state))
  return payload
}

export interface WorkflowDispatchPayloadOptions {
  owner: string
  repo: string
  inputs?: Record<string, string | boolean | number>
  /** Default `refs/heads/main`. */
  ref?: string
  login?: string
  workflow?: string
}

export function workflowDispatchPayload(options: WorkflowDispatchPayloadOptions): Payload {
  const payload = example('workflow_dispatch', undefined, options.owner, options.repo)
  const login = options.login ?? 'octocat'
  payload.inputs = { ...(options.inputs ?? {}) }
  payload.ref = options.ref ?? 'refs/heads/main'
  payload.workflow = options.workflow ?? '.github/workflows/plan-phase.yml'
  payload.sender = user(payload, login, 'User', idFor(login, undefined))
  delete payload.organization
  return payload
}

/** Writes a payload (for GITHUB_EVENT_PATH) into `dir`, which the caller removes, and returns its path. */
export function writeEventFile(payload: Payload, dir: string): string {
  const path = join(dir, 'event.json')
  writeFileSync(path, JSON.stringify(payload, null, 2))
  return path
}
