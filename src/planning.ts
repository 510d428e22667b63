/**
 * The planning core shared by the action and the CLI: master plan → gate → grounding → documents,
 * with coverage measured before anything is handed back. Writes nothing itself.
 */
import type { Exec } from './adapters/exec.js'
import { gitBlobSha } from './adapters/git.js'
import type { Workspace } from './adapters/workspace.js'
import { runGate } from './gate/run-gate.js'
import { skippedGate, type GateResult } from './gate/result.js'
import { analysePhase, groundingQueries } from './analysis/index.js'
import { phaseSpecificShare, phaseTerms, wordCount } from './analysis/focus.js'
import { stepStates } from './analysis/progress.js'
import { groundReferences, python, type RepositoryFiles } from './grounding/index.js'
import { parseAhead } from './grounding/parse-ahead.js'
import type { Language } from './grounding/language.js'
import type { Destinations } from './destinations/document-path-check.js'
import { documentPaths } from './destinations/document-paths.js'
import { UnknownPhaseError } from './master-plan/lookup.js'
import type { PhaseId } from './master-plan/phase-id.js'
import { parseMasterPlan, type ParserSession, type PlanReading } from './plan-parser/parse-master-plan.js'
import type { EarlyMasterPlan } from './early-master-plan.js'
import { measureCoverage, type CoverageReport } from './render/coverage.js'
import { renderPlan } from './render/plan-document.js'
import { renderStatus } from './render/status-document.js'
import type { Reporter } from './reporter.js'
import { settingName } from './settings/setting-names.js'
import type { PlanningSettings } from './settings/settings.js'

import { MAX_LINKED_FILE_BYTES, MAX_MASTER_PLAN_BYTES } from './plan-parser/limits.js'

export { MAX_LINKED_FILE_BYTES, MAX_MASTER_PLAN_BYTES }

export interface PlanningDependencies {
  readonly workspace: Workspace
  readonly exec: Exec
  readonly reporter: Reporter
  readonly now: () => Date
  readonly tempDir: string
  readonly env: NodeJS.ProcessEnv
  /** The commit the gate tests (HEAD of the checkout, or the PR head read at the start). */
  readonly commit?: string
  /** Checks where the documents will go, once the phase is known and before the gate runs. */
  readonly checkDestination?: (documents: Destinations) => Promise<void>
  /** Aborted when the job is cancelled: the gate stops the suite and planning ends with CancelledError. */
  readonly signal?: AbortSignal
  /** The master plan's parse begun before the settings were known: used when it read what is read here. */
  readonly earlyMasterPlan?: EarlyMasterPlan
}

export interface Document {
  readonly path: string
  readonly text: string
}

export type PlanningOutcome = 'planned' | 'red-gate' | 'incomplete-plan' | 'status-refreshed'

export interface PlanningResult {
  readonly outcome: PlanningOutcome
  /** The phase's canonical id (the master plan's spelling of what was asked). */
  readonly phase: PhaseId
  readonly title: string
  readonly gate: GateResult
  readonly coverage?: CoverageReport
  readonly plan?: Document
  readonly status?: Document
  readonly planPath: string
  readonly statusPath: string
  readonly nextPhase?: string
  readonly clarifications: number
  /** Words of the plan, and the share of them (0–100) specific to the phase. */
  readonly words?: number
  readonly phaseSpecific?: number
  /** One line for logs and replies. */
  readonly message: string
}

export async function planPhase(
  settings: PlanningSettings,
  deps: PlanningDependencies
): Promise<PlanningResult> {
  const { workspace } = deps
  const masterPlan = settingName(settings.origins, 'masterPlan')
  let text: string | undefined = await workspace.readText(
    settings.masterPlanPath,
    `master plan (${masterPlan})`,
    MAX_MASTER_PLAN_BYTES
  )
  // The blob names the master plan in both documents; the text itself is the parser's from here on.
  const blob = gitBlobSha(text)
  // The phase is looked up before the gate: a typo should not cost a full test run. In a worker with a
  // time, memory and nesting budget: the master plan may come from a pull request.
  const early = await deps.earlyMasterPlan?.take({
    root: workspace.root,
    path: settings.masterPlanPath,
    phase: settings.phase,
    text
  })
  const parsing = (
    early?.session ??
    parseMasterPlan(text, {
      phase: settings.phase,
      path: settings.masterPlanPath,
      readLinked: path => workspace.readIfExists(path, MAX_LINKED_FILE_BYTES),
      ...(deps.signal ? { signal: deps.signal } : {})
    })
  ).catch((error: unknown) => {
    throw error instanceof UnknownPhaseError ? error.naming(masterPlan) : error
  })
  // Listed now, before anything runs in the checkout; and while the parser's thread works, this one
  // parses the repository's modules that grounding will read (kept by their text, see parse-ahead.ts).
  const listing = workspace.files()
  listing.catch(() => undefined)
  let parsed = false
  void parsing.then(
    () => (parsed = true),
    () => (parsed = true)
  )
  void listing
    .then(repo =>
      parseAhead(repo.files, workspace.readRepositoryFile, python.inRepository(repo.files), () => parsed)
    )
    .catch(() => undefined)
  const session = await parsing
  text = undefined
  // The parser's thread parses what the model left unparsed when it is read: it ends with the plan.
  try {
    return await planFromReading(settings, deps, blob, session, listing)
  } finally {
    session.close()
  }
}

