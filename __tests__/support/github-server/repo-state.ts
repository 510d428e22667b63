/** Base of the fake GitHub's world: repositories, refs, git objects, users and permissions. */
import { GitStore, isSha, type CommitObject } from './git-store.js'
import {
  signature,
  type AuthorInput,
  type Permission,
  type RepoRecord,
  type User,
  type UserType
} from './records.js'

export interface StateOptions {
  /** Clock for every timestamp (default: real time). */
  clock?: () => Date
  /** Whether commits created through the API are signed (`verification.verified`). Default true. */
  signApiCommits?: boolean
}

export interface CreateRepoOptions {
  owner: string
  repo: string
  defaultBranch?: string
  private?: boolean
  ownerType?: UserType
  /** Files of the initial commit (default: a README). For a fork, extra files committed on top. */
  files?: Record<string, string | Buffer>
  message?: string
  author?: AuthorInput
  /** Make this repository a fork of `owner/repo` (copies its branches). */
  forkOf?: { owner: string; repo: string }
  allowActionsToCreatePullRequests?: boolean
}

export interface Limits {
  /** Comment, issue and PR body limit in characters (code points). */
  body: number
  prTitle: number
  blobBytes: number
}

export class NotFound extends Error {}

export class RepoState {
  readonly git = new GitStore()
  readonly repos = new Map<string, RepoRecord>()
  readonly users = new Map<string, User>()
  readonly globalPermissions = new Map<string, Permission>()
  readonly limits: Limits = { body: 65536, prTitle: 256, blobBytes: 100 * 1024 * 1024 }
  signApiCommits: boolean
  private readonly clock: () => Date
  private idCounter = 1_000_000

  constructor(options: StateOptions = {}) {
    this.clock = options.clock ?? (() => new Date())
    this.signApiCommits = options.signApiCommits ?? true
  }

  nextId(): number {
    this.idCounter += 1
    return this.idCounter
  }

  now(): string {
    return this.clock()
      .toISOString()
      .replace(/\.\d{3}Z$/, 'Z')
  }

  /** The user with this login (created on first use; logins ending in `[bot]` are bots). */
  user(login: string, type?: UserType): User {
    const key = login.toLowerCase()
    const existing = this.users.get(key)
    if (existing) {
      if (type) existing.type = type
      return existing
    }
    const user: User = { login, id: this.nextId(), type: type ?? (login.endsWith('[bot]') ? 'Bot' : 'User') }
    this.users.set(key, user)
    return user
  }

  createRepo(options: CreateRepoOptions): RepoRecord {
    const fullName = `${options.owner}/${options.repo}`
    if (this.repos.has(fullName.toLowerCase())) throw new Error(`Repository ${fullName} already exists`)
    const parent = options.forkOf ? this.repo(options.forkOf.owner, options.forkOf.repo) : undefined
    const record: RepoRecord = {
      id: this.nextId(),
      owner: this.user(options.owner, options.ownerType),
      name: options.repo,
      fullName,
      defaultBranch: options.defaultBranch ?? parent?.defaultBranch ?? 'main',
      private: options.private ?? parent?.private ?? false,
      forkOf: parent?.fullName,
      refs: new Map(parent ? [...parent.refs].filter(([ref]) => ref.startsWith('refs/heads/')) : []),
      protectedBranches: new Set(),
      permissions: new Map(),
      labels: new Map(),
      issues: new Map(),
      pulls: new Map(),
      nextNumber: 1,
      allowActionsToCreatePullRequests: options.allowActionsToCreatePullRequests ?? true,
      createdAt: this.now()
    }
    this.repos.set(fullName.toLowerCase(), record)
    if (!parent) {
      const files = options.files ?? { 'README.md': `# ${options.repo}\n` }
      const tree = this.git.treeFromFiles(files)
      const date = this.now()
      const commit = this.git.putCommit({
        message: options.message ?? 'Initial commit',
        tree,
        parents: [],
        author: signature(options.author, date),
        committer: signature(options.author, date),
        verification: unsigned()
      })
      record.refs.set(`refs/heads/${record.defaultBranch}`, commit.sha)
    } else if (options.files) {
      this.addCommit(options.owner, options.repo, record.defaultBranch, options.files, options.message)
    }
    return record
  }

  /** The repository (throws when missing). */
  repo(owner: string, repo: string): RepoRecord {
    const record = this.findRepo(owner, repo)
    if (!record) throw new NotFound(`Repository ${owner}/${repo} not found`)
    return record
  }

  findRepo(owner: string, repo: string): RepoRecord | undefined {
    return this.repos.get(`${owner}/${repo}`.toLowerCase())
  }

  repoByFullName(fullName: string): RepoRecord {
    const [owner = '', name = ''] = fullName.split('/')
    return this.repo(owner, name)
  }

  /** A "human push": commits `files` (null deletes a path) on `branch` (created from the default branch). */
  addCommit(
    owner: string,
    repo: string,
    branch: string,
    files: Record<string, string | Buffer | null>,
    message = 'Human change',
    author?: AuthorInput
  ): CommitObject {
    const record = this.repo(owner, repo)
    const parent = this.branchHead(owner, repo, branch) ?? this.branchHead(owner, repo, record.defaultBranch)
    const baseTree = parent ? this.git.getCommit(parent)?.tree : undefined
    const date = this.now()
    const commit = this.git.putCommit({
      message,
      tree: this.git.treeFromFiles(files, baseTree),
      parents: parent ? [parent] : [],
      author: signature(author, date),
      committer: signature(author, date),
      verification: unsigned()
    })
    this.setRef(record, `refs/heads/${branch}`, commit.sha)
    return commit
  }

