/** Repository-level endpoints: repo, permissions, contents, compare, commits, branches, user. */
import {
  HttpError,
  notFound,
  ok,
  param,
  repoOf,
  unprocessable,
  type Handler,
  type RouteContext
} from './http.js'
import type { Permission, RepoRecord } from './records.js'
import { repoJson, restCommitJson, userJson, WEB, wrappedBase64 } from './serialize.js'

/** The legacy `permission` field maps maintain → write and triage → read; `role_name` keeps the role. */
const LEGACY: Record<Permission, string> = {
  admin: 'admin',
  maintain: 'write',
  write: 'write',
  triage: 'read',
  read: 'read',
  none: 'none'
}

function permissionFlags(role: Permission): Record<string, boolean> {
  const order: Permission[] = ['none', 'read', 'triage', 'write', 'maintain', 'admin']
  const level = order.indexOf(role)
  return { pull: level >= 1, triage: level >= 2, push: level >= 3, maintain: level >= 4, admin: level >= 5 }
}

/** Resolves one side of a compare: `sha`, `branch` or `owner:branch` (a fork in the same network). */
function compareSide(route: RouteContext, record: RepoRecord, side: string): string {
  let target = record
  let ref = side
  const colon = side.indexOf(':')
  if (colon > 0) {
    const owner = side.slice(0, colon)
    ref = side.slice(colon + 1)
    const candidates = [...route.state.repos.values()].filter(
      r => r.owner.login.toLowerCase() === owner.toLowerCase()
    )
    const found =
      candidates.find(r => r.name === record.name) ??
      candidates.find(r => r.forkOf === record.fullName || record.forkOf === r.fullName)
    if (!found) throw notFound()
    target = found
  }
  const sha = route.state.resolve(target, ref)
  if (!sha) throw notFound()
  return sha
}

export const repoRoutes: Record<string, Handler> = {
  'repos/get': route => ok(repoJson(route.ctx, repoOf(route))),

  'repos/get-collaborator-permission-level': route => {
    const record = repoOf(route)
    const login = param(route, 'username')
    const role = route.state.permissionOf(record.owner.login, record.name, login)
    const user = route.state.user(login)
    return ok({
      permission: LEGACY[role],
      role_name: role,
      user: { ...userJson(route.ctx, user), permissions: permissionFlags(role), role_name: role }
    })
  },

  'repos/get-content': route => {
    const record = repoOf(route)
    const { state } = route
    const ref = route.query.get('ref') ?? record.defaultBranch
    const sha = state.resolve(record, ref)
    if (!sha) throw new HttpError(404, `No commit found for the ref ${ref}`)
    const commit = state.git.getCommit(sha)
    const path = param(route, 'path').replace(/^\/+|\/+$/g, '')
    const entry = commit ? state.git.lookup(commit.tree, path) : undefined
    if (!entry) throw notFound()
    const api = `${route.ctx.api}/repos/${record.fullName}`
    const describe = (
      entryPath: string,
      type: string,
      entrySha: string,
      size: number
    ): Record<string, unknown> => {
      const url = `${api}/contents/${entryPath}?ref=${encodeURIComponent(ref)}`
      const html = `${WEB}/${record.fullName}/${type === 'dir' ? 'tree' : 'blob'}/${ref}/${entryPath}`
      const git = `${api}/git/${type === 'dir' ? 'trees' : 'blobs'}/${entrySha}`
      return {
        type,
        name: entryPath.split('/').pop() ?? entryPath,
        path: entryPath,
        sha: entrySha,
        size,
        url,
        html_url: html,
        git_url: git,
        download_url:
          type === 'file' ? `https://raw.githubusercontent.com/${record.fullName}/${ref}/${entryPath}` : null,
        _links: { self: url, git, html }
      }
    }
    if (entry.type === 'tree') {
      return ok(
        state.git.walk(entry.sha, false).map(child => {
          const size = child.type === 'blob' ? (state.git.getBlob(child.sha)?.content.length ?? 0) : 0
          const childPath = path ? `${path}/${child.path}` : child.path
          return describe(
            childPath,
            child.type === 'tree' ? 'dir' : child.type === 'commit' ? 'submodule' : 'file',
            child.sha,
            size
          )
        })
      )
    }
    const blob = state.git.getBlob(entry.sha)
    if (!blob) throw notFound()
    if (/\.raw\b/.test(route.accept)) return { status: 200, raw: blob.content }
    return ok({
      ...describe(path, 'file', blob.sha, blob.content.length),
      encoding: 'base64',
      content: wrappedBase64(blob.content)
    })
  },

  'repos/compare-commits-with-basehead': route => {
    const record = repoOf(route)
    const basehead = param(route, 'basehead')
    const [baseSide, headSide] = basehead.includes('...') ? basehead.split('...') : basehead.split('..')
    if (!baseSide || !headSide) throw notFound()
    const base = compareSide(route, record, baseSide)
    const head = compareSide(route, record, headSide)
    const { git } = route.state
    const mergeBase = git.mergeBase(base, head)
    const ahead = git.commitsBetween(base, head)
    const behind = git.commitsBetween(head, base)
    const status =
      ahead.length === 0 && behind.length === 0
        ? 'identical'
        : behind.length === 0
          ? 'ahead'
          : ahead.length === 0
            ? 'behind'
            : 'diverged'
    const baseCommit = git.getCommit(base)
    const mergeBaseCommit = mergeBase ? git.getCommit(mergeBase) : undefined
    return ok({
      url: `${route.ctx.api}/repos/${record.fullName}/compare/${basehead}`,
      html_url: `${WEB}/${record.fullName}/compare/${basehead}`,
      permalink_url: `${WEB}/${record.fullName}/compare/${base.slice(0, 7)}...${head.slice(0, 7)}`,
      base_commit: baseCommit ? restCommitJson(route.ctx, record, baseCommit) : null,
      merge_base_commit: mergeBaseCommit ? restCommitJson(route.ctx, record, mergeBaseCommit) : null,
      status,
      ahead_by: ahead.length,
      behind_by: behind.length,
      total_commits: ahead.length,
      commits: ahead.map(commit => restCommitJson(route.ctx, record, commit)),
      files: []
    })
  },

  'repos/get-commit': route => {
    const record = repoOf(route)
    const ref = param(route, 'ref')
    const sha = route.state.resolve(record, ref)
    const commit = sha ? route.state.git.getCommit(sha) : undefined
    if (!commit) throw unprocessable(`No commit found for SHA: ${ref}`)
    return ok(restCommitJson(route.ctx, record, commit))
  },

  'repos/get-branch': route => {
    const record = repoOf(route)
    const branch = param(route, 'branch')
    const sha = record.refs.get(`refs/heads/${branch}`)
    const commit = sha ? route.state.git.getCommit(sha) : undefined
    if (!commit) throw new HttpError(404, 'Branch not found')
    return ok({
      name: branch,
      commit: restCommitJson(route.ctx, record, commit),
      protected: record.protectedBranches.has(branch),
      _links: {
        self: `${route.ctx.api}/repos/${record.fullName}/branches/${branch}`,
        html: `${WEB}/${record.fullName}/tree/${branch}`
      }
    })
  },

  'users/get-authenticated': route => {
    if (route.user.type === 'Bot') throw new HttpError(403, 'Resource not accessible by integration')
    return ok(userJson(route.ctx, route.user))
  },

  'users/get-by-username': route => ok(userJson(route.ctx, route.state.user(param(route, 'username'))))
}
