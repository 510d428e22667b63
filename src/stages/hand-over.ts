/**
 * The hand-over between the two jobs of staged mode. The plan job (read-only token, runs the suite)
 * writes the documents and a result file; the publish job (write token, runs no repository code) reads
 * them back as untrusted data: schema checked, sizes bounded, paths its own. A plan job that stops (a
 * red gate, an unknown phase, any refusal) hands over the stop instead, so the publish job can say so.
 */
import { lstat, mkdir, readFile, realpath, rm, writeFile } from 'node:fs/promises'
import { isAbsolute, join } from 'node:path'
import type { GateResult, GateStatus } from '../gate/result.js'
import { describeSystemError, isSystemError } from '../adapters/fs-errors.js'
import { isBelow } from '../adapters/rooted.js'
import { errorMessage, UserError } from '../errors.js'
import { isValidPhaseId } from '../master-plan/phase-id.js'
import type { OutcomeCode } from '../outcome.js'
import { inputName } from '../settings/setting-names.js'

export const RESULT_FILE = 'plan-phase-result.json'
const PLAN_FILE = 'plan.md'
const STATUS_FILE = 'status.md'
const MAX_DOCUMENT_BYTES = 5 * 1024 * 1024
const MAX_RESULT_BYTES = 1024 * 1024
const MAX_MESSAGE_CHARS = 4000
const MAX_PHASES = 1000
const VERSION = 2

/** Outcomes that hand documents over. */
const PLANNED: readonly OutcomeCode[] = ['planned', 'status-refreshed']
/** Every way the plan job can stop: the publish job reports each one (nothing is delivered). */
const STOPS: readonly OutcomeCode[] = [
  'red-gate',
  'unknown-phase',
  'incomplete-plan',
  'invalid-command',
  'unauthorised',
  'fork-refused',
  'pull-request-closed',
  'head-moved',
  'not-triggered',
  'ignored-bot',
  'failed'
]

/** What the plan job measured, or why it stopped; documents travel as separate files next to it. */
export interface StageResult {
  readonly version: number
  readonly outcome: OutcomeCode
  /** The phase as requested; absent when the plan job stopped before it knew one. */
  readonly phase?: string
  readonly title: string
  /** The commit the gate tested (the PR head for a PR comment); present when documents travel. */
  readonly testedSha?: string
  readonly gate?: GateResult
  readonly coverage?: { readonly percent: number; readonly found: number; readonly total: number }
  readonly nextPhase?: string
  /** unknown-phase: the phases the master plan has. */
  readonly phases?: readonly string[]
  /** A stop: the plan job's own words (shown by the publish job as untrusted text). */
  readonly message?: string
  readonly hasPlan: boolean
}

/** A result that hands documents over: what was tested and measured is always there. */
export interface PlannedResult extends StageResult {
  readonly phase: string
  readonly testedSha: string
  readonly gate: GateResult
  readonly coverage: { readonly percent: number; readonly found: number; readonly total: number }
}

/** What the publish job finds: documents to deliver, or the plan job's stop. */
export type HandOver =
  | {
      readonly kind: 'documents'
      readonly result: PlannedResult
      readonly plan?: string
      readonly status: string
    }
  | { readonly kind: 'stop'; readonly result: StageResult }

/** A stop, bounded to what the result file accepts. */
export function stopResult(stop: {
  outcome: OutcomeCode
  message: string
  phase?: string
  title?: string
  gate?: GateResult
  phases?: readonly string[]
}): StageResult {
  const phases = stop.phases?.filter(isPhaseName).slice(0, MAX_PHASES)
  return {
    version: VERSION,
    outcome: STOPS.includes(stop.outcome) ? stop.outcome : 'failed',
    ...(stop.phase !== undefined && isValidPhaseId(stop.phase) ? { phase: stop.phase } : {}),
    title: (stop.title ?? '').slice(0, 1000),
    ...(stop.gate ? { gate: { ...stop.gate, failures: stop.gate.failures.slice(0, MAX_FAILURES) } } : {}),
    ...(phases ? { phases } : {}),
    message: Array.from(stop.message).slice(0, MAX_MESSAGE_CHARS).join(''),
    hasPlan: false
  }
}

