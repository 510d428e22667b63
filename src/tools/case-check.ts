/**
 * Plan quality on a case of our own (`__tests__/fixtures/cases/<name>/`): the repository before a phase
 * (`before/`), the same repository after a developer implemented it (`after/`), and `truth.json` — the
 * Python files the implementation changed, the callers and tests the phase really broke (found by
 * running the old suite against the new code with real pytest, see scripts/cases/derive-truth.mjs),
 * lines and tests that only look affected, and the questions the master plan really leaves open.
 *
 * `checkCase` plans the phase on a copy of `before/` in process (no gate) and measures the plan the way
 * `npm run realcases` measures real phases, plus what only a known truth allows: every broken caller and
 * test listed, nothing listed that does not break, every open question asked and no other, no name
 * the plan made up, generated test names that read as behaviours.
 */
import { cpSync, mkdtempSync, readdirSync, readFileSync, rmSync, statSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join, relative } from 'node:path'
import { createLocalExec } from '../adapters/local-exec.js'
import { openWorkspace } from '../adapters/workspace.js'
import { python } from '../grounding/index.js'
import { buildModel } from '../master-plan/outline.js'
import { phaseContent } from '../master-plan/phase-content.js'
import { planPhase } from '../planning.js'
import { silentReporter } from '../reporter.js'
import { callerOrigins } from '../settings/setting-names.js'
import { DEFAULTS } from '../settings/settings.js'
import {
  clarificationItems,
  importedNames,
  namedPythonFiles,
  needlessClarifications,
  phaseLabelTitles,
  recallPrecision,
  runTogetherTitles,
  stepTitles,
  touchedPythonFiles
} from './plan-measures.js'
import {
  badTestName,
  expectedFailures,
  generatedTestNames,
  inventedNames,
  knownWords,
  listedCallers,
  listsTest,
  testModules
} from './plan-reading.js'

export interface CaseTruth {
  readonly description: string
  readonly phase: string
  readonly masterPlan: string
  /** Where pytest runs, relative to the repository root. */
  readonly pytestDir: string
  /** Python files the implementation added, changed or deleted. */
  readonly changed: readonly string[]
  /** Tests of `before/` that fail against the code of `after/`: `path::Class::test`, or a module that fails to import. */
  readonly brokenTests: readonly string[]
  /** `path:line` of `before/` that the implementation had to change because of the phase. */
  readonly brokenCallers: readonly string[]
  /** Lines and tests that use a same-named thing of something else: a plan must not list them. */
  readonly notBroken: readonly string[]
  /** The questions the master plan leaves open for this phase (a pattern each clarification item may match). */
  readonly questions: readonly { readonly match: string; readonly why: string }[]
}

export const CASE_TARGETS = {
  recall: 95,
  precision: 60,
  coverage: 100
} as const

export interface CaseCheck {
  readonly name: string
  readonly phase: string
  readonly truth: CaseTruth
  readonly recall: number
  readonly precision: number
  readonly named: readonly string[]
  readonly missed: readonly string[]
  readonly extra: readonly string[]
  /** Precision of the files Step 3 lists as touched (files only read for context are apart). */
  readonly touchPrecision: number
  /** Broken callers (`path:line`) the plan does not list. */
  readonly missedCallers: readonly string[]
  /** Broken tests the plan does not list under the tests expected to fail. */
  readonly missedTests: readonly string[]
  /** `notBroken` entries the plan lists as callers or failing tests. */
  readonly wrong: readonly string[]
  readonly questions: readonly string[]
  /** Clarification items no open question of the truth accounts for. */
  readonly unexpectedQuestions: readonly string[]
  /** Open questions of the truth the plan does not ask. */
  readonly unasked: readonly string[]
  /** Clarification items about builtins, typing, the standard library or imported names. */
  readonly needless: readonly string[]
  /** Names in code spans that neither the master plan nor the repository has. */
  readonly invented: readonly string[]
  /** Generated test names with words from nowhere, a numbered suffix or a clipped ending. */
  readonly badTestNames: readonly string[]
  readonly runTogether: readonly string[]
  /** Sub-step titles that repeat the phase's label. */
  readonly labelTitles: readonly string[]
  /** Test modules the plan names after the phase instead of after a module under test. */
  readonly phaseModules: readonly string[]
  readonly coverage: number
  readonly words: number
  /** The targets missed (empty: the case passes). */
  readonly verdict: readonly string[]
}

/** Plans the case's phase on a copy of `before/` and measures the plan against `truth.json`. */
export async function checkCase(caseDir: string, name: string): Promise<CaseCheck> {
  const truth = JSON.parse(readFileSync(join(caseDir, 'truth.json'), 'utf8')) as CaseTruth
  const base = mkdtempSync(join(tmpdir(), 'plan-phase-case-'))
  const repo = join(base, 'repo')
  try {
    cpSync(join(caseDir, 'before'), repo, {
      recursive: true,
      filter: source => !/(__pycache__|\.pytest_cache)$/.test(source)
    })
    const result = await planPhase(
      {
        phase: truth.phase,
        masterPlanPath: truth.masterPlan,
        planPathTemplate: DEFAULTS.planPathTemplate,
        statusPathTemplate: DEFAULTS.statusPathTemplate,
        testCommand: 'pytest',
        testTimeoutMinutes: 5,
        gate: false,
        force: false,
        statusOnly: false,
        origins: callerOrigins('cli')
      },
      {
        workspace: await openWorkspace(repo),
        exec: createLocalExec(),
        reporter: silentReporter,
        now: () => new Date('2026-01-02T03:04:05.000Z'),
        tempDir: base,
        env: {}
      }
    )
    const files = listFiles(repo)
    const texts = new Map(files.map(file => [file, readFileSync(join(repo, file), 'utf8')]))
    return measureCase(name, truth, {
      plan: result.plan?.text ?? '',
      coverage: result.coverage?.percent ?? 0,
      words: result.words ?? 0,
      masterPlan: texts.get(truth.masterPlan) ?? '',
      files: texts
    })
  } finally {
    rmSync(base, { recursive: true, force: true })
  }
}

