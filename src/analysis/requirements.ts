/**
 * The tests a developer would write for a phase: one test module per module under test, named the way
 * the repository names its tests; in it one named test per behaviour the phase states — each branch of
 * each function of its code samples, each behavioural item of its prose — with the expected result the
 * master plan gives; the master plan's own test items, each mapped to a named test; one "is removed"
 * test per thing it removes, never a "still works" test of it. Pure.
 */
import type { Language } from '../grounding/language.js'
import type { TestLayout } from '../grounding/types.js'
import type { MasterPlanModel } from '../master-plan/model.js'
import type { PhaseContent } from '../master-plan/phase-content.js'
import type { Unit } from '../master-plan/units.js'
import { codeNames } from './line-references.js'
import type { PhaseSample } from './samples.js'
import type { Target, TargetAction } from './targets.js'
import {
  boldLabel,
  CHECK_ONLY,
  describesTest,
  isHeader,
  isLeafItem,
  listedCases,
  parentText,
  stepLocator,
  stepTestFile,
  testFileIn
} from './test-items.js'
import {
  bare,
  behaviourWords,
  branchExpectation,
  branchWords,
  describe,
  flat,
  splitWords,
  subjectWord
} from './test-names.js'

export type RequirementOrigin = 'master plan' | 'branch' | 'behaviour' | 'removal' | 'creation'

export interface TestRequirement {
  readonly testFile: string
  readonly testName: string
  /** The name under test (`ProviderManager.resolve`), or the item's subject. */
  readonly subject: string
  readonly origin: RequirementOrigin
  /** What the test checks and the result it expects, in the master plan's words where it has them. */
  readonly expected: string
  readonly stepId?: string
  /** What the phase does to the subject (for the status file's evidence). */
  readonly action: TargetAction
}

export interface TestItem {
  readonly unit: Unit
  /** The sub-step whose text holds it; undefined for items from other sections (quoted in the test part). */
  readonly stepId?: string
  /** The tests that carry it out. */
  readonly tests: readonly string[]
}

export interface TestPlan {
  readonly requirements: readonly TestRequirement[]
  readonly items: readonly TestItem[]
}

export interface RequirementContext {
  readonly model: MasterPlanModel
  readonly content: PhaseContent
  readonly language: Language
  readonly layout: TestLayout
  readonly targets: readonly Target[]
  readonly samples: readonly PhaseSample[]
  /** Test items: the phase's own and those other sections say about it. */
  readonly testItems: readonly Unit[]
  /** The test module that defines a test function of that name now, if any (it is ported, not written). */
  readonly testExists: (name: string) => string | undefined
  /** Where names the phase mentions without acting on them are defined (by bare and cited name). */
  readonly mentioned: ReadonlyMap<string, { readonly name: string; readonly at: { readonly path: string } }>
}

const BEHAVIOUR =
  /\b(returns?|raises?|yields?|if|when|unless|otherwise|else|invalidat\w*|cach\w*|stores?|sets?|rejects?|accepts?|prints?|logs?|fails?|only|never|always|initiali[sz]ed?|filters?|sorts?|ranks?|routes?|delegates?)\b/i
