/**
 * The GraphQL objects of the fake GitHub: plain objects whose fields are values or functions of the
 * field's arguments (graphql-js's default resolver), read from and written to the REST routes' state.
 * Only what plan-phase and its tests ask for is filled; a query for anything else meets a null in a
 * non-null field, which the server records as a violation.
 */
import { GitError, type TreeChange } from './git-store.js'
import type { CommentRecord, RepoRecord, User } from './records.js'
import { nodeId, WEB } from './serialize.js'
import type { GitHubState } from './state.js'

export interface GraphqlContext {
  readonly state: GitHubState
  /** The token's user: the viewer, and the author of commits made through the API. */
  readonly user: User
}

/** A failure GitHub reports with a `type` (NOT_FOUND, STALE_DATA, UNPROCESSABLE, …). */
export class TypedError extends Error {
  constructor(
    readonly type: string,
    message: string
  ) {
    super(message)
  }
}

type Args = Record<string, unknown>
type Node = Record<string, unknown>

const MAX_PAGE = 100

function cursorOf(index: number): string {
  return Buffer.from(`cursor:v2:${index}`).toString('base64')
}

function indexOf(cursor: unknown): number {
  const match =
    typeof cursor === 'string' ? /^cursor:v2:(\d+)$/.exec(Buffer.from(cursor, 'base64').toString()) : null
  if (!match)
    throw new TypedError(
      'INVALID_CURSOR_ARGUMENTS',
      `\`${String(cursor)}\` does not appear to be a valid cursor.`
    )
  return Number(match[1])
}

/** A Relay connection over `items` with GitHub's rules: `first` or `last` is required, at most 100. */
export function connection(items: Node[], args: Args, field: string): Node {
  const { first, last, after, before } = args
  if (typeof first !== 'number' && typeof last !== 'number') {
    throw new TypedError(
      'MISSING_PAGINATION_BOUNDARIES',
      `You must provide a \`first\` or \`last\` value to properly paginate the \`${field}\` connection.`
    )
  }
  for (const [name, value] of [
    ['first', first],
    ['last', last]
  ] as const) {
    if (typeof value === 'number' && (value < 0 || value > MAX_PAGE)) {
      throw new TypedError(
        'EXCESSIVE_PAGINATION',
        `Requesting ${value} records on the \`${field}\` connection exceeds the \`${name}\` limit of ${MAX_PAGE} records.`
      )
    }
  }
  let start = after === undefined || after === null ? 0 : indexOf(after) + 1
  let end = before === undefined || before === null ? items.length : indexOf(before)
  end = Math.min(Math.max(end, start), items.length)
  const window = { start, end }
  if (typeof first === 'number') end = Math.min(end, start + first)
  if (typeof last === 'number') start = Math.max(start, end - last)
  const edges = items.slice(start, end).map((node, offset) => ({ cursor: cursorOf(start + offset), node }))
  return {
    edges,
    nodes: edges.map(edge => edge.node),
    totalCount: items.length,
    pageInfo: {
      hasPreviousPage: start > window.start,
      hasNextPage: end < window.end,
      startCursor: edges[0]?.cursor ?? null,
      endCursor: edges[edges.length - 1]?.cursor ?? null
    }
  }
}

function actorNode(user: User): Node {
  const bot = user.type === 'Bot'
  // GraphQL names a bot without the `[bot]` suffix that REST shows.
  const login = bot ? user.login.replace(/\[bot\]$/, '') : user.login
  const path = bot ? `/apps/${login}` : `/${login}`
  return {
    __typename: bot ? 'Bot' : user.type === 'Organization' ? 'Organization' : 'User',
    id: nodeId(bot ? 'BOT' : 'U', user.id),
    databaseId: user.id,
    login,
    avatarUrl: `https://avatars.githubusercontent.com/u/${user.id}?v=4`,
    resourcePath: path,
    url: `${WEB}${path}`
  }
}

/** GitHub stops `Blob.text` at this size and says so with `isTruncated`. */
const MAX_BLOB_TEXT = 512 * 1024

