/**
 * plan-phase <phase> [--repo DIR] [--master-plan P] [--plan-path T] [--status-path T]
 *   [--test-command C] [--test-timeout-minutes N] [--test-report GLOB] [--no-gate] [--force] [--status] [--dry-run]
 * plan-phase --list [--repo DIR] [--master-plan P]
 * The same planning core as the action, on a local repository. The executable is entry.ts.
 */
import { mkdtemp, rm, stat } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { join, resolve } from 'node:path'
import { parseArgs } from 'node:util'
import { consoleReporter } from '../adapters/console-reporter.js'
import { describeSystemError, isSystemError, systemErrorReason } from '../adapters/fs-errors.js'
import { gitCheckout, headCommit } from '../adapters/git.js'
import { createLocalExec } from '../adapters/local-exec.js'
import { openWorkspace, type Workspace } from '../adapters/workspace.js'
import { CONFIG_FILE } from '../settings/config-file.js'
import { checkDocumentPaths } from '../destinations/document-path-check.js'
import { CancelledError } from '../cancellation.js'
import { errorMessage, UserError } from '../errors.js'
import { EXIT } from './exit-codes.js'
import { readCliSettings, SettingError, type CliSettingFlags } from '../configure/inputs.js'
import { UnknownPhaseError } from '../master-plan/lookup.js'
import { isValidPhaseId, PHASE_ID_FORM } from '../master-plan/phase-id.js'
import { listPhases, phaseListLines, type PhaseSummary } from '../master-plan/phase-list.js'
import { readMasterPlan } from '../master-plan/read.js'
import { startParserEarly } from '../plan-parser/parse-master-plan.js'
import { packageVersion } from '../package-version.js'
import { MAX_LINKED_FILE_BYTES, MAX_MASTER_PLAN_BYTES, planPhase } from '../planning.js'
import { CLI_FLAGS, settingName, type CliFlagKey, type SettingKey } from '../settings/setting-names.js'
import { DEFAULTS, type PlanningSettings, type ProjectSettings } from '../settings/settings.js'

const USAGE = `Usage: plan-phase <phase> [options]
       plan-phase --list [--repo DIR] [--master-plan PATH]

Runs the test gate, then writes the phase execution plan and status file for <phase>.
--list prints the master plan's phases: id, title, status marks, and where and by which rule each
was found (docs/phases.md).

Options:
  --repo DIR                  repository to plan in (default: the git repository holding the current
                              directory, or the current directory outside one)
  --master-plan PATH          master plan, relative to the repository (default: ${DEFAULTS.masterPlanPath})
  --plan-path TEMPLATE        where the plan goes, relative to the repository and outside .git/ and
                              .github/; must contain {phase} (default: ${DEFAULTS.planPathTemplate})
  --status-path TEMPLATE      where the status goes, the same way (default: ${DEFAULTS.statusPathTemplate})
  --test-command CMD          test suite, run without a shell (default: ${DEFAULTS.testCommand})
  --test-timeout-minutes N    kill the suite after N minutes (default: ${DEFAULTS.testTimeoutMinutes})
  --test-report GLOB          JUnit XML written by a runner other than pytest
  --no-gate                   do not run the test suite
  --force                     write the plan even when the suite is red (recorded in both files)
  --status                    rewrite only the status file, from evidence in the repository
  --dry-run                   print the documents instead of writing them
  --list                      list the master plan's phases and exit
  -q, --quiet                 print only errors
  -h, --help                  show this help
  --version                   print plan-phase's version

Exit codes:
  0  planned: the documents were written (or printed with --dry-run), or the status refreshed
  1  stopped: a red test suite, an unknown phase, a missing master plan, a path or a setting in
     .github/plan-phase.yml to fix, or cancelled (Ctrl-C stops the suite and writes nothing)
  2  usage: an unknown option, an option value plan-phase refuses (a --plan-path without {phase}),
     a missing or malformed phase id, a --repo that is not a directory
  3  internal error: a bug in plan-phase or a system failure it does not know; please report it`

