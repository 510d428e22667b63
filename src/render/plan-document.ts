/**
 * The phase execution plan, in the order PRODUCT.md lays out: Overview, Step 1 read the master plan,
 * Step 2 run the suite, Step 3 review the codebase, Step 4 implement, Step 5 conclude, then what needs
 * clarification. Deterministic: the same inputs give the same bytes. Pure.
 */
import { failureList, gateTable } from '../gate/format.js'
import type { GateResult } from '../gate/result.js'
import type { Grounding } from '../grounding/types.js'
import type { MasterPlanModel } from '../master-plan/model.js'
import type { PhaseContent } from '../master-plan/phase-content.js'
import type { Step } from '../master-plan/steps.js'
import type { Clarification } from './clarifications.js'
import { code, DocumentWriter, table } from './markdown.js'
import type { TestRequirement } from './requirements.js'
import { copySpan, withoutLineReferences, type Span } from './verbatim.js'

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
  readonly grounding: Grounding
  readonly requirements: readonly TestRequirement[]
  readonly clarifications: readonly Clarification[]
  /** Existing tests that reference what the phase removes or moves. */
  readonly testsToUpdate: readonly { test: string; because: string }[]
}

export interface RenderedPlan {
  readonly text: string
  /** Where the phase's own content was written (purpose, then sub-steps): coverage is measured there. */
  readonly phaseRegions: readonly Span[]
  /** The marked cross-reference part, where text from other sections may appear. */
  readonly crossReferenceRegions: readonly Span[]
}

const STEP_HEADING_DEPTH = 4
const INNER_HEADING_DEPTH = 5

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
  clarificationPart(out, input.clarifications)
  return {
    text: out.text(),
    phaseRegions: out.spans('phase'),
    crossReferenceRegions: out.spans('cross-references')
  }
}

function overview(out: DocumentWriter, input: PlanInput): void {
  const { content, model } = input
  const { selection, structure } = content
  out.block('## Overview')
  const rows: string[][] = [
    ['Phase', `${selection.requested}${selection.title ? ` — ${selection.title}` : ''}`],
    [
      'Master plan',
      `${code(content.masterPlanPath)}${input.masterPlanBlob ? ` (blob ${code(input.masterPlanBlob.slice(0, 12))})` : ''}`
    ],
    ['Taken from', selection.sections.map(section => section.path.join(' › ')).join('; ')],
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
    for (const span of structure.intro) out.block(copySpan(model, span, INNER_HEADING_DEPTH).text)
    out.end('phase')
  }
  const codeSamples = content.units.filter(unit => unit.kind === 'code').length
  const fromPlan = content.testItems.length
  out.block(
    `This plan holds ${structure.steps.length} sub-step(s) (${structure.steps.map(step => step.id).join(', ') || 'none'}), ` +
      `${codeSamples} code sample(s), ${fromPlan + input.requirements.length} test requirement(s) ` +
      `(${fromPlan} from the master plan, ${input.requirements.length} named by this plan), ` +
      `${content.guidelines.length} general guideline section(s), ${content.crossReferences.length + content.keyed.length} cross-reference(s) ` +
      `and ${input.clarifications.length} point(s) that need clarification.`
  )
  out.block(
    `> **Rule:** if any step cannot be completed, stop. Set that step to \`BLOCKED\` (or \`NEEDS CLARIFICATION\`) in ${code(input.statusPath)}, say why, and notify the user. Do not go on to later steps.`
  )
}

function stepOne(out: DocumentWriter, input: PlanInput): void {
  const { content } = input
  out.block('## Step 1 — Read the master plan')
  out.block(`Read ${code(content.masterPlanPath)} in full. The sections that matter most for this phase:`)
  const lines = content.selection.sections.map(
    section =>
      `- ${section.path.join(' › ')} — ${section.role === 'summary' ? 'the phase’s summary' : 'the phase itself'}`
  )
  for (const section of content.keyed) lines.push(`- ${section.path.join(' › ')} — about this phase`)
  for (const section of content.guidelines)
    lines.push(`- ${section.path.join(' › ') || '(text before the first heading)'} — ${section.kind}`)
  out.block(lines.join('\n'))
  const { files, status } = content.selection
  if (files.length > 0) {
    const them = files.length === 1 ? 'it' : 'them'
    out.block(
      `The phase’s content was read from ${files.map(code).join(', ')}, which the master plan links to: read ${them} in full too.`
    )
  }
  if (status.length > 0) out.block(`The master plan marks this phase: ${status.join(', ')}.`)
  if (content.omitted.length > 0) {
    out.block('Left out of this plan, and why:')
    out.block(content.omitted.map(item => `- ${item.path.join(' › ')} — ${item.reason}`).join('\n'))
  }
}

