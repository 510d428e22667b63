/** JSON shapes of GitHub REST responses (the fields Octokit users read, not every field). */
import type { CommitObject, PathEntry } from './git-store.js'
import type {
  CommentRecord,
  IssueRecord,
  Label,
  PullRecord,
  ReactionRecord,
  RepoRecord,
  User
} from './records.js'
import type { GitHubState } from './state.js'

export const WEB = 'https://github.com'

export interface Ctx {
  /** API base URL (the server's own URL) used in `url` fields. */
  api: string
  state: GitHubState
}

export function nodeId(kind: string, id: number | string): string {
  return Buffer.from(`${kind}:${id}`).toString('base64').replace(/=+$/, '')
}

export function userJson(ctx: Ctx, user: User): Record<string, unknown> {
  return {
    login: user.login,
    id: user.id,
    node_id: nodeId('U', user.id),
    avatar_url: `https://avatars.githubusercontent.com/u/${user.id}?v=4`,
    url: `${ctx.api}/users/${user.login}`,
    html_url: `${WEB}/${user.type === 'Bot' ? `apps/${user.login.replace(/\[bot\]$/, '')}` : user.login}`,
    type: user.type,
    site_admin: false
  }
}

export function repoJson(ctx: Ctx, record: RepoRecord, withParent = true): Record<string, unknown> {
  const api = `${ctx.api}/repos/${record.fullName}`
  const json: Record<string, unknown> = {
    id: record.id,
    node_id: nodeId('R', record.id),
    name: record.name,
    full_name: record.fullName,
    owner: userJson(ctx, record.owner),
    private: record.private,
    visibility: record.private ? 'private' : 'public',
    fork: record.forkOf !== undefined,
    html_url: `${WEB}/${record.fullName}`,
    url: api,
    clone_url: `${WEB}/${record.fullName}.git`,
    default_branch: record.defaultBranch,
    archived: false,
    disabled: false,
    created_at: record.createdAt,
    updated_at: record.createdAt,
    pushed_at: record.createdAt,
    permissions: { admin: true, maintain: true, push: true, triage: true, pull: true }
  }
  if (withParent && record.forkOf) {
    const parent = ctx.state.repoByFullName(record.forkOf)
    json.parent = repoJson(ctx, parent, false)
    json.source = json.parent
  }
  return json
}

export function labelJson(ctx: Ctx, record: RepoRecord, label: Label): Record<string, unknown> {
  return {
    id: label.id,
    node_id: nodeId('LA', label.id),
    url: `${ctx.api}/repos/${record.fullName}/labels/${encodeURIComponent(label.name)}`,
    name: label.name,
    color: label.color,
    description: label.description,
    default: false
  }
}

export function issueJson(ctx: Ctx, record: RepoRecord, issue: IssueRecord): Record<string, unknown> {
  const api = `${ctx.api}/repos/${record.fullName}`
  const kind = issue.isPullRequest ? 'pull' : 'issues'
  const json: Record<string, unknown> = {
    id: issue.id,
    node_id: nodeId('I', issue.id),
    url: `${api}/issues/${issue.number}`,
    repository_url: api,
    comments_url: `${api}/issues/${issue.number}/comments`,
    html_url: `${WEB}/${record.fullName}/${kind}/${issue.number}`,
    number: issue.number,
    title: issue.title,
    body: issue.body,
    state: issue.state,
    state_reason: issue.state === 'closed' ? 'completed' : null,
    locked: false,
    user: userJson(ctx, issue.user),
    labels: issue.labels.map(name => labelJson(ctx, record, ctx.state.ensureLabel(record, name))),
    assignees: [],
    comments: commentsOn(ctx, record, issue.number).length,
    created_at: issue.createdAt,
    updated_at: issue.updatedAt,
    closed_at: issue.closedAt,
    author_association: 'OWNER'
  }
  const pull = record.pulls.get(issue.number)
  if (pull) {
    json.pull_request = {
      url: `${api}/pulls/${issue.number}`,
      html_url: `${WEB}/${record.fullName}/pull/${issue.number}`,
      diff_url: `${WEB}/${record.fullName}/pull/${issue.number}.diff`,
      patch_url: `${WEB}/${record.fullName}/pull/${issue.number}.patch`,
      merged_at: pull.mergedAt
    }
  }
  return json
}

function commentsOn(ctx: Ctx, record: RepoRecord, number: number): CommentRecord[] {
  return ctx.state.comments(record.owner.login, record.name, number)
}

function branchJson(ctx: Ctx, repoFullName: string, ref: string, sha: string): Record<string, unknown> {
  const record = ctx.state.repoByFullName(repoFullName)
  return {
    label: `${record.owner.login}:${ref}`,
    ref,
    sha,
    user: userJson(ctx, record.owner),
    repo: repoJson(ctx, record)
  }
}

