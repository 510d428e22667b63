/**
 * The tests the master plan states itself: each test item's named tests, in the file it names, and a
 * name for each test an item of the phase's own text describes without naming. Pure.
 */
import { codeNames } from './line-references.js'
import { caseParts, GENERIC_LABEL, GENERIC_LEAD, labelWords, subjectFirst } from './prose-behaviours.js'
import type { RequirementContext, RequirementList, TestItem } from './requirements.js'
import { renamed, testFileFor } from './test-files.js'
import {
  boldLabel,
  describesTest,
  isLeafItem,
  listedCases,
  parentText,
  stepTestFile,
  testFileIn
} from './test-items.js'
import { bare, behaviourWords, describe, flat, splitWords } from './test-names.js'
import { resolveSubject, subjectIn } from './text-subject.js'
import type { Unit } from '../master-plan/units.js'

export interface StatedTests {
  /** Every test item, with the tests that carry it out (none yet for items that name no test). */
  readonly items: readonly TestItem[]
  /** The test names the master plan writes out. */
  readonly explicitNames: ReadonlySet<string>
  /** Names the items with explicit tests cite: their behaviour is tested there. */
  readonly explicitSubjects: ReadonlySet<string>
  /** What the phase's own test items check without naming a test (`format_price(2.005)` returns …). */
  readonly checkedSubjects: ReadonlySet<string>
}

export function statedTests(
  context: RequirementContext,
  list: RequirementList,
  primary: string,
  stepOf: (unit: Unit) => string | undefined
): StatedTests {
  const { content, language } = context
  const items: TestItem[] = []
  const explicitSubjects = new Set<string>()
  const explicitNames = new Set<string>()
  const checkedSubjects = new Set<string>()
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
        list.add({
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
                  words: label
                    ? labelWords(label, unit.text)
                    : subjectFirst(subject, behaviourWords(body, subject)),
                  expected: flat(unit.text),
                  subject
                }
              ]
      for (const { words, expected, subject: about } of named) {
        if (words.length === 0) continue
        if (about) checkedSubjects.add(bare(about))
        // `Warehouse().get("x")` checks `get` on a fresh instance.
        for (const call of expected.matchAll(/`[A-Za-z_]\w*\(\)\.([A-Za-z_]\w*)/g))
          checkedSubjects.add(call[1] ?? '')
        tests.push(
          list.add({
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

  return { items, explicitNames, explicitSubjects, checkedSubjects }
}