export const CLI_OPTIONS = {
  repo: { type: 'string' },
  'master-plan': { type: 'string' },
  'plan-path': { type: 'string' },
  'status-path': { type: 'string' },
  'test-command': { type: 'string' },
  'test-timeout-minutes': { type: 'string' },
  'test-report': { type: 'string' },
  'no-gate': { type: 'boolean' },
  force: { type: 'boolean' },
  status: { type: 'boolean' },
  'dry-run': { type: 'boolean' },
  quiet: { type: 'boolean', short: 'q' },
  list: { type: 'boolean' },
  help: { type: 'boolean', short: 'h' },
  version: { type: 'boolean' }
} as const

/** A command line plan-phase cannot run: exit code 2, with the usage. */
class UsageError extends Error {}

export async function runCli(
  argv: readonly string[],
  env: NodeJS.ProcessEnv = process.env,
  cwd: string = process.cwd(),
  /** Aborted on Ctrl-C (entry.ts): the suite and everything it started are stopped, nothing is written. */
  signal?: AbortSignal
): Promise<number> {
  let parsed
  try {
    parsed = parseArgs({
      args: [...argv],
      allowPositionals: true,
      strict: true,
      options: CLI_OPTIONS
    })
  } catch (error) {
    process.stderr.write(`plan-phase: ${argumentProblem(error, argv)}\n\n${USAGE}\n`)
    return EXIT.usage
  }
  const { values, positionals } = parsed
  if (values.help) {
    process.stdout.write(`${USAGE}\n`)
    return EXIT.ok
  }
  if (values.version) {
    process.stdout.write(`${packageVersion() ?? 'unknown'}\n`)
    return EXIT.ok
  }
  if (values.list) {
    if (positionals.length > 0) {
      process.stderr.write(`plan-phase: --list takes no phase id.\n\n${USAGE}\n`)
      return EXIT.usage
    }
    return exitCodeOf(() => listCommand(values, cwd))
  }
  if (positionals.length !== 1 || !positionals[0]) {
    const given = positionals.length === 0 ? 'none was given' : `${positionals.length} were given`
    process.stderr.write(`plan-phase: give exactly one phase id (${given}).\n\n${USAGE}\n`)
    return EXIT.usage
  }
  const phase = positionals[0]
  if (!isValidPhaseId(phase)) {
    process.stderr.write(`plan-phase: ${phaseIdProblem(phase)}\n`)
    return EXIT.usage
  }
  // The master plan parser's thread starts while the repository and its settings are read.
  startParserEarly()
  return exitCodeOf(() => planCommand(phase, values, { env, cwd, ...(signal ? { signal } : {}) }))
}

type CliValues = ReturnType<typeof parseArgs<{ options: typeof CLI_OPTIONS }>>['values']

