/** Step 4 of the product: run the suite, measure it, and say in one line what happened. */
import { isUtf8 } from 'node:buffer'
import { randomUUID } from 'node:crypto'
import * as fs from 'node:fs'
import * as path from 'node:path'
import type { Exec, ExecResult } from '../adapters/exec.js'
import { isBelow } from '../adapters/rooted.js'
import { CancelledError } from '../cancellation.js'
import { errorMessage, UserError } from '../errors.js'
import type { Reporter } from '../reporter.js'
import {
  callerOrigins,
  capitalised,
  documentSettingName,
  settingName,
  type SettingKey
} from '../settings/setting-names.js'
import type { SettingOrigins } from '../settings/settings.js'
import { isPytest, parseTestCommand, withJunitReport } from './command.js'
import { diagnosisFor } from './diagnose.js'
import { childEnvironment } from './environment.js'
import type { JunitSummary } from './junit.js'
import type { GateResult, GateStatus } from './result.js'

export interface GateOptions {
  command: string
  cwd: string
  timeoutMinutes: number
  /** Input `test-report`: JUnit files a non-pytest runner writes, a glob relative to cwd. */
  reportGlob?: string
  tailBytes?: number
  maxFailures?: number
  env?: NodeJS.ProcessEnv
  tempDir: string
  /** How the settings were given, so messages name them the user's way; the action's inputs if absent. */
  origins?: SettingOrigins
  /** The job was cancelled: the suite and everything it started are ended, and the gate throws. */
  signal?: AbortSignal
}

const DEFAULT_TAIL_BYTES = 64 * 1024
const DEFAULT_MAX_FAILURES = 50
/** Reports older than the run (less coarse file-system timestamps) are left over from earlier runs. */
const STALE_SLACK_MS = 2000
const MAX_REPORT_BYTES = 100 * 1024 * 1024
const PYTEST_EXIT: Readonly<Record<number, string>> = {
  2: 'interrupted',
  3: 'internal error',
  4: 'usage error'
}

interface Reports {
  readonly summary?: JunitSummary
  /** Why there are no counts, when there are none. */
  readonly problem?: string
}

export async function runGate(options: GateOptions, exec: Exec, reporter: Reporter): Promise<GateResult> {
  const { command, cwd } = options
  const name = (key: SettingKey): string => settingName(options.origins ?? callerOrigins('action'), key)
  if (options.reportGlob !== undefined) checkGlob(options.reportGlob, name('testReport'))
  const parsed = parseTestCommand(command)
  const pytest = isPytest(parsed)
  if (pytest && options.reportGlob !== undefined) {
    reporter.warning(
      `${capitalised(name('testReport'))} is ignored for pytest: the gate asks pytest for its own JUnit report.`
    )
  }
  const junit = pytest
    ? withJunitReport(parsed, path.join(options.tempDir, `plan-phase-junit-${randomUUID()}.xml`))
    : undefined
  const argv = junit?.argv ?? parsed
  const started = Date.now()
  let outcome: ExecResult
  let reports: Reports
  try {
    outcome = await streamed(reporter, `Test suite: ${command}`, onOutput =>
      exec.run({
        argv,
        cwd,
        env: childEnvironment(options.env ?? process.env),
        timeoutMs: options.timeoutMinutes * 60_000,
        tailBytes: options.tailBytes ?? DEFAULT_TAIL_BYTES,
        onOutput,
        ...(options.signal ? { signal: options.signal } : {})
      })
    )
    if (outcome.cancelled) {
      throw new CancelledError(
        'The job was cancelled while the test suite ran: the suite and every process it started were stopped.'
      )
    }
    // A suite that did not finish leaves no report or a partial one: its counts would mislead.
    const finished = outcome.spawnError === undefined && !outcome.timedOut && outcome.signal === null
    const glob = finished ? options.reportGlob : undefined
    const files = junit ? [path.resolve(cwd, junit.reportPath)] : glob ? findReports(glob, cwd) : []
    const notBefore = junit?.owned === true ? 0 : started - STALE_SLACK_MS
    reports = finished ? await readReports(files, notBefore, cwd, reporter) : {}
  } finally {
    if (junit?.owned === true) fs.rmSync(junit.reportPath, { force: true })
  }
  const report = reports.summary
  const status = classify(outcome, pytest, report)
  const diagnosis = await diagnosisFor(
    { status, argv, outputTail: outcome.tail, failures: report?.failures ?? [] },
    { cwd, exec, env: childEnvironment(options.env ?? process.env) }
  )
  // The same words twice: as the run's user names the settings, and as the documents do.
  const explain = (named: (key: SettingKey) => string): string =>
    [summarise(status, outcome, options, pytest, reports, named), ...diagnosis(named('testCommand'))]
      .filter(Boolean)
      .join(' ')
  return {
    status,
    green: status === 'passed',
    argv,
    command,
    exitCode: outcome.exitCode,
    passed: report?.passed ?? 0,
    failed: report?.failed ?? 0,
    errors: report?.errors ?? 0,
    skipped: report?.skipped ?? 0,
    total: report?.total ?? 0,
    durationSeconds: report?.durationSeconds || Math.round(outcome.durationMs) / 1000,
    failures: (report?.failures ?? []).slice(0, options.maxFailures ?? DEFAULT_MAX_FAILURES),
    source: report ? 'junit' : ['passed', 'failed'].includes(status) ? 'exit-code' : 'none',
    outputTail: outcome.tail,
    summary: explain(name),
    documentSummary: explain(documentSettingName)
  }
}

