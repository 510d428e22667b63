/** A plan's input from a phase fixture, with parts of its analysis replaced, and one plan part written alone. */
import type { PhaseAnalysis } from '../../src/analysis/index.js'
import { skippedGate } from '../../src/gate/result.js'
import { python } from '../../src/grounding/python/index.js'
import { DocumentWriter } from '../../src/render/markdown.js'
import type { PlanInput } from '../../src/render/plan-document.js'
import type { PhaseFixture } from './phase-fixture.js'

export function planInput(fixture: PhaseFixture, analysis: Partial<PhaseAnalysis> = {}): PlanInput {
  return {
    model: fixture.model,
    content: fixture.content,
    planPath: 'plan.md',
    statusPath: 'status.md',
    gate: skippedGate('pytest'),
    analysis: { ...fixture.analysis, ...analysis },
    language: python
  }
}

/** The text one part of the plan writes for this input. */
export function written(part: (out: DocumentWriter, input: PlanInput) => void, input: PlanInput): string {
  const out = new DocumentWriter()
  part(out, input)
  return out.text()
}
