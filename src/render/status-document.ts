/**
 * The status report: phase, paths, blob, commit, generated-at; the gate's results; one row per plan
 * step by its stable id with its state; the files table; clarifications; one overarching next step.
 * Pure: the clock is an input.
 */
import { failureList, gateTable } from '../gate/format.js'
import type { GateResult } from '../gate/result.js'
import type { Clarification } from '../analysis/clarifications.js'
import type { PhaseFile } from '../analysis/files.js'
import type { StepStatus } from '../analysis/progress.js'
import type { PhaseContent } from '../master-plan/phase-content.js'
import type { CoverageReport } from './coverage.js'
import { code, DocumentWriter, table } from './markdown.js'

export type { StepState, StepStatus } from '../analysis/progress.js'

export interface StatusInput {
  readonly content: PhaseContent
  readonly planPath: string
  readonly masterPlanBlob?: string
  readonly commit?: string
  readonly generatedAt: string
  readonly gate: GateResult
  readonly forcedBy?: string
  readonly coverage: CoverageReport
  readonly files: readonly PhaseFile[]
  readonly steps: readonly StepStatus[]
  readonly clarifications: readonly Clarification[]
}

export function renderStatus(input: StatusInput): string {
  const { content, gate, coverage } = input
  const { selection } = content
  const out = new DocumentWriter()
  out.block(`<!-- plan-phase: status for phase ${selection.requested} -->`)
  out.block(`# Phase ${selection.requested} status${selection.title ? `: ${selection.title}` : ''}`)
  const rows = [
    ['Phase', selection.requested],
    ['Plan', code(input.planPath)],
    [
      'Master plan',
      `${code(content.masterPlanPath)}${input.masterPlanBlob ? ` (blob ${code(input.masterPlanBlob)})` : ''}`
    ],
    ...(selection.files.length > 0 ? [['Linked files', selection.files.map(code).join(', ')]] : []),
    ...(selection.status.length > 0 ? [['Master plan marks it', selection.status.join(', ')]] : []),
    ['Commit', input.commit ? code(input.commit) : 'not a git checkout'],
    ['Generated at', input.generatedAt],
    ['Plan coverage', `${coverage.percent}% (${coverage.found} of ${coverage.total} units of the phase)`]
  ]
  out.block(table(['Field', 'Value'], rows))
  out.block('## Test gate')
  out.block(`Command: ${code(gate.command)} — ${gate.documentSummary ?? gate.summary}`)
  out.block(gateTable(gate))
  if (!gate.green) out.block(failureList(gate, 50))
  if (input.forcedBy)
    out.block(`> The gate was red and ${code(input.forcedBy)} overrode it with \`--force\`.`)
  out.block('## Steps')
  out.block(
    table(
      ['Step', 'Title', 'State', 'Evidence'],
      input.steps.map(step => [code(step.id), step.title, `\`${step.state}\``, step.evidence || '—'])
    )
  )
  out.block('## Files')
  if (input.files.length === 0) out.block('_No files named._')
  else {
    out.block(
      table(
        ['File', 'Now', 'Why'],
        input.files.map(file => [code(file.path), file.now, file.why.join('; ')])
      )
    )
  }
  out.block('## Needs clarification')
  if (input.clarifications.length === 0) out.block('None.')
  else {
    out.block(
      table(
        ['Id', 'Step', 'Question', 'State'],
        input.clarifications.map(item => [
          item.id,
          item.stepId ?? '—',
          item.question,
          '`NEEDS CLARIFICATION`'
        ])
      )
    )
  }
  out.block('## Next step')
  out.block(nextStep(input))
  return out.text()
}

function nextStep(input: StatusInput): string {
  const { gate, steps, clarifications, content } = input
  if (!gate.green && !input.forcedBy)
    return 'Make the test suite green (see the failures above), then re-run plan-phase.'
  if (!gate.green)
    return 'Fix the failing tests listed above before starting Step 4: the gate was overridden, not passed.'
  const blocked = steps.find(step => step.state === 'BLOCKED')
  if (blocked) return `Unblock step ${blocked.id} (${blocked.title}).`
  const unclear = steps.find(step => step.state === 'NEEDS CLARIFICATION')
  if (unclear)
    return `Get answers to the questions for step ${unclear.id} (${clarifications
      .filter(c => c.stepId === unclear.id)
      .map(c => c.id)
      .join(', ')}) before starting it.`
  const open = steps.find(step => step.state !== 'COMPLETED')
  if (open) return `${open.state === 'IN PROGRESS' ? 'Finish' : 'Start'} step ${open.id}: ${open.title}.`
  const next = content.nextPhase
  return next
    ? `All steps are complete: plan phase ${next.id} next (\`/plan-phase ${next.id}\`).`
    : 'All steps are complete, and this is the last phase of the master plan.'
}
