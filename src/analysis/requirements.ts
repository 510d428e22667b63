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
import {
  actsItself,
  BEHAVIOUR,
  behaviours,
  caseParts,
  CURRENT,
  GENERIC_LABEL,
  GENERIC_LEAD,
  RAISES,
  sentences,
  subjectFirst
} from './prose-behaviours.js'
import type { Target, TargetAction } from './targets.js'
import {
  homeOfNew,
  namedByPlan,
  primaryTestFile,
  renamed,
  sampleHome,
  targetNamed,
  testFileFor
} from './test-files.js'
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
  /** Functions that hold callers the phase breaks (`FloodAlerter.check_line`): code it changes too. */
  readonly changedCallers?: ReadonlySet<string>
  /** Where the repository keeps the tests of a source file, read from its existing tests (see test-homes.ts). */
  readonly testHome?: (source: string) => string | undefined
  /** The file that defines a class of the repository, when one does. */
  readonly classFile?: (name: string) => string | undefined
}

export function testPlan(context: RequirementContext): TestPlan {
  const { content, language } = context
  const requirements: TestRequirement[] = []
  const names = new Set<string>()
  // Two items that come to the same test name state one behaviour twice: one test checks both.
  const add = (requirement: TestRequirement): TestRequirement => {
    const key = `${requirement.testFile}::${requirement.testName}`
    if (names.has(key)) {
      const at = requirements.findIndex(known => `${known.testFile}::${known.testName}` === key)
      const known = requirements[at]
      if (known && !known.expected.includes(requirement.expected)) {
        requirements[at] = { ...known, expected: `${known.expected}; ${requirement.expected}` }
      }
      return requirements[at] ?? requirement
    }
    names.add(key)
    requirements.push(requirement)
    return requirement
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
      testFileFor(resolveSubject(unit.text, context)?.home, context) ??
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
      const found = boldLabel(unit.text)
      // "Tests:" says what the item is, not what it checks: the cases after it are the tests.
      const label = found && !GENERIC_LABEL.test(found) ? found : undefined
      const body = unit.text.replace(GENERIC_LEAD, '')
      const subject = subjectIn(body, context)
      const cases = listedCases(body)
      const clauses = body.split(/;\s*/).filter(clause => splitWords(clause).length > 0)
      const named =
        cases.length > 1
          ? cases.map(text => ({
              words: splitWords(text),
              expected: `${text} (${label ?? 'listed case'})`,
              subject
            }))
          : !label && (clauses.length > 1 || caseParts(body).length > 1)
            ? clauses.flatMap(caseParts).map(clause => {
                const own = subjectIn(clause, context) ?? subject
                return {
                  words: subjectFirst(own, behaviourWords(clause, own)),
                  expected: flat(clause),
                  subject: own
                }
              })
            : [
                {
                  words: label ? splitWords(label) : subjectFirst(subject, behaviourWords(body, subject)),
                  expected: flat(unit.text),
                  subject
                }
              ]
      for (const { words, expected, subject: about } of named) {
        if (words.length === 0) continue
        tests.push(
          add({
            testFile: file,
            testName: language.testName(words),
            subject: about ?? label ?? '',
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

  // One test per behaviour the prose states, for names the samples do not already cover: each leaf
  // item, and each sentence of a paragraph (its subject carried to the sentences after it); an item
  // that states two behaviours joined by "and" ("returns `Item` and raises …") gives two tests.
  for (const unit of content.units) {
    if (testItemSet.has(unit)) continue
    const paragraph = unit.kind === 'paragraph'
    if (!paragraph && (unit.kind !== 'list-item' || !isLeafItem(context, unit))) continue
    const parent = paragraph ? '' : parentText(context, unit)
    // "Update `f()` to:" opens a list of what f does: its items are f's behaviours.
    let carried = isHeader(parent) ? resolveSubject(parent, context) : undefined
    const stepId = stepOf(unit)
    // The phase's opening text says why, not what the code will do.
    if (paragraph && stepId === undefined) continue
    for (const sentence of paragraph ? sentences(unit.text) : [unit.text]) {
      const text = flat(sentence)
      // Verbs are read outside code spans (`Store` is no "stores").
      const words = text.replace(/`[^`]*`/g, ' ')
      const found = resolveSubject(sentence, context)
      // In prose, a behaviour is one of code the phase changes: what it acts on, or a caller it breaks
      // ("`FloodAlerter.check_line` looks the station up …"), not code it only mentions.
      const own = paragraph && found && !changes(found.name, found.action, context) ? undefined : found
      const subject = (paragraph ? undefined : carried) ?? own ?? carried
      if (paragraph && own) carried = own
      // Verbs outside code spans; an error a sentence names (`is a `KeyError``) inside them.
      const behaves = BEHAVIOUR.test(words) || RAISES.test(text)
      if (CHECK_ONLY.test(text) || !behaves || /\bimports?\b/i.test(words)) continue
      // Prose tells a story: only a sentence that says what code does is a behaviour, not one about
      // how things are today or about who has to remember what.
      if (paragraph && (!actsItself(text, subject?.name) || CURRENT.test(words))) continue
      if (!subject || covered.has(bare(subject.name)) || subject.action === 'remove') continue
      if (namedByPlan(explicitNames, subject.name, language)) continue
      for (const behaviour of behaviours(sentence)) {
        const named = behaviourWords(behaviour, subject.name)
        if (named.length === 0) continue
        add({
          testFile: testFileFor(subject.home, context) ?? primary,
          testName: language.testName([subjectWord(subject.name), ...named]),
          subject: subject.name,
          origin: 'behaviour',
          expected: flat(behaviour),
          ...(stepId ? { stepId } : {}),
          action: subject.action
        })
      }
    }
  }

  // What the phase removes: one test that it is gone. What it creates and nothing above tests: one test.
  const tested = new Set(
    requirements.flatMap(requirement =>
      requirement.subject.split('.').map(part => part.replace(/\(.*\)$/, ''))
    )
  )
  for (const name of explicitNames) tested.add(name)
  const testedByName = (name: string): boolean => {
    const word = subjectWord(name)
    return requirements.some(requirement => new RegExp(`(?:^|_)${word}(?:_|$)`).test(requirement.testName))
  }
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
      !testedByName(target.name) &&
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

/** Whether the phase changes this code: a target of its own, or a function holding a caller it breaks. */
function changes(name: string, action: TargetAction, context: RequirementContext): boolean {
  if (targetNamed(context.targets, name) && action !== 'remove') return true
  const callers = context.changedCallers ?? new Set<string>()
  if (callers.has(name) || callers.has(bare(name))) return true
  // A class whose members the phase acts on, or whose methods hold callers it breaks.
  const owners = [...context.targets.map(target => target.name), ...callers].flatMap(qualified =>
    qualified.includes('.') ? [qualified.split('.').slice(-2)[0] ?? ''] : []
  )
  return !name.includes('.') && owners.includes(name)
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
  const cites = codeNames(text)
  // A class the text names (`BaseExporter` declares `header`): a bare new member of it is its.
  const textClass = cites.map(name => context.classFile?.(name)).find(Boolean)
  for (const cited of cites) {
    if (
      context.language.isTestName(bare(cited)) ||
      context.language.knownName(cited) !== undefined ||
      /\.\w{1,4}$/.test(cited)
    )
      continue
    const target = targetNamed(context.targets, cited)
    // `CsvExporter.header` of a new `header`: the class the text names it with is where it goes.
    const owner = cited.includes('.')
      ? context.classFile?.(cited.split('.')[0] ?? '')
      : target && !target.at && target.kind === 'symbol' && /^[a-z_]/.test(bare(target.name))
        ? textClass
        : undefined
    if (target && target.kind === 'symbol')
      return {
        name: target.name.includes('.') || !owner ? target.name : cited,
        home: target.at?.path ?? owner ?? target.home ?? homeOfNew(context, target),
        action: target.action
      }
    const known = context.mentioned.get(cited) ?? context.mentioned.get(bare(cited))
    if (known) return { name: known.name, home: known.at.path, action: 'change' }
  }
  return undefined
}

function isMovedOrRemoved(targets: readonly Target[], name: string): boolean {
  const target = targetNamed(targets, name)
  return target !== undefined && (target.action === 'move' || target.action === 'remove')
}

function actionOf(targets: readonly Target[], name: string): TargetAction {
  return targetNamed(targets, name)?.action ?? 'create'
}

// ── names and words ─────────────────────────────────────────────────────────────────────────────────
