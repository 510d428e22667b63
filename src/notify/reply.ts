/**
 * The reply comment: one per workflow and phase, found again by a hidden marker on its first line and
 * updated in place, so re-runs never pile up comments and two workflows never overwrite each other.
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

function isMine(target: ReplyTarget, comment: CommentData): boolean {
  const marker = parseReplyMarker(comment.body ?? '')
  return marker?.workflow === target.workflow && marker.phase === target.phase
}

/** This workflow's reply for this phase among `comments`: a bot's first (a human may have quoted the marker). */
function pick(target: ReplyTarget, comments: readonly CommentData[]): CommentData | undefined {
  const mine = comments.filter(comment => isMine(target, comment))
  return mine.find(comment => comment.user?.type === 'Bot') ?? mine[0]
}

/**
 * This workflow's reply for this phase, paging backwards from the newest comments (where a reply to a
 * recent command is) and starting from `newest` when the caller already read that page.
 */
export async function findReply(
  client: ReplyClient,
  target: ReplyTarget,
  newest?: CommentPage
): Promise<CommentData | undefined> {
  const { owner, repo, issueNumber } = target
  let page = newest ?? (await client.readComments({ owner, repo, issue_number: issueNumber }))
  let quoted: CommentData | undefined
  for (;;) {
    const found = pick(target, page.comments)
    if (found?.user?.type === 'Bot') return found
    // Only a human's comment quoting the marker so far: an older page may still hold the bot's reply.
    quoted = found ?? quoted
    if (page.earlier === undefined) return quoted
    page = await client.readComments({ owner, repo, issue_number: issueNumber, before: page.earlier })
  }
}

/** Every comment (REST, all pages): after a create whose outcome is unknown, nothing may be missed. */
async function listAll(client: ReplyClient, target: ReplyTarget): Promise<CommentData[]> {
  const { owner, repo, issueNumber } = target
  return client.listComments({ owner, repo, issue_number: issueNumber, per_page: 100 })
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
  const existing = await findReply(client, target, newest)
  if (existing) return upsert(client, target, body, existing)
  const { owner, repo, issueNumber } = target
  const create = async (retries?: number): Promise<ReplyResult> => {
    const request = retries === undefined ? {} : { request: { retries } }
    const { data } = await client.createComment({ owner, repo, issue_number: issueNumber, body, ...request })
    return { operation: 'created', id: data.id, url: data.html_url }
  }
  try {
    // No automatic retry: a POST that failed on the way back may have created the comment already.
    return await settle(client, target, body, await create(0))
  } catch (error: unknown) {
    const status = statusOf(error)
    // Only a server error or a lost connection leaves the outcome unknown.
    if (status !== undefined && status < 500) throw error
    const created = pick(target, await listAll(client, target))
    return created ? upsert(client, target, body, created) : create()
  }
}

/**
 * Two runs that both found no reply both create one. Whoever sees a duplicate afterwards keeps the
 * oldest reply, updates it, and deletes its own newer one, so the thread ends with one reply.
 */
async function settle(
  client: ReplyClient,
  target: ReplyTarget,
  body: string,
  created: ReplyResult
): Promise<ReplyResult> {
  const { owner, repo } = target
  // REST, not the GraphQL page the lookup read: every comment, and a request of its own kind.
  const comments = await listAll(client, target)
  const mine = comments.filter(comment => isMine(target, comment) && comment.user?.type === 'Bot')
  const oldest = mine.reduce<CommentData | undefined>(
    (first, comment) => (!first || comment.id < first.id ? comment : first),
    undefined
  )
  if (!oldest || oldest.id === created.id) return created
  await client.deleteComment({ owner, repo, comment_id: created.id })
  return upsert(client, target, body, oldest)
}
