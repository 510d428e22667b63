/**
 * The hand-over between the two jobs of staged mode. The plan job (read-only token, runs the suite)
 * writes the documents and a result file; the publish job (write token, runs no repository code) reads
 * them back as untrusted data: schema checked, sizes bounded, paths its own.
 */
import { lstat, mkdir, readFile, realpath, rm, writeFile } from 'node:fs/promises'
import { join, relative, isAbsolute } from 'node:path'
import type { GateResult, GateStatus } from './gate/result.js'
import { describeSystemError, isSystemError } from './adapters/fs-errors.js'
import { errorMessage, UserError } from './errors.js'
import { isValidPhaseId } from './master-plan/phase-id.js'

export const RESULT_FILE = 'plan-phase-result.json'
const PLAN_FILE = 'plan.md'
const STATUS_FILE = 'status.md'
const MAX_DOCUMENT_BYTES = 5 * 1024 * 1024
const MAX_RESULT_BYTES = 1024 * 1024
const VERSION = 1

/** What the plan job measured; documents travel as separate files next to it. */
export interface StageResult {
  readonly version: number
  readonly phase: string
  readonly title: string
  /** The commit the gate tested (the PR head for a PR comment). */
  readonly testedSha: string
  readonly outcome: 'planned' | 'status-refreshed'
  readonly gate: GateResult
  readonly coverage: { readonly percent: number; readonly found: number; readonly total: number }
  readonly nextPhase?: string
  readonly hasPlan: boolean
}

export async function writeStage(
  dir: string,
  result: StageResult,
  documents: { plan?: string; status: string }
): Promise<void> {
  // Fresh files: a link left in the directory (a stale run, the checkout itself) is replaced, not
  // written through, and a plan from an earlier run never travels with a status-only result.
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
    await write(RESULT_FILE, `${JSON.stringify(result, null, 2)}\n`)
  } catch (error) {
    for (const name of [RESULT_FILE, PLAN_FILE, STATUS_FILE])
      await rm(join(dir, name), { force: true }).catch(() => undefined)
    const cause = isSystemError(error) ? describeSystemError(error) : errorMessage(error)
    throw new UserError(
      `The plan job could not write its output to ${dir} (input output-dir). ${cause} Nothing was left there for the publish job.`
    )
  }
}

export async function readStage(
  dir: string
): Promise<{ result: StageResult; plan?: string; status: string }> {
  const where = `the plan job's output (input output-dir "${dir}")`
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
    const rel = relative(await realpath(dir), real)
    if (rel.startsWith('..') || isAbsolute(rel))
      throw new UserError(`${where}: ${name} leads outside the directory.`)
    if (stats.size > limit)
      throw new UserError(`${where}: ${name} is ${stats.size} bytes, over the ${limit}-byte limit.`)
    return readFile(real, 'utf8')
  }
  const text = (await read(RESULT_FILE, MAX_RESULT_BYTES)) ?? ''
  let data: unknown
  try {
    data = JSON.parse(text)
  } catch {
    throw new UserError(`${where}: ${RESULT_FILE} is not valid JSON.`)
  }
  const result = validate(data, where)
  const plan = result.hasPlan ? await read(PLAN_FILE, MAX_DOCUMENT_BYTES) : undefined
  const status = (await read(STATUS_FILE, MAX_DOCUMENT_BYTES)) ?? ''
  return { result, ...(plan !== undefined ? { plan } : {}), status }
}

function validate(data: unknown, where: string): StageResult {
  const bad = (field: string): never => {
    throw new UserError(`${where}: ${RESULT_FILE} has a missing or invalid "${field}".`)
  }
  if (typeof data !== 'object' || data === null) return bad('(root)')
  const record = data as Record<string, unknown>
  if (record.version !== VERSION) bad('version')
  if (typeof record.phase !== 'string' || !isValidPhaseId(record.phase)) bad('phase')
  if (typeof record.title !== 'string' || record.title.length > 1000) bad('title')
  if (typeof record.testedSha !== 'string' || !/^[0-9a-f]{40}([0-9a-f]{24})?$/.test(record.testedSha))
    bad('testedSha')
  if (record.outcome !== 'planned' && record.outcome !== 'status-refreshed') bad('outcome')
  if (typeof record.hasPlan !== 'boolean') bad('hasPlan')
  if (
    record.nextPhase !== undefined &&
    (typeof record.nextPhase !== 'string' || !isValidPhaseId(record.nextPhase))
  )
    bad('nextPhase')
  const coverage = record.coverage as Record<string, unknown> | undefined
  if (!isRecord(coverage) || !['percent', 'found', 'total'].every(key => isCount(coverage[key])))
    bad('coverage')
  if (!validGate(record.gate)) bad('gate')
  return record as unknown as StageResult
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
