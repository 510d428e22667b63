/** The plan job's hand-over directory: written completely or not at all, never half a set. */
import { existsSync, mkdirSync, mkdtempSync, readdirSync, rmSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { UserError } from '../../src/errors.js'
import { skippedGate } from '../../src/gate/result.js'
import { readStage, RESULT_FILE, writeStage, type StageResult } from '../../src/stages/hand-over.js'

const result: StageResult = {
  version: 2,
  phase: '3',
  title: 'ProviderManager',
  testedSha: 'a'.repeat(40),
  outcome: 'planned',
  gate: skippedGate('pytest'),
  coverage: { percent: 100, found: 4, total: 4 },
  hasPlan: true
}

let base: string
beforeEach(() => {
  base = mkdtempSync(join(tmpdir(), 'plan-phase-stage-'))
})
afterEach(() => rmSync(base, { recursive: true, force: true }))

describe('writeStage', () => {
  it('writes plan, status and result, which readStage reads back', async () => {
    await writeStage(base, result, { plan: '# Plan\n', status: '# Status\n' })
    expect(await readStage(base)).toEqual({
      kind: 'documents',
      result,
      plan: '# Plan\n',
      status: '# Status\n'
    })
  })

  it('a failure half-way leaves nothing, not even an earlier run’s result, and says why in a sentence', async () => {
    writeFileSync(join(base, RESULT_FILE), JSON.stringify(result))
    writeFileSync(join(base, 'plan.md'), '# Earlier plan\n')
    mkdirSync(join(base, 'status.md'))
    writeFileSync(join(base, 'status.md', 'in-the-way'), 'x')
    const error: unknown = await writeStage(base, result, { plan: '# Plan\n', status: '# Status\n' }).catch(
      (caught: unknown) => caught
    )
    expect(error).toBeInstanceOf(UserError)
    expect((error as Error).message).toContain(
      `Could not remove ${join(base, 'status.md')}: it is a directory (EISDIR).`
    )
    expect((error as Error).message).toMatch(
      new RegExp(
        `^The plan job could not write its output to ${base} \\(the input \`output-dir\`\\)\\. .+ Nothing was left there for the publish job\\.$`
      )
    )
    expect(existsSync(join(base, RESULT_FILE))).toBe(false)
    expect(existsSync(join(base, 'plan.md'))).toBe(false)
    expect(readdirSync(base)).toEqual(['status.md'])
    // No result file: the publish job finds no hand-over and says so.
    await expect(readStage(base)).resolves.toBeUndefined()
  })

  it('an output-dir that is a file is a sentence, not EEXIST', async () => {
    const file = join(base, 'out')
    writeFileSync(file, 'x')
    await expect(writeStage(file, result, { plan: '# Plan\n', status: '# Status\n' })).rejects.toThrow(
      /^The plan job could not write its output to .*\/out \(the input `output-dir`\)\. Could not create the directory .*: something of that name is already there \(EEXIST\)\. Nothing was left there/
    )
  })
})