/** Streams output into a log group that the runner will not read workflow commands from. */
async function streamed<T>(
  reporter: Reporter,
  title: string,
  run: (onOutput: (chunk: Buffer) => void) => Promise<T>
): Promise<T> {
  // Random per run, so output from the suite cannot guess it and switch command processing back on.
  const token = randomUUID()
  const decoder = new TextDecoder('utf-8', { fatal: false })
  let atLineStart = true
  // The last bytes written: whether the decoder holds part of a character is read from them.
  let last: Uint8Array = new Uint8Array(0)
  let pending = false
  const write = (chunk: string | Uint8Array): void => {
    if (chunk.length === 0) return
    reporter.write(chunk)
    atLineStart = typeof chunk === 'string' ? chunk.endsWith('\n') : chunk[chunk.length - 1] === 0x0a
  }
  // Valid UTF-8 goes to the log as it came: a suite printing hundreds of megabytes then costs no string
  // per chunk. Anything else (and what follows a character cut at a chunk's end) is decoded leniently.
  const pass = (chunk: Buffer): void => {
    if (!pending && isUtf8(chunk)) return write(chunk)
    write(decoder.decode(chunk, { stream: true }))
    // A copy: a view would keep the whole chunk alive.
    last = Uint8Array.from(Buffer.concat([last, chunk.subarray(-4)]).subarray(-4))
    pending = endsInsideCharacter(last)
  }
  reporter.startGroup(title)
  reporter.write(`::stop-commands::${token}\n`)
  try {
    return await run(pass)
  } finally {
    write(decoder.decode())
    reporter.write(`${atLineStart ? '' : '\n'}::${token}::\n`)
    reporter.endGroup()
  }
}

/**
 * Whether the bytes end part-way through a UTF-8 sequence (its lead byte seen, not all its bytes). It errs
 * towards yes (a byte that leads nothing valid counts): then the next chunk is decoded too, which is
 * always right.
 */
export function endsInsideCharacter(bytes: Uint8Array): boolean {
  for (let back = 1; back <= 3 && back <= bytes.length; back++) {
    const byte = bytes[bytes.length - back] ?? 0
    if ((byte & 0xc0) === 0x80) continue
    const needs = byte >= 0xf0 ? 4 : byte >= 0xe0 ? 3 : byte >= 0xc0 ? 2 : 1
    return needs > back
  }
  return false
}

function classify(outcome: ExecResult, pytest: boolean, report: JunitSummary | undefined): GateStatus {
  if (outcome.spawnError !== undefined) return 'not-found'
  if (outcome.timedOut) return 'timed-out'
  if (outcome.signal !== null || outcome.exitCode === null) return 'killed'
  if (pytest && outcome.exitCode === 5) return 'no-tests'
  if (!report) return outcome.exitCode === 0 ? 'passed' : 'failed'
  if (outcome.exitCode === 0 && report.total === 0) return 'no-tests'
  return outcome.exitCode === 0 && report.failed + report.errors === 0 ? 'passed' : 'failed'
}

function plural(count: number, word: string): string {
  return `${count} ${word}${count === 1 ? '' : 's'}`
}

function summarise(
  status: GateStatus,
  outcome: ExecResult,
  options: GateOptions,
  pytest: boolean,
  reports: Reports,
  name: (key: SettingKey) => string
): string {
  const report = reports.summary
  const code = outcome.exitCode
  if (status === 'not-found') {
    return `The test command \`${options.command}\` could not be started: ${outcome.spawnError}. Check ${name('testCommand')}.`
  }
  if (status === 'timed-out') {
    return `The test suite was killed after ${plural(options.timeoutMinutes, 'minute')} without finishing; raise ${name('testTimeoutMinutes')} if it needs longer.`
  }
  if (status === 'killed')
    return `The test suite was ended by signal ${outcome.signal ?? 'unknown'} before it finished.`
  if (status === 'no-tests' && pytest && code === 5) {
    return `pytest collected no tests (exit code 5): check ${name('testCommand')} and that the test files follow pytest naming (\`test_*.py\`).`
  }
  if (status === 'no-tests') return 'The JUnit report lists no tests: an empty suite is not a green gate.'
  if (!report) {
    const meaning = pytest && code !== null && PYTEST_EXIT[code] ? ` (${PYTEST_EXIT[code]})` : ''
    const why = reports.problem ?? 'no JUnit report was found'
    const hint = pytest
      ? 'see the log for what pytest reported'
      : `set ${name('testReport')} to the JUnit XML file(s) your runner writes`
    return `The test command exited with code ${code}${meaning}; the counts are unknown because ${why}: ${hint}.`
  }
  const counts = `${report.passed} passed, ${report.failed} failed, ${plural(report.errors, 'error')}, ${report.skipped} skipped`
  if (status === 'passed') return `All ${plural(report.total, 'test')} passed (${counts}).`
  const odd = report.failed + report.errors === 0 ? `; the command exited with code ${code}` : ''
  return `The test suite is red: ${counts} of ${plural(report.total, 'test')}${odd}.`
}

