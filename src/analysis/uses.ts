/**
 * Which references of the repository are uses of a target: a module's importers, a member's accesses
 * qualified by class (another class's attribute of the same name is no use), a name's uses. Pure.
 */
import type { Language } from '../grounding/language.js'
import type { ReferenceFact } from '../grounding/types.js'
import type { Target } from './targets.js'
import { lastPart } from './phase-names.js'

/** `order` → `Order`, `price_book` → `PriceBook`; undefined for what is no plain name. */
function camel(name: string): string | undefined {
  if (!/^[a-z][a-z0-9_]*$/.test(name)) return undefined
  return name
    .split('_')
    .filter(Boolean)
    .map(part => part.charAt(0).toUpperCase() + part.slice(1))
    .join('')
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
