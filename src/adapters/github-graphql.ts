/**
 * GitHub's GraphQL API: the client interface, GitHub's `errors` answers read as values, and the page of
 * comments that the reply lookup and the delivery query share. GraphQL answers 200 for most failures,
 * with the reasons in an `errors` array (Octokit throws them as a GraphqlResponseError): callers get
 * those reasons, typed, to say what went wrong.
 */
import type { CommentData } from './github.js'

export interface GraphqlClient {
  /**
   * Runs one document. `retries: 0` turns off the retry of a 5xx for a mutation whose outcome the
   * caller would rather look up than repeat.
   */
  graphql<T>(query: string, variables: Record<string, unknown>, options?: { retries?: number }): Promise<T>
}

/** One entry of GitHub's `errors` array: `type` is e.g. NOT_FOUND, FORBIDDEN, STALE_DATA. */
export interface GraphqlError {
  readonly type?: string
  readonly message: string
}

/** GitHub's GraphQL errors carried by a failure, or undefined for an HTTP or network failure. */
export function graphqlErrors(error: unknown): GraphqlError[] | undefined {
  if (typeof error !== 'object' || error === null || !('errors' in error) || !Array.isArray(error.errors))
    return undefined
  // A REST RequestError keeps GitHub's `errors` under `response.data`, and has a status.
  if ('status' in error && typeof error.status === 'number') return undefined
  return error.errors.map((entry: unknown): GraphqlError => {
    const record = typeof entry === 'object' && entry !== null ? (entry as Record<string, unknown>) : {}
    const message = typeof record.message === 'string' ? record.message : JSON.stringify(entry)
    return typeof record.type === 'string' ? { type: record.type, message } : { message }
  })
}

/** `NOT_FOUND: Could not resolve …; FORBIDDEN: …` for a reply or a log line. */
export function describeGraphqlErrors(errors: readonly GraphqlError[]): string {
  const text = errors.map(error => (error.type ? `${error.type}: ${error.message}` : error.message))
  return text.length > 0 ? text.join('; ') : 'no reason given'
}

/** A page of an issue's or pull request's comments, oldest first, newest page first. */
export interface CommentPage {
  readonly comments: readonly CommentData[]
  /** The cursor to read the page before this one; undefined when this page holds the oldest comment. */
  readonly earlier?: string
}

/**
 * The fields of a page of comments; `fullDatabaseId` because comment ids outgrew GraphQL's Int.
 * `viewerDidAuthor` is GitHub's own answer to "did this token's identity write it" — for the workflow
 * token `github-actions[bot]`, for an app's installation token `<slug>[bot]`, for a personal token the
 * user — read in the same request, where REST has no such field and `GET /user` refuses installation
 * tokens.
 */
export const COMMENT_PAGE_FRAGMENT = `fragment CommentPage on IssueCommentConnection {
  nodes { fullDatabaseId body url createdAt viewerDidAuthor author { __typename login } }
  pageInfo { hasPreviousPage startCursor }
}`

/** The raw connection as the fragment selects it. */
export interface CommentConnection {
  readonly nodes: readonly ({
    readonly fullDatabaseId: string | null
    readonly body: string
    readonly url: string
    readonly createdAt?: string
    readonly viewerDidAuthor: boolean
    readonly author: { readonly __typename: string; readonly login: string } | null
  } | null)[]
  readonly pageInfo: { readonly hasPreviousPage: boolean; readonly startCursor: string | null }
}

export function commentPage(connection: CommentConnection): CommentPage {
  const comments = connection.nodes.flatMap(node =>
    node && node.fullDatabaseId !== null
      ? [
          {
            id: Number(node.fullDatabaseId),
            body: node.body,
            html_url: node.url,
            viewerDidAuthor: node.viewerDidAuthor,
            ...(node.createdAt ? { created_at: node.createdAt } : {}),
            // The author's kind as REST names it (`Bot`, `User`); a deleted account has none.
            user: node.author ? { login: node.author.login, type: node.author.__typename } : null
          }
        ]
      : []
  )
  const { hasPreviousPage, startCursor } = connection.pageInfo
  return hasPreviousPage && startCursor ? { comments, earlier: startCursor } : { comments }
}

const COMMENTS_QUERY = `query PlanPhaseComments($owner: String!, $repo: String!, $number: Int!, $before: String) {
  repository(owner: $owner, name: $repo) {
    issueOrPullRequest(number: $number) {
      ... on Issue { comments(last: 100, before: $before) { ...CommentPage } }
      ... on PullRequest { comments(last: 100, before: $before) { ...CommentPage } }
    }
  }
}
${COMMENT_PAGE_FRAGMENT}`

/** The newest 100 comments of an issue or pull request, or the 100 before the `before` cursor. */
export async function readCommentPage(
  client: GraphqlClient,
  params: { owner: string; repo: string; issue_number: number; before?: string }
): Promise<CommentPage> {
  const data = await client.graphql<{
    repository: { issueOrPullRequest: { comments?: CommentConnection } | null } | null
  }>(COMMENTS_QUERY, {
    owner: params.owner,
    repo: params.repo,
    number: params.issue_number,
    before: params.before ?? null
  })
  const connection = data.repository?.issueOrPullRequest?.comments
  if (!connection) throw new Error(`GitHub found no issue or pull request #${params.issue_number}.`)
  return commentPage(connection)
}