function objectNode(context: GraphqlContext, record: RepoRecord, type: string, sha: string): Node | null {
  if (type === 'tree')
    return { __typename: 'Tree', id: nodeId('T', sha), oid: sha, abbreviatedOid: sha.slice(0, 7) }
  if (type !== 'blob') return null
  const blob = context.state.git.getBlob(sha)
  if (!blob) return null
  const binary = blob.content.subarray(0, 8000).includes(0)
  const truncated = blob.content.length > MAX_BLOB_TEXT
  return {
    __typename: 'Blob',
    id: nodeId('B', sha),
    oid: sha,
    abbreviatedOid: sha.slice(0, 7),
    byteSize: blob.content.length,
    isBinary: binary,
    isTruncated: truncated,
    text: binary ? null : blob.content.subarray(0, MAX_BLOB_TEXT).toString('utf8'),
    commitUrl: `${WEB}/${record.fullName}`
  }
}

/** `Commit.file(path:)`: the entry at a path of the commit's tree, or null when there is none. */
function treeEntryNode(context: GraphqlContext, record: RepoRecord, tree: string, path: string): Node | null {
  const entry = context.state.git.lookup(tree, path)
  if (!entry || entry.path === '') return null
  const name = entry.path.split('/').pop() ?? entry.path
  return {
    __typename: 'TreeEntry',
    name,
    path: entry.path,
    // GraphQL reports git's octal mode as a plain number: 100644 → 33188.
    mode: Number.parseInt(entry.mode, 8),
    type: entry.type,
    oid: entry.sha,
    object: objectNode(context, record, entry.type, entry.sha)
  }
}

function commitNode(context: GraphqlContext, record: RepoRecord, sha: string): Node | null {
  const commit = context.state.git.getCommit(sha)
  if (!commit) return null
  const [headline = '', ...rest] = commit.message.split('\n')
  const { verification } = commit
  return {
    __typename: 'Commit',
    id: nodeId('C', sha),
    oid: sha,
    abbreviatedOid: sha.slice(0, 7),
    message: commit.message,
    messageHeadline: headline,
    messageBody: rest.join('\n').replace(/^\n/, ''),
    url: `${WEB}/${record.fullName}/commit/${sha}`,
    committedDate: commit.committer.date,
    authoredDate: commit.author.date,
    file: ({ path }: Args) => treeEntryNode(context, record, commit.tree, String(path)),
    parents: (args: Args) =>
      connection(
        commit.parents
          .map(parent => commitNode(context, record, parent))
          .filter((node): node is Node => node !== null),
        args,
        'parents'
      ),
    signature: verification.verified
      ? {
          __typename: 'GpgSignature',
          isValid: true,
          state: 'VALID',
          wasSignedByGitHub: true,
          email: 'noreply@github.com',
          payload: verification.payload ?? '',
          signature: verification.signature ?? '',
          signer: null,
          verifiedAt: verification.verified_at
        }
      : null
  }
}

function refNode(context: GraphqlContext, record: RepoRecord, branch: string): Node | null {
  const sha = record.refs.get(`refs/heads/${branch}`)
  if (!sha) return null
  return {
    __typename: 'Ref',
    id: nodeId('REF', `${record.fullName}:refs/heads/${branch}`),
    name: branch,
    prefix: 'refs/heads/',
    target: commitNode(context, record, sha),
    associatedPullRequests: (args: Args) => associatedPulls(context, record, branch, args)
  }
}

const PULL_STATES = new Set(['OPEN', 'CLOSED', 'MERGED'])

/** `Ref.associatedPullRequests`: the pull requests of this repository whose head is the branch, oldest first. */
function associatedPulls(context: GraphqlContext, record: RepoRecord, branch: string, args: Args): Node {
  const { states, baseRefName, headRefName, labels, orderBy } = args
  // Filters the fake does not apply would answer wrongly: a gap to fill, so the test fails.
  if (labels != null || orderBy != null || headRefName != null)
    throw new Error('associatedPullRequests: the fake filters by states and baseRefName only')
  const wanted = Array.isArray(states) ? new Set(states.map(String)) : PULL_STATES
  const pulls = [...record.pulls.values()]
    .filter(pull => pull.headRepo === record.fullName && pull.headRef === branch)
    .filter(pull => baseRefName == null || pull.baseRef === baseRefName)
    .sort((a, b) => a.number - b.number)
    .map(pull => pullNode(context, record, pull.number))
    .filter((node): node is Node => node !== null && wanted.has(String(node.state)))
  return connection(pulls, args, 'associatedPullRequests')
}

