/**
 * Who may run plan-phase: the actor's repository permission (collaborator-permission API, never
 * `author_association`), and whether a pull request from a fork may be planned at all.
 */
import type { OutcomeCode } from './outcome.js'
import { inputName } from './settings/setting-names.js'
import { PERMISSIONS, type Permission } from './settings/settings.js'
import type { Actor, PlanRequest, PullRequestRef, TriggerKind } from './trigger/request.js'

export type { Actor } from './trigger/request.js'

/** The one call authorisation needs: the shape of `octokit.rest.repos.getCollaboratorPermissionLevel`. */
export interface PermissionsClient {
  getCollaboratorPermission(params: {
    owner: string
    repo: string
    username: string
  }): Promise<{ data: { permission: string; role_name?: string } }>
}

export interface AuthoriseOptions {
  /** Input `allow-forks`: plan pull requests whose head is in a fork. */
  readonly allowForks: boolean
}

export type AuthoriseResult =
  { readonly ok: true } | { readonly ok: false; readonly outcome: OutcomeCode; readonly message: string }

const NOT_FOUND = 404

function isPermission(value: unknown): value is Permission {
  return typeof value === 'string' && (PERMISSIONS as readonly string[]).includes(value)
}

/** Rank of a permission; -1 for `none` or anything unknown. */
export function permissionRank(value: string | undefined): number {
  return isPermission(value) ? PERMISSIONS.indexOf(value) : -1
}

/**
 * The actor's effective level: `role_name` when it is one of the five built-in roles (it is the only
 * field that tells `maintain` and `triage` apart), otherwise `permission` (admin/write/read/none), which
 * maps custom roles onto their base role.
 */
export function effectiveLevel(data: { permission: string; role_name?: string }): string {
  return isPermission(data.role_name) ? data.role_name : data.permission
}

function hasStatus(error: unknown, status: number): boolean {
  return typeof error === 'object' && error !== null && 'status' in error && error.status === status
}

/**
 * The actor may run plan-phase: not a bot, and at least `required` on the repository. Dispatch is
 * authorised by GitHub itself (dispatching a workflow needs write access), so it is not asked again.
 */
export async function authoriseActor(
  actor: Actor,
  kind: TriggerKind,
  repository: { readonly owner: string; readonly repo: string },
  required: Permission,
  client: PermissionsClient
): Promise<AuthoriseResult> {
  if (kind === 'dispatch') return { ok: true }
  if (actor.isBot) {
    return { ok: false, outcome: 'ignored-bot', message: `Ignoring a trigger from the bot @${actor.login}.` }
  }
  let level: string
  try {
    const response = await client.getCollaboratorPermission({
      owner: repository.owner,
      repo: repository.repo,
      username: actor.login
    })
    level = effectiveLevel(response.data)
  } catch (error: unknown) {
    if (!hasStatus(error, NOT_FOUND)) throw error
    level = 'none'
  }
  if (permissionRank(level) >= permissionRank(required)) return { ok: true }
  const has = level === 'none' ? 'is not a collaborator on' : `has ${level} permission on`
  return {
    ok: false,
    outcome: 'unauthorised',
    message:
      `@${actor.login} ${has} ${repository.owner}/${repository.repo}; plan-phase needs at least ${required} ` +
      `(${inputName('permission')}).`
  }
}

/** A pull request whose head is in a fork is planned only with `allow-forks`. */
export function checkFork(
  pull: PullRequestRef,
  actor: string,
  repository: string,
  options: AuthoriseOptions
): AuthoriseResult {
  if (!pull.fromFork || options.allowForks) return { ok: true }
  return {
    ok: false,
    outcome: 'fork-refused',
    message:
      `Not planning pull request #${pull.number} for @${actor}: its head is in the fork ` +
      `${pull.headRepo || '(a deleted repository)'}. The test gate would run that untrusted code in a job ` +
      `that may hold a token that can write to ${repository}. To allow it, ` +
      `set ${inputName('allowForks')} to \`true\` and use the two-job staged mode: a job with \`stage: plan\` and ` +
      `read-only permissions runs the gate and uploads the documents, and a job with \`stage: publish\` and ` +
      `write permissions delivers them without running any of the fork's code.`
  }
}

/** The actor (authoriseActor), then the pull request's head (checkFork). */
export async function authorise(
  request: PlanRequest,
  required: Permission,
  client: PermissionsClient,
  options: AuthoriseOptions
): Promise<AuthoriseResult> {
  const actor = { login: request.actor, isBot: request.actorIsBot }
  const allowed = await authoriseActor(actor, request.kind, request, required, client)
  if (!allowed.ok) return allowed
  if (request.isPullRequest && !request.pullRequest) {
    throw new Error('authorise() needs the pull request read first (request.pullRequest is missing).')
  }
  const pull = request.pullRequest
  return pull ? checkFork(pull, request.actor, `${request.owner}/${request.repo}`, options) : { ok: true }
}
