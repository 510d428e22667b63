/**
 * The hand-over between the two jobs of staged mode. The plan job (read-only token, runs the suite)
 * writes the documents and a result file; the publish job (write token, runs no repository code) reads
 * them back as untrusted data: schema checked, sizes bounded, paths its own.
 */
import { lstat, mkdir, readFile, realpath, writeFile } from 'node:fs/promises'
import { join, relative, isAbsolute } from 'node:path'
import type { GateResult } from './gate/result.js'
import { UserError } from './errors.js'
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
  await mkdir(dir, { recursive: true })
  if (documents.plan !== undefined) await writeFile(join(dir, PLAN_FILE), documents.plan, 'utf8')
  await writeFile(join(dir, STATUS_FILE), documents.status, 'utf8')
  await writeFile(join(dir, RESULT_FILE), `${JSON.stringify(result, null, 2)}\n`, 'utf8')
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
  if (!coverage || !['percent', 'found', 'total'].every(key => typeof coverage[key] === 'number'))
    bad('coverage')
  const gate = record.gate as Record<string, unknown> | undefined
  const counts = ['passed', 'failed', 'errors', 'skipped', 'total', 'durationSeconds']
  if (!gate || typeof gate.green !== 'boolean' || !counts.every(key => typeof gate[key] === 'number'))
    bad('gate')
  if (!Array.isArray(gate?.failures) || !Array.isArray(gate?.argv) || typeof gate?.summary !== 'string')
    bad('gate')
  return record as unknown as StageResult
}
