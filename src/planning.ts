/**
 * The planning core shared by the action and the CLI: master plan → gate → grounding → documents,
 * with coverage measured before anything is handed back. Writes nothing itself.
 */
import type { Exec } from './adapters/exec.js'
import { gitBlobSha } from './adapters/git.js'
import type { Workspace } from './adapters/workspace.js'
import { runGate } from './gate/run-gate.js'
import { skippedGate, type GateResult } from './gate/result.js'
import { groundReferences, listRepositoryFiles, testFileFor } from './grounding/index.js'
import type { Grounding } from './grounding/types.js'
import type { PhaseContent } from './master-plan/phase-content.js'
import { parseMasterPlan } from './plan-parser/parse-master-plan.js'
import { clarifications as findClarifications } from './render/clarifications.js'
import { measureCoverage, type CoverageReport } from './render/coverage.js'
import { renderPlan } from './render/plan-document.js'
import { stepStates } from './render/progress.js'
import { testRequirements } from './render/requirements.js'
import { renderStatus } from './render/status-document.js'
import { declaredNames, methodOwners, requirementSubjects } from './render/subjects.js'
import type { Reporter } from './reporter.js'
import { fillTemplate, type PlanningSettings } from './settings.js'

/** A master plan over this size is refused: GitHub's blob API and the runner's memory set the bound. */
export const MAX_MASTER_PLAN_BYTES = 20 * 1024 * 1024

export interface PlanningDependencies {
  readonly workspace: Workspace
  readonly exec: Exec
  readonly reporter: Reporter
  readonly now: () => Date
  readonly tempDir: string
  readonly env: NodeJS.ProcessEnv
  /** The commit the gate tests (HEAD of the checkout, or the PR head read at the start). */
  readonly commit?: string
  /** Aborted when the job is cancelled: the gate stops the suite and planning ends with CancelledError. */
  readonly signal?: AbortSignal
}

export interface Document {
  readonly path: string
  readonly text: string
}

export type PlanningOutcome = 'planned' | 'red-gate' | 'incomplete-plan' | 'status-refreshed'

export interface PlanningResult {
  readonly outcome: PlanningOutcome
  readonly phase: string
  readonly title: string
  readonly gate: GateResult
  readonly coverage?: CoverageReport
  readonly plan?: Document
  readonly status?: Document
  readonly planPath: string
  readonly statusPath: string
  readonly nextPhase?: string
  readonly clarifications: number
  /** One line for logs and replies. */
  readonly message: string
}