/** `plan-phase <phase>`: the gate, then the documents written (or printed with --dry-run). */
async function planCommand(
  phase: string,
  values: CliValues,
  run: { readonly env: NodeJS.ProcessEnv; readonly cwd: string; readonly signal?: AbortSignal }
): Promise<number> {
  const { env, signal } = run
  const quiet = values.quiet === true
  const reporter = consoleReporter(process.stderr, quiet)
  const tempDir = await mkdtemp(join(tmpdir(), 'plan-phase-'))
  try {
    const { place, workspace, project } = await openProject(
      values.repo,
      settingFlags(values),
      run.cwd,
      note => reporter.info(note)
    )
    const settings: PlanningSettings = {
      ...project,
      phase,
      gate: values['no-gate'] !== true,
      force: values.force === true,
      actor: env.USER ?? 'the CLI user',
      statusOnly: values.status === true
    }
    const name = (key: SettingKey): string => settingName(settings.origins, key)
    const commit = place.head ?? (await headCommit(workspace.root))
    const result = await planPhase(settings, {
      workspace,
      exec: createLocalExec(),
      reporter,
      now: () => new Date(),
      tempDir,
      env,
      ...(commit ? { commit } : {}),
      ...(signal ? { signal } : {}),
      // Where the documents go is checked before the gate, as in the action: a bad path costs no test run.
      checkDestination: documents =>
        checkDocumentPaths(documents, {
          workingDirectory: '',
          origins: settings.origins,
          checkout: workspace.root
        })
    })
    const documents = [result.plan, result.status].filter(doc => doc !== undefined)
    if (values['dry-run']) {
      for (const doc of documents) process.stdout.write(`<!-- ${doc.path} -->\n${doc.text}\n`)
    } else {
      await workspace.writeDocuments([
        ...(result.plan ? [{ ...result.plan, what: 'plan', setting: name('planPath') }] : []),
        ...(result.status ? [{ ...result.status, what: 'status file', setting: name('statusPath') }] : [])
      ])
      for (const doc of documents) reporter.info(`wrote ${doc.path}`)
    }
    if (result.coverage)
      reporter.info(
        `coverage: ${result.coverage.percent}% (${result.coverage.found}/${result.coverage.total} units)`
      )
    if (result.outcome === 'incomplete-plan' && result.coverage) {
      for (const unit of result.coverage.missing.slice(0, 20))
        process.stderr.write(`missing ${unit.kind}: ${unit.text.slice(0, 120)}\n`)
    }
    const ok = result.outcome === 'planned' || result.outcome === 'status-refreshed'
    if (!ok || !quiet) process.stderr.write(`${result.message}\n`)
    if (result.outcome === 'incomplete-plan') return EXIT.internal
    return ok ? EXIT.ok : EXIT.stopped
  } finally {
    await rm(tempDir, { recursive: true, force: true })
  }
}

/**
 * Where the CLI runs and with which settings, for planning and --list alike: the repository's root (its
 * `note` said when it is not the current directory), the workspace and the settings from the flags and
 * .github/plan-phase.yml. Outside a git repository the master plan must be right here.
 */
async function openProject(
  repo: string | undefined,
  flags: CliSettingFlags,
  cwd: string,
  note: (text: string) => void = () => undefined
): Promise<{
  place: Awaited<ReturnType<typeof repositoryRoot>>
  workspace: Workspace
  project: ProjectSettings
}> {
  const place = await repositoryRoot(repo, cwd)
  if (place.note) note(place.note)
  const workspace = await openWorkspace(place.root)
  const project = await readCliSettings(flags, await workspace.readIfExists(CONFIG_FILE))
  if (place.outsideGit && !(await workspace.exists(project.masterPlanPath))) {
    throw new UserError(
      `The master plan "${project.masterPlanPath}" is not in ${workspace.root}, which is not inside a git repository, so plan-phase could not look for the repository's root. Run plan-phase inside the repository, or pass --repo DIR (and --master-plan PATH).`
    )
  }
  return { place, workspace, project }
}

/** Runs a command; what it throws becomes a message on stderr and the exit code the usage lists. */
async function exitCodeOf(command: () => Promise<number>): Promise<number> {
  try {
    return await command()
  } catch (error) {
    if (error instanceof CancelledError) {
      process.stderr.write(`plan-phase: cancelled. ${error.message} Nothing was written.\n`)
      return EXIT.stopped
    }
    if (isUsageError(error)) {
      process.stderr.write(`plan-phase: ${error.message}\n`)
      return EXIT.usage
    }
    if (error instanceof UserError) {
      process.stderr.write(`plan-phase: ${error.message}\n`)
      if (error instanceof UnknownPhaseError) writePhaseList(process.stderr, error.phases)
      return EXIT.stopped
    }
    // A file the run could not read or write (permissions, a full disk): the user can fix it.
    if (isSystemError(error)) {
      process.stderr.write(`plan-phase: ${describeSystemError(error)}\n`)
      return EXIT.stopped
    }
    process.stderr.write(
      `plan-phase: internal error: ${errorMessage(error)}\nThis is a bug in plan-phase; please report it with the command you ran.\n`
    )
    return EXIT.internal
  }
}