export function testPlan(context: RequirementContext): TestPlan {
  const { content, language } = context
  const requirements: TestRequirement[] = []
  const names = new Set<string>()
  const add = (requirement: TestRequirement): TestRequirement => {
    let name = requirement.testName
    for (let n = 2; names.has(`${requirement.testFile}::${name}`); n++) name = `${requirement.testName}_${n}`
    names.add(`${requirement.testFile}::${name}`)
    const unique = { ...requirement, testName: name }
    requirements.push(unique)
    return unique
  }
  const primary = primaryTestFile(context)
  const stepOf = stepLocator(content)
  const testItemSet = new Set(context.testItems)
  const items: TestItem[] = []

  // The master plan's own test items first: their names and files are the master plan's.
  const explicitSubjects = new Set<string>()
  const explicitNames = new Set<string>()
  for (const unit of context.testItems) {
    const stepId = stepOf(unit)
    const written =
      testFileIn(unit.text, context) ??
      testFileIn(parentText(context, unit), context) ??
      stepTestFile(context, stepId) ??
      primary
    const file = renamed(context, written)
    const explicit = language.testNamesIn(unit.text)
    const tests: string[] = []
    for (const name of explicit) {
      if (explicitNames.has(name)) continue
      explicitNames.add(name)
      const existing = context.testExists(name)
      // A test the repository has is ported where the item says, or left to the failing-tests list.
      if ((existing !== undefined && existing === written) || name.includes('.')) continue
      for (const code of codeNames(unit.text)) explicitSubjects.add(bare(code))
      tests.push(
        add({
          testFile: renamed(context, file),
          testName: name,
          subject: subjectIn(unit.text, context) ?? name,
          origin: 'master plan',
          expected: existing ? `moved here from \`${existing}\`` : describe(unit.text, name, explicit),
          ...(stepId ? { stepId } : {}),
          action: 'create'
        }).testName
      )
    }
    // An item of the phase's own text that describes tests without naming them gets a name for each
    // (`Add tests for A, B, and C` is three); items from other sections are mapped to the tests that
    // carry them out (below), not made into more.
    const own = content.units.includes(unit)
    if (
      own &&
      explicit.length === 0 &&
      isLeafItem(context, unit) &&
      describesTest(unit.text, parentText(context, unit), context, stepId)
    ) {
      const label = boldLabel(unit.text)
      const subject = subjectIn(unit.text, context)
      const cases = listedCases(unit.text)
      const named =
        cases.length > 1
          ? cases.map(text => ({ words: splitWords(text), expected: `${text} (${label ?? 'listed case'})` }))
          : [
              {
                words: label ? splitWords(label) : behaviourWords(unit.text, subject),
                expected: flat(unit.text)
              }
            ]
      for (const { words, expected } of named) {
        if (words.length === 0) continue
        tests.push(
          add({
            testFile: file,
            testName: language.testName(words),
            subject: subject ?? label ?? '',
            origin: 'master plan',
            expected,
            ...(stepId ? { stepId } : {}),
            action: 'create'
          }).testName
        )
      }
    }
    items.push({ unit, ...(stepId && content.units.includes(unit) ? { stepId } : {}), tests })
  }

  // One test per branch of each function the phase's code samples define.
  const covered = new Set<string>()
  for (const sample of context.samples) {
    const file = testFileFor(sampleHome(context, sample), context) ?? primary
    for (const fn of sample.definitions.functions) {
      const name = bare(fn.name)
      if (
        namedByPlan(explicitNames, fn.name, language) ||
        explicitSubjects.has(name) ||
        isMovedOrRemoved(context.targets, fn.name)
      )
        continue
      // A branch that only updates a local on its way (a running maximum) is no behaviour of its own.
      const ends = fn.branches.some(branch => branch.terminal && branch.kind !== 'path')
      for (const branch of fn.branches) {
        if (branch.outcome === undefined || (!branch.terminal && ends)) continue
        if (!branch.terminal && fn.branches.some(other => other.kind === 'path')) continue
        add({
          testFile: file,
          testName: language.testName([subjectWord(fn.name), ...branchWords(branch, fn)]),
          subject: fn.name,
          origin: 'branch',
          expected: branchExpectation(branch),
          ...(sample.stepId ? { stepId: sample.stepId } : {}),
          action: actionOf(context.targets, fn.name)
        })
        covered.add(name)
        covered.add(fn.name.split('.')[0] ?? fn.name)
      }
    }
  }

  // One test per behavioural item of the prose, for names the samples do not already cover.
  for (const unit of content.units) {
    if (unit.kind !== 'list-item' || testItemSet.has(unit) || !isLeafItem(context, unit)) continue
    const text = flat(unit.text)
    if (CHECK_ONLY.test(text) || !BEHAVIOUR.test(text) || /\bimports?\b/i.test(text)) continue
    const parent = parentText(context, unit)
    // "Update `f()` to:" opens a list of what f does: its items are f's behaviours.
    const subject =
      (isHeader(parent) ? resolveSubject(parent, context) : undefined) ?? resolveSubject(unit.text, context)
    if (!subject || covered.has(bare(subject.name)) || subject.action === 'remove') continue
    if (namedByPlan(explicitNames, subject.name, language)) continue
    const stepId = stepOf(unit)
    add({
      testFile: testFileFor(subject.home, context) ?? primary,
      testName: language.testName([subjectWord(subject.name), ...behaviourWords(unit.text, subject.name)]),
      subject: subject.name,
      origin: 'behaviour',
      expected: text,
      ...(stepId ? { stepId } : {}),
      action: subject.action
    })
  }

  // What the phase removes: one test that it is gone. What it creates and nothing above tests: one test.
  const tested = new Set(
    requirements.flatMap(requirement =>
      requirement.subject.split('.').map(part => part.replace(/\(.*\)$/, ''))
    )
  )
  for (const name of explicitNames) tested.add(name)
  for (const target of context.targets) {
    if (target.kind !== 'symbol') continue
    const name = bare(target.name)
    if (target.action === 'remove' && target.state === 'exists') {
      add({
        testFile: testFileFor(target.at?.path, context) ?? primary,
        testName: language.testName([subjectWord(target.name), 'is', 'removed']),
        subject: target.name,
        origin: 'removal',
        expected: `\`${target.name}\` is gone: looking it up fails.`,
        ...(target.stepIds[0] ? { stepId: target.stepIds[0] } : {}),
        action: 'remove'
      })
    } else if (
      target.action === 'create' &&
      !tested.has(name) &&
      !covered.has(name) &&
      !namedByPlan(explicitNames, target.name, language)
    ) {
      add({
        testFile: testFileFor(target.at?.path ?? homeOfNew(context, target), context) ?? primary,
        testName: language.testName([
          subjectWord(target.name),
          ...behaviourWords(target.sentence, target.name)
        ]),
        subject: target.name,
        origin: 'creation',
        expected: target.sentence
          ? flat(target.sentence)
          : `does what the code sample of step ${target.stepIds[0] ?? ''} does`,
        ...(target.stepIds[0] ? { stepId: target.stepIds[0] } : {}),
        action: 'create'
      })
    }
  }

  // Items that describe tests without naming one: mapped to the tests of the names they cite.
  const mapped = items.map(item => {
    if (item.tests.length > 0) return item
    const cited = new Set(codeNames(item.unit.text).map(bare))
    const tests = requirements
      .filter(requirement => cited.has(bare(requirement.subject)))
      .map(r => r.testName)
    return { ...item, tests }
  })
  return { requirements, items: mapped }
}