export async function writeStage(
  dir: string,
  result: StageResult,
  documents: { plan?: string; status?: string }
): Promise<void> {
  // Fresh files: a link left in the directory (a stale run, the checkout itself) is replaced, not
  // written through, and a plan from an earlier run never travels with a status-only result or a stop.
  const write = async (name: string, text: string | undefined): Promise<void> => {
    await rm(join(dir, name), { force: true })
    if (text !== undefined) await writeFile(join(dir, name), text, { encoding: 'utf8', flag: 'wx' })
  }
  try {
    await mkdir(dir, { recursive: true })
    // The result file is written last and read first: without it the publish job takes nothing, so a
    // failure half-way (or an earlier run's result) can never pass off a partial set as complete.
    await write(RESULT_FILE, undefined)
    await write(PLAN_FILE, documents.plan)
    await write(STATUS_FILE, documents.status)
    await write(RESULT_FILE, `${JSON.stringify({ ...result, version: VERSION }, null, 2)}\n`)
  } catch (error) {
    for (const name of [RESULT_FILE, PLAN_FILE, STATUS_FILE])
      await rm(join(dir, name), { force: true }).catch(() => undefined)
    const cause = isSystemError(error) ? describeSystemError(error) : errorMessage(error)
    throw new UserError(
      `The plan job could not write its output to ${dir} (${inputName('outputDir')}). ${cause} Nothing was left there for the publish job.`
    )
  }
}

/** The hand-over directory: `output-dir` as given when absolute, else under the workspace. */
export function outputDirectory(workspaceRoot: string, outputDir: string): string {
  return isAbsolute(outputDir) ? outputDir : join(workspaceRoot, outputDir)
}

/** The plan job's hand-over; undefined when it left no result file (it crashed or was cancelled). */
export async function readStage(dir: string): Promise<HandOver | undefined> {
  const where = `the plan job's output (${inputName('outputDir')} "${dir}")`
  const read = async (name: string, limit: number, optional = false): Promise<string | undefined> => {
    const path = join(dir, name)
    let stats
    try {
      stats = await lstat(path)
    } catch {
      if (optional) return undefined
      throw new UserError(
        `${where} has no ${name}: did the plan job upload it, and the download step fetch it?`
      )
    }
    if (!stats.isFile()) throw new UserError(`${where}: ${name} is not a regular file.`)
    const real = await realpath(path)
    if (!isBelow(await realpath(dir), real))
      throw new UserError(`${where}: ${name} leads outside the directory.`)
    if (stats.size > limit)
      throw new UserError(`${where}: ${name} is ${stats.size} bytes, over the ${limit}-byte limit.`)
    return readFile(real, 'utf8')
  }
  const text = await read(RESULT_FILE, MAX_RESULT_BYTES, true)
  if (text === undefined) return undefined
  let data: unknown
  try {
    data = JSON.parse(text)
  } catch {
    throw new UserError(`${where}: ${RESULT_FILE} is not valid JSON.`)
  }
  const result = validate(data, where)
  if (!PLANNED.includes(result.outcome)) return { kind: 'stop', result }
  const plan = result.hasPlan ? await read(PLAN_FILE, MAX_DOCUMENT_BYTES) : undefined
  const status = (await read(STATUS_FILE, MAX_DOCUMENT_BYTES)) ?? ''
  return {
    kind: 'documents',
    result: result as PlannedResult,
    ...(plan !== undefined ? { plan } : {}),
    status
  }
}