function commentNode(context: GraphqlContext, record: RepoRecord, comment: CommentRecord): Node {
  const kind = record.pulls.has(comment.issueNumber) ? 'pull' : 'issues'
  return {
    __typename: 'IssueComment',
    id: nodeId('IC', comment.id),
    // Int overflows for today's comment ids on github.com; fullDatabaseId (a BigInt string) does not.
    databaseId: comment.id,
    fullDatabaseId: String(comment.id),
    body: comment.body,
    url: `${WEB}/${record.fullName}/${kind}/${comment.issueNumber}#issuecomment-${comment.id}`,
    createdAt: comment.createdAt,
    updatedAt: comment.updatedAt,
    author: actorNode(comment.user),
    viewerDidAuthor: comment.user.login === context.user.login
  }
}

function threadFields(context: GraphqlContext, record: RepoRecord, number: number): Node {
  const issue = context.state.issue(record.owner.login, record.name, number)
  return {
    id: nodeId(record.pulls.has(number) ? 'PR' : 'I', issue.id),
    number,
    title: issue.title,
    body: issue.body ?? '',
    closed: issue.state === 'closed',
    createdAt: issue.createdAt,
    author: actorNode(issue.user),
    comments: (args: Args) =>
      connection(
        context.state
          .comments(record.owner.login, record.name, number)
          .map(comment => commentNode(context, record, comment)),
        args,
        'comments'
      )
  }
}

function pullNode(context: GraphqlContext, record: RepoRecord, number: number): Node | null {
  const pull = record.pulls.get(number)
  if (!pull) return null
  const issue = context.state.issue(record.owner.login, record.name, number)
  const headRecord = context.state.repos.get(pull.headRepo.toLowerCase())
  return {
    ...threadFields(context, record, number),
    __typename: 'PullRequest',
    url: `${WEB}/${record.fullName}/pull/${number}`,
    state: pull.merged ? 'MERGED' : issue.state === 'open' ? 'OPEN' : 'CLOSED',
    merged: pull.merged,
    mergedAt: pull.mergedAt,
    isDraft: pull.draft,
    headRefName: pull.headRef,
    headRefOid: pull.headSha,
    baseRefName: pull.baseRef,
    baseRefOid: pull.baseSha,
    headRepository: headRecord ? repositoryNode(context, headRecord) : null,
    // The branch as it is now: null once deleted (headRefOid keeps the last head).
    headRef: () => (headRecord ? refNode(context, headRecord, pull.headRef) : null),
    baseRef: () => refNode(context, record, pull.baseRef)
  }
}

function notFound(kind: string, what: string): TypedError {
  return new TypedError('NOT_FOUND', `Could not resolve to ${kind} with the ${what}.`)
}