  createBranch(owner: string, repo: string, branch: string, from?: string): string {
    const record = this.repo(owner, repo)
    const sha = this.resolve(record, from ?? record.defaultBranch)
    if (!sha) throw new NotFound(`Cannot resolve ${from ?? record.defaultBranch}`)
    this.setRef(record, `refs/heads/${branch}`, sha)
    return sha
  }

  /** Deletes a branch; like GitHub, open pull requests whose head or base it was are closed. */
  deleteBranch(owner: string, repo: string, branch: string): void {
    this.deleteRef(this.repo(owner, repo), `refs/heads/${branch}`)
  }

  setProtected(owner: string, repo: string, branch: string, isProtected = true): void {
    const record = this.repo(owner, repo)
    if (isProtected) record.protectedBranches.add(branch)
    else record.protectedBranches.delete(branch)
  }

  /** Sets a permission for `login` on every repository, or on one repository when given. */
  setPermission(login: string, permission: Permission, repo?: { owner: string; repo: string }): void {
    this.user(login)
    if (repo) this.repo(repo.owner, repo.repo).permissions.set(login.toLowerCase(), permission)
    else this.globalPermissions.set(login.toLowerCase(), permission)
  }

  /** Effective role: repo setting, global setting, owner = admin, else read (public) / none (private). */
  permissionOf(owner: string, repo: string, login: string): Permission {
    const record = this.repo(owner, repo)
    const key = login.toLowerCase()
    const explicit = record.permissions.get(key) ?? this.globalPermissions.get(key)
    if (explicit) return explicit
    if (record.owner.login.toLowerCase() === key) return 'admin'
    return record.private ? 'none' : 'read'
  }

  // ---- refs ----

  setRef(record: RepoRecord, ref: string, sha: string): void {
    record.refs.set(ref, sha)
    if (!ref.startsWith('refs/heads/')) return
    const branch = ref.slice('refs/heads/'.length)
    for (const candidate of this.repos.values()) {
      for (const pull of candidate.pulls.values()) {
        const open = candidate.issues.get(pull.number)?.state === 'open'
        if (!open) continue
        if (pull.headRepo === record.fullName && pull.headRef === branch) pull.headSha = sha
        if (candidate === record && pull.baseRef === branch) pull.baseSha = sha
      }
    }
  }

  deleteRef(record: RepoRecord, ref: string): void {
    if (!record.refs.delete(ref) || !ref.startsWith('refs/heads/')) return
    const branch = ref.slice('refs/heads/'.length)
    for (const candidate of this.repos.values()) {
      for (const pull of candidate.pulls.values()) {
        const isHead = pull.headRepo === record.fullName && pull.headRef === branch
        const isBase = candidate === record && pull.baseRef === branch
        const issue = candidate.issues.get(pull.number)
        if ((isHead || isBase) && issue?.state === 'open') {
          issue.state = 'closed'
          issue.closedAt = this.now()
        }
      }
    }
  }

  branchHead(owner: string, repo: string, branch: string): string | undefined {
    return this.repo(owner, repo).refs.get(`refs/heads/${branch}`)
  }

  /** Resolves a sha (full or ≥ 7-char prefix), `refs/heads/x`, `heads/x` or a branch name to a commit sha. */
  resolve(record: RepoRecord, commitish: string): string | undefined {
    if (isSha(commitish)) return this.git.getCommit(commitish) ? commitish : undefined
    const direct =
      record.refs.get(commitish) ??
      record.refs.get(`refs/${commitish}`) ??
      record.refs.get(`refs/heads/${commitish}`)
    if (direct) return direct
    if (/^[0-9a-f]{7,39}$/.test(commitish)) {
      for (const sha of new Set(record.refs.values())) {
        for (const candidate of this.git.ancestors(sha)) if (candidate.startsWith(commitish)) return candidate
      }
    }
    return undefined
  }

  // ---- getters for assertions ----

  headCommit(owner: string, repo: string, branch: string): CommitObject | undefined {
    const sha = this.branchHead(owner, repo, branch)
    return sha ? this.git.getCommit(sha) : undefined
  }

  /** Text of the file at `path` in `ref` (branch or sha), or undefined. */
  readFile(owner: string, repo: string, ref: string, path: string): string | undefined {
    const sha = this.resolve(this.repo(owner, repo), ref)
    const commit = sha ? this.git.getCommit(sha) : undefined
    const entry = commit ? this.git.lookup(commit.tree, path) : undefined
    if (!entry || entry.type !== 'blob') return undefined
    return this.git.getBlob(entry.sha)?.content.toString('utf8')
  }

  /** Every file of `ref` as `path → text`. */
  files(owner: string, repo: string, ref: string): Record<string, string> {
    const sha = this.resolve(this.repo(owner, repo), ref)
    const commit = sha ? this.git.getCommit(sha) : undefined
    if (!commit) throw new NotFound(`Cannot resolve ${ref}`)
    const out: Record<string, string> = {}
    for (const entry of this.git.walk(commit.tree, true)) {
      if (entry.type === 'blob') out[entry.path] = this.git.getBlob(entry.sha)?.content.toString('utf8') ?? ''
    }
    return out
  }

  /** First-parent history from `ref`, newest first. */
  history(owner: string, repo: string, ref: string, limit = 100): CommitObject[] {
    const out: CommitObject[] = []
    let sha = this.resolve(this.repo(owner, repo), ref)
    while (sha && out.length < limit) {
      const commit = this.git.getCommit(sha)
      if (!commit) break
      out.push(commit)
      sha = commit.parents[0]
    }
    return out
  }
}

export function unsigned(): CommitObject['verification'] {
  return { verified: false, reason: 'unsigned', signature: null, payload: null, verified_at: null }
}
