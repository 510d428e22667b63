/**
 * What a run must know from GitHub before it decides anything, in one GraphQL query: the default
 * branch, `.github/plan-phase.yml` as the default branch holds it (never the checkout's copy, which a
 * pull request can change), and, for a comment on a pull request, that pull request as it is now.
 */
import { describeGraphqlErrors, graphqlErrors, type GraphqlClient } from '../adapters/github-graphql.js'
import { CONFIG_FILE } from '../settings/config-file.js'
import { UserError } from '../errors.js'
import { inputName } from '../settings/setting-names.js'
import type { PullRequestRef } from '../trigger/request.js'

/** A settings file is a few lines; anything near this size is a mistake, not configuration. */
export const MAX_CONFIG_BYTES = 64 * 1024
/** Git's modes as GitHub's GraphQL reports them (the octal mode read as a number). */
const REGULAR_FILES = new Set([0o100644, 0o100755])

export interface RepositoryContext {
  /** The default branch; undefined for an empty repository. */
  readonly defaultBranch?: string
  /** The text of `.github/plan-phase.yml` on the default branch; undefined when it has none. */
  readonly config?: string
  /** The pull request that was asked for, as it is now. */
  readonly pullRequest?: PullRequestRef
}

const QUERY = `query PlanPhaseContext($owner: String!, $repo: String!, $config: String!, $number: Int!, $pull: Boolean!) {
  repository(owner: $owner, name: $repo) {
    defaultBranchRef {
      name
      target {
        ... on Commit {
          file(path: $config) { mode object { ... on Blob { text byteSize isBinary isTruncated } } }
        }
      }
    }
    pullRequest(number: $number) @include(if: $pull) {
      number state headRefName headRefOid baseRefName
      headRepository { nameWithOwner }
    }
  }
}`

interface FileEntry {
  readonly mode: number
  readonly object: {
    readonly text?: string | null
    readonly byteSize?: number
    readonly isBinary?: boolean | null
    readonly isTruncated?: boolean
  } | null
}

interface PullRequestNode {
  readonly number: number
  readonly state: string
  readonly headRefName: string
  readonly headRefOid: string
  readonly baseRefName: string
  readonly headRepository: { readonly nameWithOwner: string } | null
}

interface Answer {
  readonly repository: {
    readonly defaultBranchRef: {
      readonly name: string
      readonly target: { readonly file?: FileEntry | null } | null
    } | null
    readonly pullRequest?: PullRequestNode | null
  } | null
}

export async function readRepositoryContext(
  client: GraphqlClient,
  request: { owner: string; repo: string; pullRequest?: number }
): Promise<RepositoryContext> {
  const { owner, repo } = request
  let data: Answer
  try {
    data = await client.graphql<Answer>(QUERY, {
      owner,
      repo,
      config: CONFIG_FILE,
      number: request.pullRequest ?? 0,
      pull: request.pullRequest !== undefined
    })
  } catch (error: unknown) {
    const errors = graphqlErrors(error)
    if (!errors) throw error
    throw new UserError(
      `GitHub's GraphQL API did not answer for ${owner}/${repo} (${describeGraphqlErrors(errors)}); nothing ` +
        `was run. Check that the token (${inputName('token')}) may read the repository and its pull requests.`
    )
  }
  const repository = data.repository
  if (!repository)
    throw new UserError(`GitHub did not find the repository ${owner}/${repo}; nothing was run.`)
  const branch = repository.defaultBranchRef
  const config = configText(branch?.target?.file ?? undefined, branch?.name ?? '')
  const pull = repository.pullRequest
  return {
    ...(branch ? { defaultBranch: branch.name } : {}),
    ...(config !== undefined ? { config } : {}),
    ...(pull ? { pullRequest: pullRequestRef(pull, `${owner}/${repo}`) } : {})
  }
}

function configText(file: FileEntry | undefined, branch: string): string | undefined {
  if (!file) return undefined
  const where = `${CONFIG_FILE} on the default branch (${branch})`
  if (!REGULAR_FILES.has(file.mode) || !file.object)
    throw new UserError(`${where} is not a regular file (a link or a directory); make it a YAML file.`)
  const blob = file.object
  if ((blob.byteSize ?? 0) > MAX_CONFIG_BYTES)
    throw new UserError(`${where} is ${blob.byteSize} bytes, over the ${MAX_CONFIG_BYTES}-byte limit.`)
  if (blob.isBinary || blob.isTruncated || typeof blob.text !== 'string')
    throw new UserError(`${where} is not a UTF-8 text file; save it as YAML.`)
  return blob.text
}

function pullRequestRef(pull: PullRequestNode, repository: string): PullRequestRef {
  // A deleted head repository has no name: it is not this repository, so it counts as a fork.
  const headRepo = pull.headRepository?.nameWithOwner ?? ''
  return {
    number: pull.number,
    headSha: pull.headRefOid,
    headRef: pull.headRefName,
    headRepo,
    baseRef: pull.baseRefName,
    fromFork: headRepo.toLowerCase() !== repository.toLowerCase(),
    state: pull.state === 'OPEN' ? 'open' : 'closed'
  }
}
