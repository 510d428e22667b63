/**
 * Runs a master plan through every phase it defines — model, render, coverage — without a repository
 * or a gate. Used by `npm run corpus` and by the corpus test.
 */
import { analysePhase } from '../analysis/index.js'
import { skippedGate } from '../gate/result.js'
import { python } from '../grounding/index.js'
import type { Grounding } from '../grounding/types.js'
import { errorMessage } from '../errors.js'
import { phaseIds } from '../master-plan/lookup.js'
import { buildModel } from '../master-plan/outline.js'
import { phaseContent } from '../master-plan/phase-content.js'
import { measureCoverage } from '../render/coverage.js'
import { renderPlan } from '../render/plan-document.js'

export interface PhaseCheck {
  readonly id: string
  readonly steps: number
  readonly units: number
  readonly coverage: number
  readonly missing: readonly string[]
  readonly leaked: number
}

export interface DocumentCheck {
  readonly name: string
  readonly phases: readonly PhaseCheck[]
  readonly errors: readonly string[]
  readonly milliseconds: number
}

const EMPTY_GROUNDING: Grounding = {
  files: [],
  symbols: [],
  testLayout: { testRoot: 'tests', style: 'flat', prefix: 'test_', examples: [] },
  references: []
}

export function checkDocument(name: string, text: string): DocumentCheck {
  const started = performance.now()
  const phases: PhaseCheck[] = []
  const errors: string[] = []
  try {
    const model = buildModel(text)
    for (const id of phaseIds(model)) {
      try {
        const content = phaseContent(model, id, name)
        const plan = renderPlan({
          model,
          content,
          planPath: `plan/phase_${id}.md`,
          statusPath: `status/phase_${id}.md`,
          gate: skippedGate('pytest'),
          analysis: analysePhase({
            model,
            content,
            grounding: EMPTY_GROUNDING,
            language: python,
            repositoryFiles: []
          }),
          language: python
        })
        const coverage = measureCoverage(model, content, plan)
        phases.push({
          id,
          steps: content.structure.steps.length,
          units: coverage.total,
          coverage: coverage.percent,
          missing: coverage.missing.map(unit => `${unit.kind}: ${unit.text.slice(0, 80)}`),
          leaked: coverage.leaked.length
        })
      } catch (error) {
        errors.push(`phase ${id}: ${errorMessage(error)}`)
      }
    }
  } catch (error) {
    errors.push(errorMessage(error))
  }
  return { name, phases, errors, milliseconds: performance.now() - started }
}
