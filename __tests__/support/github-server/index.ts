/** Fake GitHub REST API for end-to-end and integration tests. */
export { startGitHubServer, expectNoViolations, isWrite } from './server.js'
export type { GitHubServer, GitHubServerOptions, RecordedRequest } from './server.js'
export { GitHubState, NotFound } from './state.js'
export type {
  AddCommentOptions,
  CreateIssueOptions,
  CreateRepoOptions,
  Limits,
  OpenPullRequestOptions,
  PullSummary,
  StateOptions
} from './state.js'
export type {
  CommentRecord,
  IssueRecord,
  Label,
  Permission,
  PullRecord,
  ReactionRecord,
  RepoRecord,
  User,
  UserType
} from './records.js'
export { GitStore, isSha } from './git-store.js'
export type { BlobObject, CommitObject, PathEntry, TreeEntry, TreeObject } from './git-store.js'
export { FaultInjector, cannedResponse } from './faults.js'
export type { ActiveFault, FaultRequest, FaultResponse, FaultRule } from './faults.js'
export { findOperationById, matchOperation, preloadOpenApi, validateRequest } from './openapi.js'
export type { Operation, OperationMatch, ValidationResult } from './openapi.js'
export {
  issueCommentPayload,
  issuesLabeledPayload,
  workflowDispatchPayload,
  writeEventFile
} from './payloads.js'
export type {
  IssueCommentPayloadOptions,
  IssuesLabeledPayloadOptions,
  WorkflowDispatchPayloadOptions
} from './payloads.js'
