/**
 * Who may run plan-phase: the actor's repository permission (collaborator-permission API, never
 * `author_association`), and whether a pull request from a fork may be planned at all.
 */
import type { OutcomeCode } from './outcome.js'
import type { Permission } from './settings.js'
import type { PlanRequest } from './trigger/request.js'

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

/** Lowest to highest. */
export const PERMISSION_LEVELS: readonly Permission[] = ['read', 'triage', 'write', 'maintain', 'admin']

const NOT_FOUND = 404

function isPermission(value: unknown): value is Permission {
  return typeof value === 'string' && (PERMISSION_LEVELS as readonly string[]).includes(value)
}

/** Rank of a permission; -1 for `none` or anything unknown. */
export function permissionRank(value: string | undefined): number {
  return isPermission(value) ? PERMISSION_LEVELS.indexOf(value) : -1
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

export async function authorise(
  request: PlanRequest,
  required: Permission,
  client: PermissionsClient,
  options: AuthoriseOptions
): Promise<AuthoriseResult> {
  const repository = `${request.owner}/${request.repo}`
  // Dispatching a workflow already needs write access: GitHub has authorised the actor.
  if (request.kind !== 'dispatch') {
    if (request.actorIsBot) {
      return {
        ok: false,
        outcome: 'ignored-bot',
        message: `Ignoring a trigger from the bot @${request.actor}.`
      }
    }
    let level: string
    try {
      const response = await client.getCollaboratorPermission({
        owner: request.owner,
        repo: request.repo,
        username: request.actor
      })
      level = effectiveLevel(response.data)
    } catch (error: unknown) {
      if (!hasStatus(error, NOT_FOUND)) throw error
      level = 'none'
    }
    if (permissionRank(level) < permissionRank(required)) {
      const has = level === 'none' ? 'is not a collaborator on' : `has ${level} permission on`
      return {
        ok: false,
        outcome: 'unauthorised',
        message:
          `@${request.actor} ${has} ${repository}; plan-phase needs at least ${required} ` +
          `(input \`permission\`).`
      }
    }
  }
  if (request.isPullRequest && !request.pullRequest) {
    throw new Error('authorise() needs the pull request read first (request.pullRequest is missing).')
  }
  const pull = request.pullRequest
  if (pull?.fromFork && !options.allowForks) {
    return {
      ok: false,
      outcome: 'fork-refused',
      message:
        `Not planning pull request #${pull.number} for @${request.actor}: its head is in the fork ` +
        `${pull.headRepo}. The test gate would run that untrusted code in a job holding a token that can ` +
        `write to ${repository}. To allow it, set the input \`allow-forks: true\` and use the two-job ` +
        `staged mode: a job with \`stage: plan\` and read-only permissions runs the gate and uploads the ` +
        `documents, and a job with \`stage: publish\` and write permissions delivers them without running ` +
        `any of the fork's code.`
    }
  }
  return { ok: true }
}
