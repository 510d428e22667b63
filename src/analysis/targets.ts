/**
 * What a phase acts on: every name it creates, removes, renames, moves or changes, read in the class
 * context of its steps (`discover_models` of the `ProviderManager` the step updates, not of another
 * class), with where it is defined now and the steps that act on it. Pure.
 */
import type { Language } from '../grounding/language.js'
import type { Grounding } from '../grounding/types.js'
import { BUILTIN_PATH } from '../grounding/types.js'
import type { CitedName, NameAction, NameKind } from '../master-plan/names.js'
import type { PhaseContent } from '../master-plan/phase-content.js'
import { isLanguageName, languageNames, lastPart, withoutReceiver } from './phase-names.js'
import { destinationOf, governs, memberHome, PATHISH } from './target-places.js'
import { contextClasses, findFile, locate, toLocation } from './definitions.js'
import type { PhaseSample } from './samples.js'

export type TargetAction = Exclude<NameAction, 'mention'>

export interface Location {
  readonly path: string
  readonly line: number
  readonly endLine?: number
  /** The class a method or attribute belongs to. */
  readonly owner?: string
}

export interface Target {
  /** As the master plan cites it, qualified by its class when the context tells (`ProviderManager.resolve`). */
  readonly name: string
  readonly kind: NameKind
  readonly action: TargetAction
  /** A change to how it is called or what it returns: its callers must change too. */
  readonly signature: boolean
  /** Sub-steps that act on it, in order. */
  readonly stepIds: readonly string[]
  /** The master plan's sentence that states the action. */
  readonly sentence: string
  /** Where it is defined now (a file target: the file itself, line 1). */
  readonly at?: Location
  /** Its dotted module, for a file or a symbol that is defined now. */
  readonly module?: string
  readonly state: 'exists' | 'new' | 'outside' | 'missing' | 'ambiguous'
  /** For a move or rename: the new home or name the master plan gives. */
  readonly destination?: string
  /** For a file moved or renamed: whether the new file exists already. */
  readonly destinationExists?: boolean
  /** For a new member of a class that exists: the file it goes into (the class's). */
  readonly home?: string
  /** For a file not in the repository yet: the earlier phase that creates it. */
  readonly createdBy?: string
}

export interface TargetContext {
  readonly content: PhaseContent
  readonly grounding: Grounding
  readonly language: Language
  /** Names the phase's own code samples define (classes, methods, functions, module names). */
  readonly declared: ReadonlySet<string>
  /** Names the repository imports from outside it (third-party packages). */
  readonly imported: ReadonlySet<string>
  /** CamelCase words of the phase's prose (`Update ProviderManager`), candidates for its class context. */
  readonly classWords: readonly string[]
  /** Method → class, from the classes the phase's code samples define. */
  readonly sampleOwners: ReadonlyMap<string, string>
}

