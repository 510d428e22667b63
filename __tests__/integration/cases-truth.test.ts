/**
 * The truth of each case in our development set is measured, not guessed: both repositories' suites
 * are green under real pytest, the tests of `before/` that fail against the code of `after/` are the
 * broken tests, the Python files that differ are the changed files, and every broken caller is a line
 * the implementation changed (a call whose result handling changed counts from its call line).
 * Skipped when python3 with pytest is not available.
 */
import { spawnSync } from 'node:child_process'
import { readdirSync, readFileSync } from 'node:fs'
import { join } from 'node:path'
import { describe, expect, it } from '@jest/globals'
import type { CaseTruth } from '../../src/tools/case-check.js'
import { PROJECT_ROOT } from '../support/example-repo.js'

const CASES = join(PROJECT_ROOT, '__tests__', 'fixtures', 'cases')
const DERIVE = join(PROJECT_ROOT, 'scripts', 'cases', 'derive-truth.mjs')
const names = readdirSync(CASES, { withFileTypes: true })
  .filter(entry => entry.isDirectory())
  .map(entry => entry.name)
  .sort()
const hasPytest = spawnSync('python3', ['-m', 'pytest', '--version'], { encoding: 'utf8' }).status === 0
const describeTruth = hasPytest ? describe : describe.skip

interface Derived {
  readonly green: { readonly before: boolean; readonly after: boolean }
  readonly changed: readonly string[]
  readonly brokenTests: readonly string[]
  readonly changedCodeLines: Readonly<Record<string, readonly (number | '*')[]>>
}

describeTruth('the truth of each case, derived with real pytest', () => {
  it.each(names)('%s', name => {
    const dir = join(CASES, name)
    const truth = JSON.parse(readFileSync(join(dir, 'truth.json'), 'utf8')) as CaseTruth
    const run = spawnSync(process.execPath, [DERIVE, dir], { encoding: 'utf8', maxBuffer: 16 * 1024 * 1024 })
    const derived = JSON.parse(run.stdout) as Derived
    expect(derived.green).toEqual({ before: true, after: true })
    expect(derived.changed).toEqual([...truth.changed].sort())
    expect(derived.brokenTests).toEqual([...truth.brokenTests].sort())
    for (const caller of truth.brokenCallers) {
      const [path = '', line = '0'] = caller.split(':')
      const changed = derived.changedCodeLines[path] ?? []
      const at = Number(line)
      expect({ caller, changedNearby: changed.some(n => n === '*' || (n >= at && n <= at + 5)) }).toEqual({
        caller,
        changedNearby: true
      })
    }
    for (const entry of truth.notBroken) {
      expect(derived.brokenTests).not.toContain(entry)
      const [path = '', line] = entry.split(':')
      if (line !== undefined && !entry.includes('::'))
        expect(derived.changedCodeLines[path] ?? []).not.toContain(Number(line))
    }
  })
})

if (!hasPytest) {
  describe('the truth of each case', () => {
    it.skip('needs python3 with pytest: skipped', () => undefined)
  })
}
