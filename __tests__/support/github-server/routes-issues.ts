/** Issues, issue comments, reactions and labels. */
import {
  arr,
  charLength,
  HttpError,
  intParam,
  noContent,
  notFound,
  ok,
  paginate,
  param,
  repoOf,
  str,
  validationFailed,
  type Handler,
  type RouteContext
} from './http.js'
import type { CommentRecord, IssueRecord, RepoRecord } from './records.js'
import { commentJson, issueJson, labelJson, reactionJson } from './serialize.js'

function issueOf(route: RouteContext, record: RepoRecord): IssueRecord {
  const issue = record.issues.get(intParam(route, 'issue_number'))
  if (!issue) throw notFound()
  return issue
}

function commentOf(route: RouteContext, record: RepoRecord): CommentRecord {
  const comment = route.state.comment(intParam(route, 'comment_id'))
  if (!comment || comment.repo !== record.fullName) throw notFound()
  return comment
}

/** GitHub refuses blank bodies and bodies over the limit (65,536 characters). */
export function checkBody(
  route: RouteContext,
  resource: string,
  body: string | undefined,
  required: boolean
): void {
  if (body === undefined) {
    if (required) throw validationFailed({ resource, code: 'missing_field', field: 'body' })
    return
  }
  if (required && body.trim() === '')
    throw validationFailed({ resource, code: 'missing_field', field: 'body' })
  const limit = route.state.limits.body
  if (charLength(body) > limit) {
    throw validationFailed({
      resource,
      code: 'custom',
      field: 'body',
      message: `body is too long (maximum is ${limit} characters)`
    })
  }
}

function labelNames(body: unknown): string[] {
  const list = Array.isArray(body) ? body : (arr(body, 'labels') ?? [])
  return list.flatMap(item => {
    if (typeof item === 'string') return [item]
    const name = str(item, 'name')
    return name ? [name] : []
  })
}

function labelsJson(route: RouteContext, record: RepoRecord, issue: IssueRecord): unknown[] {
  return issue.labels.map(name => labelJson(route.ctx, record, route.state.ensureLabel(record, name)))
}

export const issueRoutes: Record<string, Handler> = {
  'issues/get': route => {
    const record = repoOf(route)
    return ok(issueJson(route.ctx, record, issueOf(route, record)))
  },

  'issues/update': route => {
    const record = repoOf(route)
    const issue = issueOf(route, record)
    const title = str(route.body, 'title')
    const body = str(route.body, 'body')
    checkBody(route, 'Issue', body, false)
    if (title !== undefined) issue.title = title
    if (body !== undefined) issue.body = body
    const state = str(route.body, 'state')
    if (state === 'closed') route.state.closeIssue(record.owner.login, record.name, issue.number)
    if (state === 'open') Object.assign(issue, { state: 'open', closedAt: null })
    if (Array.isArray(arr(route.body, 'labels'))) {
      issue.labels = []
      route.state.addLabels(record.owner.login, record.name, issue.number, labelNames(route.body))
    }
    issue.updatedAt = route.state.now()
    return ok(issueJson(route.ctx, record, issue))
  },

  'issues/list-comments': route => {
    const record = repoOf(route)
    const issue = issueOf(route, record)
    const since = route.query.get('since')
    const all = route.state
      .comments(record.owner.login, record.name, issue.number)
      .filter(comment => !since || comment.updatedAt >= since)
    const page = paginate(route, all)
    return ok(
      page.items.map(comment => commentJson(route.ctx, record, comment)),
      200,
      page.headers
    )
  },

  'issues/create-comment': route => {
    const record = repoOf(route)
    const issue = issueOf(route, record)
    const body = str(route.body, 'body')
    checkBody(route, 'IssueComment', body, true)
    const comment = route.state.newComment(record, issue.number, body ?? '', route.user)
    const json = commentJson(route.ctx, record, comment)
    return ok(json, 201, { location: String(json.url) })
  },

  'issues/get-comment': route => {
    const record = repoOf(route)
    return ok(commentJson(route.ctx, record, commentOf(route, record)))
  },

  'issues/update-comment': route => {
    const record = repoOf(route)
    const comment = commentOf(route, record)
    const body = str(route.body, 'body')
    checkBody(route, 'IssueComment', body, true)
    comment.body = body ?? ''
    comment.updatedAt = route.state.now()
    return ok(commentJson(route.ctx, record, comment))
  },

  'issues/delete-comment': route => {
    const record = repoOf(route)
    const comment = commentOf(route, record)
    route.state.commentStore.delete(comment.id)
    return noContent()
  },

  'reactions/create-for-issue-comment': route => {
    const record = repoOf(route)
    const comment = commentOf(route, record)
    const content = str(route.body, 'content') ?? ''
    const { reaction, created } = route.state.react(comment.id, content, route.user)
    return ok(reactionJson(route.ctx, reaction), created ? 201 : 200)
  },

  'reactions/list-for-issue-comment': route => {
    const record = repoOf(route)
    const comment = commentOf(route, record)
    const content = route.query.get('content')
    const page = paginate(
      route,
      comment.reactions.filter(r => !content || r.content === content)
    )
    return ok(
      page.items.map(reaction => reactionJson(route.ctx, reaction)),
      200,
      page.headers
    )
  },

  'issues/list-labels-on-issue': route => {
    const record = repoOf(route)
    const page = paginate(route, labelsJson(route, record, issueOf(route, record)))
    return ok(page.items, 200, page.headers)
  },

  'issues/add-labels': route => {
    const record = repoOf(route)
    const issue = issueOf(route, record)
    const names = labelNames(route.body)
    if (names.length === 0)
      throw validationFailed({ resource: 'Label', code: 'missing_field', field: 'labels' })
    route.state.addLabels(record.owner.login, record.name, issue.number, names)
    return ok(labelsJson(route, record, issue))
  },

  'issues/remove-label': route => {
    const record = repoOf(route)
    const issue = issueOf(route, record)
    if (!route.state.removeLabel(record.owner.login, record.name, issue.number, param(route, 'name'))) {
      throw new HttpError(404, 'Label does not exist')
    }
    return ok(labelsJson(route, record, issue))
  }
}
