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
  /** Functions that hold callers the phase breaks (`FloodAlerter.check_line`): code it changes too. */
  readonly changedCallers?: ReadonlySet<string>
  /** Where the repository keeps the tests of a source file, read from its existing tests (see test-homes.ts). */
  readonly testHome?: (source: string) => string | undefined
  /** The file that defines a class of the repository, when one does. */
  readonly classFile?: (name: string) => string | undefined
}

/** What code does, said with a verb (not only "if", "only" or "when"). */
const ACTION =
  /\b(returns?|returned|raises?|raised|yields?|stores?|stored|rejects?|rejected|accepts?|prints?|logs?|logged|fails?|filters?|sorts?|routes?|delegates?|looks?\s+\w+\s+up|falls?\s+back|keeps?|takes?|invalidat\w*)\b|\b(?:is|are)\s+an?\s+`?[A-Z]\w*(?:Error|Exception)\b/i
/** A sentence about how the code behaves now, before the phase. */
const CURRENT = /^\W*(?:today|currently|at the moment|right now|so far|until now)\b/i

const BEHAVIOUR =
  /\b(returns?|returned|raises?|raised|yields?|if|when|unless|otherwise|else|invalidat\w*|cach\w*|stores?|stored|sets?|rejects?|rejected|accepts?|prints?|logs?|logged|fails?|only|never|always|initiali[sz]ed?|filters?|sorts?|ranks?|routes?|delegates?|looks?\s+\w+\s+up|falls?\s+back|keeps?)\b|\b(?:is|are)\s+an?\s+`?[A-Z]\w*(?:Error|Exception)\b/i
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
      if (CHECK_ONLY.test(text) || !BEHAVIOUR.test(words) || /\bimports?\b/i.test(words)) continue
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

/**
 * Whether a sentence says what its subject does: an action verb whose own subject is not another code
 * name ("the dict that `load_config` returns" says what `load_config` does, not the subject).
 */
function actsItself(text: string, subject: string | undefined): boolean {
  const pattern = new RegExp(ACTION.source, 'gi')
  for (const match of text.matchAll(pattern)) {
    const before = text.slice(0, match.index)
    if (before.split('`').length % 2 === 0) continue
    const code = /`([^`]+)`\s*$/.exec(before)?.[1]
    if (code === undefined || (subject !== undefined && bare(code) === bare(subject))) return true
  }
  return false
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

/**
 * The cases of one clause of a test item: "`f` for an exclusive and an inclusive entry, rounding half
 * up" is `f` for an exclusive entry, for an inclusive entry, and rounding half up — the subject named
 * first is the subject of each.
 */
function caseParts(clause: string): string[] {
  const [first = '', ...rest] = clause.split(/,\s+/)
  const forList = /^(.*?\bfor\s+)(.+)$/i.exec(first)
  const heads =
    forList?.[1] && forList[2] && /\s+and\s+/.test(forList[2]) && !/`/.test(forList[2])
      ? forList[2].split(/\s+and\s+/).map(item => `${forList[1]}${item}`)
      : [first]
  const subject = /^\s*`[^`]+`/.exec(first)?.[0]
  return [
    ...heads,
    ...rest.map(part => (subject && !part.includes('`') ? `${subject} ${part}` : part))
  ].filter(part => splitWords(part).length > 0)
}

/** The sentences of a paragraph (a `.` inside a code span or a number does not end one). */
function sentences(text: string): string[] {
  const out: string[] = []
  let start = 0
  let inCode = false
  for (let at = 0; at < text.length; at++) {
    const char = text[at]
    if (char === '`') inCode = !inCode
    if (inCode || !/[.!?]/.test(char ?? '') || !/\s/.test(text[at + 1] ?? ' ')) continue
    if (/\d/.test(text[at - 1] ?? '') && /\d/.test(text[at + 1] ?? '')) continue
    out.push(text.slice(start, at + 1).trim())
    start = at + 1
  }
  const rest = text.slice(start).trim()
  if (rest) out.push(rest)
  return out.filter(Boolean)
}

/**
 * Outcomes joined by "and" in one item, each led by its own verb ("returns `Item` and raises …"); a
 * part that only states a condition ("Check if `x` is not `None`") stays with the outcome after it.
 */
function behaviours(text: string): string[] {
  const normal = text.replace(/\bchanges?\s+(?:its|their)\s+return\s+type\s+to\b/gi, 'returns')
  const parts = normal.split(/\s+and\s+(?=(?:returns?|raises?|rejects?|yields?)\b)/i)
  const out: string[] = []
  let pending = ''
  for (const part of parts) {
    const joined = pending ? `${pending} and ${part}` : part
    if (ACTION.test(part.replace(/`[^`]*`/g, ' '))) {
      out.push(joined)
      pending = ''
    } else pending = joined
  }
  if (pending) out.push(pending)
  return out
}

/** A label or lead that only says "these are tests". */
const GENERIC_LABEL = /^(?:unit |integration |regression |new )?(?:tests?|testing|test cases?)$/i
const GENERIC_LEAD =
  /^\s*(?:\*\*)?(?:unit |integration |regression |new )?(?:tests?|testing|test cases?)(?:\*\*)?\s*:\s*(?:\*\*)?/i

/** A test name's words with the name under test first, unless they hold it already. */
function subjectFirst(subject: string | undefined, words: readonly string[]): string[] {
  if (!subject || words.length === 0) return [...words]
  const first = subjectWord(subject)
  return words[0] === first ? [...words] : [first, ...words]
}

// ── where tests go ──────────────────────────────────────────────────────────────────────────────────

function testFileFor(home: string | undefined, context: RequirementContext): string | undefined {
  if (!home || !context.language.isSourcePath(home)) return undefined
  const source = renamed(context, home)
  const house = source === home ? context.testHome?.(source) : undefined
  return renamed(context, house ?? context.language.testFileFor(source, context.layout))
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
    const home = target.at?.path ?? target.home ?? (target.kind === 'file' ? target.name : undefined)
    const file = testFileFor(home, context)
    if (file && (target.action === 'create' || target.action === 'change')) return file
  }
  // The source files the phase names, changed or not: its tests go with the first of them.
  for (const name of context.content.names) {
    if (name.kind !== 'file' || context.language.isTestPath(name.name)) continue
    const file = testFileFor(known(context, name.name), context)
    if (file) return file
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
  if (target.home) return target.home
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
