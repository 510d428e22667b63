/** A local HTTP server that plays GitHub's REST API over a stateful model, for end-to-end tests. */
import { randomUUID } from 'node:crypto'
import { createServer, type IncomingMessage, type ServerResponse } from 'node:http'
import type { AddressInfo } from 'node:net'
import { cannedResponse, FaultInjector, type ActiveFault, type FaultRule } from './faults.js'
import { GitError } from './git-store.js'
import { answerGraphql, graphqlMayWrite, graphqlOperationId } from './graphql.js'
import { DOCS, HttpError, type Handler, type RouteContext, type RouteResult } from './http.js'
import { matchOperation, validateRequest } from './openapi.js'
import type { User, UserType } from './records.js'
import { gitRoutes } from './routes-git.js'
import { issueRoutes } from './routes-issues.js'
import { pullRoutes } from './routes-pulls.js'
import { repoRoutes } from './routes-repos.js'
import { GitHubState, NotFound, type StateOptions } from './state.js'

const ROUTES: Record<string, Handler> = { ...repoRoutes, ...gitRoutes, ...issueRoutes, ...pullRoutes }

export interface GitHubServerOptions {
  /** Reuse a prepared state (default: a fresh one built with `stateOptions`). */
  state?: GitHubState
  stateOptions?: StateOptions
  /** token → user. Any other token acts as `defaultUser`. */
  tokens?: Record<string, string | { login: string; type: UserType }>
  /** Who an unknown token belongs to (default `github-actions[bot]`, a Bot: the workflow token). */
  defaultUser?: string
  /** Requests without `authorization` get 401 (default true). */
  requireAuth?: boolean
  /** Unknown query/body properties are violations too (default true). GitHub itself ignores them. */
  strict?: boolean
}

export interface RecordedRequest {
  seq: number
  method: string
  /** Decoded path, e.g. `/repos/o/r/git/refs/heads/main`. */
  path: string
  rawPath: string
  query: Record<string, string>
  operationId: string | undefined
  template: string | undefined
  params: Record<string, string>
  body: unknown
  status: number
  user: string | undefined
  /** The fault type when a fault rule answered or touched this request. */
  fault: string | undefined
  /** The error message sent back, for non-2xx answers. */
  message: string | undefined
}

/** A request that may change state: anything but GET and HEAD, except a GraphQL query. */
export function isWrite(request: RecordedRequest): boolean {
  if (request.method === 'GET' || request.method === 'HEAD') return false
  return request.path !== '/graphql' || graphqlMayWrite(request.body)
}

export interface GitHubServer {
  /** Base URL for GITHUB_API_URL / Octokit `baseUrl` (no trailing slash). */
  url: string
  state: GitHubState
  requests: RecordedRequest[]
  /** Problems with requests: schema violations, unknown routes, server crashes. */
  violations: string[]
  /** Requests to routes GitHub does not have or this server does not implement. */
  unexpected: RecordedRequest[]
  faults: FaultInjector
  fault(rule: FaultRule): ActiveFault
  /** Logged requests for one operation, e.g. `pulls/create`. */
  requestsFor(operationId: string): RecordedRequest[]
  close(): Promise<void>
}

async function readBody(req: IncomingMessage): Promise<Buffer> {
  const chunks: Buffer[] = []
  for await (const chunk of req) chunks.push(Buffer.isBuffer(chunk) ? chunk : Buffer.from(String(chunk)))
  return Buffer.concat(chunks)
}

function decodePath(rawPath: string): string {
  return rawPath
    .split('/')
    .map(part => {
      try {
        return decodeURIComponent(part)
      } catch {
        return part
      }
    })
    .join('/')
}

function baseHeaders(): Record<string, string> {
  return {
    'x-github-request-id': randomUUID().toUpperCase(),
    'x-github-media-type': 'github.v3; format=json',
    'x-ratelimit-limit': '5000',
    'x-ratelimit-remaining': '4999',
    'x-ratelimit-used': '1',
    'x-ratelimit-reset': String(Math.floor(Date.now() / 1000) + 3600),
    'x-ratelimit-resource': 'core'
  }
}

function errorBody(status: number, message: string, errors?: unknown[]): Record<string, unknown> {
  return { message, ...(errors ? { errors } : {}), documentation_url: DOCS, status: String(status) }
}