// ── where tests go ──────────────────────────────────────────────────────────────────────────────────

function testFileFor(home: string | undefined, context: RequirementContext): string | undefined {
  if (!home || !context.language.isSourcePath(home)) return undefined
  return renamed(context, context.language.testFileFor(renamed(context, home), context.layout))
}

/** A file this phase renames or moves is written to under its new name. */
function renamed(context: RequirementContext, path: string): string {
  const target = context.targets.find(
    candidate =>
      candidate.kind === 'file' &&
      candidate.name === path &&
      (candidate.action === 'rename' || candidate.action === 'move')
  )
  return target?.destination ?? path
}

/** Whether the master plan names a test of this subject (`test_resolve_by_alias` for `resolve`). */
function namedByPlan(names: ReadonlySet<string>, subject: string, language: Language): boolean {
  const stem = language.testName([subjectWord(subject)])
  for (const name of names) if (name === stem || name.startsWith(`${stem}_`)) return true
  return false
}

/** The test module of the first source file the phase creates or changes; the layout's default otherwise. */
function primaryTestFile(context: RequirementContext): string {
  const named = context.testItems.map(unit => testFileIn(unit.text, context)).find(Boolean)
  if (named) return named
  for (const target of context.targets) {
    const home = target.at?.path ?? (target.kind === 'file' ? target.name : undefined)
    const file = testFileFor(home, context)
    if (file && (target.action === 'create' || target.action === 'change')) return file
  }
  return context.language.testModuleFor(['phase', context.content.selection.requested], context.layout)
}

/**
 * Where a sample's code goes: the file its first line names (`# app/api.py`), else the file the text
 * right before it names ("Implement the endpoints (`app/api/health.py`)"), else the source file its step
 * creates or changes, else where its class lives now.
 */
