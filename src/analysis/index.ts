/**
 * The analysis layer between the master plan's model and the documents: what the repository must be
 * asked (`groundingQueries`), then what the phase acts on, who that breaks, which line references
 * moved, which tests to write, what to ask, and what of the rest of the master plan to carry
 * (`analysePhase`). Pure: the grounding comes in as data.
 */
import type { Language } from '../grounding/language.js'
import type { Grounding, References } from '../grounding/types.js'
import type { MasterPlanModel } from '../master-plan/model.js'
import type { PhaseContent } from '../master-plan/phase-content.js'
import type { Unit } from '../master-plan/units.js'
import { clarifications, type Clarification } from './clarifications.js'
import { phaseFiles, type PhaseFile } from './files.js'
import { planFocus, type Focus } from './focus.js'
import { toCallerSteps } from './caller-steps.js'
import { impactOf, usesOf, type Impact } from './impact.js'
import { headingNames, lineReferenceUnits, lineReferences, type LineReference } from './line-references.js'
import { flaggedElsewhere } from './open-items.js'
import { earlierNames, otherPhases, reviewed } from './other-phases.js'
import { classWords, isLanguageName, languageNames, withoutReceiver } from './phase-names.js'
import { testPlan, type TestPlan } from './requirements.js'
import { testHomes } from './test-homes.js'
import { phaseSamples, sampleNames, type PhaseSample } from './samples.js'
import { proseSignatures } from './signatures.js'
import {
  findFile,
  mentionedLocations,
  phaseTargets,
  sampleTargets,
  withSampleSignatures,
  type Target
} from './targets.js'

export interface StepFacts {
  /** Files the sub-step touches: those it names and where its targets are defined. */
  readonly files: readonly string[]
  /** Files the sub-step only reads ("Examine `x.py` …"). */
  readonly reads: readonly string[]
  readonly targets: readonly Target[]
}

export interface PhaseAnalysis {
  /** The files the phase touches, as they stand now and why. */
  readonly files: readonly PhaseFile[]
  readonly targets: readonly Target[]
  /** How much of the repository uses each target that exists (by target name). */
  readonly uses: ReadonlyMap<
    string,
    { readonly uses: number; readonly files: number; readonly tests: number }
  >
  readonly steps: ReadonlyMap<string, StepFacts>
  readonly impact: Impact
  readonly lineReferences: readonly LineReference[]
  readonly tests: TestPlan
  readonly clarifications: readonly Clarification[]
  readonly focus: Focus
  /** Modules that start the application, when the phase asks to start it. */
  readonly entryPoints: readonly string[]
  /** Names this phase uses that an earlier phase creates and the repository does not have yet. */
  readonly fromEarlier: readonly { readonly name: string; readonly phase: string }[]
  /** For a phase that names no code: the files earlier phases create or change, with the phase. */
  readonly reviewed: readonly { readonly path: string; readonly phase: string; readonly exists: boolean }[]
}

/** A phase that asks to start, run or launch the application needs to know where it starts. */
const RUNS_APPLICATION =
  /\b(?:application|app)\s+(?:starts?|runs?|launch\w*)\b|\b(?:start|run|launch)(?:s|ing)?\s+the\s+(?:application|app)\b/i

