/** The end of every run: reaction, reply comment, label, summary, outputs — each best effort but the outputs. */
import { errorMessage } from '../errors.js'
import type { RunReport } from '../pipeline.js'
import type { Reporter } from '../reporter.js'
import { annotateFailures } from './annotations.js'
import { collectOutputs, setOutputs } from './outputs.js'
import { reactToOutcome } from './reactions.js'
import { postReply, renderReply } from './reply.js'
import { writeSummary, type SummaryWriter } from './summary.js'
import type { OutputName } from '../action-io.js'

export interface FinishIO {
  readonly reporter: Reporter
  readonly summary: SummaryWriter
  readonly setOutput: (name: OutputName, value: string) => void
  /** Names the reply's hidden marker, so two workflows never overwrite each other's reply. */
  readonly workflow: string
}

export async function finish(report: RunReport, io: FinishIO): Promise<void> {
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
    if (target.issueNumber !== undefined) {
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
      if (target.label !== undefined) {
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
  }
  await writeSummary(io.summary, reporter, reply)
  setOutputs(collectOutputs(reply), io.setOutput)
}
