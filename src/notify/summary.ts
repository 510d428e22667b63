/** The job summary: the full record of a run (the reply points here when it has to cut). Pure render. */
import { failureList, gateTable } from '../gate/format.js'
import type { Reporter } from '../reporter.js'
import { errorMessage } from '../errors.js'
import { codeBlock, codeSpan } from '../text/code.js'
import { inert, inertMarkdown } from '../text/inert.js'
import { truncateBytes } from '../text/truncate.js'
import { documentRows, HEADLINE, type ReplyInput } from './reply-render.js'

/** GitHub's limit per step. */
export const MAX_SUMMARY_BYTES = 1024 * 1024
/** The summary lists far more failures than the reply; the gate keeps a bounded list anyway. */
const MAX_FAILURES = 500

/** Where the summary goes: `core.summary` in the action, a file or the console elsewhere. */
export interface SummaryWriter {
  write(markdown: string): Promise<void>
}

function gateBlocks(input: ReplyInput): string[] {
  const gate = input.gate
  if (!gate) return []
  const blocks = [
    '### Test gate',
    `${gateTable(gate)}\n\n${gate.summary.trim() ? inertMarkdown(gate.summary.trim()) : ''}`.trim()
  ]
  if (gate.argv.length > 0) blocks.push(`Command: ${codeSpan(gate.argv.join(' '))}`)
  if (gate.failures.length > 0 || gate.failed + gate.errors > 0)
    blocks.push('### Failing tests', failureList(gate, MAX_FAILURES))
  if (!gate.green && gate.outputTail.trim() !== '') {
    blocks.push(
      `<details><summary>Last lines of the test output</summary>\n\n${codeBlock(gate.outputTail, { info: 'text' })}\n\n</details>`
    )
  }
  return blocks
}

export function renderSummary(input: ReplyInput): string {
  const phase = input.phase ? ` — Phase ${inert(input.phase)}` : ''
  const title = input.title?.trim() ? `: ${inert(input.title.replace(/\s+/g, ' ').trim())}` : ''
  const blocks = [
    `## plan-phase${phase}${title}`,
    `**Outcome:** ${codeSpan(input.outcome)} — ${HEADLINE[input.outcome]}`,
    inertMarkdown(input.message)
  ]
  const rows = documentRows(input)
  if (rows.length > 0) blocks.push(rows.join('\n'))
  const delivery = input.delivery
  if (delivery?.commitSha && delivery.verified !== undefined) {
    blocks.push(
      `**Commit signed by GitHub** (\`verification.verified\`): ${delivery.verified ? 'yes' : 'no'}`
    )
  }
  if (delivery?.compareUrl) blocks.push(`**Open the pull request:** ${delivery.compareUrl}`)
  blocks.push(...gateBlocks(input))
  if (input.coverage) {
    const { percent, found, total } = input.coverage
    blocks.push('### Coverage', `${percent}% of the phase's blocks (${found} of ${total}) are in the plan.`)
  }
  if (input.nextPhase) blocks.push(`**Next phase:** ${inert(input.nextPhase)}`)
  return truncateBytes(
    `${blocks.filter(block => block.trim() !== '').join('\n\n')}\n`,
    MAX_SUMMARY_BYTES,
    '… (truncated: the job summary is limited to 1 MiB; see the log)'
  )
}

/** Writes the summary; a failure (no GITHUB_STEP_SUMMARY, full disk) is a warning, not the run's outcome. */
export async function writeSummary(
  writer: SummaryWriter,
  reporter: Reporter,
  input: ReplyInput
): Promise<boolean> {
  try {
    await writer.write(renderSummary(input))
    return true
  } catch (error: unknown) {
    reporter.warning(`Could not write the job summary: ${errorMessage(error)}`)
    return false
  }
}
