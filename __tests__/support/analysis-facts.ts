/** Small hand-written facts for the analysis layer's pure functions: a target, a reference, a grounding. */
import type { Target } from '../../src/analysis/targets.js'
import type { Grounding, ReferenceFact } from '../../src/grounding/types.js'

/** A target that exists, acted on in step 1.1 unless told otherwise. */
export function target(name: string, fields: Partial<Target> = {}): Target {
  return {
    name,
    kind: 'symbol',
    action: 'remove',
    signature: false,
    stepIds: ['1.1'],
    sentence: `Remove ${name}.`,
    state: 'exists',
    ...fields
  }
}

/** A call of `name` at `path:line` unless told otherwise. */
export function use(
  path: string,
  line: number,
  name: string,
  fields: Partial<ReferenceFact> = {}
): ReferenceFact {
  return { path, line, name, kind: 'call', text: `${name}()`, fileImports: [], ...fields }
}

/** A grounding with only the facts given. */
export function grounding(fields: Partial<Grounding> = {}): Grounding {
  return {
    files: [],
    symbols: [],
    testLayout: { testRoot: 'tests', style: 'flat', prefix: 'test_', examples: [] },
    references: [],
    ...fields
  }
}