export function groundingQueries(
  model: MasterPlanModel,
  content: PhaseContent,
  language: Language
): References {
  const refs = {
    files: [] as string[],
    modules: [] as string[],
    symbols: [] as string[],
    watch: [] as string[]
  }
  const watch = new Set<string>()
  const names = languageNames(content.names, language)
  for (const name of names) {
    if (name.kind === 'file') refs.files.push(name.name)
    else if (name.kind === 'module') refs.modules.push(name.name)
    else refs.symbols.push(name.name)
    if (isLanguageName(name.name, language)) continue
    const bare = withoutReceiver(name.name, language)
    if (name.kind === 'file') {
      const module = language.moduleForPath(name.name.replace(/^\.?\//, ''))
      if (module) watch.add(module.split('.').pop() ?? module)
    } else watch.add(bare.split('.').pop() ?? bare)
    // A constructor changes how its class is called.
    if (bare.endsWith('.__init__')) watch.add(bare.split('.').slice(-2)[0] ?? bare)
  }
  const texts = content.units.map(unit => unit.text)
  const known = new Set(refs.symbols)
  // The class of a member the phase names (`RateEntry.tax_on`): where a new member goes.
  for (const name of [...refs.symbols]) {
    const owner = name.split('.')[0] ?? ''
    if (name.includes('.') && /^[A-Z]/.test(owner) && !known.has(owner)) {
      known.add(owner)
      refs.symbols.push(owner)
    }
  }
  for (const word of classWords(texts)) if (!known.has(word)) refs.symbols.push(word)
  for (const { unit, names: cited } of lineReferenceUnits(model, content)) {
    for (const file of unit.text.matchAll(/(\b[\w./-]*\w\.[A-Za-z]\w{0,5}):\d/g))
      if (file[1]) refs.files.push(file[1])
    for (const name of cited) {
      if (isLanguageName(name, language)) continue
      if (!known.has(name)) refs.symbols.push(name)
      watch.add(withoutReceiver(name, language).split('.').pop() ?? name)
    }
  }
  for (const unit of content.testItems) for (const name of language.testNamesIn(unit.text)) watch.add(name)
  for (const sample of phaseSamples(model, content, language)) {
    for (const cls of sample.definitions.classes) if (!known.has(cls.name)) refs.symbols.push(cls.name)
    for (const fn of sample.definitions.functions) {
      if (!fn.name.includes('.') && !known.has(fn.name)) refs.symbols.push(fn.name)
      // A sample may give an existing function another signature: its uses are wanted.
      const last = fn.name.split('.').pop() ?? fn.name
      if (!/^__\w+__$/.test(last)) watch.add(last)
    }
  }
  if (!citesCode(content, language)) {
    for (const phase of otherPhases(model, content.selection.requested, language).earlier()) {
      for (const name of phase.names) {
        if (name.action !== 'create' && name.action !== 'change') continue
        if (name.kind === 'file') refs.files.push(name.name)
        else if (name.kind === 'symbol' && !isLanguageName(name.name, language)) refs.symbols.push(name.name)
      }
    }
  }
  return {
    ...refs,
    watch: [...watch].filter(Boolean),
    ...(RUNS_APPLICATION.test(texts.join('\n')) ? { entryPoints: true } : {})
  }
}

/** Whether the phase's own text names any code (files, modules or names that are not the language's). */
function citesCode(content: PhaseContent, language: Language): boolean {
  return content.names.some(name => !isLanguageName(name.name, language) && !language.isTestName(name.name))
}

export interface AnalysisInput {
  readonly model: MasterPlanModel
  readonly content: PhaseContent
  readonly grounding: Grounding
  readonly language: Language
  /** Every file of the repository. */
  readonly repositoryFiles: readonly string[]
}

export function analysePhase(input: AnalysisInput): PhaseAnalysis {
  const { model, content, grounding, language } = input
  const samples = phaseSamples(model, content, language)
  const declared = sampleNames(samples)
  for (const name of content.names) {
    if (name.action !== 'create') continue
    const bare = withoutReceiver(name.name, language)
    declared.add(bare)
    declared.add(bare.split('.').pop() ?? bare)
  }
  const imported = importedNames(grounding)
  const targetContext = {
    content,
    grounding,
    language,
    declared,
    imported,
    classWords: classWords(content.units.map(unit => unit.text)),
    sampleOwners: sampleOwners(samples)
  }
  const cited = phaseTargets(targetContext)
  const targets = withSampleSignatures(
    [...cited, ...sampleTargets(samples, targetContext, cited)],
    samples,
    grounding
  )
  const others = otherPhases(model, content.selection.requested, language)
  const isA = inheritance(grounding)
  const isClass = (name: string): boolean => grounding.classBases?.[name] !== undefined
  const impact = toCallerSteps(
    impactOf({
      targets,
      references: grounding.references,
      language,
      laterPhaseOf: name => others.laterPhaseOf(name),
      isA,
      isClass
    }),
    model,
    content
  )
  const references = lineReferences({
    model,
    units: lineReferenceUnits(model, content).map(entry => entry.unit),
    sectionNames: heading => headingNames(model, heading),
    grounding
  })
  const testMentions = testMentionsOf(content)
  const testItems = [...content.testItems, ...testMentions]
  const tests = testPlan({
    model,
    content,
    language,
    layout: grounding.testLayout,
    targets,
    samples,
    testItems,
    testExists: name =>
      grounding.references.find(
        use => use.kind === 'definition' && use.name === name && language.isTestModule(use.path)
      )?.path,
    mentioned: mentionedLocations(targetContext),
    testHome: testHomes(grounding.testImports ?? {}, language, grounding.testLayout, moduleFiles(input)),
    classFile: name => {
      const classes = (grounding.symbols.find(symbol => symbol.name === name)?.definitions ?? []).filter(
        definition => definition.kind === 'class'
      )
      return classes.length === 1 ? classes[0]?.path : undefined
    },
    changedCallers: new Set(
      [...impact.callers.values()]
        .flat()
        .flatMap(caller =>
          caller.within ? [caller.within, caller.within.split('.').pop() ?? caller.within] : []
        )
    )
  })
  const keys = focusKeys(targets, content)
  const focus = planFocus(model, content, keys, new Set(testMentions))
  // A rename's or move's new name is the phase's own: it is defined by the phase.
  for (const target of targets) {
    if ((target.action !== 'rename' && target.action !== 'move') || !target.destination) continue
    const last = target.destination.split('.').pop() ?? target.destination
    declared.add(target.destination)
    declared.add(last)
  }
  const asks = clarifications({
    model,
    content,
    grounding,
    language,
    targets,
    samples,
    declared,
    imported,
    lineReferences: references,
    createdEarlier: name => others.createdEarlier(name),
    proseSignatures: proseSignatures(model, samples),
    flaggedElsewhere: flaggedElsewhere(model, content, keys)
  })
  const entryPoints = grounding.entryPoints ?? []
  const review = citesCode(content, language) ? [] : reviewed(others, grounding, language)
  const files = phaseFiles({
    content,
    grounding,
    language,
    targets,
    impact,
    requirements: tests.requirements,
    entryPoints,
    reviewed: review,
    createdEarlier: name => others.createdEarlier(name),
    repositoryFiles: new Set(input.repositoryFiles)
  })
  const uses = new Map<string, { uses: number; files: number; tests: number }>()
  for (const target of targets) {
    if (target.state !== 'exists') continue
    const found = usesOf(target, grounding.references, language, isA, isClass)
    uses.set(target.name, {
      uses: found.length,
      files: new Set(found.map(use => use.path)).size,
      tests: found.filter(use => language.isTestPath(use.path)).length
    })
  }
  const fromEarlier = earlierNames(content, grounding, language, declared, name =>
    others.createdEarlier(name)
  )
  return {
    files,
    targets,
    uses,
    fromEarlier,
    steps: stepFacts(
      content,
      targets,
      grounding,
      language,
      new Set(files.filter(file => file.readOnly).map(file => file.path))
    ),
    impact,
    lineReferences: references,
    tests,
    clarifications: asks,
    focus,
    entryPoints,
    reviewed: review
  }
}

/** The repository's source file for each dotted module. */
function moduleFiles(input: AnalysisInput): (module: string) => string | undefined {
  const files = new Map<string, string>()
  for (const file of input.repositoryFiles) {
    if (!input.language.isSourcePath(file)) continue
    const module = input.language.moduleForPath(file)
    if (module !== undefined && !files.has(module)) files.set(module, file)
  }
  return module => files.get(module)
}

/** Whether a class is another or inherits from it, through the bases the repository gives (cycles stop). */
function inheritance(grounding: Grounding): (cls: string, owner: string) => boolean {
  const bases = grounding.classBases ?? {}
  return (cls, owner) => {
    const seen = new Set<string>()
    const queue = [cls]
    while (queue.length > 0) {
      const next = queue.shift() ?? ''
      if (next === owner) return true
      if (seen.has(next)) continue
      seen.add(next)
      queue.push(...(bases[next] ?? []))
    }
    return false
  }
}

/** Method → class, from the classes the phase's samples define (the first class wins a shared name). */
function sampleOwners(samples: readonly PhaseSample[]): Map<string, string> {
  const owners = new Map<string, string>()
  for (const sample of samples)
    for (const cls of sample.definitions.classes)
      for (const method of cls.methods) if (!owners.has(method)) owners.set(method, cls.name)
  return owners
}

/** Names the repository imports from outside itself: packages, and the names taken from them. */
function importedNames(grounding: Grounding): Set<string> {
  const names = new Set<string>()
  for (const use of grounding.references) {
    if (use.kind !== 'import' || !use.external) continue
    names.add(use.name)
    if (use.fromModule) names.add(use.fromModule.replace(/^\.+/, '').split('.')[0] ?? use.fromModule)
  }
  return names
}

/** Files each sub-step touches, and its targets. */
function stepFacts(
  content: PhaseContent,
  targets: readonly Target[],
  grounding: Grounding,
  language: Language,
  readOnly: ReadonlySet<string>
): Map<string, StepFacts> {
  const out = new Map<string, StepFacts>()
  for (const step of content.structure.steps) {
    const mine = targets.filter(target => target.stepIds.includes(step.id))
    const files = new Set<string>()
    const reads = new Set<string>()
    for (const name of content.stepNames.get(step.id) ?? []) {
      if (name.kind !== 'file' && name.kind !== 'module') continue
      if (name.kind === 'module' && language.receivers.has(name.name.split('.')[0] ?? '')) continue
      const fact = findFile(grounding, name.name)
      if (fact && !fact.isDirectory && !fact.outside && (fact.exists || name.kind === 'file'))
        (readOnly.has(fact.path) ? reads : files).add(fact.path)
    }
    for (const target of mine) {
      if (target.at && target.kind === 'symbol') files.add(target.at.path)
      if (target.home) files.add(target.home)
    }
    for (const path of files) reads.delete(path)
    out.set(step.id, { files: [...files], reads: [...reads], targets: mine })
  }
  return out
}

/** The words that mark a passage elsewhere in the master plan as about this phase's work. */
function focusKeys(targets: readonly Target[], content: PhaseContent): string[] {
  const keys = new Set<string>()
  for (const target of targets) {
    if (target.kind === 'file') {
      keys.add(target.name)
      const stem =
        target.name
          .split('/')
          .pop()
          ?.replace(/\.\w+$/, '') ?? ''
      if (/[A-Z_]/.test(stem)) keys.add(stem)
    } else {
      const last = target.name.split('.').pop() ?? target.name
      if (!/^__\w+__$/.test(last)) keys.add(last)
    }
  }
  for (const name of content.names) if (name.kind === 'file' && name.action !== 'mention') keys.add(name.name)
  return [...keys]
}

/** Mentions of this phase elsewhere that describe its tests ("Phase 2: Unit tests for …"). */
function testMentionsOf(content: PhaseContent): Unit[] {
  const TESTISH = /\b(tests?|testing|pytest|verif\w*|acceptance|assert\w*)\b/i
  const own = new Set(content.testItems)
  return content.crossReferences
    .map(mention => mention.unit)
    .filter(
      unit => !own.has(unit) && unit.kind !== 'heading' && unit.kind !== 'code' && TESTISH.test(unit.text)
    )
}
