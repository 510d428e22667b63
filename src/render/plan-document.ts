/**
 * The phase execution plan, in the order PRODUCT.md lays out: Overview, Step 1 read the master plan,
 * Step 2 run the suite, Step 3 review the codebase, Step 4 implement, Step 5 conclude, then what needs
 * clarification. Deterministic: the same inputs give the same bytes. Pure.
 */
import type { PhaseAnalysis } from '../analysis/index.js'
import type { Clarification } from '../analysis/clarifications.js'
import { failureList, gateTable } from '../gate/format.js'
import type { GateResult } from '../gate/result.js'
import type { Language } from '../grounding/language.js'
import type { MasterPlanModel } from '../master-plan/model.js'
import type { PhaseContent } from '../master-plan/phase-content.js'
import { code, count, DocumentWriter, table } from './markdown.js'
import { stepThree } from './plan-codebase.js'
import { displayPath } from '../analysis/section-path.js'
import { lineSpan, sourceLines } from './plan-lines.js'
import { stepFour } from './plan-steps.js'
import { flat, INNER_HEADING_DEPTH, prose } from './plan-text.js'
import { copySpan, tableRowWithHeader, type Span } from './verbatim.js'

export interface PlanInput {
  readonly model: MasterPlanModel
  readonly content: PhaseContent
  readonly masterPlanBlob?: string
  readonly planPath: string
  readonly statusPath: string
  readonly gate: GateResult
  /** The commit the gate tested. */
  readonly commit?: string
  /** Who overrode a red gate with --force. */
  readonly forcedBy?: string
  readonly analysis: PhaseAnalysis
  readonly language: Language
}

export interface RenderedPlan {
  readonly text: string
  /** Where the phase's own content was written (purpose, then sub-steps): coverage is measured there. */
  readonly phaseRegions: readonly Span[]
  /** The marked cross-reference part, where text from other sections may appear. */
  readonly crossReferenceRegions: readonly Span[]
}

export function renderPlan(input: PlanInput): RenderedPlan {
  const { content } = input
  const { selection } = content
  const out = new DocumentWriter()
  const title = selection.title ? `: ${selection.title}` : ''
  out.block(
    `<!-- plan-phase: execution plan for phase ${selection.requested}; regenerate rather than edit -->`
  )
  out.block(`# Phase ${selection.requested} execution plan${title}`)
  overview(out, input)
  stepOne(out, input)
  stepTwo(out, input)
  stepThree(out, input)
  stepFour(out, input)
  stepFive(out, input)
  clarificationPart(out, input.analysis.clarifications)
  return {
    text: out.text(),
    phaseRegions: out.spans('phase'),
    crossReferenceRegions: out.spans('cross-references')
  }
}

function overview(out: DocumentWriter, input: PlanInput): void {
  const { content, model, analysis } = input
  const { selection, structure } = content
  out.block('## Overview')
  const rows: string[][] = [
    ['Phase', `${selection.requested}${selection.title ? ` — ${selection.title}` : ''}`],
    [
      'Master plan',
      `${code(content.masterPlanPath)}${input.masterPlanBlob ? ` (blob ${code(input.masterPlanBlob.slice(0, 12))})` : ''}`
    ],
    ['Taken from', selection.sections.map(section => displayPath(model, section.path)).join('; ')],
    ['Status file', code(input.statusPath)]
  ]
  if (input.commit) rows.push(['Tested commit', code(input.commit)])
  out.block(table(['', ''], rows))
  if (selection.match === 'family') {
    out.block(
      `> **Note:** the master plan has no phase ${code(selection.requested)} of its own; this plan covers its parts ${selection.ids.map(code).join(', ')}.`
    )
  }
  if (selection.duplicatesDropped > 0) {
    out.block(
      `> **Note:** ${selection.duplicatesDropped} section(s) repeating another word for word were taken once.`
    )
  }
  if (structure.intro.length > 0) {
    out.block('**Purpose** (the phase’s own opening text):')
    out.begin('phase')
    for (const span of structure.intro)
      out.block(tableRowWithHeader(model, span) ?? copySpan(model, span, INNER_HEADING_DEPTH, prose(input)))
    out.end('phase')
  }
  const modules = new Set(analysis.tests.requirements.map(requirement => requirement.testFile)).size
  const callers = [...analysis.impact.callers.values()].reduce((sum, list) => sum + list.length, 0)
  out.block(
    `This plan holds ${count(structure.steps.length, 'sub-step')} (${structure.steps.map(step => step.id).join(', ') || 'none'}), ` +
      `${count(analysis.tests.requirements.length, 'test')} to write in ${count(modules, 'module')}, ` +
      `${count(callers, 'caller')} to update, ${count(analysis.impact.tests.length, 'existing test')} expected to fail ` +
      `and ${count(analysis.clarifications.length, 'question')} to ask first.`
  )
  out.block(
    `> **Rule:** if any step cannot be completed, stop. Set that step to \`BLOCKED\` (or \`NEEDS CLARIFICATION\`) in ${code(input.statusPath)}, say why, and notify the user. Do not go on to later steps.`
  )
}