function checkGlob(pattern: string, setting: string): void {
  if (pattern.trim() === '' || path.isAbsolute(pattern) || pattern.split(/[\\/]/).includes('..')) {
    throw new UserError(
      `${capitalised(setting)} (${JSON.stringify(pattern)}) must be a glob relative to the working directory, without \`..\`.`
    )
  }
}

/**
 * Files matching the glob, only inside cwd (symbolic links resolved). One matcher on every Node
 * version: fs.globSync exists only from Node 22 and the CLI supports Node 20.
 */
export function findReports(pattern: string, cwd: string): string[] {
  const root = fs.realpathSync(cwd)
  const matches = walkGlob(pattern, root)
  const files = new Set<string>()
  for (const match of matches) {
    try {
      const real = fs.realpathSync(path.resolve(root, match))
      if (isBelow(root, real) && fs.statSync(real).isFile()) files.add(real)
    } catch {
      // Vanished or unreadable: not a report.
    }
  }
  return [...files].sort()
}

function globToRegExp(pattern: string): RegExp {
  let source = ''
  for (let i = 0; i < pattern.length; i++) {
    const char = pattern[i] ?? ''
    if (pattern.startsWith('**/', i)) {
      source += '(?:[^/]*/)*'
      i += 2
    } else if (pattern.startsWith('**', i)) {
      source += '.*'
      i += 1
    } else if (char === '*') source += '[^/]*'
    else if (char === '?') source += '[^/]'
    else source += char.replace(/[.+^${}()|[\]\\]/g, '\\$&')
  }
  return new RegExp(`^${source}$`)
}

/** `*`, `**` and `?`; `.git` and `node_modules` are not searched. */
function walkGlob(pattern: string, root: string): string[] {
  const normal = pattern.replace(/\\/g, '/').replace(/^\.\//, '')
  const segments = normal.split('/')
  const wild = segments.findIndex(segment => /[*?]/.test(segment))
  // Walk only below the part of the pattern without wildcards.
  const base = segments.slice(0, wild < 0 ? segments.length - 1 : wild).join('/')
  const matcher = globToRegExp(normal)
  const found: string[] = []
  const walk = (relative: string, depth: number): void => {
    if (depth > 40 || found.length > 10_000) return
    let entries: fs.Dirent[]
    try {
      entries = fs.readdirSync(path.join(root, relative), { withFileTypes: true })
    } catch {
      return
    }
    for (const entry of entries) {
      const child = relative === '' ? entry.name : `${relative}/${entry.name}`
      if (entry.isDirectory() && entry.name !== '.git' && entry.name !== 'node_modules')
        walk(child, depth + 1)
      else if (!entry.isDirectory() && matcher.test(child)) found.push(child)
    }
  }
  walk(base, 0)
  return found
}

async function readReports(
  files: readonly string[],
  notBefore: number,
  cwd: string,
  reporter: Reporter
): Promise<Reports> {
  const summaries: JunitSummary[] = []
  // The XML parser is loaded only when a report is there to read.
  let parseJunitXml: typeof import('./junit.js').parseJunitXml | undefined
  for (const file of files) {
    const stat = fs.statSync(file, { throwIfNoEntry: false })
    if (stat === undefined) continue
    if (stat.mtimeMs < notBefore) {
      reporter.warning(`Ignoring ${file}: it was written before this test run.`)
      continue
    }
    if (stat.size > MAX_REPORT_BYTES)
      return { problem: `the JUnit report ${file} is larger than ${MAX_REPORT_BYTES} bytes` }
    try {
      parseJunitXml ??= (await import('./junit.js')).parseJunitXml
      summaries.push(parseJunitXml(fs.readFileSync(file, 'utf8'), cwd))
    } catch (error: unknown) {
      // Partial counts would misstate the suite: fall back to the exit code altogether.
      reporter.warning(`Could not read the JUnit report ${file}: ${errorMessage(error)}`)
      return { problem: `the JUnit report ${path.basename(file)} could not be read (${errorMessage(error)})` }
    }
  }
  if (summaries.length === 0) return {}
  return { summary: merge(summaries) }
}

function merge(summaries: readonly JunitSummary[]): JunitSummary {
  const sum = (key: Exclude<keyof JunitSummary, 'failures'>): number =>
    summaries.reduce((total, summary) => total + summary[key], 0)
  return {
    ...{ passed: sum('passed'), failed: sum('failed'), errors: sum('errors'), skipped: sum('skipped') },
    total: sum('total'),
    durationSeconds: Math.round(sum('durationSeconds') * 1000) / 1000,
    failures: summaries.flatMap(summary => summary.failures)
  }
}
