/**
 * The tests a developer would add beyond the master plan's own: one per branch of each function its code
 * samples define, one per behaviour its prose states, one "is removed" test per thing it removes and one
 * for what it creates that nothing else tests. Pure.
 */
import type { Branch, Language, SampleFunction } from '../grounding/language.js'
import type { Unit } from '../master-plan/units.js'
import { branchPhrase, phraseWords } from './branch-names.js'
import { actsItself, BEHAVIOUR, behaviours, CURRENT, RAISES, sentences } from './prose-behaviours.js'
import type { RequirementContext, RequirementList } from './requirements.js'
import type { StatedTests } from './stated-tests.js'
import { homeOfNew, namedByPlan, sampleHome, testFileFor } from './test-files.js'
import { CHECK_ONLY, isHeader, isLeafItem, parentText } from './test-items.js'
import { bare, behaviourWords, branchExpectation, branchWords, flat, subjectWord } from './test-names.js'
import { actionOf, changes, isMovedOrRemoved, resolveSubject } from './text-subject.js'

/** A test name a developer reads at a glance: this many characters at most. */
const NAME_BUDGET = 60

interface BranchCase {
  readonly file: string
  readonly fn: SampleFunction
  readonly branch: Branch
  readonly stepId?: string
}

/** One test per branch of each function the phase's code samples define; the names they cover. */
export function branchTests(
  context: RequirementContext,
  list: RequirementList,
  primary: string,
  stated: StatedTests
): Set<string> {
  const { language } = context
  const { explicitNames, explicitSubjects } = stated
  const covered = new Set<string>()
  const cases: BranchCase[] = []
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
      // A function of one outcome that a test item of the phase already checks needs no second test.
      if (stated.checkedSubjects.has(name) && fn.branches.filter(branch => branch.terminal).length <= 1)
        continue
      // A branch that only updates a local on its way (a running maximum) is no behaviour of its own.
      const ends = fn.branches.some(branch => branch.terminal && branch.kind !== 'path')
      for (const branch of fn.branches) {
        if (branch.outcome === undefined || (!branch.terminal && ends)) continue
        if (!branch.terminal && fn.branches.some(other => other.kind === 'path')) continue
        cases.push({ file, fn, branch, ...(sample.stepId ? { stepId: sample.stepId } : {}) })
      }
    }
  }
  // A module that tests one function's branches and nothing else needs no subject in each name, when
  // that function is the one method of a class the phase writes whole (`DelegatingCompleter`): the
  // module is that class's. A method of a class the repository has keeps it (its other methods are tested).
  const subjectsIn = new Map<string, Set<string>>()
  for (const { file, fn } of cases) subjectsIn.set(file, (subjectsIn.get(file) ?? new Set()).add(fn.name))
  for (const requirement of list.all)
    subjectsIn.get(requirement.testFile)?.add(`stated:${requirement.testName}`)
  const soleMethodOfNewClass = (fn: SampleFunction): boolean => {
    const owner = fn.name.includes('.') ? fn.name.split('.')[0] : undefined
    const defined = context.samples.flatMap(sample => sample.definitions.classes).find(c => c.name === owner)
    const methods = defined?.methods.filter(method => !/^__\w+__$/.test(bare(method))) ?? []
    return owner !== undefined && methods.length === 1 && context.classFile?.(owner) === undefined
  }
  for (const { file, fn, branch, stepId } of cases) {
    const taken = new Set(list.all.filter(r => r.testFile === file).map(r => r.testName))
    const shared = (subjectsIn.get(file)?.size ?? 0) > 1 || !soleMethodOfNewClass(fn)
    const testName = branchTestName(language, fn, branch, shared, taken)
    list.add({
      testFile: file,
      testName,
      subject: fn.name,
      origin: 'branch',
      expected: branchExpectation(branch),
      ...(stepId ? { stepId } : {}),
      action: actionOf(context.targets, fn.name)
    })
    covered.add(bare(fn.name))
    covered.add(fn.name.split('.')[0] ?? fn.name)
  }
  return covered
}

/**
 * A branch's test name: what the function does and when, its subject first where the module tests more
 * than one thing. A name over budget loses its condition's later clauses, then its subject; a name another
 * test of the module already has keeps its subject; a branch that reads as no words keeps the name made
 * of its subject and condition.
 */
