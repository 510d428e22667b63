/**
 * The pull request as it is right before delivery, in one GraphQL query: open or closed, merged, where
 * its branch points now, whose repository holds it — and its newest comments, which the reply lookup
 * reuses instead of asking again.
 */
import {
  COMMENT_PAGE_FRAGMENT,
  commentPage,
  describeGraphqlErrors,
  graphqlErrors,
  type CommentConnection,
  type CommentPage,
  type GraphqlClient
} from '../adapters/github-graphql.js'
import { UserError } from '../errors.js'

export interface PullRequestAtDelivery {
  readonly number: number
  readonly url: string
  /** OPEN, CLOSED or MERGED. */
  readonly state: string
  readonly headRefName: string
  /** The head GitHub last recorded for the pull request. */
  readonly headRefOid: string
  readonly baseRefName: string
  /** `owner/name` of the head repository; undefined when that repository was deleted. */
  readonly headRepository?: string
  /** Where the head branch points now; undefined when the branch was deleted. */
  readonly branchHead?: string
  /** The newest comments, for the reply lookup. */
  readonly comments: CommentPage
}

const QUERY = `query PlanPhaseDelivery($owner: String!, $repo: String!, $number: Int!) {
  repository(owner: $owner, name: $repo) {
    pullRequest(number: $number) {
      number url state headRefName headRefOid baseRefName
      headRepository { nameWithOwner }
      headRef { target { oid } }
      comments(last: 100) { ...CommentPage }
    }
  }
}
${COMMENT_PAGE_FRAGMENT}`

interface Answer {
  repository: {
    pullRequest: {
      number: number
      url: string
      state: string
      headRefName: string
      headRefOid: string
      baseRefName: string
      headRepository: { nameWithOwner: string } | null
      headRef: { target: { oid: string } | null } | null
      comments: CommentConnection
    } | null
  } | null
}

export async function readPullRequestAtDelivery(
  client: GraphqlClient,
  owner: string,
  repo: string,
  number: number
): Promise<PullRequestAtDelivery> {
  let data: Answer
  try {
    data = await client.graphql<Answer>(QUERY, { owner, repo, number })
  } catch (error: unknown) {
    const errors = graphqlErrors(error)
    if (!errors) throw error
    throw new UserError(
      `GitHub's GraphQL API did not answer for pull request #${number} before delivery ` +
        `(${describeGraphqlErrors(errors)}); nothing was pushed. Check that the token may read ` +
        `${owner}/${repo} and its pull requests, then re-run the command.`
    )
  }
  const pull = data.repository?.pullRequest
  if (!pull) {
    throw new UserError(
      `GitHub did not find pull request #${number} in ${owner}/${repo}; nothing was pushed.`
    )
  }
  const branchHead = pull.headRef?.target?.oid
  return {
    number: pull.number,
    url: pull.url,
    state: pull.state,
    headRefName: pull.headRefName,
    headRefOid: pull.headRefOid,
    baseRefName: pull.baseRefName,
    ...(pull.headRepository ? { headRepository: pull.headRepository.nameWithOwner } : {}),
    ...(branchHead ? { branchHead } : {}),
    comments: commentPage(pull.comments)
  }
}
