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
import { callerOrigins } from '../setting-names.js'
import { DEFAULTS } from '../settings.js'
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

// ── reading the plan ────────────────────────────────────────────────────────────────────────────────

/** Lines outside fenced code blocks. */
function proseLines(text: string): string[] {
  const lines: string[] = []
  let fence: string | undefined
  for (const line of text.split('\n')) {
    const marker = /^\s*(`{3,}|~{3,})/.exec(line)?.[1]
    if (marker && (fence === undefined || marker.startsWith(fence))) {
      fence = fence === undefined ? marker : undefined
      continue
    }
    if (fence === undefined) lines.push(line)
  }
  return lines
}

/** The text under a heading (any depth), up to the next heading of the same or a higher level. */
function section(text: string, title: RegExp): string {
  const lines = proseLines(text)
  const out: string[] = []
  let depth = 0
  for (const line of lines) {
    const heading = /^(#{1,6})\s+(.*)$/.exec(line)
    if (heading) {
      const level = heading[1]?.length ?? 0
      if (depth > 0 && level <= depth) depth = 0
      if (depth === 0 && title.test(heading[2] ?? '')) {
        depth = level
        continue
      }
    }
    if (depth > 0) out.push(line)
  }
  return out.join('\n')
}

/** `path:line` of every caller the plan lists (`` `a.py:12` `` and `` `a.py` lines 8, 12 ``). */
function listedCallers(plan: string): Set<string> {
  const found = new Set<string>()
  const text = proseLines(plan).join('\n')
  for (const match of text.matchAll(/`([^`\s]+\.\w+):(\d+)`/g)) found.add(`${match[1]}:${match[2]}`)
  for (const match of text.matchAll(/`([^`\s]+\.\w+)` lines ((?:\d+(?:, | and )?)+)/g))
    for (const line of (match[2] ?? '').split(/, | and /)) if (line) found.add(`${match[1]}:${line}`)
  return found
}

/** The ids (or module paths) listed under "Existing tests expected to fail". */
function expectedFailures(plan: string): string[] {
  const part = section(plan, /tests expected to fail/i)
  return [...part.matchAll(/^\s*[-*]\s+`([^`]+)`/gm)].map(match => match[1] ?? '')
}

/** A test is listed by its id, or by its module when the plan says the whole module fails to import. */
function listsTest(failing: readonly string[], test: string): boolean {
  const module = test.split('::')[0] ?? test
  return (
    failing.includes(test) ||
    failing.includes(module) ||
    (test === module && failing.some(id => id.startsWith(`${module}::`)))
  )
}

/** The test modules the plan's test requirements write to (the headings of its tables). */
function testModules(plan: string): string[] {
  const part = section(plan, /^test requirements$/i)
  return [...part.matchAll(/^#{2,6}\s+`([^`]+\.py)`/gm)].map(match => match[1] ?? '')
}

/** Test names the plan generates: the first column of its test-requirement tables. */
function generatedTestNames(plan: string): string[] {
  const part = section(plan, /^test requirements$/i)
  return [...part.matchAll(/^\|\s*`(test_\w+)`\s*\|/gm)].map(match => match[1] ?? '')
}

// ── names ───────────────────────────────────────────────────────────────────────────────────────────

/** Words a test name may use: the master plan's words, the repository's names split at case and `_`. */
function knownWords(masterPlan: string, files: ReadonlyMap<string, string>): Set<string> {
  const words = new Set(CONNECTIVES)
  const add = (text: string): void => {
    for (const token of text.match(/[A-Za-z][A-Za-z0-9_]*/g) ?? [])
      for (const part of snakeParts(token)) words.add(part)
  }
  add(masterPlan)
  for (const [path, text] of files) {
    add(path)
    if (path.endsWith('.py')) add(text)
  }
  return words
}

function snakeParts(token: string): string[] {
  return token
    .replace(/([a-z0-9])([A-Z])/g, '$1_$2')
    .replace(/([A-Z]+)([A-Z][a-z])/g, '$1_$2')
    .toLowerCase()
    .split('_')
    .filter(Boolean)
}

/** Words a generated name may add to the master plan's: how a test states a result or a condition. */
const CONNECTIVES = new Set(
  'test is are not no returns return raises raise yields yield when otherwise on error removed gone none nothing empty true false lt le gt ge eq ne slash text with without and or of for in to the a an'.split(
    ' '
  )
)
/** A test name that stops on one of these was cut mid-phrase. */
const DANGLING = new Set(
  'to of for with from by in on at until and or the a an into than if when whether next is are'.split(' ')
)

const FILE_EXTENSION_WORDS = new Set(['py', 'pyi', 'md', 'toml', 'yaml', 'yml', 'json', 'cfg', 'txt'])
/** Words that say a test is a test, not what it checks. */
const GENERIC = new Set('test tests testing unit integration regression phase step case cases'.split(' '))

function badTestName(name: string, vocabulary: ReadonlySet<string>): boolean {
  const words = name
    .replace(/^test_/, '')
    .split('_')
    .filter(Boolean)
  const last = words[words.length - 1] ?? ''
  if (/^\d+$/.test(last) && words.length > 1) return true
  if (DANGLING.has(last)) return true
  if (words.every(word => GENERIC.has(word) || /^\d+$/.test(word))) return true
  // A file name read as words (`…_store_py_add`): a row of a file list, not a behaviour.
  if (words.some(word => FILE_EXTENSION_WORDS.has(word))) return true
  return words.some(word => !/^\d+$/.test(word) && !vocabulary.has(word))
}

/** The plan's own vocabulary: step states and commit or blob ids. */
const PLAN_WORDS = /^(?:NOT_STARTED|IN_PROGRESS|COMPLETED|BLOCKED|NEEDS_CLARIFICATION|[0-9a-f]{7,40})$/
const FILE_NAME = /\.(?:py|pyi|md|toml|txt|cfg|ini|json|ya?ml|sh)$/

/**
 * Names in the plan's code spans (outside code blocks) that appear nowhere in the master plan or the
 * repository: a dotted name counts when each of its parts does (`ProviderManager.discover_models` reads
 * two names the plan found). Paths, test ids, generated test names and language names are left out.
 */
function inventedNames(
  plan: string,
  masterPlan: string,
  files: ReadonlyMap<string, string>,
  generated: ReadonlySet<string>
): string[] {
  const corpus = [masterPlan, ...files.keys(), ...[...files.values()]].join('\n')
  const known = new Set(corpus.match(/[A-Za-z_][A-Za-z0-9_]*/g) ?? [])
  const invented = new Set<string>()
  for (const line of proseLines(plan)) {
    for (const match of line.matchAll(/`([^`\n]+)`/g)) {
      const span = (match[1] ?? '').trim().replace(/\(\)$/, '')
      if (!/^[A-Za-z_]\w*(?:\.[A-Za-z_]\w*)*$/.test(span) || FILE_NAME.test(span)) continue
      if (generated.has(span) || python.knownName(span) !== undefined || PLAN_WORDS.test(span)) continue
      if (span.split('.').some(part => !known.has(part))) invented.add(span)
    }
  }
  return [...invented].sort()
}
