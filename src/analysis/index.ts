/**
 * The analysis layer between the master plan's model and the documents: what the repository must be
 * asked (`groundingQueries`), then what the phase acts on, who that breaks, which line references
 * moved, which tests to write, what to ask, and what of the rest of the master plan to carry
 * (`analysePhase`). Pure: the grounding comes in as data.
 */
import type { Language } from '../grounding/language.js'
import type { Grounding, References } from '../grounding/types.js'
import type { MasterPlanModel, Section } from '../master-plan/model.js'
import { MARKERS, type PhaseContent } from '../master-plan/phase-content.js'
import { collectUnits, unitsInSpans, type Unit } from '../master-plan/units.js'
import { clarifications, type Clarification, type ProseSignature } from './clarifications.js'
import { phaseFiles, type PhaseFile } from './files.js'
import { keyMatcher, planFocus, type Focus } from './focus.js'
import { impactOf, usesOf, type Impact } from './impact.js'
import { codeNames, hasLineReference, lineReferences, type LineReference } from './line-references.js'
import { otherPhases, type OtherPhases } from './other-phases.js'
import { classWords, isLanguageName, languageNames, withoutReceiver } from './phase-names.js'
import { testPlan, type TestPlan } from './requirements.js'
import { phaseSamples, sampleNames, type PhaseSample } from './samples.js'
import {
  findFile,
  mentionedLocations,
  phaseTargets,
  sampleTargets,
  type Location,
  type Target
} from './targets.js'

export interface StepFacts {
  /** Files the sub-step touches: those it names and where its targets are defined. */
  readonly files: readonly string[]
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
    for (const fn of sample.definitions.functions)
      if (!fn.name.includes('.') && !known.has(fn.name)) refs.symbols.push(fn.name)
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
  const targets = [...cited, ...sampleTargets(samples, targetContext, cited)]
  const others = otherPhases(model, content.selection.requested, language)
  const impact = impactOf({
    targets,
    references: grounding.references,
    language,
    laterPhaseOf: name => others.laterPhaseOf(name)
  })
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
    mentioned: mentionedLocations(targetContext)
  })
  const keys = focusKeys(targets, content)
  const focus = planFocus(model, content, keys, new Set(testMentions))
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
    const found = usesOf(target, grounding.references, language)
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
    steps: stepFacts(content, targets, grounding, language),
    impact,
    lineReferences: references,
    tests,
    clarifications: asks,
    focus,
    entryPoints,
    reviewed: review
  }
}