function stepOne(out: DocumentWriter, input: PlanInput): void {
  const { content, model, analysis } = input
  const lines = sourceLines(model)
  out.block('## Step 1 — Read the master plan')
  out.block(`Read ${code(content.masterPlanPath)}. What matters for this phase, by heading and line range:`)
  const entries: string[] = []
  const where = (path: readonly string[], span: Span | undefined): string =>
    `${displayPath(model, path) || '(text before the first heading)'}${span ? ` (lines ${lineSpan(lines, span)})` : ''}`
  for (const section of content.selection.sections) {
    const first =
      model.blocks[
        Math.min(section.headingIndex < 0 ? section.bodyStart : section.headingIndex, section.bodyStart)
      ]
    const last = model.blocks[section.bodyEnd - 1]
    const span = first && last ? { start: first.start, end: last.end } : undefined
    entries.push(
      `- ${where(section.path, span)} — ${section.role === 'summary' ? 'the phase’s summary' : 'the phase itself'}`
    )
  }
  const outside = (section: { headingSpan?: Span; spans: readonly Span[] }): Span | undefined => {
    const start = section.headingSpan?.start ?? section.spans[0]?.start
    const end = section.spans[section.spans.length - 1]?.end ?? section.headingSpan?.end
    return start !== undefined && end !== undefined ? { start, end } : undefined
  }
  for (const section of content.keyed)
    entries.push(`- ${where(section.path, outside(section))} — about this phase`)
  for (const copy of analysis.focus.guidelines)
    entries.push(
      `- ${where(copy.section.path, outside(copy.section))} — a guideline for every phase (in Step 4)`
    )
  for (const quote of analysis.focus.quotes)
    entries.push(
      `- ${where(quote.section.path, outside(quote.section))} — names this phase's work (quoted in Step 4)`
    )
  out.block(entries.join('\n'))
  const { files, status } = content.selection
  if (files.length > 0) {
    const them = files.length === 1 ? 'it' : 'them'
    out.block(
      `The phase’s content was read from ${files.map(code).join(', ')}, which the master plan links to: read ${them} in full too.`
    )
  }
  if (status.length > 0) out.block(`The master plan marks this phase: ${status.join(', ')}.`)
  const background = analysis.focus.background + content.omitted.length
  if (background > 0)
    out.block(
      `The other ${count(background, 'section')} (context, other phases, the title and any contents or progress lists) are background for this phase.`
    )
}

function stepTwo(out: DocumentWriter, input: PlanInput): void {
  const { gate } = input
  out.block('## Step 2 — Run the full test suite')
  out.block(`Run the whole suite from the repository root:\n\n\`\`\`sh\n${gate.command}\n\`\`\``)
  if (gate.status === 'skipped') {
    out.block('The gate was not run when this plan was generated (`--no-gate`): run the suite now.')
  } else {
    out.block(
      `What the gate measured${input.commit ? ` at commit ${code(input.commit)}` : ''}: ${gate.documentSummary ?? gate.summary}`
    )
    out.block(gateTable(gate))
    if (!gate.green) out.block(failureList(gate, 20))
  }
  // A forced plan must not also say "stop on a red suite": the known failures are the exception it records.
  if (input.forcedBy) {
    out.block(
      `> **Warning:** the suite was **red** and ${code(input.forcedBy)} overrode the gate with \`--force\`. The failures above are known: fix each one, or record in the status file why it may stay, before Step 4. **If any other test fails, stop and notify the user.**`
    )
  } else
    out.block(
      '**If the suite is not green, stop and notify the user.** Do not start the phase on a red suite.'
    )
}

function stepFive(out: DocumentWriter, input: PlanInput): void {
  const { content, analysis } = input
  out.block('## Step 5 — Conclude')
  const next = content.nextPhase
  const lines = [
    `1. Run the full test suite (\`${input.gate.command}\`). It must be green, including every test named in Step 4.`,
    `2. Create or update the status file ${code(input.statusPath)}: the state of every sub-step by id (\`NOT STARTED\`, \`IN PROGRESS\`, \`COMPLETED\`, \`BLOCKED\`, \`NEEDS CLARIFICATION\`), the test results, and the next step.`,
    next
      ? `3. Next phase: **Phase ${next.id}${next.title ? ` — ${next.title}` : ''}**.`
      : '3. This is the last phase the master plan defines.'
  ]
  out.block(lines.join('\n'))
  if (!next) return
  const built = analysis.targets
    .filter(target => target.action === 'create' || target.action === 'move' || target.action === 'rename')
    .filter(target => target.kind === 'symbol' || !input.language.isTestPath(target.name))
    .map(target => code(target.action === 'rename' && target.destination ? target.destination : target.name))
  if (built.length > 0)
    out.block(
      `What this phase creates, moves or renames, which Phase ${next.id} may build on: ${built.join(', ')}.`
    )
  if (next.dependsOn.length > 0) {
    out.block(`Phase ${next.id} refers to this phase (quoted from its section):`)
    out.begin('cross-references')
    out.block(next.dependsOn.map(mention => `- ${flat(mention.unit.text)}`).join('\n'))
    out.end('cross-references')
  } else if (built.length === 0) out.block(`Phase ${next.id} starts from the state this phase leaves.`)
}

function clarificationPart(out: DocumentWriter, items: readonly Clarification[]): void {
  out.block('## Needs clarification')
  if (items.length === 0) {
    out.block(
      'Nothing to ask: the master plan flags no open item for this phase, contradicts itself nowhere it touches, its line references still point at their code, and every name it uses is defined.'
    )
    return
  }
  out.block('Ask before acting on these; each is `NEEDS CLARIFICATION` in the status file.')
  out.block(
    items
      .map(item => `- **${item.id}**${item.stepId ? ` (step ${item.stepId})` : ''}: ${item.question}`)
      .join('\n')
  )
}
