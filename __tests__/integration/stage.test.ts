/**
 * The staged hand-over on disk: a stop travels as a result file alone (no documents), bounded; the
 * publish side refuses a stop that claims documents, an unknown outcome, a forged phase list, and
 * finds nothing (not an error) when the plan job left no result at all.
 */
import { mkdirSync, mkdtempSync, readdirSync, rmSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { skippedGate } from '../../src/gate/result.js'
import {
  outputDirectory,
  readStage,
  RESULT_FILE,
  stopResult,
  writeStage
} from '../../src/stages/hand-over.js'

describe('the staged hand-over', () => {
  let dir: string
  beforeEach(() => {
    dir = join(mkdtempSync(join(tmpdir(), 'plan-phase-stage-')), 'out')
  })
  afterEach(() => rmSync(join(dir, '..'), { recursive: true, force: true }))

  it('a stop is the result file alone, and reads back as a stop', async () => {
    mkdirSync(dir)
    writeFileSync(join(dir, 'plan.md'), 'a plan from an earlier run\n')
    const gate = { ...skippedGate('pytest'), status: 'failed' as const, green: false }
    await writeStage(dir, stopResult({ outcome: 'red-gate', message: 'red', phase: '3', gate }), {})
    expect(readdirSync(dir)).toEqual([RESULT_FILE])
    const read = await readStage(dir)
    expect(read).toMatchObject({ kind: 'stop', result: { outcome: 'red-gate', phase: '3', hasPlan: false } })
  })

  it('bounds what a stop carries and drops what is not a phase id', () => {
    const stop = stopResult({
      outcome: 'unknown-phase',
      message: 'x'.repeat(10_000),
      phase: '$(id)',
      phases: ['1', '2A', '<img src=x>', 'a'.repeat(41)]
    })
    expect(stop.message).toHaveLength(4000)
    expect(stop.phase).toBeUndefined()
    expect(stop.phases).toEqual(['1', '2A'])
    expect(stopResult({ outcome: 'planned', message: '' }).outcome).toBe('failed')
  })

  it('finds nothing when the plan job left no result', async () => {
    await expect(readStage(dir)).resolves.toBeUndefined()
    mkdirSync(dir)
    await expect(readStage(dir)).resolves.toBeUndefined()
  })

  it.each([
    ['a stop that claims a plan', { outcome: 'red-gate', hasPlan: true, message: 'm' }, 'hasPlan'],
    ['an unknown outcome', { outcome: 'pwned', hasPlan: false, message: 'm' }, 'outcome'],
    ['a stop without a message', { outcome: 'failed', hasPlan: false }, 'message'],
    [
      'a forged phase list',
      { outcome: 'unknown-phase', hasPlan: false, message: 'm', phases: ['<b>'] },
      'phases'
    ],
    ['planned without a tested commit', { outcome: 'planned', phase: '3', hasPlan: false }, 'testedSha'],
    ['an older version', { version: 1, outcome: 'failed', hasPlan: false, message: 'm' }, 'version']
  ])('refuses %s', async (_, fields, field) => {
    mkdirSync(dir)
    writeFileSync(join(dir, RESULT_FILE), JSON.stringify({ version: 2, title: '', ...fields }))
    await expect(readStage(dir)).rejects.toThrow(`has a missing or invalid "${field}"`)
  })

  it('output-dir is taken as given when absolute, else under the workspace', () => {
    expect(outputDirectory('/work', '/tmp/out')).toBe('/tmp/out')
    expect(outputDirectory('/work', 'out')).toBe('/work/out')
  })
})
