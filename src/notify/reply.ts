/**
 * The reply comment: one per workflow and phase, found again by a hidden marker on its first line and
 * updated in place, so re-runs never pile up comments and two workflows never overwrite each other.
 * Only comments the token's own identity wrote are ever found, edited or deleted: anyone can paste the
 * marker into a comment of their own.
 */
import { statusOf, type CommentData, type IssuesClient } from '../adapters/github.js'
import type { CommentPage } from '../adapters/github-graphql.js'
import { truncate } from '../text/truncate.js'

export { renderReply } from './reply-render.js'
export type { ReplyInput } from './reply-render.js'

export const MAX_COMMENT_CHARS = 65_536

const MARKER = /^<!-- plan-phase:reply workflow=(\S*) phase=(\S*) -->$/

/**
 * Percent-encoding leaves no space, `>` or newline in a value, so no workflow name can end the
 * comment early or forge another marker; `-` alone cannot close it without `>`.
 */
export function replyMarker(workflow: string, phase: string): string {
  return `<!-- plan-phase:reply workflow=${encodeURIComponent(workflow)} phase=${encodeURIComponent(phase)} -->`
}

function decode(value: string): string | undefined {
  try {
    return decodeURIComponent(value)
  } catch {
    return undefined
  }
}

/** The workflow and phase named by the marker on a comment's first line, if it has one. */
export function parseReplyMarker(body: string): { workflow: string; phase: string } | undefined {
  const match = MARKER.exec(body.split('\n', 1)[0]?.replace(/\r$/, '') ?? '')
  const workflow = decode(match?.[1] ?? '')
  const phase = decode(match?.[2] ?? '')
  return match && workflow !== undefined && phase !== undefined ? { workflow, phase } : undefined
}

export interface ReplyTarget {
  readonly owner: string
  readonly repo: string
  readonly issueNumber: number
  /** The workflow's name or file (GITHUB_WORKFLOW / GITHUB_WORKFLOW_REF). */
  readonly workflow: string
  /** The phase id ('' when the command had none). */
  readonly phase: string
}

export type ReplyClient = Pick<
  IssuesClient,
  'readComments' | 'listComments' | 'createComment' | 'updateComment' | 'deleteComment'
>

export interface ReplyResult {
  readonly operation: 'created' | 'updated' | 'unchanged'
  readonly id: number
  readonly url: string
}

/** The body as posted: marker first (a cut never removes it), bounded to GitHub's limit. */
export function replyBody(target: ReplyTarget, markdown: string): string {
  return truncate(`${replyMarker(target.workflow, target.phase)}\n${markdown}`, MAX_COMMENT_CHARS)
}

function carriesMarker(target: ReplyTarget, comment: CommentData): boolean {
  const marker = parseReplyMarker(comment.body ?? '')
  return marker?.workflow === target.workflow && marker.phase === target.phase
}

/** Who wrote a comment, as far as the reply is concerned: the token's own identity or someone else. */
type Authorship = (comment: CommentData) => boolean

/** GraphQL pages say it themselves (`viewerDidAuthor`); a comment without that answer is not ours. */
const writtenByViewer: Authorship = comment => comment.viewerDidAuthor === true

/** REST lists name the author: ours is whoever GitHub said wrote the comment this run just created. */
function writtenBy(author: CommentData['user']): Authorship {
  return comment =>
    author !== null && comment.user?.login === author.login && comment.user.type === author.type
}

/** This workflow's replies for this phase among `comments`, oldest first, that the token's identity wrote. */
function ours(target: ReplyTarget, comments: readonly CommentData[], wrote: Authorship): CommentData[] {
  return comments.filter(comment => carriesMarker(target, comment) && wrote(comment))
}

/**
 * This workflow's reply for this phase, paging backwards from the newest comments (where a reply to a
 * recent command is) and starting from `newest` when the caller already read that page. A comment
 * someone else wrote is passed over even when it carries the marker.
 */
export async function findReply(
  client: ReplyClient,
  target: ReplyTarget,
  newest?: CommentPage
): Promise<CommentData | undefined> {
  const { owner, repo, issueNumber } = target
  let page = newest ?? (await newestPage(client, target))
  for (;;) {
    const [found] = ours(target, page.comments, writtenByViewer)
    if (found) return found
    if (page.earlier === undefined) return undefined
    page = await client.readComments({ owner, repo, issue_number: issueNumber, before: page.earlier })
  }
}