/** `--list`: the master plan's phases, as the unknown-phase error and reply show them. */
async function listCommand(values: CliValues, cwd: string): Promise<number> {
  // Only --master-plan matters here: the other settings' flags are neither needed nor checked.
  const masterPlan = values['master-plan']
  const flags = masterPlan !== undefined ? { masterPlan } : {}
  const { workspace, project } = await openProject(values.repo, flags, cwd)
  const path = project.masterPlanPath
  const what = `master plan (${settingName(project.origins, 'masterPlan')})`
  const text = await workspace.readText(path, what, MAX_MASTER_PLAN_BYTES)
  const model = await readMasterPlan(text, path, file => workspace.readIfExists(file, MAX_LINKED_FILE_BYTES))
  const phases = listPhases(model)
  if (phases.length === 0) {
    process.stderr.write(
      `plan-phase: the master plan ${path} has no phases: no heading, bold label or index entry names one (docs/phases.md).\n`
    )
    return EXIT.stopped
  }
  process.stdout.write(`Phases in ${path}:\n`)
  writePhaseList(process.stdout, phases)
  return EXIT.ok
}

function writePhaseList(out: NodeJS.WritableStream, phases: readonly PhaseSummary[]): void {
  for (const line of phaseListLines(phases)) out.write(`  ${line}\n`)
}

/** The command line is wrong: an unknown option, or a flag's value the settings reader refused. */
function isUsageError(error: unknown): error is Error {
  return error instanceof UsageError || (error instanceof SettingError && !error.inFile)
}

/** The flags that carry a setting, by setting (the table in setting-names.ts). */
function settingFlags(values: Readonly<Record<string, string | boolean | undefined>>): CliSettingFlags {
  const flags: CliSettingFlags = {}
  for (const [key, flag] of Object.entries(CLI_FLAGS) as [CliFlagKey, string][]) {
    const value = values[flag.slice(2)]
    if (typeof value === 'string') flags[key] = value
  }
  return flags
}

/**
 * Where to plan: `--repo` as given (it must be a directory), else the top of the git repository holding
 * `cwd` — so `plan-phase 3` from `src/` finds the master plan — else `cwd` itself.
 */
async function repositoryRoot(
  repo: string | undefined,
  cwd: string
): Promise<{ root: string; outsideGit: boolean; note?: string; head?: string }> {
  if (repo !== undefined) {
    const root = resolve(cwd, repo)
    try {
      if (!(await stat(root)).isDirectory())
        throw new UsageError(`--repo ${repo} is a file, not a directory: pass the repository's directory.`)
    } catch (error) {
      if (!isSystemError(error)) throw error
      const why = error.code === 'ENOENT' ? 'does not exist' : `cannot be used: ${systemErrorReason(error)}`
      throw new UsageError(`--repo ${repo} ${why}: pass the repository's directory.`)
    }
    return { root, outsideGit: false }
  }
  // The checkout's HEAD comes with its root: one git process for both.
  const { top, head } = await gitCheckout(cwd)
  if (top === undefined) return { root: cwd, outsideGit: true }
  const sameDir = resolve(top) === resolve(cwd)
  return {
    root: top,
    outsideGit: false,
    ...(sameDir ? {} : { note: `Repository root: ${top}` }),
    ...(head ? { head } : {})
  }
}

/** parseArgs' complaints in plan-phase's words; `-1` is a phase id mistake, not an option. */
function argumentProblem(error: unknown, argv: readonly string[]): string {
  const code = (error as { code?: unknown }).code
  if (code === 'ERR_PARSE_ARGS_UNKNOWN_OPTION') {
    const unknown = argv.find(arg => arg.startsWith('-') && arg !== '-' && !knownOption(arg))
    if (unknown !== undefined && /^-\d/.test(unknown)) return phaseIdProblem(unknown)
    if (unknown !== undefined) return `unknown option ${unknown}; the options are listed below.`
  }
  return errorMessage(error)
}

function knownOption(arg: string): boolean {
  if (arg === '--') return true
  if (arg.startsWith('--')) return Object.hasOwn(CLI_OPTIONS, arg.slice(2).split('=')[0] ?? '')
  return /^-[qh]+$/.test(arg)
}

function phaseIdProblem(phase: string): string {
  return `"${phase}" is not a phase id: a phase id is ${PHASE_ID_FORM}.`
}