export async function planPhase(
  settings: PlanningSettings,
  deps: PlanningDependencies
): Promise<PlanningResult> {
  const { workspace, reporter } = deps
  const planPath = fillTemplate(settings.planPathTemplate, settings.phase)
  const statusPath = fillTemplate(settings.statusPathTemplate, settings.phase)
  const text = await workspace.readText(
    settings.masterPlanPath,
    'master plan (input master-plan)',
    MAX_MASTER_PLAN_BYTES
  )
  // The phase is looked up before the gate: a typo should not cost a full test run. In a worker with a
  // time, memory and nesting budget: the master plan may come from a pull request.
  const { model, content } = await parseMasterPlan(text, {
    phase: settings.phase,
    path: settings.masterPlanPath,
    ...(deps.signal ? { signal: deps.signal } : {})
  })
  reporter.info(
    `Phase ${settings.phase}: ${content.selection.sections.map(s => s.path.join(' › ')).join('; ')}`
  )

  const gate = settings.gate
    ? await runGate(
        {
          command: settings.testCommand,
          cwd: workspace.root,
          timeoutMinutes: settings.testTimeoutMinutes,
          ...(settings.testReport ? { reportGlob: settings.testReport } : {}),
          env: deps.env,
          tempDir: deps.tempDir,
          ...(deps.signal ? { signal: deps.signal } : {})
        },
        deps.exec,
        reporter
      )
    : skippedGate(settings.testCommand)
  reporter.info(`Test gate: ${gate.summary}`)
  const base = {
    phase: settings.phase,
    title: content.selection.title,
    gate,
    planPath,
    statusPath,
    clarifications: 0
  }
  if (!gate.green && !settings.force) {
    return {
      ...base,
      outcome: 'red-gate',
      message: `The test suite is not green: ${gate.summary} Nothing was written.`
    }
  }
  const forcedBy = !gate.green ? (settings.actor ?? 'the user') : undefined

  const grounding = await ground(workspace.root, content, deps)
  const owners = methodOwners(model, content.units)
  const requirements = testRequirements(
    requirementSubjects(content.names, grounding, owners),
    grounding,
    path => testFileFor(path, grounding.testLayout)
  )
  const declared = declaredNames(model, content.names)
  const clarifications = findClarifications(content, grounding, declared)
  const existingTests = await testFunctions(
    workspace,
    requirements.map(req => req.testFile)
  )
  const steps = stepStates(
    content.structure.steps,
    content.stepNames,
    { grounding, requirements, existingTests, gate },
    clarifications
  )
  const blob = gitBlobSha(text)
  const commit = deps.commit
  const testsToUpdate = testsTouchingRemovals(content, grounding)
  const rendered = renderPlan({
    model,
    content,
    masterPlanBlob: blob,
    planPath,
    statusPath,
    gate,
    ...(commit ? { commit } : {}),
    ...(forcedBy ? { forcedBy } : {}),
    grounding,
    requirements,
    clarifications,
    testsToUpdate
  })
  const coverage = measureCoverage(model, content, rendered)
  const status = renderStatus({
    content,
    planPath,
    masterPlanBlob: blob,
    ...(commit ? { commit } : {}),
    generatedAt: deps.now().toISOString(),
    gate,
    ...(forcedBy ? { forcedBy } : {}),
    coverage,
    grounding,
    steps,
    clarifications
  })
  const result = {
    ...base,
    coverage,
    clarifications: clarifications.length,
    ...(content.nextPhase ? { nextPhase: content.nextPhase.id } : {})
  }
  if (coverage.percent < 100 || coverage.leaked.length > 0) {
    return {
      ...result,
      outcome: 'incomplete-plan',
      message:
        `The plan would be incomplete (coverage ${coverage.percent}%, ${coverage.missing.length} unit(s) missing, ` +
        `${coverage.leaked.length} unit(s) from other phases): nothing was written. This is a plan-phase bug; please report it with the master plan.`
    }
  }
  if (settings.statusOnly) {
    return {
      ...result,
      outcome: 'status-refreshed',
      status: { path: statusPath, text: status },
      message: `Status of phase ${settings.phase} refreshed from the repository.`
    }
  }
  return {
    ...result,
    outcome: 'planned',
    plan: { path: planPath, text: rendered.text },
    status: { path: statusPath, text: status },
    message: `Planned phase ${settings.phase}: ${content.structure.steps.length} sub-step(s), coverage ${coverage.percent}%.`
  }
}

async function ground(root: string, content: PhaseContent, deps: PlanningDependencies): Promise<Grounding> {
  const repo = await listRepositoryFiles(root)
  const refs = { files: [] as string[], modules: [] as string[], symbols: [] as string[] }
  for (const name of [...content.names, ...content.contextNames]) {
    if (name.kind === 'file') refs.files.push(name.name)
    else if (name.kind === 'module') refs.modules.push(name.name)
    else refs.symbols.push(name.name)
  }
  const grounding = await groundReferences(repo, refs)
  deps.reporter.info(
    `Repository: ${repo.files.length} file(s); ${grounding.files.length} file(s) and ${grounding.symbols.length} name(s) grounded.`
  )
  return grounding
}

async function testFunctions(workspace: Workspace, files: readonly string[]): Promise<Set<string>> {
  const found = new Set<string>()
  for (const file of new Set(files)) {
    const text = await workspace.readIfExists(file).catch(() => undefined)
    if (!text) continue
    for (const match of text.matchAll(/^[ \t]*(?:async[ \t]+)?def[ \t]+(test_\w+)/gm))
      found.add(`${file}::${match[1]}`)
  }
  return found
}

function testsTouchingRemovals(
  content: PhaseContent,
  grounding: Grounding
): { test: string; because: string }[] {
  const reasons = new Map<string, string[]>()
  for (const name of content.names) {
    if (name.action !== 'remove' && name.action !== 'move') continue
    const fact = grounding.symbols.find(symbol => symbol.name === name.name)
    for (const test of fact?.tests ?? []) {
      const list = reasons.get(test) ?? []
      list.push(`${'`'}${name.name}${'`'} (${name.action === 'remove' ? 'removed' : 'moved'})`)
      reasons.set(test, list)
    }
  }
  return [...reasons].map(([test, list]) => ({ test, because: `references ${list.join(', ')}` }))
}