function sampleHome(context: RequirementContext, sample: PhaseSample): string | undefined {
  const { language } = context
  const isSource = (path: string): boolean => language.isSourcePath(path) && !language.isTestPath(path)
  const firstLine = sample.unit.text.split('\n')[0] ?? ''
  const inComment = [...firstLine.matchAll(SOURCE_PATH)].map(match => match[0]).find(isSource)
  if (inComment) return known(context, inComment)
  const units = context.content.units
  for (let index = units.indexOf(sample.unit) - 1; index >= 0; index--) {
    const unit = units[index]
    if (!unit || unit.kind === 'code') break
    const named = [...unit.text.matchAll(SOURCE_PATH)].map(match => match[0]).filter(isSource)
    const last = named[named.length - 1]
    if (last) return known(context, last)
  }
  const inStep = context.targets.filter(
    target => target.kind === 'file' && sample.stepId !== undefined && target.stepIds.includes(sample.stepId)
  )
  const file = inStep.find(target => isSource(target.name))
  if (file) return file.name
  for (const cls of sample.definitions.classes) {
    const target = targetNamed(context.targets, cls.name)
    if (target?.at) return target.at.path
  }
  for (const fn of sample.definitions.functions) {
    const target = targetNamed(context.targets, fn.name)
    if (target?.at) return target.at.path
  }
  return undefined
}

const SOURCE_PATH = /[\w./-]*\w\.[A-Za-z]{1,4}\b/g

/** A path as the phase's targets spell it (the bare `api.py` the text wrote is `pkg/api.py`). */
function known(context: RequirementContext, path: string): string {
  const clean = path.replace(/^\.?\//, '')
  const target = context.targets.find(
    candidate =>
      candidate.kind === 'file' && (candidate.name === clean || candidate.name.endsWith(`/${clean}`))
  )
  return target?.name ?? clean
}

/** A new name lives in the source file its step creates or changes. */
function homeOfNew(context: RequirementContext, target: Target): string | undefined {
  const owner = target.name.includes('.')
    ? targetNamed(context.targets, target.name.split('.')[0] ?? '')
    : undefined
  if (owner?.at) return owner.at.path
  const file = context.targets.find(
    other =>
      other.kind === 'file' &&
      context.language.isSourcePath(other.name) &&
      !context.language.isTestPath(other.name) &&
      other.stepIds.some(id => target.stepIds.includes(id))
  )
  return file?.name
}

// ── reading the master plan's items ─────────────────────────────────────────────────────────────────

/** The first name the text cites that the phase acts on, else the first code name that is not the language's. */
function subjectIn(text: string, context: RequirementContext): string | undefined {
  const names = codeNames(text).filter(name => !context.language.isTestName(bare(name)))
  const acted = names.find(name => targetNamed(context.targets, name))
  if (acted) return targetNamed(context.targets, acted)?.name
  return names.find(name => context.language.knownName(name) === undefined && !/\.\w{1,4}$/.test(name))
}

/** The first name a text cites that the phase acts on or that the repository defines in context. */
function resolveSubject(
  text: string,
  context: RequirementContext
): { name: string; home: string | undefined; action: TargetAction } | undefined {
  for (const cited of codeNames(text)) {
    if (
      context.language.isTestName(bare(cited)) ||
      context.language.knownName(cited) !== undefined ||
      /\.\w{1,4}$/.test(cited)
    )
      continue
    const target = targetNamed(context.targets, cited)
    if (target && target.kind === 'symbol')
      return { name: target.name, home: target.at?.path ?? homeOfNew(context, target), action: target.action }
    const known = context.mentioned.get(cited) ?? context.mentioned.get(bare(cited))
    if (known) return { name: known.name, home: known.at.path, action: 'change' }
  }
  return undefined
}

function targetNamed(targets: readonly Target[], name: string): Target | undefined {
  const wanted = bare(name)
  return (
    targets.find(target => target.name === name) ??
    targets.find(target => target.kind === 'symbol' && bare(target.name) === wanted)
  )
}

function isMovedOrRemoved(targets: readonly Target[], name: string): boolean {
  const target = targetNamed(targets, name)
  return target !== undefined && (target.action === 'move' || target.action === 'remove')
}

function actionOf(targets: readonly Target[], name: string): TargetAction {
  return targetNamed(targets, name)?.action ?? 'create'
}

// ── names and words ─────────────────────────────────────────────────────────────────────────────────
