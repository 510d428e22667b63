/** Callers an earlier sub-step breaks are listed under a later sub-step that says to update them. */
import { describe, expect, it } from '@jest/globals'
import { toCallerSteps } from '../../../src/analysis/caller-steps.js'
import type { Caller, Impact } from '../../../src/analysis/impact.js'
import { buildModel } from '../../../src/master-plan/outline.js'
import { phaseContent } from '../../../src/master-plan/phase-content.js'
import { lines } from '../../support/phase-fixture.js'

const caller = (path: string, line: number, target: string): Caller => ({
  path,
  line,
  text: `${target}()`,
  target,
  todo: `stop using \`${target}\``
})

function moved(
  steps: string[],
  callers: [string, Caller[]][]
): { impact: Impact; result: Impact; ids: string[] } {
  const model = buildModel(
    lines('# Plan', '', '## Phase 1: Work', '', ...steps.map((step, index) => `${index + 1}. ${step}`))
  )
  const content = phaseContent(model, '1', 'plan.md')
  const impact: Impact = { callers: new Map(callers), tests: [] }
  return {
    impact,
    result: toCallerSteps(impact, model, content),
    ids: content.structure.steps.map(step => step.id)
  }
}

const where = (impact: Impact): [string, string[]][] =>
  [...impact.callers].map(([step, list]) => [step, list.map(found => `${found.path}:${found.line}`)])

describe('callers by sub-step', () => {
  it('move to the first later sub-step that says to update the callers, merged and sorted', () => {
    const { result, ids } = moved(
      ['Remove `Store.load`.', 'Remove `helper`.', 'Update every caller.'],
      [
        ['1.1', [caller('pkg/web.py', 3, 'Store.load')]],
        ['1.2', [caller('pkg/app.py', 9, 'helper'), caller('pkg/web.py', 1, 'helper')]]
      ]
    )
    expect(ids).toEqual(['1.1', '1.2', '1.3'])
    expect(where(result)).toEqual([['1.3', ['pkg/app.py:9', 'pkg/web.py:1', 'pkg/web.py:3']]])
  })

  it('stay where they are when no sub-step at or after theirs updates callers', () => {
    const { result } = moved(
      ['Update the importers.', 'Remove `helper`.'],
      [['1.2', [caller('pkg/app.py', 9, 'helper')]]]
    )
    expect(where(result)).toEqual([['1.2', ['pkg/app.py:9']]])
  })

  it('read the update wording through emphasis, in its several forms', () => {
    for (const wording of [
      'Update *all the* call sites.',
      'Update the modules that import `pkg.store`.',
      'Update its **references**.'
    ]) {
      const { result } = moved(['Remove `helper`.', wording], [['1.1', [caller('pkg/app.py', 9, 'helper')]]])
      expect(where(result)).toEqual([['1.2', ['pkg/app.py:9']]])
    }
  })

  it('are left as they are when no sub-step updates callers', () => {
    const { impact, result } = moved(
      ['Remove `helper`.', 'Update the docs.'],
      [['1.1', [caller('pkg/app.py', 9, 'helper')]]]
    )
    expect(result).toBe(impact)
  })
})
