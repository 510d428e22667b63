/** GitHub's OpenAPI description (@octokit/openapi): operation lookup and request validation. */
import { readFileSync } from 'node:fs'
import { createRequire } from 'node:module'
import { checkScalar, checkSchema, isObject, knownProperties } from './schema.js'

type Schema = Record<string, unknown>

interface Segment {
  literal?: string
  param?: string
  multi?: boolean
}

interface ParameterSpec {
  name: string
  in: string
  required: boolean
  multi: boolean
  schema: unknown
}

export interface Operation {
  method: string
  template: string
  operationId: string
  segments: Segment[]
  parameters: ParameterSpec[]
  body: { required: boolean; schema: unknown } | undefined
}

export interface OperationMatch {
  operation: Operation
  /** Decoded path parameters. */
  params: Record<string, string>
}

export interface ValidationResult {
  /** Problems found (each a sentence). */
  problems: string[]
  /** The subset GitHub itself would refuse with 422. */
  fatal: string[]
}

interface Spec {
  components: Schema
  operations: Map<string, Operation[]>
}

let cached: Spec | undefined

function load(): Spec {
  if (cached) return cached
  const file = createRequire(import.meta.url).resolve('@octokit/openapi/generated/api.github.com.json')
  const raw: unknown = JSON.parse(readFileSync(file, 'utf8'))
  if (!isObject(raw) || !isObject(raw.paths)) throw new Error('Unexpected OpenAPI document')
  const spec: Spec = { components: isObject(raw.components) ? raw.components : {}, operations: new Map() }
  const deref = (value: unknown): unknown => resolveRef(spec, value)
  for (const [template, item] of Object.entries(raw.paths)) {
    if (!isObject(item)) continue
    const shared = Array.isArray(item.parameters) ? item.parameters : []
    for (const [method, op] of Object.entries(item)) {
      if (method === 'parameters' || !isObject(op) || typeof op.operationId !== 'string') continue
      const parameters: ParameterSpec[] = []
      for (const candidate of [...shared, ...(Array.isArray(op.parameters) ? op.parameters : [])]) {
        const p = deref(candidate)
        if (!isObject(p) || typeof p.name !== 'string' || typeof p.in !== 'string') continue
        parameters.push({
          name: p.name,
          in: p.in,
          required: p.required === true,
          multi: p['x-multi-segment'] === true,
          schema: p.schema
        })
      }
      const multi = new Set(parameters.filter(p => p.in === 'path' && p.multi).map(p => p.name))
      const segments: Segment[] = template
        .split('/')
        .slice(1)
        .map(part => {
          const name = /^\{([^}]+)\}$/.exec(part)?.[1]
          return name ? { param: name, multi: multi.has(name) } : { literal: part }
        })
      const requestBody = deref(op.requestBody)
      const content = isObject(requestBody) && isObject(requestBody.content) ? requestBody.content : undefined
      const json = content ? content['application/json'] : undefined
      const body =
        isObject(requestBody) && isObject(json)
          ? { required: requestBody.required === true, schema: json.schema }
          : undefined
      const operation: Operation = {
        method: method.toUpperCase(),
        template,
        operationId: op.operationId,
        segments,
        parameters,
        body
      }
      const list = spec.operations.get(operation.method) ?? []
      list.push(operation)
      spec.operations.set(operation.method, list)
    }
  }
  for (const list of spec.operations.values()) list.sort((a, b) => rank(b) - rank(a))
  cached = spec
  return spec
}

/** More literal segments first, then fewer multi-segment parameters. */
function rank(operation: Operation): number {
  const literals = operation.segments.filter(s => s.literal !== undefined).length
  const multis = operation.segments.filter(s => s.multi).length
  return literals * 10 - multis
}

