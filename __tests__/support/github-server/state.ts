/** The fake GitHub's world: RepoState plus issues, pull requests, comments, reactions and labels. */
import { RepoState, NotFound } from './repo-state.js'
import type {
  CommentRecord,
  IssueRecord,
  Label,
  PullRecord,
  ReactionRecord,
  RepoRecord,
  User,
  UserType
} from './records.js'

export { NotFound } from './repo-state.js'
export type { StateOptions, CreateRepoOptions, Limits } from './repo-state.js'

export interface OpenPullRequestOptions {
  owner: string
  repo: string
  /** Head branch name (in the head repository). Created from `base` when missing. */
  head: string
  /** Base branch (default: the default branch). */
  base?: string
  /** For a PR from a fork: the fork's owner (and name, default: same name). */
  headOwner?: string
  headRepo?: string
  title?: string
  body?: string
  /** Author login (default: the head repository's owner). */
  user?: string
  draft?: boolean
  /** Files committed on the head branch before opening (null deletes). */
  files?: Record<string, string | null>
}

export interface CreateIssueOptions {
  owner: string
  repo: string
  title: string
  body?: string
  user?: string
  labels?: string[]
}

export interface AddCommentOptions {
  owner: string
  repo: string
  number: number
  body: string
  user?: string
  userType?: UserType
  /** When it was written (ISO 8601); default now. A thread that grew over days dates its comments. */
  createdAt?: string
}

/** A pull request as tests see it: the PR record merged with its issue. */
export interface PullSummary extends PullRecord {
  title: string
  body: string | null
  state: 'open' | 'closed'
  user: User
  labels: string[]
}

export class GitHubState extends RepoState {
  readonly commentStore = new Map<number, CommentRecord>()

  createIssue(options: CreateIssueOptions): IssueRecord {
    const record = this.repo(options.owner, options.repo)
    const issue = this.newIssue(
      record,
      options.title,
      options.body ?? null,
      this.user(options.user ?? 'octocat')
    )
    for (const label of options.labels ?? [])
      this.addLabels(options.owner, options.repo, issue.number, [label])
    return issue
  }

  newIssue(
    record: RepoRecord,
    title: string,
    body: string | null,
    user: User,
    isPullRequest = false
  ): IssueRecord {
    const now = this.now()
    const issue: IssueRecord = {
      id: this.nextId(),
      number: record.nextNumber++,
      title,
      body,
      state: 'open',
      labels: [],
      user,
      isPullRequest,
      createdAt: now,
      updatedAt: now,
      closedAt: null
    }
    record.issues.set(issue.number, issue)
    return issue
  }

  openPullRequest(options: OpenPullRequestOptions): PullSummary {
    const record = this.repo(options.owner, options.repo)
    const headRecord = this.repo(options.headOwner ?? options.owner, options.headRepo ?? options.repo)
    const base = options.base ?? record.defaultBranch
    if (!headRecord.refs.has(`refs/heads/${options.head}`)) {
      const from = this.branchHead(record.owner.login, record.name, base)
      if (!from) throw new NotFound(`Base branch ${base} not found`)
      this.setRef(headRecord, `refs/heads/${options.head}`, from)
    }
    if (options.files) {
      this.addCommit(headRecord.owner.login, headRecord.name, options.head, options.files, 'Work on the PR')
    }
    const user = this.user(options.user ?? headRecord.owner.login)
    const pull = this.newPull(record, headRecord, options.head, base, {
      title: options.title ?? `Changes from ${options.head}`,
      body: options.body ?? null,
      user,
      draft: options.draft ?? false
    })
    return this.pullSummary(record, pull)
  }

  newPull(
    record: RepoRecord,
    headRecord: RepoRecord,
    headRef: string,
    baseRef: string,
    fields: { title: string; body: string | null; user: User; draft: boolean; maintainerCanModify?: boolean }
  ): PullRecord {
    const headSha = headRecord.refs.get(`refs/heads/${headRef}`)
    const baseSha = record.refs.get(`refs/heads/${baseRef}`)
    if (!headSha || !baseSha) throw new NotFound(`Branch ${headSha ? baseRef : headRef} not found`)
    const issue = this.newIssue(record, fields.title, fields.body, fields.user, true)
    const pull: PullRecord = {
      id: this.nextId(),
      number: issue.number,
      headRepo: headRecord.fullName,
      headRef,
      headSha,
      baseRef,
      baseSha,
      draft: fields.draft,
      merged: false,
      mergedAt: null,
      mergeCommitSha: null,
      maintainerCanModify: fields.maintainerCanModify ?? false
    }
    record.pulls.set(pull.number, pull)
    return pull
  }

  closeIssue(owner: string, repo: string, number: number): void {
    const issue = this.issue(owner, repo, number)
    if (issue.state === 'closed') return
    issue.state = 'closed'
    issue.closedAt = this.now()
    issue.updatedAt = issue.closedAt
  }

  /** Closes the pull request without merging. */
  closePullRequest(owner: string, repo: string, number: number): void {
    this.pull(owner, repo, number)
    this.closeIssue(owner, repo, number)
  }

