/**
 * The analysis layer between the master plan's model and the documents: what the repository must be
 * asked (`groundingQueries`), then what the phase acts on, who that breaks, which line references
 * moved, which tests to write, what to ask, and what of the rest of the master plan to carry
 * (`analysePhase`). Pure: the grounding comes in as data.
 */
import type { Language } from '../grounding/language.js'
import type { Grounding } from '../grounding/types.js'
import type { MasterPlanModel } from '../master-plan/model.js'
import type { PhaseContent } from '../master-plan/phase-content.js'
import type { Unit } from '../master-plan/units.js'
import { clarifications, type Clarification } from './clarifications.js'
import { phaseFiles, type PhaseFile } from './files.js'
import { planFocus, type Focus } from './focus.js'
import { toCallerSteps } from './caller-steps.js'
import { impactOf, type Impact } from './impact.js'
import { usesOf } from './uses.js'
import { headingNames, lineReferenceUnits, lineReferences, type LineReference } from './line-references.js'
import { flaggedElsewhere } from './open-items.js'
import { earlierNames, otherPhases, reviewed } from './other-phases.js'
import { classWords, withoutReceiver } from './phase-names.js'
import { testPlan, type TestPlan } from './requirements.js'
import { citesCode } from './grounding-queries.js'
import { importedNames, inheritance, moduleFiles } from './grounding-facts.js'
import { testHomes } from './test-homes.js'
import { phaseSamples, sampleNames, sampleOwners } from './samples.js'
import { proseSignatures } from './signatures.js'
import { findFile } from './definitions.js'
import {
  mentionedLocations,
  phaseTargets,
  sampleTargets,
  withSampleSignatures,
  type Target
} from './targets.js'

export { groundingQueries } from './grounding-queries.js'

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
  const others = otherPhases(model, content.selection.requested, language)
  const targets = withSampleSignatures(
    [...cited, ...sampleTargets(samples, targetContext, cited)],
    samples,
    grounding
  ).map(target => {
    // A file not there yet that an earlier phase creates is that phase's, not this one's to start.
    if (target.kind !== 'file' || target.state !== 'new') return target
    const phase = others.createdEarlier(target.name)
    return phase === undefined ? target : { ...target, createdBy: phase }
  })
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
