/** Route plumbing shared by the handlers: errors, context, body accessors, pagination. */
import type { RepoRecord, User } from './records.js'
import type { Ctx } from './serialize.js'
import type { GitHubState } from './state.js'

export const DOCS = 'https://docs.github.com/rest'

/** An error response in GitHub's shape: `{message, errors?, documentation_url, status}`. */
export class HttpError extends Error {
  constructor(
    readonly status: number,
    message: string,
    readonly errors?: unknown[],
    readonly headers: Record<string, string> = {}
  ) {
    super(message)
  }
}

export function notFound(): HttpError {
  return new HttpError(404, 'Not Found')
}

export function unprocessable(message: string): HttpError {
  return new HttpError(422, message)
}

/** 422 "Validation Failed" with an `errors` array (Octokit appends them to the error message). */
export function validationFailed(...errors: Record<string, unknown>[]): HttpError {
  return new HttpError(422, 'Validation Failed', errors)
}

export interface RouteContext {
  state: GitHubState
  ctx: Ctx
  method: string
  /** The request path as sent (still percent-encoded), without query. */
  rawPath: string
  params: Record<string, string>
  query: URLSearchParams
  body: unknown
  /** The user the token belongs to. */
  user: User
  /** The request's Accept header ('' when absent). */
  accept: string
  /** Records a violation (a request GitHub would accept but that is surely a bug in the caller). */
  warn: (problem: string) => void
}

export interface RouteResult {
  status: number
  body?: unknown
  /** Sent as-is instead of JSON (e.g. `application/vnd.github.raw`). */
  raw?: Buffer
  headers?: Record<string, string>
}

export type Handler = (route: RouteContext) => RouteResult

export function ok(body: unknown, status = 200, headers?: Record<string, string>): RouteResult {
  return { status, body, headers }
}

export function noContent(): RouteResult {
  return { status: 204 }
}

export function repoOf(route: RouteContext): RepoRecord {
  const record = route.state.findRepo(route.params.owner ?? '', route.params.repo ?? '')
  if (!record) throw notFound()
  return record
}

export function param(route: RouteContext, name: string): string {
  const value = route.params[name]
  if (value === undefined) throw notFound()
  return value
}

export function intParam(route: RouteContext, name: string): number {
  const value = Number(param(route, name))
  if (!Number.isInteger(value)) throw notFound()
  return value
}

function field(body: unknown, key: string): unknown {
  if (typeof body !== 'object' || body === null || Array.isArray(body)) return undefined
  return (body as Record<string, unknown>)[key]
}

export function str(body: unknown, key: string): string | undefined {
  const value = field(body, key)
  return typeof value === 'string' ? value : undefined
}

export function bool(body: unknown, key: string): boolean | undefined {
  const value = field(body, key)
  return typeof value === 'boolean' ? value : undefined
}

export function arr(body: unknown, key: string): unknown[] | undefined {
  const value = field(body, key)
  return Array.isArray(value) ? value : undefined
}

export function obj(body: unknown, key: string): Record<string, unknown> | undefined {
  const value = field(body, key)
  return typeof value === 'object' && value !== null && !Array.isArray(value)
    ? (value as Record<string, unknown>)
    : undefined
}

/** Length in code points, as GitHub (Ruby) counts characters. */
export function charLength(text: string): number {
  let count = 0
  for (const _ of text) count += 1
  return count
}

/** Slices `items` by `per_page` (default 30, max 100) and `page`, with a GitHub-style Link header. */
export function paginate<T>(
  route: RouteContext,
  items: T[]
): { items: T[]; headers: Record<string, string> } {
  const perPage = Math.min(Math.max(Number(route.query.get('per_page') ?? 30) || 30, 1), 100)
  const page = Math.max(Number(route.query.get('page') ?? 1) || 1, 1)
  const last = Math.max(Math.ceil(items.length / perPage), 1)
  const link = (target: number, rel: string): string => {
    const query = new URLSearchParams(route.query)
    query.set('per_page', String(perPage))
    query.set('page', String(target))
    return `<${route.ctx.api}${route.rawPath}?${query.toString()}>; rel="${rel}"`
  }
  const links: string[] = []
  if (page > 1) links.push(link(page - 1, 'prev'))
  if (page < last) links.push(link(page + 1, 'next'), link(last, 'last'))
  if (page > 1) links.push(link(1, 'first'))
  return {
    items: items.slice((page - 1) * perPage, page * perPage),
    headers: links.length > 0 ? { link: links.join(', ') } : {}
  }
}
