/** Pull requests: get, list, create, update. */
import {
  bool,
  charLength,
  HttpError,
  intParam,
  notFound,
  ok,
  paginate,
  repoOf,
  str,
  unprocessable,
  validationFailed,
  type Handler,
  type RouteContext
} from './http.js'
import type { PullRecord, RepoRecord } from './records.js'
import { checkBody } from './routes-issues.js'
import { pullJson } from './serialize.js'

export const ACTIONS_MAY_NOT_CREATE_PRS =
  'GitHub Actions is not permitted to create or approve pull requests.'

function pullOf(route: RouteContext, record: RepoRecord): PullRecord {
  const pull = record.pulls.get(intParam(route, 'pull_number'))
  if (!pull) throw notFound()
  return pull
}

function checkTitle(route: RouteContext, title: string | undefined): void {
  const limit = route.state.limits.prTitle
  if (title !== undefined && charLength(title) > limit) {
    throw validationFailed({
      resource: 'Issue',
      code: 'custom',
      field: 'title',
      message: `title is too long (maximum is ${limit} characters)`
    })
  }
}

/** The repository holding `owner:branch` heads: this one, or a fork in its network owned by `owner`. */
function headRepository(route: RouteContext, record: RepoRecord, owner: string): RepoRecord | undefined {
  if (owner.toLowerCase() === record.owner.login.toLowerCase()) return record
  return [...route.state.repos.values()].find(
    candidate =>
      candidate.owner.login.toLowerCase() === owner.toLowerCase() &&
      (candidate.forkOf === record.fullName || candidate.forkOf === record.forkOf)
  )
}

export const pullRoutes: Record<string, Handler> = {
  'pulls/get': route => {
    const record = repoOf(route)
    return ok(pullJson(route.ctx, record, pullOf(route, record)))
  },

  'pulls/list': route => {
    const record = repoOf(route)
    const state = route.query.get('state') ?? 'open'
    const head = route.query.get('head')
    const base = route.query.get('base')
    const direction = route.query.get('direction') ?? 'desc'
    if (head && !head.includes(':'))
      route.warn(`head filter "${head}" must be "owner:branch"; GitHub ignores it`)
    const pulls = [...record.pulls.values()].filter(pull => {
      const issue = record.issues.get(pull.number)
      if (state !== 'all' && issue?.state !== state) return false
      if (base && pull.baseRef !== base) return false
      if (head && head.includes(':')) {
        const [owner, ...rest] = head.split(':')
        const headRepo = route.state.repoByFullName(pull.headRepo)
        if (headRepo.owner.login.toLowerCase() !== owner?.toLowerCase() || pull.headRef !== rest.join(':'))
          return false
      }
      return true
    })
    pulls.sort((a, b) => (direction === 'asc' ? a.number - b.number : b.number - a.number))
    const page = paginate(route, pulls)
    return ok(
      page.items.map(pull => pullJson(route.ctx, record, pull)),
      200,
      page.headers
    )
  },

  'pulls/create': route => {
    const record = repoOf(route)
    const { state } = route
    if (route.user.login === 'github-actions[bot]' && !record.allowActionsToCreatePullRequests) {
      throw new HttpError(403, ACTIONS_MAY_NOT_CREATE_PRS)
    }
    const headParam = str(route.body, 'head') ?? ''
    const baseRef = str(route.body, 'base') ?? ''
    const title = str(route.body, 'title')
    const body = str(route.body, 'body')
    if (title === undefined || title.trim() === '') {
      throw validationFailed({ resource: 'PullRequest', code: 'missing_field', field: 'title' })
    }
    checkTitle(route, title)
    checkBody(route, 'PullRequest', body, false)
    const colon = headParam.indexOf(':')
    const headOwner = colon > 0 ? headParam.slice(0, colon) : record.owner.login
    const headRef = colon > 0 ? headParam.slice(colon + 1) : headParam
    const headRepo = headRepository(route, record, headOwner)
    const headSha = headRepo?.refs.get(`refs/heads/${headRef}`)
    if (!headRepo || !headSha)
      throw validationFailed({ resource: 'PullRequest', field: 'head', code: 'invalid' })
    const baseSha = record.refs.get(`refs/heads/${baseRef}`)
    if (!baseSha) throw validationFailed({ resource: 'PullRequest', field: 'base', code: 'invalid' })
    const duplicate = [...record.pulls.values()].find(
      pull =>
        record.issues.get(pull.number)?.state === 'open' &&
        pull.headRepo === headRepo.fullName &&
        pull.headRef === headRef &&
        pull.baseRef === baseRef
    )
    if (duplicate) {
      throw validationFailed({
        resource: 'PullRequest',
        code: 'custom',
        message: `A pull request already exists for ${headRepo.owner.login}:${headRef}.`
      })
    }
    if (state.git.commitsBetween(baseSha, headSha).length === 0) {
      throw validationFailed({
        resource: 'PullRequest',
        code: 'custom',
        message: `No commits between ${baseRef} and ${headParam}`
      })
    }
    const pull = state.newPull(record, headRepo, headRef, baseRef, {
      title,
      body: body ?? null,
      user: route.user,
      draft: bool(route.body, 'draft') ?? false,
      maintainerCanModify: bool(route.body, 'maintainer_can_modify') ?? false
    })
    const json = pullJson(route.ctx, record, pull)
    return ok(json, 201, { location: String(json.url) })
  },

  'pulls/update': route => {
    const record = repoOf(route)
    const pull = pullOf(route, record)
    const issue = record.issues.get(pull.number)
    if (!issue) throw notFound()
    const title = str(route.body, 'title')
    const body = str(route.body, 'body')
    const wantedState = str(route.body, 'state')
    const base = str(route.body, 'base')
    checkTitle(route, title)
    checkBody(route, 'PullRequest', body, false)
    if (wantedState === 'open' && issue.state === 'closed') {
      if (pull.merged)
        throw unprocessable('state cannot be changed. The pull request has already been merged.')
      const headRepo = route.state.repoByFullName(pull.headRepo)
      if (!headRepo.refs.has(`refs/heads/${pull.headRef}`)) {
        throw unprocessable('state cannot be changed. The head branch was deleted.')
      }
    }
    if (base !== undefined) {
      const baseSha = record.refs.get(`refs/heads/${base}`)
      if (!baseSha) throw validationFailed({ resource: 'PullRequest', field: 'base', code: 'invalid' })
      Object.assign(pull, { baseRef: base, baseSha })
    }
    if (title !== undefined) issue.title = title
    if (body !== undefined) issue.body = body
    if (wantedState === 'closed') route.state.closeIssue(record.owner.login, record.name, pull.number)
    if (wantedState === 'open') Object.assign(issue, { state: 'open', closedAt: null })
    issue.updatedAt = route.state.now()
    return ok(pullJson(route.ctx, record, pull))
  }
}