/** Names the phase uses, absent from the repository and not its own, that an earlier phase creates. */
function earlierNames(
  content: PhaseContent,
  grounding: Grounding,
  language: Language,
  declared: ReadonlySet<string>,
  createdEarlier: (name: string) => string | undefined
): { name: string; phase: string }[] {
  const out: { name: string; phase: string }[] = []
  for (const name of languageNames(content.names, language)) {
    if (name.kind !== 'symbol' || name.action === 'create' || isLanguageName(name.name, language)) continue
    const bare = withoutReceiver(name.name, language)
    if (declared.has(bare) || declared.has(bare.split('.').pop() ?? bare)) continue
    const fact = grounding.symbols.find(symbol => symbol.name === name.name)
    if (fact && fact.definitions.length > 0) continue
    const phase = createdEarlier(bare)
    if (phase !== undefined && !out.some(known => known.name === bare)) out.push({ name: bare, phase })
  }
  return out
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
  language: Language
): Map<string, StepFacts> {
  const out = new Map<string, StepFacts>()
  for (const step of content.structure.steps) {
    const mine = targets.filter(target => target.stepIds.includes(step.id))
    const files = new Set<string>()
    for (const name of content.stepNames.get(step.id) ?? []) {
      if (name.kind !== 'file' && name.kind !== 'module') continue
      if (name.kind === 'module' && language.receivers.has(name.name.split('.')[0] ?? '')) continue
      const fact = findFile(grounding, name.name)
      if (fact && !fact.isDirectory && !fact.outside && (fact.exists || name.kind === 'file'))
        files.add(fact.path)
    }
    for (const target of mine) if (target.at && target.kind === 'symbol') files.add(target.at.path)
    out.set(step.id, { files: [...files], targets: mine })
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

/** Sections that collect open points ("Open questions", "Inconsistencies found"). */
const OPEN_TITLE =
  /\b(open questions?|unresolved|inconsisten\w*|to clarify|clarifications?|questions|to be addressed|tba)\b/i
/** An item of such a section that asks or reports something open, rather than answering it. */
const OPEN_ITEM = /\?|\b(questions?|decision needed|undecided|unclear|problem|issue|conflict|tbd|todo)\b/i
/** An answer: what it answers is settled. */
const SETTLED = /\b(answered|resolved|resolution|decided|decision made|done)\b/i

/**
 * Items outside the phase that are flagged open (a marker, or an open item of an "Open questions"
 * section not answered by the item after it) and touch this phase: they mention it, or name what it
 * acts on.
 */
function flaggedElsewhere(
  model: MasterPlanModel,
  content: PhaseContent,
  keys: readonly string[]
): { text: string; path: readonly string[] }[] {
  const matches = keyMatcher(keys)
  const mentions = new Set(content.crossReferences.map(mention => mention.unit))
  const out: { text: string; path: readonly string[] }[] = []
  for (const section of [...content.guidelines, ...content.keyed]) {
    const openSection = OPEN_TITLE.test(section.title) || section.path.some(title => OPEN_TITLE.test(title))
    // Open items wait for an answer: the next answer in the section settles every item since the last one.
    let pending: { text: string; path: readonly string[] }[] = []
    for (const unit of unitsInSpans(model, section.spans)) {
      if (unit.kind === 'code' || unit.kind === 'heading') continue
      if (SETTLED.test(unit.text)) {
        pending = []
        continue
      }
      const open = MARKERS.test(unit.text) || (openSection && OPEN_ITEM.test(unit.text))
      if (!open) continue
      const touches = section.keyedTo.length > 0 || mentions.has(unit) || (matches?.count(unit.text) ?? 0) > 0
      if (touches) pending.push({ text: unit.text, path: section.path })
      // A bold label opening a new entry ("**TBA-006: …**") closes the entry before it.
      if (/^\*\*[^*]+\*\*\s*$/.test(unit.text.trim())) {
        out.push(...pending.slice(0, -1))
        pending = pending.slice(-1)
      }
    }
    out.push(...pending)
  }
  return out
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

/** Units whose line references the plan may show: the phase's own, and outside sections' (headings too). */
function lineReferenceUnits(
  model: MasterPlanModel,
  content: PhaseContent
): { unit: Unit; names: string[] }[] {
  const out: { unit: Unit; names: string[] }[] = []
  for (const unit of content.units)
    if (unit.kind !== 'code' && hasLineReference(unit.text)) out.push({ unit, names: codeNames(unit.text) })
  for (const section of [...content.guidelines, ...content.keyed]) {
    const heading = section.headingSpan
    for (const block of model.blocks) {
      if (heading && block.start === heading.start)
        for (const unit of block.units)
          if (hasLineReference(unit.text)) out.push({ unit, names: headingNames(model, unit) })
    }
    for (const span of section.spans) {
      for (const block of model.blocks) {
        if (block.start < span.start || block.end > span.end) continue
        for (const unit of block.units)
          if (unit.kind !== 'code' && hasLineReference(unit.text))
            out.push({ unit, names: codeNames(unit.text) })
      }
    }
  }
  return out
}

/** The names a heading's section cites in its first units (what "Architecture (api.py:61-66)" points at). */
function headingNames(model: MasterPlanModel, heading: Unit): string[] {
  const section = model.sections.find(
    candidate => model.blocks[candidate.headingIndex]?.start === heading.start
  )
  if (!section) return []
  return sectionUnits(model, section)
    .slice(0, 8)
    .flatMap(unit => codeNames(unit.text))
}

function sectionUnits(model: MasterPlanModel, section: Section): Unit[] {
  return collectUnits(model.blocks, section.bodyStart, section.bodyEnd)
}

/** `name(a, b)` written in prose anywhere in the master plan, for the names the phase's samples define. */
function proseSignatures(model: MasterPlanModel, samples: readonly PhaseSample[]): ProseSignature[] {
  const wanted = new Set(
    samples.flatMap(sample => sample.definitions.functions.map(fn => fn.name.split('.').pop() ?? fn.name))
  )
  if (wanted.size === 0) return []
  const out: ProseSignature[] = []
  // `name(params)` or `Class.name(params)`; `obj.name(value)` through a variable is a call, not a signature.
  const SIGNATURE = /`((?:[A-Z]\w*\.)?[A-Za-z_]\w*)\(([A-Za-z_][^()`]*)\)`/g
  for (const section of model.sections) {
    const end = model.sections.find(
      other => other.headingIndex > section.headingIndex && other.headingIndex < section.bodyEnd
    )
    const to = end ? end.headingIndex : section.bodyEnd
    for (const unit of collectUnits(model.blocks, section.bodyStart, to)) {
      if (unit.kind === 'code') continue
      for (const match of unit.text.matchAll(SIGNATURE)) {
        const name = (match[1] ?? '').split('.').pop() ?? ''
        if (!wanted.has(name)) continue
        const params = (match[2] ?? '')
          .split(',')
          .map(param => param.trim().split(/[=:]/)[0]?.trim() ?? '')
          .filter(param => param && param !== 'self' && param !== 'cls')
        // A call with values (`resolve("mini")`) is not a signature.
        if (!params.every(param => /^\*{0,2}[A-Za-z_]\w*$/.test(param))) continue
        out.push({ name, params, path: section.path, context: `${section.path.join(' ')} ${unit.text}` })
      }
    }
  }
  return out
}

/** The files earlier phases create or change, resolved in the repository now. */
function reviewed(others: OtherPhases, grounding: Grounding, language: Language): PhaseAnalysis['reviewed'] {
  const out = new Map<string, { path: string; phase: string; exists: boolean }>()
  for (const phase of others.earlier()) {
    for (const name of phase.names) {
      if (name.action !== 'create' && name.action !== 'change') continue
      let location: Location | undefined
      if (name.kind === 'file') {
        const fact = findFile(grounding, name.name)
        if (fact && !fact.isDirectory && !fact.outside && language.isSourcePath(fact.path))
          location = { path: fact.path, line: 1 }
        if (fact && !out.has(fact.path) && location)
          out.set(fact.path, { path: fact.path, phase: phase.id, exists: fact.exists })
        continue
      }
      const fact = grounding.symbols.find(symbol => symbol.name === name.name)
      const paths = new Set((fact?.definitions ?? []).map(definition => definition.path))
      const [only] = paths
      if (only !== undefined && paths.size === 1 && language.isSourcePath(only) && !out.has(only))
        out.set(only, { path: only, phase: phase.id, exists: true })
    }
  }
  return [...out.values()]
}