export function pullJson(ctx: Ctx, record: RepoRecord, pull: PullRecord): Record<string, unknown> {
  const issue = record.issues.get(pull.number)
  if (!issue) throw new Error(`PR #${pull.number} has no issue`)
  const api = `${ctx.api}/repos/${record.fullName}`
  return {
    ...issueJson(ctx, record, issue),
    id: pull.id,
    node_id: nodeId('PR', pull.id),
    url: `${api}/pulls/${pull.number}`,
    html_url: `${WEB}/${record.fullName}/pull/${pull.number}`,
    diff_url: `${WEB}/${record.fullName}/pull/${pull.number}.diff`,
    issue_url: `${api}/issues/${pull.number}`,
    pull_request: undefined,
    draft: pull.draft,
    merged: pull.merged,
    merged_at: pull.mergedAt,
    merge_commit_sha: pull.mergeCommitSha,
    mergeable: null,
    maintainer_can_modify: pull.maintainerCanModify,
    head: branchJson(ctx, pull.headRepo, pull.headRef, pull.headSha),
    base: branchJson(ctx, record.fullName, pull.baseRef, pull.baseSha)
  }
}

export function commentJson(ctx: Ctx, record: RepoRecord, comment: CommentRecord): Record<string, unknown> {
  const api = `${ctx.api}/repos/${record.fullName}`
  const kind = record.pulls.has(comment.issueNumber) ? 'pull' : 'issues'
  const counts: Record<string, number> = {}
  for (const reaction of comment.reactions) counts[reaction.content] = (counts[reaction.content] ?? 0) + 1
  return {
    id: comment.id,
    node_id: nodeId('IC', comment.id),
    url: `${api}/issues/comments/${comment.id}`,
    html_url: `${WEB}/${record.fullName}/${kind}/${comment.issueNumber}#issuecomment-${comment.id}`,
    issue_url: `${api}/issues/${comment.issueNumber}`,
    body: comment.body,
    user: userJson(ctx, comment.user),
    created_at: comment.createdAt,
    updated_at: comment.updatedAt,
    author_association: comment.user.type === 'Bot' ? 'NONE' : 'OWNER',
    reactions: {
      url: `${api}/issues/comments/${comment.id}/reactions`,
      total_count: comment.reactions.length,
      ...counts
    }
  }
}

export function reactionJson(ctx: Ctx, reaction: ReactionRecord): Record<string, unknown> {
  return {
    id: reaction.id,
    node_id: nodeId('REA', reaction.id),
    user: userJson(ctx, reaction.user),
    content: reaction.content,
    created_at: reaction.createdAt
  }
}

export function gitCommitJson(ctx: Ctx, record: RepoRecord, commit: CommitObject): Record<string, unknown> {
  const api = `${ctx.api}/repos/${record.fullName}`
  return {
    sha: commit.sha,
    node_id: nodeId('C', commit.sha),
    url: `${api}/git/commits/${commit.sha}`,
    html_url: `${WEB}/${record.fullName}/commit/${commit.sha}`,
    author: commit.author,
    committer: commit.committer,
    message: commit.message,
    tree: { sha: commit.tree, url: `${api}/git/trees/${commit.tree}` },
    parents: commit.parents.map(sha => ({
      sha,
      url: `${api}/git/commits/${sha}`,
      html_url: `${WEB}/${record.fullName}/commit/${sha}`
    })),
    verification: commit.verification
  }
}

/** The "commit" shape of GET /commits/{ref} and compare's `commits`. */
export function restCommitJson(ctx: Ctx, record: RepoRecord, commit: CommitObject): Record<string, unknown> {
  const api = `${ctx.api}/repos/${record.fullName}`
  const git = gitCommitJson(ctx, record, commit)
  return {
    sha: commit.sha,
    node_id: git.node_id,
    url: `${api}/commits/${commit.sha}`,
    html_url: git.html_url,
    commit: {
      url: git.url,
      author: commit.author,
      committer: commit.committer,
      message: commit.message,
      tree: git.tree,
      comment_count: 0,
      verification: commit.verification
    },
    author: null,
    committer: null,
    parents: commit.parents.map(sha => ({ sha, url: `${api}/commits/${sha}` })),
    files: []
  }
}

export function refJson(ctx: Ctx, record: RepoRecord, ref: string, sha: string): Record<string, unknown> {
  const api = `${ctx.api}/repos/${record.fullName}`
  return {
    ref,
    node_id: nodeId('REF', `${record.id}:${ref}`),
    url: `${api}/git/${ref}`,
    object: { type: 'commit', sha, url: `${api}/git/commits/${sha}` }
  }
}

export function treeJson(
  ctx: Ctx,
  record: RepoRecord,
  sha: string,
  entries: PathEntry[]
): Record<string, unknown> {
  const api = `${ctx.api}/repos/${record.fullName}`
  return {
    sha,
    url: `${api}/git/trees/${sha}`,
    truncated: false,
    tree: entries.map(entry => {
      const blob = entry.type === 'blob' ? ctx.state.git.getBlob(entry.sha) : undefined
      const kind = entry.type === 'blob' ? 'blobs' : entry.type === 'tree' ? 'trees' : 'commits'
      return {
        path: entry.path,
        mode: entry.mode,
        type: entry.type,
        sha: entry.sha,
        ...(blob ? { size: blob.content.length } : {}),
        url: `${api}/git/${kind}/${entry.sha}`
      }
    })
  }
}

/** Base64 wrapped at 60 characters with a trailing newline, as the blobs and contents APIs send it. */
export function wrappedBase64(content: Buffer): string {
  const encoded = content.toString('base64')
  const lines = encoded.match(/.{1,60}/g) ?? []
  return lines.map(line => `${line}\n`).join('')
}
