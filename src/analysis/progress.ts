/**
 * Step states from evidence in the repository: what a step creates is now defined, what it removes is
 * gone, and the tests this plan requires for it exist — with a green suite for COMPLETED. Pure.
 */
import type { GateResult } from '../gate/result.js'
import type { Step } from '../master-plan/steps.js'
import type { Clarification } from './clarifications.js'
import type { TestRequirement } from './requirements.js'
import type { Target } from './targets.js'

export type StepState = 'NOT STARTED' | 'IN PROGRESS' | 'COMPLETED' | 'BLOCKED' | 'NEEDS CLARIFICATION'

export interface StepStatus {
  readonly id: string
  readonly title: string
  readonly state: StepState
  readonly evidence: string
}

export interface Evidence {
  readonly targets: readonly Target[]
  readonly requirements: readonly TestRequirement[]
  /** `path::test_name` of every test function in the repository now (class-less form). */
  readonly existingTests: ReadonlySet<string>
  readonly gate: GateResult
}

export function stepStates(
  steps: readonly Step[],
  evidence: Evidence,
  clarifications: readonly Clarification[]
): StepStatus[] {
  return steps.map(step => {
    const checks: boolean[] = []
    const notes: string[] = []
    for (const target of evidence.targets) {
      if (!target.stepIds.includes(step.id)) continue
      // A move or a change shows only through its tests: the name is "present" before and after it.
      if (target.action === 'create') {
        const present = target.state === 'exists'
        checks.push(present)
        if (present) notes.push(`${target.name} present`)
      } else if (target.kind === 'file' && (target.action === 'rename' || target.action === 'move')) {
        const done = target.state !== 'exists' && target.destinationExists === true
        checks.push(done)
        if (done) notes.push(`${target.name} now ${target.destination ?? 'moved'}`)
      } else if (target.action === 'remove') {
        const gone = target.state !== 'exists'
        checks.push(gone)
        if (gone) notes.push(`${target.name} removed`)
      }
    }
    for (const requirement of evidence.requirements) {
      if (requirement.stepId !== step.id) continue
      const written = evidence.existingTests.has(`${requirement.testFile}::${requirement.testName}`)
      checks.push(written)
      if (written) notes.push(`${requirement.testName} written`)
    }
    const done = checks.filter(Boolean).length
    const unclear = clarifications.some(item => item.stepId === step.id)
    let state: StepState = 'NOT STARTED'
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
