/**
 * POST /graphql for the fake GitHub: every document is parsed and validated against GitHub's published
 * public schema (@octokit/graphql-schema) and executed by graphql-js over the same state the REST
 * routes use. Like GitHub, every answer is 200; failures travel in `errors`.
 */
import {
  buildSchema,
  execute,
  GraphQLError,
  Kind,
  parse,
  validate,
  validateSchema,
  type DocumentNode,
  type ExecutionResult,
  type GraphQLSchema
} from 'graphql'
import { rootValue, TypedError, type GraphqlContext } from './graphql-resolvers.js'

export type { GraphqlContext } from './graphql-resolvers.js'

let loading: Promise<GraphQLSchema> | undefined

/** GitHub's schema, built once per process, on the first GraphQL request. */
export function githubSchema(): Promise<GraphQLSchema> {
  loading ??= (async () => {
    const { schema } = await import('@octokit/graphql-schema')
    // The published SDL declares two EnterpriseOwnerInfo fields twice, which buildSchema's SDL check
    // refuses; the schema itself is sound, and validateSchema below still checks it.
    const built = buildSchema(schema.idl, { assumeValidSDL: true })
    const problems = validateSchema(built)
    if (problems.length > 0) throw new Error(`GitHub's GraphQL schema is invalid: ${problems[0]?.message}`)
    return built
  })()
  return loading
}

export interface GraphqlAnswer {
  /** The JSON body of the 200 answer: `{data, errors?}` or `{errors}`. */
  readonly body: Record<string, unknown>
  /** Mistakes of the caller (invalid documents, variables) and gaps of the fake: test failures. */
  readonly problems: string[]
}

/** The root fields of the request's first operation, for the request log: `graphql/repository`. */
export function graphqlOperationId(body: unknown): string {
  const query = typeof body === 'object' && body !== null ? (body as { query?: unknown }).query : undefined
  if (typeof query !== 'string') return 'graphql'
  try {
    const operation = parse(query).definitions.find(node => node.kind === Kind.OPERATION_DEFINITION)
    if (!operation || operation.kind !== Kind.OPERATION_DEFINITION) return 'graphql'
    const fields = operation.selectionSet.selections.flatMap(node =>
      node.kind === Kind.FIELD ? [node.name.value] : []
    )
    return `graphql/${fields.join(',')}`
  } catch {
    return 'graphql'
  }
}

/** True when the request's GraphQL document runs a mutation (or cannot be read): it may write. */
export function graphqlMayWrite(body: unknown): boolean {
  const query = typeof body === 'object' && body !== null ? (body as { query?: unknown }).query : undefined
  if (typeof query !== 'string') return true
  try {
    return parse(query).definitions.some(
      node => node.kind === Kind.OPERATION_DEFINITION && node.operation !== 'query'
    )
  } catch {
    return true
  }
}

function located(error: GraphQLError): Record<string, unknown> {
  return {
    message: error.message,
    ...(error.locations ? { locations: error.locations } : {}),
    ...(error.path ? { path: error.path } : {})
  }
}

/** Errors in GitHub's shape: a top-level `type` (NOT_FOUND, STALE_DATA, …) next to the message. */
function formatErrors(result: ExecutionResult, problems: string[]): Record<string, unknown>[] {
  return (result.errors ?? []).map(error => {
    const original = error.originalError
    if (original instanceof TypedError) return { type: original.type, ...located(error) }
    // Anything else is the fake's gap or the caller's mistake (a null for a non-null field the
    // resolvers do not fill, bad variables): GitHub would have answered, so the test must fail.
    problems.push(`GraphQL: ${error.message}${error.path ? ` at ${error.path.join('.')}` : ''}`)
    return located(error)
  })
}

export async function answerGraphql(body: unknown, context: GraphqlContext): Promise<GraphqlAnswer> {
  const problems: string[] = []
  const refuse = (messages: string[], errors: Record<string, unknown>[]): GraphqlAnswer => {
    problems.push(...messages.map(message => `GraphQL request refused: ${message}`))
    return { body: { errors }, problems }
  }
  const request = typeof body === 'object' && body !== null ? (body as Record<string, unknown>) : {}
  const { query, variables, operationName } = request
  if (typeof query !== 'string') {
    const message = 'A query attribute must be specified and must be a string.'
    return refuse([message], [{ message }])
  }
  if (variables !== undefined && (typeof variables !== 'object' || variables === null)) {
    const message = 'Variables must be an object.'
    return refuse([message], [{ message }])
  }
  let document: DocumentNode
  try {
    document = parse(query)
  } catch (error) {
    const parsed = error instanceof GraphQLError ? error : new GraphQLError(String(error))
    return refuse([parsed.message], [located(parsed)])
  }
  const schema = await githubSchema()
  const invalid = validate(schema, document)
  if (invalid.length > 0) {
    return refuse(
      invalid.map(error => error.message),
      invalid.map(error => located(error))
    )
  }
  const result = await execute({
    schema,
    document,
    rootValue: rootValue(context),
    contextValue: context,
    variableValues: (variables ?? {}) as Record<string, unknown>,
    ...(typeof operationName === 'string' ? { operationName } : {})
  })
  const errors = formatErrors(result, problems)
  return {
    body: {
      ...('data' in result ? { data: result.data ?? null } : {}),
      ...(errors.length ? { errors } : {})
    },
    problems
  }
}
