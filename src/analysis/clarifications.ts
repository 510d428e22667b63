/**
 * What a developer must ask before starting, and nothing else: open items the master plan flags that
 * touch the phase, conflicts inside the master plan (one name, two signatures or return types), line
 * references that no longer point at the code they name, and names defined nowhere — after the
 * language's own names, the repository's imports, the phase's own code, the master plan's code and
 * what earlier phases create are all resolved. Pure.
 */
import type { Language } from '../grounding/language.js'
import type { Grounding } from '../grounding/types.js'
import { BUILTIN_PATH } from '../grounding/types.js'
import type { MasterPlanModel } from '../master-plan/model.js'
import type { PhaseContent } from '../master-plan/phase-content.js'
import type { Step } from '../master-plan/steps.js'
import type { LineReference } from './line-references.js'
import { isLanguageName, languageNames, withoutReceiver } from './phase-names.js'
import { inAnySample, type PhaseSample } from './samples.js'
import { displayPath } from './section-path.js'
import { findFile } from './definitions.js'
import type { Target } from './targets.js'

export interface Clarification {
  /** Stable within one plan: `C1`, `C2`, … */
  readonly id: string
  readonly question: string
  /** Section path in the master plan. */
  readonly where: readonly string[]
  /** The step it blocks, when it sits inside one. */
  readonly stepId?: string
}

export interface ClarificationContext {
  readonly model: MasterPlanModel
  readonly content: PhaseContent
  readonly grounding: Grounding
  readonly language: Language
  readonly targets: readonly Target[]
  readonly samples: readonly PhaseSample[]
  readonly declared: ReadonlySet<string>
  /** Names the repository imports (packages and the names taken from them). */
  readonly imported: ReadonlySet<string>
  readonly lineReferences: readonly LineReference[]
  /** The earlier phase that creates a name, when one does. */
  readonly createdEarlier: (name: string) => string | undefined
  /** Signatures the master plan writes in its prose (`__init__(provider_manager)`), with where. */
  readonly proseSignatures: readonly ProseSignature[]
  /** Items other sections flag as open (TODO, "clarify", open questions) that touch this phase. */
  readonly flaggedElsewhere: readonly { readonly text: string; readonly path: readonly string[] }[]
}

export interface ProseSignature {
  readonly name: string
  readonly params: readonly string[]
  readonly path: readonly string[]
  /** Text around it (section title and unit), to tell which class it belongs to. */
  readonly context: string
}

const ASSIGNS = /\b(assign\w*|sets?|stor(?:e|es|ing)|initiali[sz]\w*|sav(?:e|es|ing)|keeps?)\b|=/i

export function clarifications(context: ClarificationContext): Clarification[] {
  const found: Omit<Clarification, 'id'>[] = []
  const { content } = context
  for (const item of content.unclear) {
    const stepId = stepAt(content.structure.steps, item.start) ?? stepFor(content.structure.steps, item.path)
    found.push({
      question: `${capitalise(item.detail)}: "${excerpt(item.text)}"`,
      where: item.path,
      ...(stepId ? { stepId } : {})
    })
  }
  for (const item of context.flaggedElsewhere) {
    found.push({
      question: `Flagged open in ${displayPath(context.model, item.path)}, about this phase: "${excerpt(item.text)}"`,
      where: item.path
    })
  }
  found.push(...signatureConflicts(context))
  for (const reference of context.lineReferences) {
    if (reference.state !== 'stale' || !reference.now) continue
    const at = reference.path ?? reference.cited ?? 'the file'
    const step = content.structure.steps.find(candidate =>
      [...(candidate.headingSpan ? [candidate.headingSpan] : []), ...candidate.spans].some(
        span => reference.start >= span.start && reference.end <= span.end
      )
    )
    const now =
      reference.now.from === reference.now.to
        ? `${reference.now.from}`
        : `${reference.now.from}-${reference.now.to}`
    found.push({
      question: `\`${reference.text}\` is stale: \`${reference.now.name}\` is at \`${at}:${now}\` now, and this plan uses that line. Confirm it is the code the master plan means.`,
      where: step?.path ?? [],
      ...(step ? { stepId: step.id } : {})
    })
  }
  for (const name of undefinedNames(context)) {
    const what = name.kind === 'file' ? 'file' : name.kind === 'module' ? 'module' : 'name'
    found.push({
      question: `The ${what} \`${name.name}\` is defined nowhere: not in the repository, not in the master plan's code, not created by this or an earlier phase: "${excerpt(name.sentence)}"`,
      where: []
    })
  }
  return found.map((item, index) => ({ id: `C${index + 1}`, ...item }))
}

