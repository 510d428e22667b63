/** Plain records held by the fake GitHub state. */
import type { Signature } from './git-store.js'

export type Permission = 'admin' | 'maintain' | 'write' | 'triage' | 'read' | 'none'
export const PERMISSIONS: readonly Permission[] = ['none', 'read', 'triage', 'write', 'maintain', 'admin']

export type UserType = 'User' | 'Bot' | 'Organization'

export interface User {
  login: string
  id: number
  type: UserType
}

export interface Label {
  id: number
  name: string
  color: string
  description: string | null
}

export interface RepoRecord {
  id: number
  owner: User
  name: string
  fullName: string
  defaultBranch: string
  private: boolean
  /** Full name of the parent repository when this is a fork. */
  forkOf: string | undefined
  refs: Map<string, string>
  protectedBranches: Set<string>
  permissions: Map<string, Permission>
  labels: Map<string, Label>
  issues: Map<number, IssueRecord>
  pulls: Map<number, PullRecord>
  nextNumber: number
  /** The repository setting "Allow GitHub Actions to create and approve pull requests". */
  allowActionsToCreatePullRequests: boolean
  createdAt: string
}

export interface IssueRecord {
  id: number
  number: number
  title: string
  body: string | null
  state: 'open' | 'closed'
  labels: string[]
  user: User
  isPullRequest: boolean
  createdAt: string
  updatedAt: string
  closedAt: string | null
}

export interface PullRecord {
  id: number
  number: number
  /** Full name of the repository holding the head branch (differs for forks). */
  headRepo: string
  headRef: string
  headSha: string
  baseRef: string
  baseSha: string
  draft: boolean
  merged: boolean
  mergedAt: string | null
  mergeCommitSha: string | null
  maintainerCanModify: boolean
}

export interface ReactionRecord {
  id: number
  content: string
  user: User
  createdAt: string
}

export interface CommentRecord {
  id: number
  repo: string
  issueNumber: number
  body: string
  user: User
  createdAt: string
  updatedAt: string
  reactions: ReactionRecord[]
}

export type AuthorInput = string | { name: string; email: string }

export function signature(author: AuthorInput | undefined, date: string): Signature {
  if (author === undefined) return { name: 'Human Developer', email: 'human@example.com', date }
  if (typeof author === 'string') return { name: author, email: `${author}@users.noreply.github.com`, date }
  return { ...author, date }
}
