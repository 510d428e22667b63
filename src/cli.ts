#!/usr/bin/env node
/**
 * plan-phase <phase> [--repo DIR] [--master-plan P] [--plan-path T] [--status-path T]
 *   [--test-command C] [--test-timeout-minutes N] [--test-report GLOB] [--no-gate] [--force] [--status] [--dry-run]
 * plan-phase --list [--repo DIR] [--master-plan P]
 * The same planning core as the action, on a local repository.
 */
import { mkdtemp, rm } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { join, resolve } from 'node:path'
import { parseArgs } from 'node:util'
import { consoleReporter } from './adapters/console-reporter.js'
import { headCommit } from './adapters/git.js'
import { createLocalExec } from './adapters/local-exec.js'
import { openWorkspace } from './adapters/workspace.js'
import { CONFIG_FILE, parseConfigFile, type ConfigValues } from './config-file.js'
import { errorMessage, UserError } from './errors.js'
import { UnknownPhaseError } from './master-plan/lookup.js'
import { isValidPhaseId, PHASE_ID_FORM } from './master-plan/phase-id.js'
import { listPhases, phaseListLines, type PhaseSummary } from './master-plan/phase-list.js'
import { readMasterPlan } from './master-plan/read.js'
import { MAX_LINKED_FILE_BYTES, MAX_MASTER_PLAN_BYTES, planPhase } from './planning.js'
import { DEFAULTS, type PlanningSettings } from './settings.js'

const USAGE = `Usage: plan-phase <phase> [options]
       plan-phase --list [--repo DIR] [--master-plan PATH]

Runs the test gate, then writes the phase execution plan and status file for <phase>.
--list prints the master plan's phases: id, title, status marks, and where and by which rule each
was found (docs/phases.md).

Options:
  --repo DIR                  repository to plan in (default: current directory)
  --master-plan PATH          master plan, relative to the repository (default: ${DEFAULTS.masterPlanPath})
  --plan-path TEMPLATE        where the plan goes; {phase} is replaced (default: ${DEFAULTS.planPathTemplate})
  --status-path TEMPLATE      where the status goes (default: ${DEFAULTS.statusPathTemplate})
  --test-command CMD          test suite, run without a shell (default: ${DEFAULTS.testCommand})
  --test-timeout-minutes N    kill the suite after N minutes (default: ${DEFAULTS.testTimeoutMinutes})
  --test-report GLOB          JUnit XML written by a runner other than pytest
  --no-gate                   do not run the test suite
  --force                     write the plan even when the suite is red (recorded in both files)
  --status                    rewrite only the status file, from evidence in the repository
  --dry-run                   print the documents instead of writing them
  --list                      list the master plan's phases and exit
  -q, --quiet                 print only errors
  -h, --help                  show this help`

