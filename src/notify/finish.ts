/** The end of every run: reaction, reply comment, label, summary, outputs — each best effort but the outputs. */
import type { GitHubClients } from '../adapters/github.js'
import { errorMessage } from '../errors.js'
import type { OutcomeCode } from '../outcome.js'
import type { Reporter } from '../reporter.js'
import { annotateFailures } from './annotations.js'
import { collectOutputs, setOutputs } from './outputs.js'
import { reactToOutcome } from './reactions.js'
import { postReply, renderReply, type ReplyInput } from './reply.js'
import { writeSummary, type SummaryWriter } from './summary.js'
import type { OutputName } from '../settings/action-io.js'

/** What the notifier needs from a run (the pipeline's report has this shape). */
export interface FinishReport {
  readonly reply: ReplyInput
  /** Who to answer and react to; absent when nobody should be (bots, unrelated events, dispatch). */
  readonly target?: { readonly issueNumber?: number; readonly commentId?: number; readonly label?: string }
  readonly phase?: string
  readonly clients?: Pick<GitHubClients, 'issues'>
  /** Whether to post replies and reactions from this job. */
  readonly notify: boolean
}

export interface FinishIO {
  readonly reporter: Reporter
  readonly summary: SummaryWriter
  readonly setOutput: (name: OutputName, value: string) => void
  /** Names the reply's hidden marker, so two workflows never overwrite each other's reply. */
  readonly workflow: string
}

/**
 * Outcomes answered with the reaction alone when the trigger was a comment: someone without the
 * permission gets 👎 on each command and never a comment from the bot, so a stranger cannot make it
 * post one comment per command. (A label needs triage access to apply and has no comment to react to:
 * it still gets a reply.)
 */
const REACTION_ONLY: ReadonlySet<OutcomeCode> = new Set<OutcomeCode>(['unauthorised'])

/** Whether the run answers with a reply comment, or only with its reaction on the command. */
export function repliesTo(outcome: OutcomeCode, target: FinishReport['target']): boolean {
  if (target?.issueNumber === undefined) return false
  return !(REACTION_ONLY.has(outcome) && target.commentId !== undefined)
}

export async function finish(report: FinishReport, io: FinishIO): Promise<void> {
  const { reply, clients, target } = report
  const { reporter } = io
  if (reply.gate) annotateFailures(reporter, reply.gate)
  if (report.notify && clients && target) {
    const { owner, repo } = reply
    if (target.commentId !== undefined) {
      await reactToOutcome(
        clients.issues,
        reporter,
        { owner, repo, commentId: target.commentId },
        reply.outcome
      )
    }
    if (target.issueNumber !== undefined && repliesTo(reply.outcome, target)) {
      try {
        const posted = await postReply(
          clients.issues,
          { owner, repo, issueNumber: target.issueNumber, workflow: io.workflow, phase: report.phase ?? '' },
          renderReply(reply),
          // Delivery onto a pull request read its newest comments moments ago: no need to ask again.
          reply.delivery?.thread
        )
        reporter.info(`Reply ${posted.operation}: ${posted.url}`)
      } catch (error) {
        reporter.warning(`Could not post the reply on #${target.issueNumber}: ${errorMessage(error)}`)
      }
    }
    if (target.issueNumber !== undefined && target.label !== undefined) {
      try {
        await clients.issues.removeLabel({
          owner,
          repo,
          issue_number: target.issueNumber,
          name: target.label
        })
      } catch (error) {
        reporter.warning(`Could not remove the label "${target.label}": ${errorMessage(error)}`)
      }
    }
  }
  await writeSummary(io.summary, reporter, reply)
  setOutputs(collectOutputs(reply), io.setOutput)
}
