/**
 * Where the master plan is unclear for this phase, listed instead of guessed: names that exist neither
 * in the repository nor as new in the master plan, TODO/TBD/`?` markers, references to phases or files
 * that do not exist. Pure.
 */
import type { Grounding } from '../grounding/types.js'
import type { CitedName } from '../master-plan/names.js'
import type { PhaseContent } from '../master-plan/phase-content.js'
import type { Step } from '../master-plan/steps.js'
import { withoutLineReferences } from './verbatim.js'

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
  const last = name.name.split('.').pop() ?? name.name
  // Test names are what the plan asks to write; they are declared by being listed.
  if (/^test_|_test$/.test(last)) return false
  if (name.kind === 'symbol') {
    if (declaredNew.has(last)) return false
    const fact = grounding.symbols.find(symbol => symbol.name === name.name)
    if (fact && fact.definitions.length > 0) return false
    return !findFile(grounding, name.name)?.exists
  }
  const fact = findFile(grounding, name.name)
  if (fact && declaredNew.has(fact.path)) return false
  if (name.kind === 'module') {
    // `config.providers` may be attribute access: only a missing module of a known package is unclear.
    const root = name.name.split('.')[0] ?? ''
    const known = grounding.files.some(
      file => file.exists && (file.module === root || file.path === root || file.path.startsWith(`${root}/`))
    )
    if (!known) return false
  }
  return !fact?.exists
}

/** A file fact by the text the plan used: full path, bare name, directory with a slash, or module. */
export function findFile(grounding: Grounding, cited: string): Grounding['files'][number] | undefined {
  const path = cited.replace(/\/+$/, '')
  return grounding.files.find(
    file => file.path === path || file.citedAs === cited || file.citedAs === path || file.module === path
  )
}

function stepFor(steps: readonly Step[], path: readonly string[]): string | undefined {
  const key = path.join('\u0000')
  return steps.find(step => step.path.join('\u0000') === key)?.id
}

function excerpt(text: string): string {
  const flat = withoutLineReferences(text.replace(/\s+/g, ' ').trim())
  return flat.length > 160 ? `${flat.slice(0, 157)}…` : flat
}

function capitalise(text: string): string {
  return text.charAt(0).toUpperCase() + text.slice(1)
}
