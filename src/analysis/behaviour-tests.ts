/**
 * The tests a developer would add beyond the master plan's own: one per branch of each function its code
 * samples define, one per behaviour its prose states, one "is removed" test per thing it removes and one
 * for what it creates that nothing else tests. Pure.
 */
import type { Unit } from '../master-plan/units.js'
import { actsItself, BEHAVIOUR, behaviours, CURRENT, RAISES, sentences } from './prose-behaviours.js'
import type { RequirementContext, RequirementList } from './requirements.js'
import type { StatedTests } from './stated-tests.js'
import { homeOfNew, namedByPlan, sampleHome, testFileFor } from './test-files.js'
import { CHECK_ONLY, isHeader, isLeafItem, parentText } from './test-items.js'
import { bare, behaviourWords, branchExpectation, branchWords, flat, subjectWord } from './test-names.js'
import { actionOf, changes, isMovedOrRemoved, resolveSubject } from './text-subject.js'

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
        list.add({
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

  return covered
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
  for (const name of explicitNames) tested.add(name)
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
          : `does what the code sample of step ${target.stepIds[0] ?? ''} does`,
        ...(target.stepIds[0] ? { stepId: target.stepIds[0] } : {}),
        action: 'create'
      })
    }
  }
}
