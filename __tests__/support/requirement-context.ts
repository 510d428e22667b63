/** The context the test-requirement readers work in, taken from a phase fixture (as analysePhase builds it). */
import type { RequirementContext } from '../../src/analysis/requirements.js'
import { phaseSamples } from '../../src/analysis/samples.js'
import { python } from '../../src/grounding/python/index.js'
import type { PhaseFixture } from './phase-fixture.js'

export function requirementContext(
  fixture: PhaseFixture,
  fields: Partial<RequirementContext> = {}
): RequirementContext {
  const { model, content, grounding, analysis } = fixture
  return {
    model,
    content,
    language: python,
    layout: grounding.testLayout,
    targets: analysis.targets,
    samples: phaseSamples(model, content, python),
    testItems: content.testItems,
    testExists: () => undefined,
    mentioned: new Map(),
    ...fields
  }
}