async function planFromReading(
  settings: PlanningSettings,
  deps: PlanningDependencies,
  blob: string,
  session: ParserSession,
  listing: Promise<RepositoryFiles>
): Promise<PlanningResult> {
  const { model, content } = session
  const { workspace, reporter } = deps
  const { selection } = content
  const phase = selection.requested
  const { planInProject: planPath, statusInProject: statusPath } = documentPaths(settings, phase)
  reporter.info(`Phase ${phase}: ${selection.sections.map(s => s.path.join(' › ')).join('; ')}`)
  if (selection.match === 'family') reporter.info(`Phase ${phase}: ${selection.title}.`)
  // So is where the documents go: a bad path or branch must not cost a test run either.
  await deps.checkDestination?.({ phase, planPath, statusPath })

  // The repository is read and the phase analysed while the suite runs: once it ends, only the
  // documents are left to write. Listed before the suite can leave files behind (caches, reports).
  const studying = studyRepository(deps.workspace, session, listing)
  // Until it ends, a failure of the study is no news: a red gate or a cancelled job says what happened.
  studying.catch(() => undefined)
  let gateOver = !settings.gate
  let idled = false
  // The parser's thread is not needed for the rest of a suite that outlasts the study: its heap is
  // given back, and the thread starts again as the suite ends, while the plan is rendered.
  void studying.then(
    () => {
      if (gateOver) return
      session.idle()
      idled = true
    },
    () => undefined
  )
  let gate: GateResult
  try {
    gate = settings.gate
      ? await runGate(
          {
            command: settings.testCommand,
            cwd: workspace.root,
            timeoutMinutes: settings.testTimeoutMinutes,
            ...(settings.testReport ? { reportGlob: settings.testReport } : {}),
            env: deps.env,
            tempDir: deps.tempDir,
            origins: settings.origins,
            ...(deps.signal ? { signal: deps.signal } : {})
          },
          deps.exec,
          reporter
        )
      : skippedGate(settings.testCommand)
  } catch (error) {
    gateOver = true
    // The study may still be reading the plan through the parser's thread, which ends with this run.
    await studying.catch(() => undefined)
    throw error
  }
  gateOver = true
  reporter.info(`Test gate: ${gate.summary}`)
  const base = {
    phase,
    title: selection.title,
    gate,
    planPath,
    statusPath,
    clarifications: 0
  }
  if (!gate.green && !settings.force) {
    await studying.catch(() => undefined)
    return {
      ...base,
      outcome: 'red-gate',
      message: `The test suite is not green: ${gate.summary} Nothing was written.`
    }
  }
  const forcedBy = !gate.green ? (settings.actor ?? 'the user') : undefined
  if (idled) session.resume()
  const { repo, language, grounding, analysis, existingTests } = await studying
  reporter.info(
    `Repository: ${repo.files.length} file(s); ${grounding.files.length} file(s), ${grounding.symbols.length} name(s) and ${grounding.references.length} use(s) grounded.`
  )
  const requirements = analysis.tests.requirements
  const steps = stepStates(
    content.structure.steps,
    { targets: analysis.targets, requirements, existingTests, gate },
    analysis.clarifications
  )
  const commit = deps.commit
  const rendered = renderPlan({
    model,
    content,
    masterPlanBlob: blob,
    planPath,
    statusPath,
    gate,
    ...(commit ? { commit } : {}),
    ...(forcedBy ? { forcedBy } : {}),
    analysis,
    language
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
    files: analysis.files,
    steps,
    clarifications: analysis.clarifications
  })
  const words = wordCount(rendered.text)
  const phaseSpecific = Math.round(
    phaseSpecificShare(rendered.text, phaseTerms(content.units.map(unit => unit.text)))
  )
  const result = {
    ...base,
    coverage,
    clarifications: analysis.clarifications.length,
    words,
    phaseSpecific,
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
      message: `Status of phase ${phase} refreshed from the repository.`
    }
  }
  return {
    ...result,
    outcome: 'planned',
    plan: { path: planPath, text: rendered.text },
    status: { path: statusPath, text: status },
    message:
      `Planned phase ${phase}${selection.match === 'family' ? ` — ${selection.title}` : ''}: ` +
      `${content.structure.steps.length} sub-step(s), coverage ${coverage.percent}%, ${words} words (${phaseSpecific}% phase-specific).`
  }
}

/** What the repository holds that the phase names, and the analysis of the phase against it. */
async function studyRepository(
  workspace: Workspace,
  { model, content }: PlanReading,
  listing: Promise<RepositoryFiles>
) {
  const repo = await listing
  const language: Language = python.inRepository(repo.files)
  const grounding = await groundReferences(
    repo,
    groundingQueries(model, content, language),
    workspace.readRepositoryFile,
    language
  )
  const analysis = analysePhase({ model, content, grounding, language, repositoryFiles: repo.files })
  const existingTests = await testFunctions(
    workspace,
    language,
    analysis.tests.requirements.map(req => req.testFile)
  )
  return { repo, language, grounding, analysis, existingTests }
}

/** `path::name` of the test functions in the given files (class-less, as requirements name them). */
async function testFunctions(
  workspace: Workspace,
  language: Language,
  files: readonly string[]
): Promise<Set<string>> {
  const found = new Set<string>()
  for (const file of new Set(files)) {
    const text = await workspace.readIfExists(file).catch(() => undefined)
    if (!text) continue
    for (const test of language.parse(text).testFunctions()) found.add(`${file}::${test.name}`)
  }
  return found
}