function stepTwo(out: DocumentWriter, input: PlanInput): void {
  const { gate } = input
  out.block('## Step 2 — Run the full test suite')
  out.block(`Run the whole suite from the repository root:\n\n\`\`\`sh\n${gate.command}\n\`\`\``)
  if (gate.status === 'skipped') {
    out.block('The gate was not run when this plan was generated (`--no-gate`): run the suite now.')
  } else {
    out.block(
      `What the gate measured${input.commit ? ` at commit ${code(input.commit)}` : ''}: ${gate.summary}`
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

function stepThree(out: DocumentWriter, input: PlanInput): void {
  const { grounding } = input
  out.block('## Step 3 — Review the codebase')
  out.block('Every file and module this phase (or the guidelines) names, as it stands in the repository now:')
  if (grounding.files.length === 0) out.block('_The master plan names no files for this phase._')
  else {
    const rows = grounding.files.map(file => [
      code(file.path),
      file.exists ? (file.isDirectory ? 'exists (directory)' : 'exists') : 'to be created',
      file.symbols ? symbolSummary(file.symbols) : '—',
      file.tests.length > 0 ? file.tests.map(code).join(', ') : '—'
    ])
    out.block(
      table(['File', 'Now', 'Top-level classes and functions', 'Tests that import or mention it'], rows)
    )
  }
  if (grounding.symbols.length > 0) {
    const declared = new Map(input.content.names.map(name => [name.name, name.action]))
    const rows = grounding.symbols.map(symbol => [
      code(symbol.name),
      symbol.definitions.length > 0
        ? symbol.definitions.map(def => `${def.kind} in ${code(def.path)}`).join(', ')
        : declared.get(symbol.name) === 'create'
          ? 'not in the repository — new in this phase'
          : 'not found — needs clarification',
      symbol.tests.length > 0 ? symbol.tests.map(code).join(', ') : '—'
    ])
    out.block(table(['Name', 'Where it is defined now', 'Tests that reference it'], rows))
  }
}

function symbolSummary(symbols: NonNullable<Grounding['files'][number]['symbols']>): string {
  const parts = [
    ...symbols.classes.map(
      cls => `class ${cls.name}${cls.methods.length ? ` (${cls.methods.map(m => m.name).join(', ')})` : ''}`
    ),
    ...symbols.functions.map(fn => `${fn.name}()`)
  ]
  return parts.length > 0 ? parts.join('; ') : '(no classes or functions)'
}

function stepFour(out: DocumentWriter, input: PlanInput): void {
  const { content, model } = input
  out.block('## Step 4 — Implement the phase')
  out.block(
    'Work through the sub-steps in order. For each one, first write its tests (see **Test requirements**), run them and see them fail, then write the code that makes them pass, then run the full suite. Record each sub-step’s state in the status file by its id.'
  )
  out.block('### Sub-steps')
  out.begin('phase')
  let rewrote = false
  for (const step of content.structure.steps) rewrote = writeStep(out, input, step) || rewrote
  out.end('phase')
  if (rewrote) {
    out.block(
      '> Line-number references in the master plan were left out above: they go stale as code moves. Find the code by file and symbol (Step 3).'
    )
  }
  testPart(out, input)
  if (content.guidelines.length > 0) {
    out.block('### General guidelines (apply to every sub-step)')
    for (const section of content.guidelines) {
      out.block(`#### ${section.title || 'Preamble'} (${section.kind})`)
      out.block(`_From: ${section.path.join(' › ') || 'the text before the first heading'}_`)
      for (const span of section.spans) out.block(copySpan(model, span, INNER_HEADING_DEPTH).text)
    }
  }
  out.block('### Cross-references (from elsewhere in the master plan)')
  out.begin('cross-references')
  if (content.crossReferences.length === 0 && content.keyed.length === 0)
    out.block('_No other section mentions this phase._')
  for (const mention of content.crossReferences) {
    out.block(`- **${mention.path.join(' › ') || 'Preamble'}:** ${flat(mention.unit.text)}`)
  }
  for (const section of content.keyed) {
    out.block(`#### ${section.title}`)
    out.block(`_From: ${section.path.join(' › ')}_`)
    for (const span of section.spans) out.block(copySpan(model, span, INNER_HEADING_DEPTH).text)
  }
  out.end('cross-references')
}

function writeStep(out: DocumentWriter, input: PlanInput, step: Step): boolean {
  const { model } = input
  let rewrote = false
  if (step.headingSpan) {
    const heading = copySpan(model, step.headingSpan, STEP_HEADING_DEPTH)
    rewrote ||= heading.rewrote
    const text = heading.text.replace(/^#+ /, '')
    out.block(
      `${'#'.repeat(STEP_HEADING_DEPTH)} ${startsWithId(text, step.id) ? '' : `Step ${step.id} — `}${text}`
    )
  } else {
    out.block(`${'#'.repeat(STEP_HEADING_DEPTH)} Step ${step.id} — ${step.title}`)
  }
  const files = stepFiles(input, step)
  out.block(
    `_Step id ${code(step.id)} · from ${step.path.join(' › ')} · files: ${files.length > 0 ? files.map(code).join(', ') : 'none named'}_`
  )
  for (const span of step.spans) {
    const copy = copySpan(model, span, INNER_HEADING_DEPTH)
    rewrote ||= copy.rewrote
    out.block(copy.text)
  }
  return rewrote
}

function startsWithId(text: string, id: string): boolean {
  return new RegExp(`^(?:step|task)?\\s*${id.replace(/\./g, '\\.')}(?![\\w.])`, 'i').test(text)
}

/** Files a sub-step touches: those it names, and where the names it cites are defined now. */
function stepFiles(input: PlanInput, step: Step): string[] {
  const files = new Set<string>()
  for (const name of input.content.stepNames.get(step.id) ?? []) {
    if (name.kind === 'file') files.add(name.name)
    else if (name.kind === 'module') {
      const fact = input.grounding.files.find(file => file.module === name.name)
      if (fact) files.add(fact.path)
    } else {
      const fact = input.grounding.symbols.find(symbol => symbol.name === name.name)
      for (const definition of fact?.definitions ?? []) files.add(definition.path)
    }
  }
  return [...files].sort()
}

function testPart(out: DocumentWriter, input: PlanInput): void {
  const { content } = input
  out.block('### Test requirements')
  out.block(
    'Write each test first, run it and see it fail, then write the code that makes it pass. All of them must pass at the end of the phase.'
  )
  out.block('#### From the master plan')
  if (content.testItems.length === 0) out.block('_The master plan lists no test items for this phase._')
  else out.block(content.testItems.map(unit => `- ${flat(unit.text)}`).join('\n'))
  out.block(
    '#### Required by this plan (one per class, function or file the phase creates, changes, moves or removes)'
  )
  if (input.requirements.length === 0)
    out.block('_The phase names no class, function or file that it creates, changes, moves or removes._')
  else {
    out.block(
      table(
        ['Test file', 'Test', 'Asserts', 'Because the master plan says'],
        input.requirements.map(req => [
          code(req.testFile),
          code(req.testName),
          req.asserts,
          `“${flat(req.source)}”`
        ])
      )
    )
  }
  out.block('#### Existing tests expected to fail')
  const lines = input.testsToUpdate.map(
    item => `- ${code(item.test)} — ${item.because}: **update it** to the new behaviour.`
  )
  if (lines.length > 0) out.block(lines.join('\n'))
  else out.block('_No existing test references what this phase removes or moves._')
  out.block(
    `A test that fails only because later phases of the master plan are not done yet is **marked skipped**, with a reason naming the phase: \`@pytest.mark.skip(reason="needs phase N of the master plan")\`. A test of behaviour this phase replaces is **updated**, not skipped.`
  )
}

function stepFive(out: DocumentWriter, input: PlanInput): void {
  const { content } = input
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
  if (next) {
    const created = input.requirements
      .filter(req => req.action === 'create' || req.action === 'move')
      .map(req => code(req.subject))
    if (created.length > 0)
      out.block(
        `What this phase creates or moves, which Phase ${next.id} may build on: ${created.join(', ')}.`
      )
    if (next.dependsOn.length > 0) {
      out.block(`Phase ${next.id} refers to this phase (cross-references, quoted from its section):`)
      out.begin('cross-references')
      out.block(next.dependsOn.map(mention => `- ${flat(mention.unit.text)}`).join('\n'))
      out.end('cross-references')
    } else if (created.length === 0) out.block(`Phase ${next.id} starts from the state this phase leaves.`)
  }
}

function clarificationPart(out: DocumentWriter, items: readonly Clarification[]): void {
  out.block('## Needs clarification')
  if (items.length === 0) {
    out.block(
      'Nothing found: every name is in the repository or declared new, and there are no TODO/TBD/? markers.'
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

/** One line of quoted master-plan text, without stale line numbers. */
function flat(text: string): string {
  return withoutLineReferences(text.replace(/\n\s*/g, ' '))
}