export interface CaseInputs {
  readonly plan: string
  readonly coverage: number
  readonly words: number
  readonly masterPlan: string
  /** The repository before the phase: path → text. */
  readonly files: ReadonlyMap<string, string>
}

export function measureCase(name: string, truth: CaseTruth, inputs: CaseInputs): CaseCheck {
  const { plan } = inputs
  const repoFiles = [...inputs.files.keys()]
  const named = namedPythonFiles(plan, repoFiles)
  const { recall, precision, missed, extra } = recallPrecision(named, truth.changed)
  const touchPrecision = recallPrecision(touchedPythonFiles(plan), truth.changed).precision
  const callers = listedCallers(plan)
  const failing = expectedFailures(plan)
  const missedCallers = truth.brokenCallers.filter(caller => !callers.has(caller))
  const missedTests = truth.brokenTests.filter(test => !listsTest(failing, test))
  const wrong = truth.notBroken.filter(entry => callers.has(entry) || failing.includes(entry))
  const questions = clarificationItems(plan)
  const patterns = truth.questions.map(question => new RegExp(question.match, 'i'))
  const unexpectedQuestions = questions.filter(item => !patterns.some(pattern => pattern.test(item)))
  const unasked = truth.questions
    .filter((_, index) => !questions.some(item => patterns[index]?.test(item)))
    .map(question => question.why)
  const pythonTexts = [...inputs.files].filter(([path]) => path.endsWith('.py')).map(([, text]) => text)
  // An open item the master plan flags may quote any name: only the other items are judged.
  const needless = needlessClarifications(
    questions.filter(item => !patterns.some(pattern => pattern.test(item))),
    name => python.knownName(name),
    importedNames(pythonTexts)
  )
  const vocabulary = knownWords(inputs.masterPlan, inputs.files)
  const tests = generatedTestNames(plan)
  const invented = inventedNames(plan, inputs.masterPlan, inputs.files, new Set(tests))
  const badTestNames = tests.filter(test => badTestName(test, vocabulary))
  const units = phaseContent(buildModel(inputs.masterPlan), truth.phase, truth.masterPlan).units
  const titles = stepTitles(plan)
  const runTogether = runTogetherTitles(
    titles,
    units.map(unit => unit.text)
  )
  const labelTitles = phaseLabelTitles(titles, truth.phase)
  const phaseModules = testModules(plan).filter(path => /(?:^|\/)(?:test_)?phase[_\w]*\.py$/i.test(path))
  const check = {
    name,
    phase: truth.phase,
    truth,
    recall,
    precision,
    named,
    missed,
    extra,
    touchPrecision,
    missedCallers,
    missedTests,
    wrong,
    questions,
    unexpectedQuestions,
    unasked,
    needless,
    invented,
    badTestNames,
    runTogether,
    labelTitles,
    phaseModules,
    coverage: inputs.coverage,
    words: inputs.words
  }
  return { ...check, verdict: verdict(check) }
}

function verdict(check: Omit<CaseCheck, 'verdict'>): string[] {
  const misses: string[] = []
  const pct = (value: number): string => `${Math.round(value)}%`
  if (check.recall < CASE_TARGETS.recall) misses.push(`recall ${pct(check.recall)} < ${CASE_TARGETS.recall}%`)
  if (check.precision < CASE_TARGETS.precision)
    misses.push(`precision ${pct(check.precision)} < ${CASE_TARGETS.precision}%`)
  const counted: [readonly string[], string][] = [
    [check.missedCallers, 'broken caller(s) not listed'],
    [check.missedTests, 'broken test(s) not listed'],
    [check.wrong, 'unaffected use(s) listed as broken'],
    [check.unexpectedQuestions, 'needless question(s)'],
    [check.unasked, 'open question(s) not asked'],
    [check.needless, 'question(s) about builtins, typing, stdlib or imports'],
    [check.invented, 'invented name(s)'],
    [check.badTestNames, 'test name(s) not read from the master plan and the repository'],
    [check.runTogether, 'run-together title(s)'],
    [check.labelTitles, 'sub-step title(s) that repeat the phase label'],
    [check.phaseModules, 'test module(s) named after the phase']
  ]
  for (const [list, what] of counted) if (list.length > 0) misses.push(`${list.length} ${what}`)
  if (check.coverage < CASE_TARGETS.coverage) misses.push(`coverage ${check.coverage}%`)
  return misses
}

function listFiles(dir: string, root = dir, out: string[] = []): string[] {
  for (const entry of readdirSync(dir)) {
    if (/^(__pycache__|\.pytest_cache|\.git)$/.test(entry)) continue
    const path = join(dir, entry)
    if (statSync(path).isDirectory()) listFiles(path, root, out)
    else out.push(relative(root, path).split('\\').join('/'))
  }
  return out.sort()
}