/**
 * Where the race check lists from: a second before the newest comment when the lookup began, since any
 * reply the lookup missed is no older (a second early, whether GitHub's `since` counts the same second or
 * not). Undefined, and every comment listed, when that time is unknown.
 */
function listFrom(first: CommentPage): string | undefined {
  const created = Date.parse(first.comments.at(-1)?.created_at ?? '')
  return Number.isNaN(created) ? undefined : new Date(created - 1000).toISOString().replace(/\.\d{3}Z$/, 'Z')
}

function newestPage(client: ReplyClient, target: ReplyTarget): Promise<CommentPage> {
  return client.readComments({ owner: target.owner, repo: target.repo, issue_number: target.issueNumber })
}

/**
 * Every comment that can be a racing reply (REST, all pages): settling a race, nothing may be missed. A
 * reply the lookup did not find was created after the lookup read its newest page, so no earlier than the
 * newest comment on that page (`since`, GitHub's clock): a long thread is not listed again from its start.
 */
async function listSince(client: ReplyClient, target: ReplyTarget, since?: string): Promise<CommentData[]> {
  const { owner, repo, issueNumber } = target
  return client.listComments({
    owner,
    repo,
    issue_number: issueNumber,
    per_page: 100,
    ...(since ? { since } : {})
  })
}

async function upsert(
  client: ReplyClient,
  target: ReplyTarget,
  body: string,
  existing: CommentData
): Promise<ReplyResult> {
  if (existing.body === body) return { operation: 'unchanged', id: existing.id, url: existing.html_url }
  const { owner, repo } = target
  const { data } = await client.updateComment({ owner, repo, comment_id: existing.id, body })
  return { operation: 'updated', id: data.id, url: data.html_url }
}

/**
 * Creates or updates the reply with `markdown` (rendered by `renderReply`). `newest`: the newest page of
 * comments when the caller already read it (delivery onto a pull request does).
 */
export async function postReply(
  client: ReplyClient,
  target: ReplyTarget,
  markdown: string,
  newest?: CommentPage
): Promise<ReplyResult> {
  const body = replyBody(target, markdown)
  const first = newest ?? (await newestPage(client, target))
  const existing = await findReply(client, target, first)
  if (existing) return upsert(client, target, body, existing)
  const since = listFrom(first)
  const { owner, repo, issueNumber } = target
  const create = async (retries?: number): Promise<CommentData> => {
    const request = retries === undefined ? {} : { request: { retries } }
    const { data } = await client.createComment({ owner, repo, issue_number: issueNumber, body, ...request })
    return data
  }
  let created: CommentData
  try {
    // No automatic retry: a POST that failed on the way back may have created the comment already.
    created = await create(0)
  } catch (error: unknown) {
    const status = statusOf(error)
    // Only a server error or a lost connection leaves the outcome unknown.
    if (status !== undefined && status < 500) throw error
    // Looked up again the way the first lookup was: only GraphQL says which comments are the token's.
    const found = await findReply(client, target)
    return found ? upsert(client, target, body, found) : asCreated(await create())
  }
  return settle(client, target, body, created, since)
}

function asCreated(data: CommentData): ReplyResult {
  return { operation: 'created', id: data.id, url: data.html_url }
}

/**
 * Two runs that both found no reply both create one. Whoever sees a duplicate afterwards keeps the
 * oldest reply, updates it, and deletes its own newer one, so the thread ends with one reply. Only
 * replies written by the same identity as the one just created count: a comment someone else wrote
 * is never kept in its place, updated or deleted.
 */
async function settle(
  client: ReplyClient,
  target: ReplyTarget,
  body: string,
  created: CommentData,
  since: string | undefined
): Promise<ReplyResult> {
  const { owner, repo } = target
  // REST, not the GraphQL page the lookup read: every comment since, and a request of its own kind.
  const comments = await listSince(client, target, since)
  const oldest = ours(target, comments, writtenBy(created.user)).reduce<CommentData | undefined>(
    (first, comment) => (!first || comment.id < first.id ? comment : first),
    undefined
  )
  if (!oldest || oldest.id === created.id) return asCreated(created)
  await client.deleteComment({ owner, repo, comment_id: created.id })
  return upsert(client, target, body, oldest)
}
