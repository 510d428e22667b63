/**
 * Impact analysis: for every target a phase removes, renames, moves or calls differently, the places in
 * the repository that use it — qualified by class and module, so another class's attribute of the same
 * name is not a caller — split into the callers each sub-step must update and the existing tests that
 * will fail. Pure: reads the references the grounding collected.
 */
import type { Language } from '../grounding/language.js'
import type { ReferenceFact } from '../grounding/types.js'
import type { Target } from './targets.js'

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

/** `order` → `Order`, `price_book` → `PriceBook`; undefined for what is no plain name. */
function camel(name: string): string | undefined {
  if (!/^[a-z][a-z0-9_]*$/.test(name)) return undefined
  return name
    .split('_')
    .filter(Boolean)
    .map(part => part.charAt(0).toUpperCase() + part.slice(1))
    .join('')
}

function lastPart(name: string): string {
  return name.split('.').pop() ?? name
}

/** The uses of one target among the references, by its kind: a module's importers, a member's accesses, a name's uses. */
export function usesOf(
  target: Target,
  references: readonly ReferenceFact[],
  language: Language,
  isA: (cls: string, owner: string) => boolean = (cls, owner) => cls === owner,
  isClass: (name: string) => boolean = () => false
): ReferenceFact[] {
  if (target.kind === 'file' || target.kind === 'module') return importersOf(target, references, language)
  const parts = target.name.split('.')
  const member = parts.length > 1 ? lastPart(target.name) : undefined
  const owner = parts.length > 1 ? parts[parts.length - 2] : undefined
  const inOwnBody = (use: ReferenceFact): boolean =>
    target.at !== undefined &&
    use.path === target.at.path &&
    use.line >= target.at.line &&
    use.line <= (target.at.endLine ?? target.at.line)
  // A constructor's callers call the class (importing it is no call).
  if (member === '__init__' && owner)
    return nameUses({ ...target, name: owner }, owner, references, language).filter(
      use => use.kind === 'call'
    )
  if (member && owner) {
    return references.filter(
      use =>
        use.name === member &&
        use.kind !== 'definition' &&
        !inOwnBody(use) &&
        memberOfOwner(use, owner, target, language, isA, isClass)
    )
  }
  return nameUses(target, lastPart(target.name), references, language).filter(use => !inOwnBody(use))
}

/**
 * `x.member` reaches the owner's member: through `self` inside the class (or a subclass), the class
 * itself, an object the code types or names after its class (`order.total` of an `Order`), or an
 * object of a file that knows the class; `Owner(…, member=…)` sets it.
 */
function memberOfOwner(
  use: ReferenceFact,
  owner: string,
  target: Target,
  language: Language,
  isA: (cls: string, owner: string) => boolean,
  isClass: (name: string) => boolean
): boolean {
  if (use.keywordOf !== undefined) {
    const callee = lastPart(use.keywordOf)
    return /^[A-Z]/.test(callee) && isA(callee, owner)
  }
  if (use.receiver === undefined) return false
  const receiver = use.receiver.split('.')[0] ?? use.receiver
  if (language.receivers.has(use.receiver)) {
    return (
      use.inClass === owner ||
      (use.classBases ?? []).some(base => lastPart(base.replace(/\[.*$/, '')) === owner)
    )
  }
  if (use.receiver === owner || lastPart(use.receiver) === owner) return true
  // A subclass reaches the owner's member through its own name too (`CsvExporter.write_header`).
  if (/^[A-Z]\w*$/.test(lastPart(use.receiver)) && isA(lastPart(use.receiver), owner)) return true
  // The code says which class the object is: that class's member (or an inherited one), not the owner's.
  if (use.receiverType !== undefined) return isA(use.receiverType, owner)
  // An object named after a class of the repository (`order`, `invoice`) is one of that class.
  const named = camel(lastPart(use.receiver))
  if (named !== undefined && isClass(named)) return isA(named, owner)
  if (language.receivers.has(receiver) && use.inClass === owner) return false
  // An object made right there of another class (`Cache().load()`) is not the owner's, unless it inherits.
  const made = /^([A-Za-z_]\w*)\(/.exec(use.receiver)?.[1]
  if (made !== undefined && /^[A-Z]/.test(made)) return isA(made, owner)
  return knowsOwner(use, owner, target)
}

/** The file defines the owner, imports it by name, or imports its whole module. */
function knowsOwner(use: ReferenceFact, owner: string, target: Target): boolean {
  if (target.at && use.path === target.at.path) return true
  return use.fileImports.some(
    imported => lastPart(imported) === owner || (target.module !== undefined && imported === target.module)
  )
}

/**
 * Uses of a module-level name: imports of it from its module or from a package that re-exports it
 * (`from pkg import f` where `pkg/__init__.py` imports `f` from `pkg.mod`), and uses in files that have it.
 */
function nameUses(
  target: Target,
  name: string,
  references: readonly ReferenceFact[],
  language: Language
): ReferenceFact[] {
  const module = target.module
  const fromOf = (use: ReferenceFact): string | undefined =>
    use.fromModule !== undefined ? language.absoluteModule(use.fromModule, use.path) : undefined
  // Every module that imports the name from one of its homes holds it too (`pkg/__init__.py` re-exports
  // it; `mock.patch("pkg.search.f")` reaches the `f` that `pkg.search` imported).
  const homes = new Set(module !== undefined ? [module] : [])
  for (let grew = true; grew;) {
    grew = false
    for (const use of references) {
      if (use.kind !== 'import' || use.name !== name || use.inModulePath || use.inString) continue
      const from = fromOf(use)
      const holder = language.moduleForPath(use.path)
      if (from !== undefined && homes.has(from) && holder !== undefined && !homes.has(holder)) {
        homes.add(holder)
        grew = true
      }
    }
  }
  return references.filter(use => {
    if (use.name !== name || use.kind === 'definition') return false
    if (use.kind === 'import') {
      if (use.inModulePath) return false
      const from = fromOf(use)
      return module === undefined || (from !== undefined && homes.has(from))
    }
    if (use.receiver !== undefined) {
      return (
        module !== undefined &&
        [...homes].some(home => use.receiver === home || lastPart(use.receiver ?? '') === lastPart(home))
      )
    }
    if (target.at && use.path === target.at.path) return true
    return [...homes].some(home => use.fileImports.includes(`${home}.${name}`))
  })
}

/** Import statements that name a module (`import pkg.api`, `from pkg.api import x`, `from pkg import api`). */
function importersOf(
  target: Target,
  references: readonly ReferenceFact[],
  language: Language
): ReferenceFact[] {
  const module = target.module
  if (module === undefined) return []
  const name = lastPart(module)
  const parent = module.includes('.') ? module.slice(0, module.lastIndexOf('.')) : undefined
  return references.filter(use => {
    if (use.kind !== 'import' || use.name !== name || use.fromModule === undefined) return false
    const from = language.absoluteModule(use.fromModule, use.path)
    if (use.inModulePath) return from === module || from?.startsWith(`${module}.`) === true
    return parent !== undefined && from === parent
  })
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