function branchTestName(
  language: Language,
  fn: SampleFunction,
  branch: Branch,
  shared: boolean,
  taken: ReadonlySet<string>
): string {
  const subject = subjectWord(fn.name)
  const fallback = language.testName([subject, ...branchWords(branch, fn)])
  const phrase = branchPhrase(branch, fn)
  if (!phrase) return fallback
  const shorter: string[][] = []
  for (let clauses = phrase.clauses.length; clauses >= Math.min(1, phrase.clauses.length); clauses--)
    shorter.push(phraseWords(phrase, clauses))
  const withSubject = shorter.map(words => [subject, ...words])
  const candidates = shared ? [...withSubject, ...shorter] : [...shorter, ...withSubject]
  const fits = (words: readonly string[]): boolean => `test_${words.join('_')}`.length <= NAME_BUDGET
  const free = candidates.filter(words => !taken.has(language.testName(words)))
  const chosen = free.find(fits) ?? free[0]
  return chosen ? language.testName(chosen) : fallback
}

/**
 * One test per behaviour the prose states, for names the samples do not already cover: each leaf item,
 * and each sentence of a paragraph (its subject carried to the sentences after it); an item that states
 * two behaviours joined by "and" ("returns `Item` and raises …") gives two tests.
 */
export function proseTests(
  context: RequirementContext,
  list: RequirementList,
  primary: string,
  stepOf: (unit: Unit) => string | undefined,
  stated: StatedTests,
  covered: ReadonlySet<string>
): void {
  const { content, language } = context
  const { explicitNames } = stated
  const testItemSet = new Set(context.testItems)
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
      // A question ("should `put` reject negative prices?") asks what the code will do; it states nothing.
      if (/\?\s*$/.test(words)) continue
      // Prose tells a story: only a sentence that says what code does is a behaviour, not one about
      // how things are today or about who has to remember what.
      if (paragraph && (!actsItself(text, subject?.name) || CURRENT.test(words))) continue
      if (!subject || covered.has(bare(subject.name)) || subject.action === 'remove') continue
      if (namedByPlan(explicitNames, subject.name, language)) continue
      for (const behaviour of behaviours(sentence)) {
        const named = behaviourWords(behaviour, subject.name)
        if (named.length === 0) continue
        list.add({
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
}

/** What the phase removes: one test that it is gone. What it creates and nothing above tests: one test. */
export function removalAndCreationTests(
  context: RequirementContext,
  list: RequirementList,
  primary: string,
  stated: StatedTests,
  covered: ReadonlySet<string>
): void {
  const { language } = context
  const { explicitNames } = stated
  const tested = new Set(
    list.all.flatMap(requirement => requirement.subject.split('.').map(part => part.replace(/\(.*\)$/, '')))
  )
  for (const name of [...explicitNames, ...stated.checkedSubjects]) tested.add(name)
  const testedByName = (name: string): boolean => {
    const word = subjectWord(name)
    return list.all.some(requirement => new RegExp(`(?:^|_)${word}(?:_|$)`).test(requirement.testName))
  }
  for (const target of context.targets) {
    if (target.kind !== 'symbol') continue
    const name = bare(target.name)
    if (target.action === 'remove' && target.state === 'exists') {
      list.add({
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
      list.add({
        testFile: testFileFor(target.at?.path ?? homeOfNew(context, target), context) ?? primary,
        testName: language.testName([
          subjectWord(target.name),
          ...behaviourWords(target.sentence, target.name)
        ]),
        subject: target.name,
        origin: 'creation',
        expected: target.sentence
          ? flat(target.sentence)
          : sampleEffect(context, target.name, target.stepIds[0]),
        ...(target.stepIds[0] ? { stepId: target.stepIds[0] } : {}),
        action: 'create'
      })
    }
  }
}

/**
 * What a function the phase's code sample defines does, for a test of it: the statement its one way
 * through ends in ("`self.items.append({"name": name, "price": price})`, as the sample in step 1.3").
 */
function sampleEffect(context: RequirementContext, name: string, stepId: string | undefined): string {
  const step = stepId ?? ''
  const fn = context.samples
    .flatMap(sample => sample.definitions.functions)
    .find(candidate => bare(candidate.name) === bare(name) || candidate.name.endsWith(`.${bare(name)}`))
  const outcome = fn && fn.branches.length === 0 ? fn.effect : undefined
  return outcome
    ? `\`${outcome.replace(/`/g, "'")}\`, as the code sample of step ${step} does`
    : `does what the code sample of step ${step} does`
}