function validate(data: unknown, where: string): StageResult {
  const bad = (field: string): never => {
    throw new UserError(`${where}: ${RESULT_FILE} has a missing or invalid "${field}".`)
  }
  if (!isRecord(data)) return bad('(root)')
  const record = data
  if (record.version !== VERSION) bad('version')
  const planned = PLANNED.includes(record.outcome as OutcomeCode)
  if (!planned && !STOPS.includes(record.outcome as OutcomeCode)) bad('outcome')
  const optional = (key: string, valid: (value: unknown) => boolean): void => {
    if (record[key] !== undefined && !valid(record[key])) bad(key)
  }
  const phaseId = (value: unknown): boolean => typeof value === 'string' && isValidPhaseId(value)
  if (planned && record.phase === undefined) bad('phase')
  optional('phase', phaseId)
  if (typeof record.title !== 'string' || record.title.length > 1000) bad('title')
  if (typeof record.hasPlan !== 'boolean' || (!planned && record.hasPlan)) bad('hasPlan')
  optional('nextPhase', phaseId)
  optional('phases', value => Array.isArray(value) && value.length <= MAX_PHASES && value.every(isPhaseName))
  optional('message', value => typeof value === 'string' && value.length <= MAX_MESSAGE_CHARS * 2)
  if (!planned && typeof record.message !== 'string') bad('message')
  optional('testedSha', value => typeof value === 'string' && /^[0-9a-f]{40}([0-9a-f]{24})?$/.test(value))
  optional(
    'coverage',
    value => isRecord(value) && ['percent', 'found', 'total'].every(key => isCount(value[key]))
  )
  optional('gate', validGate)
  if (planned) for (const key of ['testedSha', 'coverage', 'gate']) if (record[key] === undefined) bad(key)
  return record as unknown as StageResult
}

/** A phase id as a master plan may spell it: short, one line, no markup-breaking characters. */
function isPhaseName(value: unknown): value is string {
  return (
    typeof value === 'string' && value.length > 0 && value.length <= 40 && /^[\p{L}\p{N}._-]+$/u.test(value)
  )
}

const GATE_STATUSES: ReadonlySet<unknown> = new Set<GateStatus>([
  'passed',
  'failed',
  'no-tests',
  'timed-out',
  'not-found',
  'killed',
  'skipped'
])
const GATE_SOURCES: ReadonlySet<unknown> = new Set(['junit', 'exit-code', 'none'])
/** The plan job keeps at most 50 failing tests; the bound leaves room and stops a flood. */
const MAX_FAILURES = 1000

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value)
}

function isCount(value: unknown): value is number {
  return typeof value === 'number' && Number.isFinite(value) && value >= 0
}

/**
 * Every field the reply, summary, annotations and pull request body read, with its type: a forged or
 * damaged result must be refused here, not crash the notifier after the documents were pushed.
 */
function validGate(value: unknown): boolean {
  if (!isRecord(value)) return false
  const counts = ['passed', 'failed', 'errors', 'skipped', 'total', 'durationSeconds']
  const strings = (list: unknown): boolean =>
    Array.isArray(list) && list.every(item => typeof item === 'string')
  const failure = (item: unknown): boolean =>
    isRecord(item) &&
    typeof item.id === 'string' &&
    typeof item.message === 'string' &&
    (item.file === undefined || typeof item.file === 'string') &&
    (item.line === undefined || (Number.isInteger(item.line) && (item.line as number) > 0)) &&
    (item.kind === 'failure' || item.kind === 'error')
  return (
    GATE_STATUSES.has(value.status) &&
    typeof value.green === 'boolean' &&
    strings(value.argv) &&
    typeof value.command === 'string' &&
    (value.exitCode === null || Number.isInteger(value.exitCode)) &&
    counts.every(key => isCount(value[key])) &&
    Array.isArray(value.failures) &&
    value.failures.length <= MAX_FAILURES &&
    value.failures.every(failure) &&
    GATE_SOURCES.has(value.source) &&
    typeof value.outputTail === 'string' &&
    typeof value.summary === 'string'
  )
}
