/**
 * Event payload → PlanRequest, or a stop with a reason code. The payload is `unknown` and read through
 * type guards only. No I/O: the caller hands in `github.context.eventName` and `.payload`.
 *
 * Supported: `issue_comment` (created), `issues` (labeled), `workflow_dispatch`. A comment on a pull
 * request carries no PR details (head, fork, state): the request says `isPullRequest` and the caller
 * reads the PR through the API before authorising.
 */
import { PHASE_ID_FORM, isValidPhaseId } from '../master-plan/phase-id.js'
import type { OutcomeCode } from '../outcome.js'
import { parseCommand } from './command.js'
import { quote as codeSpan } from '../text/code.js'
import { parseLabel } from './label.js'
import type { Actor, PlanRequest } from './request.js'

export type TriggerResult =
  | { readonly kind: 'request'; readonly request: PlanRequest }
  | {
      readonly kind: 'stop'
      readonly outcome: OutcomeCode
      readonly message: string
      /** Where to answer; absent when nobody should be answered (bots, unrelated events). */
      readonly replyTo?: { readonly issueNumber: number; readonly commentId?: number }
      /** Who wrote the malformed command: an answer goes only to someone who may use the command. */
      readonly actor?: Actor
    }

export interface TriggerOptions {
  /** Command word (input `command`). */
  readonly command: string
  /** Label pattern with `<id>` (input `label-pattern`). */
  readonly labelPattern: string
  /** Action input `phase`: the dispatch phase when the event's `inputs.phase` is absent. */
  readonly phase?: string
  /** Action input `force`: the dispatch flag when the event's `inputs.force` is absent. */
  readonly force?: boolean
}

export const SUPPORTED_EVENTS = 'issue_comment (created), issues (labeled) and workflow_dispatch'

type Json = Readonly<Record<string, unknown>>

function isObject(value: unknown): value is Json {
  return typeof value === 'object' && value !== null && !Array.isArray(value)
}

function field(value: unknown, key: string): unknown {
  return isObject(value) ? value[key] : undefined
}

function text(value: unknown, key: string): string | undefined {
  const found = field(value, key)
  return typeof found === 'string' ? found : undefined
}

function integer(value: unknown, key: string): number | undefined {
  const found = field(value, key)
  return typeof found === 'number' && Number.isSafeInteger(found) && found > 0 ? found : undefined
}

/** GitHub Apps and `github-actions` are `type: Bot`; some bot accounts only show in the login. */
export function isBot(user: unknown): boolean {
  return text(user, 'type') === 'Bot' || (text(user, 'login') ?? '').endsWith('[bot]')
}

function stop(
  outcome: OutcomeCode,
  message: string,
  replyTo?: { issueNumber: number; commentId?: number },
  actor?: Actor
): TriggerResult {
  return {
    kind: 'stop',
    outcome,
    message,
    ...(replyTo ? { replyTo } : {}),
    ...(actor ? { actor } : {})
  }
}

/**
 * The pull request a comment event is about, read from the event alone (before the command is parsed):
 * the run reads it from GitHub together with the repository's settings, in one request.
 */
export function commentedPullRequest(eventName: string, payload: unknown): number | undefined {
  if (eventName !== 'issue_comment') return undefined
  const issue = field(payload, 'issue')
  return isObject(field(issue, 'pull_request')) ? integer(issue, 'number') : undefined
}

function malformed(eventName: string, what: string): TriggerResult {
  return stop('failed', `The ${eventName} event payload has no ${what}; is this a GitHub Actions run?`)
}

export function readRequest(eventName: string, payload: unknown, options: TriggerOptions): TriggerResult {
  switch (eventName) {
    case 'issue_comment':
      return fromComment(payload, options)
    case 'issues':
      return fromLabel(payload, options)
    case 'workflow_dispatch':
      return fromDispatch(payload, options)
    default:
      return stop(
        'failed',
        `plan-phase does not handle the event ${codeSpan(eventName)}. Supported events: ${SUPPORTED_EVENTS}.`
      )
  }
}

interface Origin {
  readonly owner: string
  readonly repo: string
  readonly actor: string
  readonly actorIsBot: boolean
}

function origin(payload: unknown, user: unknown): Origin | undefined {
  const repository = field(payload, 'repository')
  const owner = text(field(repository, 'owner'), 'login')
  const repo = text(repository, 'name')
  const actor = text(user, 'login')
  if (!owner || !repo || !actor) return undefined
  return { owner, repo, actor, actorIsBot: isBot(user) }
}

