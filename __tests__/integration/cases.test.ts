/**
 * Our development set (__tests__/fixtures/cases, see its README): each case's phase planned in process
 * on a copy of its repository, and measured against what its real implementation changed and broke.
 * The same targets as `npm run realcases`, plus what a known truth allows.
 */
import { readdirSync } from 'node:fs'
import { join } from 'node:path'
import { describe, expect, it } from '@jest/globals'
import { CASE_TARGETS, checkCase } from '../../src/tools/case-check.js'
import { PROJECT_ROOT } from '../support/example-repo.js'

const CASES = join(PROJECT_ROOT, '__tests__', 'fixtures', 'cases')
const names = readdirSync(CASES, { withFileTypes: true })
  .filter(entry => entry.isDirectory())
  .map(entry => entry.name)
  .sort()

describe('plans on repositories and master plans of our own development set', () => {
  it('has at least five cases', () => {
    expect(names.length).toBeGreaterThanOrEqual(5)
  })

  it.each(names)(
    '%s: names what the implementation changed and broke, asks only what is open',
    async name => {
      const check = await checkCase(join(CASES, name), name)
      expect(check.recall).toBeGreaterThanOrEqual(CASE_TARGETS.recall)
      expect(check.precision).toBeGreaterThanOrEqual(CASE_TARGETS.precision)
      expect(check.coverage).toBe(100)
      // Every caller as path:line and every test as path::Class::test (or its module when it fails to import).
      expect(check.missedCallers).toEqual([])
      expect(check.missedTests).toEqual([])
      // A same-named method of another class, another service's class of the same name: never listed.
      expect(check.wrong).toEqual([])
      expect(check.unexpectedQuestions).toEqual([])
      expect(check.unasked).toEqual([])
      expect(check.needless).toEqual([])
      expect(check.invented).toEqual([])
      expect(check.badTestNames).toEqual([])
      expect(check.runTogether).toEqual([])
      expect(check.labelTitles).toEqual([])
      expect(check.phaseModules).toEqual([])
      expect(check.verdict).toEqual([])
    }
  )
})