  /** Merges like the merge button: a merge commit on the base branch, PR closed and merged. */
  mergePullRequest(owner: string, repo: string, number: number): string {
    const record = this.repo(owner, repo)
    const pull = this.pull(owner, repo, number)
    const baseSha = record.refs.get(`refs/heads/${pull.baseRef}`)
    const head = this.git.getCommit(pull.headSha)
    if (!baseSha || !head) throw new NotFound('Cannot merge: branch missing')
    const date = this.now()
    const committer = { name: 'GitHub', email: 'noreply@github.com', date }
    const merge = this.git.putCommit({
      message: `Merge pull request #${number} from ${pull.headRepo.split('/')[0]}/${pull.headRef}`,
      tree: head.tree,
      parents: [baseSha, head.sha],
      author: committer,
      committer,
      verification: { verified: true, reason: 'valid', signature: null, payload: null, verified_at: date }
    })
    this.setRef(record, `refs/heads/${pull.baseRef}`, merge.sha)
    Object.assign(pull, { merged: true, mergedAt: date, mergeCommitSha: merge.sha })
    this.closeIssue(owner, repo, number)
    return merge.sha
  }

  issue(owner: string, repo: string, number: number): IssueRecord {
    const issue = this.repo(owner, repo).issues.get(number)
    if (!issue) throw new NotFound(`Issue ${owner}/${repo}#${number} not found`)
    return issue
  }

  pull(owner: string, repo: string, number: number): PullRecord {
    const pull = this.repo(owner, repo).pulls.get(number)
    if (!pull) throw new NotFound(`Pull request ${owner}/${repo}#${number} not found`)
    return pull
  }

  pullSummary(record: RepoRecord, pull: PullRecord): PullSummary {
    const issue = this.issue(record.owner.login, record.name, pull.number)
    const { title, body, state, user, labels } = issue
    return { ...pull, title, body, state, user, labels: [...labels] }
  }

  pullRequest(owner: string, repo: string, number: number): PullSummary {
    return this.pullSummary(this.repo(owner, repo), this.pull(owner, repo, number))
  }

  pullRequests(owner: string, repo: string): PullSummary[] {
    const record = this.repo(owner, repo)
    return [...record.pulls.values()].map(pull => this.pullSummary(record, pull))
  }

  addComment(options: AddCommentOptions): CommentRecord {
    const record = this.repo(options.owner, options.repo)
    this.issue(options.owner, options.repo, options.number)
    const comment = this.newComment(
      record,
      options.number,
      options.body,
      this.user(options.user ?? 'octocat', options.userType)
    )
    if (options.createdAt !== undefined) comment.createdAt = comment.updatedAt = options.createdAt
    return comment
  }

  newComment(record: RepoRecord, number: number, body: string, user: User): CommentRecord {
    const now = this.now()
    const comment: CommentRecord = {
      id: this.nextId(),
      repo: record.fullName,
      issueNumber: number,
      body,
      user,
      createdAt: now,
      updatedAt: now,
      reactions: []
    }
    this.commentStore.set(comment.id, comment)
    return comment
  }

  /** Comments on an issue or PR, oldest first. */
  comments(owner: string, repo: string, number: number): CommentRecord[] {
    const fullName = this.repo(owner, repo).fullName
    return [...this.commentStore.values()].filter(c => c.repo === fullName && c.issueNumber === number)
  }

  comment(id: number): CommentRecord | undefined {
    return this.commentStore.get(id)
  }

  /** Adds a reaction; an identical one by the same user is returned instead (`created: false`). */
  react(commentId: number, content: string, user: User): { reaction: ReactionRecord; created: boolean } {
    const comment = this.commentStore.get(commentId)
    if (!comment) throw new NotFound(`Comment ${commentId} not found`)
    const existing = comment.reactions.find(r => r.content === content && r.user.login === user.login)
    if (existing) return { reaction: existing, created: false }
    const reaction: ReactionRecord = { id: this.nextId(), content, user, createdAt: this.now() }
    comment.reactions.push(reaction)
    return { reaction, created: true }
  }

  /** Reaction contents on a comment, e.g. `['eyes', 'rocket']`. */
  reactions(commentId: number): string[] {
    return (this.commentStore.get(commentId)?.reactions ?? []).map(r => r.content)
  }

  ensureLabel(record: RepoRecord, name: string): Label {
    const existing = record.labels.get(name.toLowerCase())
    if (existing) return existing
    const label: Label = { id: this.nextId(), name, color: 'ededed', description: null }
    record.labels.set(name.toLowerCase(), label)
    return label
  }

  addLabels(owner: string, repo: string, number: number, names: string[]): string[] {
    const record = this.repo(owner, repo)
    const issue = this.issue(owner, repo, number)
    for (const name of names) {
      const label = this.ensureLabel(record, name)
      if (!issue.labels.some(l => l.toLowerCase() === name.toLowerCase())) issue.labels.push(label.name)
    }
    return [...issue.labels]
  }

  /** Removes a label from an issue; false when it was not there. */
  removeLabel(owner: string, repo: string, number: number, name: string): boolean {
    const issue = this.issue(owner, repo, number)
    const index = issue.labels.findIndex(l => l.toLowerCase() === name.toLowerCase())
    if (index < 0) return false
    issue.labels.splice(index, 1)
    return true
  }

  labelsOf(owner: string, repo: string, number: number): string[] {
    return [...this.issue(owner, repo, number).labels]
  }
}