export async function runCli(argv: readonly string[], env: NodeJS.ProcessEnv = process.env): Promise<number> {
  let parsed
  try {
    parsed = parseArgs({
      args: [...argv],
      allowPositionals: true,
      strict: true,
      options: {
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
        list: { type: 'boolean' },
        quiet: { type: 'boolean', short: 'q' },
        help: { type: 'boolean', short: 'h' }
      }
    })
  } catch (error) {
    process.stderr.write(`plan-phase: ${errorMessage(error)}\n\n${USAGE}\n`)
    return 2
  }
  const { values, positionals } = parsed
  if (values.help) {
    process.stdout.write(`${USAGE}\n`)
    return 0
  }
  if (values.list) {
    if (positionals.length > 0) {
      process.stderr.write(`plan-phase: --list takes no phase id.\n\n${USAGE}\n`)
      return 2
    }
    return listCommand(values.repo, values['master-plan'])
  }
  if (positionals.length !== 1 || !positionals[0]) {
    process.stderr.write(`plan-phase: give exactly one phase id.\n\n${USAGE}\n`)
    return 2
  }
  const phase = positionals[0]
  if (!isValidPhaseId(phase)) {
    process.stderr.write(`plan-phase: invalid phase id "${phase}": expected ${PHASE_ID_FORM}.\n`)
    return 2
  }
  const reporter = consoleReporter(process.stderr, values.quiet === true)
  const tempDir = await mkdtemp(join(tmpdir(), 'plan-phase-'))
  try {
    const workspace = await openWorkspace(resolve(values.repo ?? '.'))
    const config = await readConfig(workspace.readIfExists.bind(workspace))
    const pick = (flag: string | undefined, key: string, fallback: string): string => {
      const fromFile = config[key]
      return flag ?? (typeof fromFile === 'string' ? fromFile : fallback)
    }
    const timeoutText = values['test-timeout-minutes']
    const fileTimeout = config['test-timeout-minutes']
    const timeout =
      timeoutText !== undefined
        ? Number(timeoutText)
        : typeof fileTimeout === 'number'
          ? fileTimeout
          : DEFAULTS.testTimeoutMinutes
    if (!Number.isFinite(timeout) || timeout <= 0) {
      throw new UserError(
        `--test-timeout-minutes must be a positive number of minutes, got "${timeoutText ?? String(fileTimeout)}".`
      )
    }
    const testReport =
      values['test-report'] ?? (typeof config['test-report'] === 'string' ? config['test-report'] : undefined)
    const settings: PlanningSettings = {
      phase,
      repoDir: workspace.root,
      masterPlanPath: pick(values['master-plan'], 'master-plan', DEFAULTS.masterPlanPath),
      planPathTemplate: pick(values['plan-path'], 'plan-path', DEFAULTS.planPathTemplate),
      statusPathTemplate: pick(values['status-path'], 'status-path', DEFAULTS.statusPathTemplate),
      testCommand: pick(values['test-command'], 'test-command', DEFAULTS.testCommand),
      testTimeoutMinutes: timeout,
      ...(testReport ? { testReport } : {}),
      gate: values['no-gate'] !== true,
      force: values.force === true,
      actor: env.USER ?? 'the CLI user',
      statusOnly: values.status === true
    }
    const commit = await headCommit(workspace.root)
    const result = await planPhase(settings, {
      workspace,
      exec: createLocalExec(),
      reporter,
      now: () => new Date(),
      tempDir,
      env,
      ...(commit ? { commit } : {})
    })
    const documents = [result.plan, result.status].filter(doc => doc !== undefined)
    if (values['dry-run']) {
      for (const doc of documents) process.stdout.write(`<!-- ${doc.path} -->\n${doc.text}\n`)
    } else {
      for (const doc of documents) {
        await workspace.writeText(doc.path, doc.text)
        reporter.info(`wrote ${doc.path}`)
      }
    }
    if (result.coverage)
      reporter.info(
        `coverage: ${result.coverage.percent}% (${result.coverage.found}/${result.coverage.total} units)`
      )
    if (result.outcome === 'incomplete-plan' && result.coverage) {
      for (const unit of result.coverage.missing.slice(0, 20))
        process.stderr.write(`missing ${unit.kind}: ${unit.text.slice(0, 120)}\n`)
    }
    process.stderr.write(`${result.message}\n`)
    return result.outcome === 'planned' || result.outcome === 'status-refreshed' ? 0 : 1
  } catch (error) {
    process.stderr.write(`plan-phase: ${errorMessage(error)}\n`)
    if (error instanceof UnknownPhaseError) writePhaseList(process.stderr, error.phases)
    return error instanceof UserError ? 1 : 3
  } finally {
    await rm(tempDir, { recursive: true, force: true })
  }
}

/** `--list`: the master plan's phases, as the unknown-phase error and reply show them. */
async function listCommand(repo: string | undefined, masterPlan: string | undefined): Promise<number> {
  try {
    const workspace = await openWorkspace(resolve(repo ?? '.'))
    const config = await readConfig(workspace.readIfExists.bind(workspace))
    const fromFile = config['master-plan']
    const path = masterPlan ?? (typeof fromFile === 'string' ? fromFile : DEFAULTS.masterPlanPath)
    const text = await workspace.readText(path, 'master plan (--master-plan)', MAX_MASTER_PLAN_BYTES)
    const model = await readMasterPlan(text, path, file =>
      workspace.readIfExists(file, MAX_LINKED_FILE_BYTES)
    )
    const phases = listPhases(model)
    if (phases.length === 0) {
      process.stderr.write(
        `plan-phase: the master plan ${path} has no phases: no heading, bold label or index entry names one (docs/phases.md).\n`
      )
      return 1
    }
    process.stdout.write(`Phases in ${path}:\n`)
    writePhaseList(process.stdout, phases)
    return 0
  } catch (error) {
    process.stderr.write(`plan-phase: ${errorMessage(error)}\n`)
    return error instanceof UserError ? 1 : 3
  }
}

function writePhaseList(out: NodeJS.WritableStream, phases: readonly PhaseSummary[]): void {
  for (const line of phaseListLines(phases)) out.write(`  ${line}\n`)
}

async function readConfig(read: (path: string) => Promise<string | undefined>): Promise<ConfigValues> {
  const text = await read(CONFIG_FILE)
  return text === undefined ? {} : parseConfigFile(text)
}

const invokedDirectly = process.argv[1] !== undefined && /cli(\/index)?\.(js|ts)$/.test(process.argv[1])
if (invokedDirectly) {
  // `plan-phase 3 --dry-run | head` closes stdout early; that is not an error.
  process.stdout.on('error', (error: NodeJS.ErrnoException) => {
    if (error.code === 'EPIPE') process.exit(process.exitCode ?? 0)
  })
  runCli(process.argv.slice(2)).then(
    code => {
      process.exitCode = code
    },
    (error: unknown) => {
      process.stderr.write(`plan-phase: ${errorMessage(error)}\n`)
      process.exitCode = 3
    }
  )
}