function undefinedNames(context: ClarificationContext) {
  const { content, grounding, language } = context
  const targets = new Map(context.targets.map(target => [target.name, target]))
  return languageNames(content.names, language).filter(name => {
    // What the phase creates is new; what it removes, moves or renames and is gone already is done.
    if (name.action !== 'change' && name.action !== 'mention') return false
    if (language.isTestName(name.name) || isLanguageName(name.name, language)) return false
    if (language.isSpecialName(name.name)) return false
    const bare = withoutReceiver(name.name, language)
    const first = bare.split('.')[0] ?? bare
    const last = bare.split('.').pop() ?? bare
    if (context.declared.has(bare) || context.declared.has(last) || context.imported.has(first)) return false
    if (context.imported.has(last) || targets.get(bare)?.state === 'exists') return false
    // Defined anywhere in the repository, a nested function included; or written there as a word (a
    // label the program prints is text, not a name to define).
    if (grounding.references.some(use => use.kind === 'definition' && use.name === last)) return false
    if (grounding.seen?.includes(last)) return false
    if (context.createdEarlier(bare) !== undefined) return false
    // `self.x` set by the phase's own words ("assign … to self.x", "store it in self.x") is its to create.
    if (bare !== name.name && ASSIGNS.test(name.sentence)) return false
    if (name.kind === 'symbol') {
      const fact = grounding.symbols.find(symbol => symbol.name === name.name)
      if (fact?.definitions.some(definition => definition.path !== BUILTIN_PATH)) return false
      if (findFile(grounding, name.name)?.exists) return false
      return !inAnySample(context.model, bare)
    }
    const fact = findFile(grounding, name.name)
    if (!fact || fact.exists || fact.outside || fact.candidates) return false
    if (name.kind === 'module') {
      // `config.providers` may be attribute access: only a missing module of a known package is unclear.
      const known = grounding.files.some(
        file =>
          file.exists && (file.module === first || file.path === first || file.path.startsWith(`${first}/`))
      )
      if (!known) return false
    }
    // A file the phase only mentions in passing, with no action, is not a question either.
    return name.action !== 'mention' && !inAnySample(context.model, last)
  })
}

/** One name, two parameter lists or return types: in the phase's samples, other samples, or prose. */
function signatureConflicts(context: ClarificationContext): Omit<Clarification, 'id'>[] {
  const out: Omit<Clarification, 'id'>[] = []
  for (const sample of context.samples) {
    for (const fn of sample.definitions.functions) {
      const [owner, method] = fn.name.includes('.') ? fn.name.split('.') : [undefined, fn.name]
      const mine = `(${fn.params.join(', ')})`
      const others = context.proseSignatures.filter(
        signature =>
          signature.name === method &&
          (owner === undefined ? true : signature.context.includes(owner)) &&
          signature.params.join(', ') !== fn.params.join(', ')
      )
      const seen = new Set<string>()
      for (const other of others) {
        const theirs = `(${other.params.join(', ')})`
        if (seen.has(theirs)) continue
        seen.add(theirs)
        out.push({
          question: `\`${fn.name}\` has two signatures in the master plan: \`${mine}\` in this phase's code and \`${theirs}\` in ${displayPath(context.model, other.path)}. Which one is meant?`,
          where: other.path,
          ...(sample.stepId ? { stepId: sample.stepId } : {})
        })
      }
    }
  }
  return out
}

/** The step whose text holds offset `at`: steps of one section share its path, not their place. */
function stepAt(steps: readonly Step[], at: number): string | undefined {
  return steps.find(step => step.spans.some(span => span.start <= at && at < span.end))?.id
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

export { findFile }