function repositoryNode(context: GraphqlContext, record: RepoRecord): Node {
  const issueNode = (number: number): Node | null => {
    const issue = record.issues.get(number)
    if (!issue || issue.isPullRequest) return null
    return {
      ...threadFields(context, record, number),
      __typename: 'Issue',
      url: `${WEB}/${record.fullName}/issues/${number}`,
      state: issue.state === 'open' ? 'OPEN' : 'CLOSED'
    }
  }
  return {
    __typename: 'Repository',
    id: nodeId('R', record.id),
    databaseId: record.id,
    name: record.name,
    nameWithOwner: record.fullName,
    url: `${WEB}/${record.fullName}`,
    isPrivate: record.private,
    isFork: record.forkOf !== undefined,
    owner: actorNode(record.owner),
    defaultBranchRef: () => refNode(context, record, record.defaultBranch),
    ref: ({ qualifiedName }: Args) =>
      refNode(context, record, String(qualifiedName).replace(/^refs\/heads\//, '')),
    pullRequest: ({ number }: Args) => {
      const pull = pullNode(context, record, Number(number))
      if (!pull) throw notFound('a PullRequest', `number of ${String(number)}`)
      return pull
    },
    issue: ({ number }: Args) => {
      const issue = issueNode(Number(number))
      if (!issue) throw notFound('an Issue', `number of ${String(number)}`)
      return issue
    },
    issueOrPullRequest: ({ number }: Args) => {
      const found = issueNode(Number(number)) ?? pullNode(context, record, Number(number))
      if (!found) throw notFound('an issue or pull request', `number of ${String(number)}`)
      return found
    }
  }
}

function findRepository(context: GraphqlContext, owner: string, name: string): RepoRecord {
  const record = context.state.findRepo(owner, name)
  if (!record)
    throw new TypedError('NOT_FOUND', `Could not resolve to a Repository with the name '${owner}/${name}'.`)
  return record
}

const BASE64 = /^(?:[A-Za-z0-9+/]{4})*(?:[A-Za-z0-9+/]{2}==|[A-Za-z0-9+/]{3}=)?$/

function createCommitOnBranch(context: GraphqlContext, input: Args): Node {
  const { state, user } = context
  const branch = (input.branch ?? {}) as Args
  if (typeof branch.repositoryNameWithOwner !== 'string' || typeof branch.branchName !== 'string') {
    // The fake resolves branches by name only; a node id here is a gap to fill, not a caller error.
    throw new Error('createCommitOnBranch: the fake needs branch.repositoryNameWithOwner and branchName')
  }
  const [owner = '', name = ''] = branch.repositoryNameWithOwner.split('/')
  const record = findRepository(context, owner, name)
  const branchName = branch.branchName.replace(/^refs\/heads\//, '')
  const head = record.refs.get(`refs/heads/${branchName}`)
  if (!head) throw new TypedError('NOT_FOUND', `A ref named "refs/heads/${branchName}" could not be found.`)
  if (record.protectedBranches.has(branchName)) {
    throw new TypedError('UNPROCESSABLE', `Protected branch update failed for refs/heads/${branchName}.`)
  }
  if (input.expectedHeadOid !== head) {
    throw new TypedError(
      'STALE_DATA',
      `Expected branch to point to "${String(input.expectedHeadOid)}" but it did not. Pull and try again.`
    )
  }
  const message = (input.message ?? {}) as Args
  const changes = (input.fileChanges ?? {}) as { additions?: Args[]; deletions?: Args[] }
  const additions = changes.additions ?? []
  const deletions = changes.deletions ?? []
  const paths = [...additions, ...deletions].map(change => String(change.path))
  if (new Set(paths).size !== paths.length) {
    throw new TypedError('UNPROCESSABLE', 'Each path may appear only once across additions and deletions.')
  }
  const tree: TreeChange[] = [
    ...additions.map((addition): TreeChange => {
      const contents = String(addition.contents)
      if (!BASE64.test(contents)) {
        throw new TypedError(
          'UNPROCESSABLE',
          `The contents of ${String(addition.path)} are not valid base64.`
        )
      }
      const blob = state.git.putBlob(Buffer.from(contents, 'base64'))
      return { path: String(addition.path), mode: '100644', type: 'blob', sha: blob.sha }
    }),
    ...deletions.map((deletion): TreeChange => ({
      path: String(deletion.path),
      mode: '100644',
      type: 'blob',
      sha: null
    }))
  ]
  const parent = state.git.getCommit(head)
  let treeSha: string
  try {
    treeSha = state.git.applyChanges(parent?.tree, tree)
  } catch (error) {
    if (error instanceof GitError) throw new TypedError('UNPROCESSABLE', error.message)
    throw error
  }
  const now = state.now()
  const body = typeof message.body === 'string' && message.body !== '' ? `\n\n${message.body}` : ''
  const commit = state.git.putCommit({
    message: `${String(message.headline)}${body}`,
    tree: treeSha,
    parents: [head],
    author: { name: user.login, email: `${user.id}+${user.login}@users.noreply.github.com`, date: now },
    // The web interface's committer, as for commits made on github.com.
    committer: { name: 'GitHub', email: 'noreply@github.com', date: now },
    verification: state.signApiCommits
      ? {
          verified: true,
          reason: 'valid',
          signature: '-----BEGIN PGP SIGNATURE-----\n\nfake\n-----END PGP SIGNATURE-----\n',
          payload: `tree ${treeSha}\n`,
          verified_at: now
        }
      : { verified: false, reason: 'unsigned', signature: null, payload: null, verified_at: null }
  })
  state.setRef(record, `refs/heads/${branchName}`, commit.sha)
  return {
    clientMutationId: input.clientMutationId ?? null,
    commit: commitNode(context, record, commit.sha),
    ref: refNode(context, record, branchName)
  }
}

/** The Query and Mutation root fields the fake answers. */
export function rootValue(context: GraphqlContext): Node {
  return {
    repository: ({ owner, name }: Args) =>
      repositoryNode(context, findRepository(context, String(owner), String(name))),
    viewer: () => actorNode(context.user),
    createCommitOnBranch: ({ input }: Args) => createCommitOnBranch(context, (input ?? {}) as Args)
  }
}
