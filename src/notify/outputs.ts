/** The action's outputs: collected once from the run's facts, then every one set, '' when unknown. */
import { OUTPUTS, type OutputName } from '../settings/action-io.js'
import type { ReplyInput } from './reply-render.js'

export type Outputs = Readonly<Record<OutputName, string>>

/** Every output name, in action.yml's order. */
export const OUTPUT_NAMES: readonly OutputName[] = Object.values(OUTPUTS).map(output => output.name)

function text(value: string | number | boolean | undefined): string {
  return value === undefined ? '' : String(value)
}

export function collectOutputs(input: ReplyInput): Outputs {
  const { gate, delivery, coverage } = input
  // Without a report the counts are unknown, not zero (a crash is not "0 passed").
  const counted = gate !== undefined && gate.source === 'junit'
  return {
    phase: text(input.phase),
    'plan-path': text(input.planPath),
    'status-path': text(input.statusPath),
    'tests-passed': counted ? String(gate.passed) : '',
    'tests-failed': counted ? String(gate.failed + gate.errors) : '',
    'tests-total': counted ? String(gate.total) : '',
    coverage: text(coverage?.percent),
    'pull-request-number': text(delivery?.number),
    'pull-request-url': text(delivery?.url),
    'pull-request-operation': delivery?.operation ?? 'none',
    'commit-sha': text(delivery?.commitSha),
    'commit-verified': text(delivery?.verified),
    allowed: text(input.allowed),
    'head-sha': text(input.headSha),
    outcome: input.outcome
  }
}

/** Sets every output, so a later step can read any of them without checking it exists. */
export function setOutputs(outputs: Outputs, setOutput: (name: OutputName, value: string) => void): void {
  for (const name of OUTPUT_NAMES) setOutput(name, outputs[name])
}