function resolveRef(spec: Spec, value: unknown, depth = 0): unknown {
  if (!isObject(value) || typeof value.$ref !== 'string' || depth > 20) return value
  const parts = value.$ref.replace(/^#\/components\//, '').split('/')
  let current: unknown = spec.components
  for (const part of parts) current = isObject(current) ? current[part] : undefined
  return resolveRef(spec, current, depth + 1)
}

/** Loads the description now (it is otherwise loaded on the first request). */
export function preloadOpenApi(): void {
  load()
}

export function findOperationById(operationId: string): Operation | undefined {
  for (const list of load().operations.values()) {
    const found = list.find(op => op.operationId === operationId)
    if (found) return found
  }
  return undefined
}

/** Finds the operation for a method and a raw (percent-encoded) path. */
export function matchOperation(method: string, rawPath: string): OperationMatch | undefined {
  const parts = rawPath.replace(/\/+$/, '').split('/').slice(1)
  for (const operation of load().operations.get(method.toUpperCase()) ?? []) {
    const params: Record<string, string> = {}
    if (matchSegments(operation.segments, parts, 0, 0, params)) return { operation, params }
  }
  return undefined
}

function decode(part: string): string {
  try {
    return decodeURIComponent(part)
  } catch {
    return part
  }
}

function matchSegments(
  segments: Segment[],
  parts: string[],
  si: number,
  pi: number,
  out: Record<string, string>
): boolean {
  const segment = segments[si]
  if (!segment) return pi === parts.length
  const part = parts[pi]
  if (part === undefined || part === '') return false
  if (segment.literal !== undefined)
    return segment.literal === part && matchSegments(segments, parts, si + 1, pi + 1, out)
  const name = segment.param ?? ''
  if (!segment.multi) {
    out[name] = decode(part)
    return matchSegments(segments, parts, si + 1, pi + 1, out)
  }
  for (let end = parts.length; end > pi; end -= 1) {
    out[name] = parts.slice(pi, end).map(decode).join('/')
    if (matchSegments(segments, parts, si + 1, end, out)) return true
  }
  return false
}

/** Checks path and query parameters and the JSON body against the operation. */
export function validateRequest(
  match: OperationMatch,
  query: URLSearchParams,
  body: unknown,
  options: { strict: boolean }
): ValidationResult {
  const spec = load()
  const deref = (value: unknown): unknown => resolveRef(spec, value)
  const result: ValidationResult = { problems: [], fatal: [] }
  const fail = (problem: string, fatal: boolean): void => {
    result.problems.push(problem)
    if (fatal) result.fatal.push(problem)
  }
  const declared = new Set<string>()
  for (const parameter of match.operation.parameters) {
    if (parameter.in !== 'path' && parameter.in !== 'query') continue
    const value = parameter.in === 'path' ? match.params[parameter.name] : query.get(parameter.name)
    if (parameter.in === 'query') declared.add(parameter.name)
    if (value === undefined || value === null) {
      if (parameter.required) fail(`${parameter.in} parameter "${parameter.name}" is required`, true)
      continue
    }
    const problem = checkScalar(deref(parameter.schema), value)
    if (problem) fail(`${parameter.in} parameter "${parameter.name}" ${problem}`, parameter.in === 'path')
  }
  if (options.strict) {
    for (const name of new Set(query.keys())) {
      if (!declared.has(name)) fail(`query parameter "${name}" is not defined for this operation`, false)
    }
  }
  const bodySpec = match.operation.body
  if (!bodySpec) {
    if (options.strict && body !== undefined && !(isObject(body) && Object.keys(body).length === 0)) {
      fail('a request body was sent but the operation takes none', false)
    }
    return result
  }
  if (body === undefined) {
    if (bodySpec.required) fail('request body is required', true)
    return result
  }
  const errors: string[] = []
  checkSchema(deref, bodySpec.schema, body, 'body', errors, 0)
  for (const error of errors) fail(error, true)
  if (options.strict && isObject(body)) {
    const known = knownProperties(deref, bodySpec.schema)
    for (const key of Object.keys(body)) {
      if (!known.has(key) && !errors.some(e => e.includes(`"${key}"`))) {
        fail(`body property "${key}" is not defined by the schema (GitHub ignores it)`, false)
      }
    }
  }
  return result
}