function fromComment(payload: unknown, options: TriggerOptions): TriggerResult {
  const action = text(payload, 'action')
  if (action !== 'created') {
    return stop('not-triggered', `Comment ${action ?? 'event'}: only new comments are commands.`)
  }
  const comment = field(payload, 'comment')
  const issue = field(payload, 'issue')
  const commentId = integer(comment, 'id')
  const issueNumber = integer(issue, 'number')
  const from = origin(payload, field(comment, 'user'))
  if (commentId === undefined || issueNumber === undefined || !from) {
    return malformed('issue_comment', 'comment id, issue number, repository or comment author')
  }
  const body = text(comment, 'body') ?? ''
  const parsed = parseCommand(body, options.command)
  if (parsed.kind === 'not-a-command') {
    return stop('not-triggered', `The comment does not start with ${codeSpan(options.command)}.`)
  }
  // Checked after parsing so unrelated bot comments stay `not-triggered`; never answered (no loops).
  if (from.actorIsBot) return stop('ignored-bot', `Ignoring a command from the bot @${from.actor}.`)
  if (parsed.kind === 'invalid') {
    const actor = { login: from.actor, isBot: from.actorIsBot }
    return stop('invalid-command', parsed.message, { issueNumber, commentId }, actor)
  }
  const request: PlanRequest = {
    kind: 'comment',
    phase: parsed.phase,
    flags: parsed.flags,
    ...from,
    issueNumber,
    // `issue.pull_request` is present (an object of URLs) only when the issue is a pull request.
    isPullRequest: isObject(field(issue, 'pull_request')),
    commentId
  }
  return { kind: 'request', request }
}

function fromLabel(payload: unknown, options: TriggerOptions): TriggerResult {
  const action = text(payload, 'action')
  if (action !== 'labeled') {
    return stop('not-triggered', `Issue ${action ?? 'event'}: only adding a label is a trigger.`)
  }
  const issue = field(payload, 'issue')
  const issueNumber = integer(issue, 'number')
  const label = text(field(payload, 'label'), 'name')
  const from = origin(payload, field(payload, 'sender'))
  if (issueNumber === undefined || label === undefined || !from) {
    return malformed('issues', 'issue number, label name, repository or sender')
  }
  const parsed = parseLabel(label, text(issue, 'title') ?? '', options.labelPattern)
  if (parsed.kind === 'not-a-command') {
    return stop('not-triggered', `The label ${codeSpan(label)} is not a plan-phase label.`)
  }
  if (from.actorIsBot) return stop('ignored-bot', `Ignoring a label added by the bot @${from.actor}.`)
  if (parsed.kind === 'invalid') {
    const actor = { login: from.actor, isBot: from.actorIsBot }
    return stop('invalid-command', parsed.message, { issueNumber }, actor)
  }
  const request: PlanRequest = {
    kind: 'label',
    phase: parsed.phase,
    flags: { force: false, status: false },
    ...from,
    issueNumber,
    isPullRequest: false,
    label
  }
  return { kind: 'request', request }
}

/** A dispatch boolean: a real boolean, or the strings 'true'/'false' that `github.event.inputs` carries. */
function dispatchFlag(value: unknown, fallback: boolean): boolean | undefined {
  if (value === undefined || value === null || value === '') return fallback
  if (value === true || value === 'true') return true
  if (value === false || value === 'false') return false
  return undefined
}

/**
 * Dispatch is authorised by GitHub (only users with write access can dispatch), and a bot dispatching
 * is a deliberate chain, not a loop: bots are not ignored here, only marked.
 */
function fromDispatch(payload: unknown, options: TriggerOptions): TriggerResult {
  const inputs = field(payload, 'inputs')
  const from = origin(payload, field(payload, 'sender'))
  if (!from) return malformed('workflow_dispatch', 'repository or sender')
  const given = field(inputs, 'phase')
  const phase = (typeof given === 'string' && given.trim() !== '' ? given : (options.phase ?? '')).trim()
  const form = `The phase id is ${PHASE_ID_FORM}.`
  if (phase === '')
    return stop('invalid-command', `No phase given: set the workflow_dispatch input \`phase\`. ${form}`)
  if (!isValidPhaseId(phase))
    return stop('invalid-command', `${codeSpan(phase)} is not a valid phase id. ${form}`)
  const force = dispatchFlag(field(inputs, 'force'), options.force ?? false)
  const status = dispatchFlag(field(inputs, 'status'), false)
  if (force === undefined || status === undefined) {
    const name = force === undefined ? 'force' : 'status'
    const shown = codeSpan(String(field(inputs, name)))
    return stop('invalid-command', `The workflow_dispatch input \`${name}\` is ${shown}; use true or false.`)
  }
  const ref = text(payload, 'ref')
  const request: PlanRequest = {
    kind: 'dispatch',
    phase,
    flags: { force, status },
    ...from,
    isPullRequest: false,
    ...(ref ? { ref } : {})
  }
  return { kind: 'request', request }
}
