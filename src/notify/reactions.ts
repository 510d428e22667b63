/**
 * Reactions on the triggering comment: 👀 at start, 🚀 on success, 😕 on failure, 👎 for a commenter
 * without the permission (their only answer: no reply comment). Never fatal.
 */
import { apiMessage, type IssuesClient, type ReactionContent } from '../adapters/github.js'
import { FAILING_OUTCOMES, type OutcomeCode } from '../outcome.js'
import type { Reporter } from '../reporter.js'

export type ReactionsClient = Pick<IssuesClient, 'createReaction'>

export interface ReactionTarget {
  readonly owner: string
  readonly repo: string
  /** The triggering comment; label and dispatch runs have none, and get no reaction. */
  readonly commentId?: number
}

/** Outcomes that end the run without a verdict on the comment (it was not a command for us). */
const SILENT: ReadonlySet<OutcomeCode> = new Set<OutcomeCode>(['not-triggered', 'ignored-bot'])

/** 🚀, 😕 or 👎 for how the run ended; none when the comment was not a command at all. */
export function finalReaction(outcome: OutcomeCode): ReactionContent | undefined {
  if (SILENT.has(outcome)) return undefined
  // Refused, not failed: the commenter may not run the command, and gets no reply saying so.
  if (outcome === 'unauthorised') return '-1'
  return FAILING_OUTCOMES.has(outcome) ? 'confused' : 'rocket'
}

/** Adds a reaction; a failure (locked issue, missing permission, outage) is a warning. Returns success. */
export async function react(
  client: ReactionsClient,
  reporter: Reporter,
  target: ReactionTarget,
  content: ReactionContent
): Promise<boolean> {
  if (target.commentId === undefined) return false
  try {
    const { owner, repo, commentId } = target
    await client.createReaction({ owner, repo, comment_id: commentId, content })
    return true
  } catch (error: unknown) {
    reporter.warning(`Could not react with ${content} on comment ${target.commentId}: ${apiMessage(error)}`)
    return false
  }
}

/** 👀: the command was seen and a run started. */
export function acknowledge(
  client: ReactionsClient,
  reporter: Reporter,
  target: ReactionTarget
): Promise<boolean> {
  return react(client, reporter, target, 'eyes')
}

/** 🚀, 😕 or 👎 for the outcome (nothing for a comment that was not a command). */
export async function reactToOutcome(
  client: ReactionsClient,
  reporter: Reporter,
  target: ReactionTarget,
  outcome: OutcomeCode
): Promise<boolean> {
  const content = finalReaction(outcome)
  return content === undefined ? false : react(client, reporter, target, content)
}
