/**
 * Where the master plan is unclear for this phase, listed instead of guessed: names that exist neither
 * in the repository nor as new in the master plan, TODO/TBD/`?` markers, references to phases or files
 * that do not exist. Pure.
 */
import type { Grounding } from '../grounding/types.js'
import type { CitedName } from '../master-plan/names.js'
import type { PhaseContent } from '../master-plan/phase-content.js'
import type { Step } from '../master-plan/steps.js'

export interface Clarification {
  /** Stable within one plan: `C1`, `C2`, … */
  readonly id: string
  readonly question: string
  /** Section path in the master plan. */
  readonly where: readonly string[]
  /** The step it blocks, when it sits inside one. */
  readonly stepId?: string
}

export function clarifications(
  content: PhaseContent,
  grounding: Grounding,
  declaredNew: ReadonlySet<string>
): Clarification[] {
  const found: Omit<Clarification, 'id'>[] = []
  for (const item of content.unclear) {
    const stepId = stepFor(content.structure.steps, item.path)
    found.push({
      question: `${capitalise(item.detail)}: "${excerpt(item.text)}"`,
      where: item.path,
      ...(stepId ? { stepId } : {})
    })
  }
  for (const name of content.names) {
    if (!isUnknown(name, grounding, declaredNew)) continue
    const what = name.kind === 'file' ? 'file' : name.kind === 'module' ? 'module' : 'name'
    found.push({
      question: `The ${what} \`${name.name}\` is neither in the repository nor declared new by the master plan: "${excerpt(name.sentence)}"`,
      where: []
    })
  }
  return found.map((item, index) => ({ id: `C${index + 1}`, ...item }))
}

function isUnknown(name: CitedName, grounding: Grounding, declaredNew: ReadonlySet<string>): boolean {
  if (name.action === 'create' || declaredNew.has(name.name)) return false
  if (name.kind === 'symbol') {
    const last = name.name.split('.').pop() ?? name.name
    if (declaredNew.has(last)) return false
    const fact = grounding.symbols.find(symbol => symbol.name === name.name)
    return !fact || fact.definitions.length === 0
  }
  const fact = grounding.files.find(file => file.path === name.name || file.module === name.name)
  return !fact?.exists
}

function stepFor(steps: readonly Step[], path: readonly string[]): string | undefined {
  const key = path.join('\u0000')
  return steps.find(step => step.path.join('\u0000') === key)?.id
}

function excerpt(text: string): string {
  const flat = text.replace(/\s+/g, ' ').trim()
  return flat.length > 160 ? `${flat.slice(0, 157)}…` : flat
}

function capitalise(text: string): string {
  return text.charAt(0).toUpperCase() + text.slice(1)
}
