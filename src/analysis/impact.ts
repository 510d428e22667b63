/**
 * Impact analysis: for every target a phase removes, renames, moves or calls differently, the places in
 * the repository that use it — qualified by class and module, so another class's attribute of the same
 * name is not a caller — split into the callers each sub-step must update and the existing tests that
 * will fail. Pure: reads the references the grounding collected.
 */
import type { Language } from '../grounding/language.js'
import type { ReferenceFact } from '../grounding/types.js'
import type { Target } from './targets.js'
import { usesOf } from './uses.js'

export interface Caller {
  readonly path: string
  readonly line: number
  /** The source line there. */
  readonly text: string
  readonly target: string
  /** What to do there, in a few words. */
  readonly todo: string
  /** The function (`Class.method`) the use sits in, when it sits in one: code that changes with it. */
  readonly within?: string
}

export interface BreakingTest {
  /** The runner's id (`tests/test_api.py::test_resolve`), or the module when its import fails. */
  readonly id: string
  readonly path: string
  readonly line: number
  readonly target: string
  /** Why it fails, in a few words. */
  readonly because: string
  readonly decision: 'update' | 'skip'
  /** For `skip`: the later phase that brings what the test needs. */
  readonly untilPhase?: string
}

export interface Impact {
  /** Callers to update, by the id of the sub-step that breaks them. */
  readonly callers: ReadonlyMap<string, readonly Caller[]>
  readonly tests: readonly BreakingTest[]
}

export interface ImpactContext {
  readonly targets: readonly Target[]
  readonly references: readonly ReferenceFact[]
  readonly language: Language
  /** The later phase that cites a name again (the test waits for it), by name. */
  readonly laterPhaseOf: (name: string) => string | undefined
  /** Whether a class is the owner or inherits from it, as far as the repository says. */
  readonly isA?: (cls: string, owner: string) => boolean
  /** Whether the repository defines a class of this name. */
  readonly isClass?: (name: string) => boolean
}

/** Targets whose uses break: removed, renamed, moved, or called or returning differently. */
export function breaksUses(target: Target): boolean {
  return (
    target.state === 'exists' &&
    (target.action === 'remove' || target.action === 'rename' || target.action === 'move' || target.signature)
  )
}

export function impactOf(context: ImpactContext): Impact {
  const callers = new Map<string, Caller[]>()
  const tests = new Map<string, BreakingTest>()
  // Code the phase removes goes away with its uses: they need no update of their own.
  const removed = context.targets.filter(
    target => target.action === 'remove' && target.at?.endLine !== undefined
  )
  const insideRemoved = (use: ReferenceFact): boolean =>
    removed.some(
      target =>
        target.at !== undefined &&
        use.path === target.at.path &&
        use.line > target.at.line &&
        use.line <= (target.at.endLine ?? target.at.line)
    )
  for (const target of context.targets) {
    if (!breaksUses(target)) continue
    // A function called differently is still imported the same way: only its calls and accesses break.
    const moved = target.action === 'remove' || target.action === 'rename' || target.action === 'move'
    const uses = usesOf(target, context.references, context.language, context.isA, context.isClass).filter(
      use => !insideRemoved(use) && (moved || use.kind !== 'import')
    )
    const stepId = target.stepIds[0] ?? ''
    for (const use of uses) {
      // Test modules fail; support files of the suite (fixtures, helpers) are callers to update.
      if (context.language.isTestModule(use.path)) {
        const test = breakingTest(target, use, context)
        if (!tests.has(test.id)) tests.set(test.id, test)
        continue
      }
      const list = callers.get(stepId) ?? []
      if (!list.some(known => known.path === use.path && known.line === use.line)) {
        const within = use.inFunction
          ? use.inClass
            ? `${use.inClass}.${use.inFunction}`
            : use.inFunction
          : undefined
        list.push({
          path: use.path,
          line: use.line,
          text: use.text,
          target: target.name,
          todo: todoFor(target, use, context.language),
          ...(within ? { within } : {})
        })
      }
      callers.set(stepId, list)
    }
  }
  for (const list of callers.values())
    list.sort((a, b) => (a.path < b.path ? -1 : a.path > b.path ? 1 : a.line - b.line))
  return { callers, tests: [...tests.values()].sort((a, b) => (a.id < b.id ? -1 : a.id > b.id ? 1 : 0)) }
}

function todoFor(target: Target, use: ReferenceFact, language: Language): string {
  const step = target.stepIds[0] ? ` (step ${target.stepIds[0]})` : ''
  // A new home given as a file is imported as its module.
  const home = target.destination
    ? (language.moduleForPath(target.destination) ?? target.destination)
    : undefined
  if (use.inString) {
    if ((target.action === 'move' || target.action === 'rename') && home)
      return `point this string at \`${home}\` instead`
    return `this string names \`${target.name}\`, which is ${verb(target)}${step}`
  }
  if (use.kind === 'import') {
    if (target.action === 'move' && home) return `import it from \`${home}\` instead`
    if (target.action === 'rename' && home) return `import \`${home}\` instead`
    return `drop this import: \`${target.name}\` is ${verb(target)}${step}`
  }
  switch (target.action) {
    case 'remove':
      return `stop using \`${target.name}\`: it is removed${step}`
    case 'rename':
      return target.destination ? `use the new name \`${target.destination}\`` : `use the new name${step}`
    case 'move':
      return target.destination ? `use it from \`${target.destination}\`` : `use it from its new home${step}`
    default:
      return `pass what the new signature asks for${step}`
  }
}

function verb(target: Target): string {
  return target.action === 'remove'
    ? 'removed'
    : target.action === 'rename'
      ? 'renamed'
      : target.action === 'move'
        ? 'moved'
        : 'changed'
}

function breakingTest(target: Target, use: ReferenceFact, context: ImpactContext): BreakingTest {
  const moduleLevel = use.testId === undefined
  const id = use.testId ?? use.path
  const how = use.inString ? 'names' : use.kind === 'import' ? 'imports' : 'uses'
  const why = moduleLevel
    ? `${how} \`${target.name}\` at line ${use.line}: every test in the module fails to import`
    : `${how} \`${target.name}\` (${verb(target)}) at line ${use.line}${use.inString ? ' in a string' : ''}`
  const later =
    target.action === 'remove' && !target.destination ? context.laterPhaseOf(target.name) : undefined
  return {
    id,
    path: use.path,
    line: use.line,
    target: target.name,
    because: why,
    decision: later ? 'skip' : 'update',
    ...(later ? { untilPhase: later } : {})
  }
}