export async function startGitHubServer(options: GitHubServerOptions = {}): Promise<GitHubServer> {
  const state = options.state ?? new GitHubState(options.stateOptions)
  const faults = new FaultInjector()
  const requests: RecordedRequest[] = []
  const violations: string[] = []
  const unexpected: RecordedRequest[] = []
  const strict = options.strict ?? true
  let url = ''

  const userFor = (authorization: string | undefined): User | undefined => {
    const token = /^(?:token|bearer)\s+(\S+)$/i.exec(authorization ?? '')?.[1]
    if (!token) return undefined
    const mapped = options.tokens?.[token]
    if (typeof mapped === 'string') return state.user(mapped)
    if (mapped) return state.user(mapped.login, mapped.type)
    return state.user(options.defaultUser ?? 'github-actions[bot]')
  }

  const handle = async (req: IncomingMessage, res: ServerResponse): Promise<void> => {
    const method = (req.method ?? 'GET').toUpperCase()
    const parsed = new URL(req.url ?? '/', 'http://localhost')
    const rawPath = parsed.pathname
    const raw = await readBody(req)
    const graphql = method === 'POST' && rawPath === '/graphql'
    const match = graphql ? undefined : matchOperation(method, rawPath)
    const record: RecordedRequest = {
      seq: requests.length + 1,
      method,
      path: decodePath(rawPath),
      rawPath,
      query: Object.fromEntries(parsed.searchParams),
      operationId: match?.operation.operationId,
      template: match?.operation.template,
      params: match?.params ?? {},
      body: undefined,
      status: 0,
      user: undefined,
      fault: undefined,
      message: undefined
    }
    requests.push(record)
    let label = `${method} ${record.path} (${record.operationId ?? 'no operation'})`
    let loseResponse = false
    const send = (answer: RouteResult): void => {
      // A 'lost-response' fault lets the request take effect, then answers 502 as a broken proxy would.
      const result = loseResponse ? { status: 502, body: errorBody(502, 'Bad Gateway') } : answer
      record.status = result.status
      const headers: Record<string, string> = { ...baseHeaders(), ...result.headers }
      if (
        result.status >= 400 &&
        typeof result.body === 'object' &&
        result.body !== null &&
        'message' in result.body
      ) {
        record.message = String(result.body.message)
      }
      if (result.raw) {
        res.writeHead(result.status, {
          ...headers,
          'content-type': 'application/vnd.github.raw; charset=utf-8'
        })
        res.end(result.raw)
      } else if (result.status === 204 || result.body === undefined) {
        res.writeHead(result.status, headers)
        res.end()
      } else {
        res.writeHead(result.status, { ...headers, 'content-type': 'application/json; charset=utf-8' })
        res.end(JSON.stringify(result.body))
      }
    }
    const fail = (
      status: number,
      message: string,
      errors?: unknown[],
      headers?: Record<string, string>
    ): void => send({ status, body: errorBody(status, message, errors), headers })

    if (raw.length > 0) {
      try {
        record.body = JSON.parse(raw.toString('utf8'))
      } catch {
        record.body = raw.toString('utf8')
        return fail(400, 'Problems parsing JSON')
      }
    }
    if (graphql) {
      record.operationId = graphqlOperationId(record.body)
      record.template = '/graphql'
      label = `${method} ${record.path} (${record.operationId})`
    }
    const user = userFor(req.headers.authorization)
    record.user = user?.login
    if (!user && (options.requireAuth ?? true)) return fail(401, 'Requires authentication')

    const fault = faults.take({
      method,
      path: record.path,
      template: record.template,
      operationId: record.operationId,
      body: record.body
    })
    if (fault) {
      const response = fault.response
      record.fault = response.type
      const canned = cannedResponse(response)
      if (canned) return send({ status: canned.status, body: canned.body, headers: canned.headers })
      // Left unanswered: the client's own limits must end the wait (closing the server ends the socket).
      if (response.type === 'hang') return
      loseResponse = response.type === 'lost-response'
      if (response.type === 'delay') await new Promise(resolve => setTimeout(resolve, response.ms))
      if (response.type === 'before') {
        const { path, template, operationId, body } = record
        await response.run({ method, path, template, operationId, body })
      }
    }

    if (graphql) {
      const answer = await answerGraphql(record.body, { state, user: user ?? state.user('anonymous') })
      for (const problem of answer.problems) violations.push(`${label}: ${problem}`)
      const errors = answer.body.errors
      if (Array.isArray(errors)) record.message = errors.map(error => String(error.message)).join('\n')
      return send({ status: 200, body: answer.body, headers: { 'x-ratelimit-resource': 'graphql' } })
    }
    const handler = match ? ROUTES[match.operation.operationId] : undefined
    if (!match || !handler) {
      unexpected.push(record)
      violations.push(
        `${label}: ${match ? 'operation not implemented by the fake server' : "no such route in GitHub's REST API"}`
      )
      return fail(404, 'Not Found')
    }
    const validation = validateRequest(match, parsed.searchParams, record.body, { strict })
    for (const problem of validation.problems) violations.push(`${label}: ${problem}`)
    if (validation.fatal.length > 0) return fail(422, `Invalid request.\n\n${validation.fatal.join('\n')}`)

    const route: RouteContext = {
      state,
      ctx: { api: url, state },
      method,
      rawPath,
      params: match.params,
      query: parsed.searchParams,
      body: record.body,
      user: user ?? state.user('anonymous'),
      accept: req.headers.accept ?? '',
      warn: problem => violations.push(`${label}: ${problem}`)
    }
    try {
      send(handler(route))
    } catch (error) {
      if (error instanceof HttpError) return fail(error.status, error.message, error.errors, error.headers)
      if (error instanceof NotFound) return fail(404, 'Not Found')
      if (error instanceof GitError) return fail(422, error.message)
      violations.push(
        `${label}: fake server crashed: ${error instanceof Error ? error.stack : String(error)}`
      )
      fail(500, 'Server Error')
    }
  }

  const server = createServer((req, res) => {
    handle(req, res).catch((error: unknown) => {
      violations.push(`${req.method} ${req.url}: fake server crashed: ${String(error)}`)
      if (!res.headersSent) res.writeHead(500, { 'content-type': 'application/json' })
      res.end(JSON.stringify(errorBody(500, 'Server Error')))
    })
  })
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject)
    server.listen(0, '127.0.0.1', () => resolve())
  })
  const { port } = server.address() as AddressInfo
  url = `http://127.0.0.1:${port}`

  return {
    url,
    state,
    requests,
    violations,
    unexpected,
    faults,
    fault: rule => faults.add(rule),
    requestsFor: operationId => requests.filter(request => request.operationId === operationId),
    close: () =>
      new Promise<void>((resolve, reject) => {
        server.close(error => (error ? reject(error) : resolve()))
        server.closeAllConnections()
      })
  }
}

/** Throws with every violation and unexpected request, so a test fails with a readable list. */
export function expectNoViolations(server: Pick<GitHubServer, 'violations' | 'unexpected'>): void {
  const problems = [...new Set(server.violations)]
  if (problems.length === 0) return
  throw new Error(`The fake GitHub saw ${problems.length} problem(s):\n- ${problems.join('\n- ')}`)
}