const SIGNATURE =
  /\b(signatures?|parameters?|arguments?|to take|takes?|first parameter|return(?:s|ing)? type|instead of|now returns?|no longer returns?)\b|\bto\s+\((?:self|cls)\b|\breturns?\b[^.;]*\binstead\b/i

/** A new parameter callers may leave out: every call they make now still works. */
const COMPATIBLE = /\b(?:optional|defaults?\b|default(?:ing)? to|keyword-only with a default)/i

/**
 * Whether a sentence rewrites how `name` is called: "Change checkout(cart) to checkout(cart,
 * currency="USD")" calls it twice, with two different argument lists (sentences come as plain text).
 */
function rewritesCall(sentence: string, name: string): boolean {
  const last = lastPart(name)
  const calls = new Set<string>()
  for (const [, callee = '', args = ''] of sentence.matchAll(/(?<![\w.])([A-Za-z_][\w.]*)\(([^()]*)\)/g))
    if (lastPart(callee) === last) calls.add(args.replace(/\s+/g, ''))
  return calls.size >= 2
}

export function phaseTargets(context: TargetContext): Target[] {
  const { content, grounding, language } = context
  const classes = contextClasses(content, grounding, language, context.classWords)
  const byKey = new Map<string, Target>()
  for (const step of content.structure.steps) {
    for (const cited of languageNames(content.stepNames.get(step.id) ?? [], language)) {
      const target = toTarget(cited, step.id, context, classes)
      if (!target) continue
      const key = target.at
        ? `${target.at.path}:${target.at.line}:${target.kind}`
        : `${target.kind}:${target.name}`
      const known = byKey.get(key)
      if (!known) byKey.set(key, target)
      else byKey.set(key, merge(known, target))
    }
  }
  return [...byKey.values()]
}

/**
 * The classes and module-level functions the phase's code samples define, as targets when the cited
 * names do not already cover them: new when the repository has none of that name, changed when it does.
 */
export function sampleTargets(
  samples: readonly PhaseSample[],
  context: TargetContext,
  known: readonly Target[]
): Target[] {
  const out: Target[] = []
  const have = new Set(known.map(target => lastPart(target.name)))
  for (const sample of samples) {
    const stepId = sample.stepId
    if (stepId === undefined) continue
    const names = [
      ...sample.definitions.classes.map(cls => cls.name),
      ...sample.definitions.functions.filter(fn => !fn.name.includes('.')).map(fn => fn.name)
    ]
    for (const name of names) {
      if (have.has(name)) continue
      have.add(name)
      const fact = context.grounding.symbols.find(symbol => symbol.name === name)
      const definitions = (fact?.definitions ?? []).filter(definition => definition.path !== BUILTIN_PATH)
      const [only] = definitions
      const base = { name, kind: 'symbol' as const, signature: false, stepIds: [stepId], sentence: '' }
      if (only && definitions.length === 1) {
        const module = context.language.moduleForPath(only.path)
        out.push({
          ...base,
          // A method the sample defines at top level is still its class's (`def find_item(self, …)`).
          name: only.owner ? `${only.owner}.${name}` : name,
          action: 'change',
          at: toLocation(only),
          ...(module ? { module } : {}),
          state: 'exists'
        })
      } else if (definitions.length === 0) {
        // A method the sample writes bare (`def put(self, …)`) that the phase names with its class
        // elsewhere ("use `Cart.put` instead") is that class's, in the class's file.
        const qualified = context.content.names.find(
          cited => cited.kind === 'symbol' && cited.name.includes('.') && lastPart(cited.name) === name
        )
        const home = qualified
          ? memberHome({ ...qualified, sentence: '' }, qualified.name, new Set(), context.grounding)
          : undefined
        out.push({
          ...base,
          ...(qualified ? { name: qualified.name } : {}),
          ...(home ? { home: home.path } : {}),
          action: 'create',
          state: 'new'
        })
      }
    }
  }
  return out
}

/**
 * Targets whose code samples give them another signature than the repository's: a function the phase's
 * samples define with other parameters, or another return annotation, than the definition it stands for
 * now (a `# BEFORE` / `# AFTER` pair included). Its callers must change too. Only what both sides write
 * is compared (a sketch without annotations changes nothing).
 */
export function withSampleSignatures(
  targets: readonly Target[],
  samples: readonly PhaseSample[],
  grounding: Grounding
): Target[] {
  return targets.map(target => {
    if (target.kind !== 'symbol' || !target.at || target.signature) return target
    if (target.action !== 'change' && target.action !== 'create') return target
    const at = target.at
    const definition = grounding.symbols
      .flatMap(symbol => symbol.definitions)
      .find(candidate => candidate.path === at.path && candidate.line === at.line)
    if (!definition?.params) return target
    const owner = at.owner
    const bare = lastPart(target.name)
    const differs = samples.some(sample =>
      sample.definitions.functions.some(fn => {
        const parts = fn.name.split('.')
        if (parts[parts.length - 1] !== bare) return false
        if (parts.length > 1 && owner !== undefined && parts[0] !== owner) return false
        const params = fn.params.join(',') !== (definition.params ?? []).join(',')
        const returns =
          fn.returns !== undefined &&
          definition.returns !== undefined &&
          fn.returns.replace(/\s+/g, '') !== definition.returns.replace(/\s+/g, '')
        return params || returns
      })
    )
    return differs ? { ...target, action: 'change', signature: true } : target
  })
}

/**
 * Where the names a phase only mentions are defined, read in the same class context as its targets
 * (`discover_models` → `ProviderManager.discover_models`): the subjects of behaviours it states.
 */
export function mentionedLocations(context: TargetContext): Map<string, { name: string; at: Location }> {
  const { content, grounding, language } = context
  const classes = contextClasses(content, grounding, language, context.classWords)
  const out = new Map<string, { name: string; at: Location }>()
  for (const cited of languageNames(content.names, language)) {
    if (cited.kind !== 'symbol' || isLanguageName(cited.name, language)) continue
    const fact = grounding.symbols.find(symbol => symbol.name === cited.name)
    const { at } = locate(fact, classes)
    if (!at) continue
    const bare = withoutReceiver(cited.name, language)
    const name = at.owner && !bare.includes('.') ? `${at.owner}.${bare}` : bare
    out.set(lastPart(bare), { name, at })
    out.set(bare, { name, at })
  }
  return out
}

function merge(a: Target, b: Target): Target {
  const stronger = RANK[b.action] > RANK[a.action] ? b : a
  const name = a.name.length >= b.name.length ? a.name : b.name
  return {
    ...stronger,
    name,
    signature: a.signature || b.signature,
    stepIds: [...new Set([...a.stepIds, ...b.stepIds])]
  }
}

const RANK: Record<TargetAction, number> = { create: 5, remove: 4, rename: 3, move: 2, change: 1 }

function toTarget(
  cited: CitedName,
  stepId: string,
  context: TargetContext,
  classes: ReadonlySet<string>
): Target | undefined {
  const { grounding, language } = context
  if (cited.action === 'mention' || language.isTestName(cited.name) || isLanguageName(cited.name, language))
    return undefined
  if (cited.kind === 'file' || cited.kind === 'module') return fileTarget(cited, stepId, grounding, language)
  const bare = withoutReceiver(cited.name, language)
  if (context.imported.has(bare.split('.')[0] ?? bare) && !context.declared.has(bare)) return undefined
  const fact = grounding.symbols.find(symbol => symbol.name === cited.name)
  const located = locate(fact, classes, namedFiles(context, cited.sentence, stepId))
  // A plain word (`tests`, `container`) is a name only where the repository defines it: the master
  // plan read it as one because the phase acts on it, and a word acted on may be a folder or a package.
  if (!located.at && !context.declared.has(cited.name) && /^[a-z][a-z0-9]*$/.test(cited.name))
    return undefined
  let action: TargetAction = cited.action
  // "Add an import for X" of a name that exists already adds a use, not the name.
  if (action === 'create' && located.at && /\bimport/i.test(cited.sentence)) return undefined
  if (action === 'create' && located.at && !context.declared.has(lastPart(bare))) action = 'change'
  const newMember =
    !located.at && action === 'create' ? memberHome(cited, bare, classes, grounding) : undefined
  const owner =
    located.at?.owner ?? (located.at ? undefined : (context.sampleOwners.get(bare) ?? newMember?.owner))
  // A bare `__eq__` of no class the phase names is the language's protocol, not something to build.
  if (!owner && !located.at && language.isSpecialName(bare)) return undefined
  const name = owner && !bare.includes('.') ? `${owner}.${bare}` : bare
  const destination = destinationOf(cited, action, located.at?.path)
  const base = {
    name,
    kind: cited.kind,
    action,
    signature:
      (action === 'change' &&
        ((SIGNATURE.test(cited.sentence) && !COMPATIBLE.test(cited.sentence)) ||
          rewritesCall(cited.sentence, bare))) ||
      action === 'rename',
    stepIds: [stepId],
    sentence: cited.sentence,
    ...(destination ? { destination } : {})
  }
  if (located.at) {
    const module = language.moduleForPath(located.at.path)
    return { ...base, at: located.at, ...(module ? { module } : {}), state: 'exists' }
  }
  if (located.ambiguous > 1) return { ...base, state: 'ambiguous' }
  const declared = context.declared.has(lastPart(bare)) || action === 'create'
  const home = newMember && owner === newMember.owner ? { home: newMember.path } : {}
  return { ...base, ...home, state: declared ? 'new' : 'missing' }
}

function fileTarget(
  cited: CitedName,
  stepId: string,
  grounding: Grounding,
  language: Language
): Target | undefined {
  const fact = findFile(grounding, cited.name)
  if (!fact || fact.isDirectory) return undefined
  // A file is moved, renamed or removed only when the verb governs it ("rename `a.py` to …"), not when
  // it is where something else moves from ("moved from `tests/test_api.py`").
  if ((cited.action === 'move' || cited.action === 'rename' || cited.action === 'remove') && !governs(cited))
    return undefined
  const module = fact.module ?? language.moduleForPath(fact.path)
  const action = cited.action as TargetAction
  const destination = destinationOf(cited, action)
  const destinationExists = destination !== undefined ? findFile(grounding, destination)?.exists : undefined
  return {
    ...(destinationExists !== undefined ? { destinationExists } : {}),
    name: fact.path,
    kind: 'file',
    action,
    signature: action === 'rename' || action === 'move' || action === 'remove',
    stepIds: [stepId],
    sentence: cited.sentence,
    ...(fact.exists ? { at: { path: fact.path, line: 1 } } : {}),
    ...(module ? { module } : {}),
    state: fact.outside ? 'outside' : fact.exists ? 'exists' : 'new',
    ...(destination ? { destination } : {})
  }
}

/** The repository files a sentence names, and the files its step names. */
function namedFiles(context: TargetContext, sentence: string, stepId: string): Set<string> {
  const files = new Set<string>()
  const add = (cited: string): void => {
    const fact = findFile(context.grounding, cited)
    if (fact?.exists && !fact.isDirectory) files.add(fact.path)
  }
  for (const match of sentence.matchAll(PATHISH)) add(match[0])
  for (const name of context.content.stepNames.get(stepId) ?? []) if (name.kind === 'file') add(name.name)
  return files
}
