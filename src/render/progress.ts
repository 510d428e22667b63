/**
 * Step states from evidence in the repository: what a step creates is now defined, what it removes is
 * gone, and the tests this plan requires for it exist — with a green suite for COMPLETED. Pure.
 */
import type { GateResult } from '../gate/result.js'
import type { Grounding } from '../grounding/types.js'
import type { CitedName } from '../master-plan/names.js'
import type { Step } from '../master-plan/steps.js'
import { findFile, type Clarification } from './clarifications.js'
import type { TestRequirement } from './requirements.js'
import type { StepStatus } from './status-document.js'

export interface Evidence {
  readonly grounding: Grounding
  readonly requirements: readonly TestRequirement[]
  /** `path::test_name` of every test function in the repository now. */
  readonly existingTests: ReadonlySet<string>
  readonly gate: GateResult
}

export function stepStates(
  steps: readonly Step[],
  stepNames: ReadonlyMap<string, readonly CitedName[]>,
  evidence: Evidence,
  clarifications: readonly Clarification[]
): StepStatus[] {
  return steps.map(step => {
    const cited = new Set((stepNames.get(step.id) ?? []).map(name => name.name))
    const checks: boolean[] = []
    const notes: string[] = []
    for (const requirement of evidence.requirements) {
      const last = requirement.subject.split('.').pop() ?? requirement.subject
      if (!cited.has(requirement.subject) && !cited.has(last)) continue
      // A move shows only through its test: the name is "present" before and after it.
      if (requirement.action === 'create' || requirement.action === 'remove') {
        const present = isPresent(requirement.subject, requirement.kind, evidence.grounding)
        if (present !== undefined) {
          const wanted = requirement.action === 'remove' ? !present : present
          checks.push(wanted)
          if (wanted)
            notes.push(`${requirement.subject} ${requirement.action === 'remove' ? 'removed' : 'present'}`)
        }
      }
      const written = evidence.existingTests.has(`${requirement.testFile}::${requirement.testName}`)
      checks.push(written)
      if (written) notes.push(`${requirement.testName} written`)
    }
    const done = checks.filter(Boolean).length
    const unclear = clarifications.some(item => item.stepId === step.id)
    let state: StepStatus['state'] = 'NOT STARTED'
    if (checks.length > 0 && done === checks.length && evidence.gate.green) state = 'COMPLETED'
    else if (done > 0) state = 'IN PROGRESS'
    if (unclear && state !== 'COMPLETED') state = 'NEEDS CLARIFICATION'
    const evidenceText =
      checks.length === 0
        ? ''
        : `${done}/${checks.length} checks${notes.length ? `: ${notes.join(', ')}` : ''}`
    return { id: step.id, title: step.title, state, evidence: evidenceText }
  })
}

/** undefined when the repository cannot tell (the name was not looked up). */
function isPresent(name: string, kind: string, grounding: Grounding): boolean | undefined {
  if (kind === 'symbol') {
    const fact = grounding.symbols.find(symbol => symbol.name === name)
    if (fact) return fact.definitions.length > 0
    // `Class.method` the phase creates: absent while its class is absent.
    const owner = name.includes('.')
      ? grounding.symbols.find(symbol => symbol.name === name.split('.')[0])
      : undefined
    return owner && owner.definitions.length === 0 ? false : undefined
  }
  const fact = findFile(grounding, name)
  return fact ? fact.exists : undefined
}
