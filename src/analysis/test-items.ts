/**
 * Reading the master plan's list items as tests: which item is a test (not a header, a review, manual
 * checking or a coverage goal), which item it is nested in, which test module it names, and which
 * cases it lists. Pure.
 */
import type { MasterPlanModel } from '../master-plan/model.js'
import { MARKERS, type PhaseContent } from '../master-plan/phase-content.js'
import { boldOnly } from '../master-plan/step-labels.js'
import { lineStart } from '../master-plan/text.js'
import type { Unit } from '../master-plan/units.js'
import type { RequirementContext } from './requirements.js'
import { flat, IMPERATIVE, splitWords } from './test-names.js'
import { splitOutsideCode } from './prose-behaviours.js'

/** Words that open a check, not a behaviour of the code. */
export const CHECK_ONLY =
  /^(?:\*\*[^*]*\*\*:?\s*)?(?:verify|ensure|review|examine|document|confirm|run|maintain|analy[sz]e|test|perform|attempt|mock|validate)\b/i

/** The test module an item puts its tests in: the first it names that is not where something comes from. */
export function testFileIn(text: string, context: RequirementContext): string | undefined {
  const plain = text.replace(/`/g, '')
  const found = context.language
    .testModulesIn(plain)
    .filter(({ at }) => !/\bfrom\s+$/i.test(plain.slice(Math.max(0, at - 6), at)))
  return found[0]?.path
}

export function stepLocator(content: PhaseContent): (unit: Unit) => string | undefined {
  const ranges = content.structure.steps.map(step => ({
    id: step.id,
    spans: [...(step.headingSpan ? [step.headingSpan] : []), ...step.spans]
  }))
  return unit =>
    ranges.find(range => range.spans.some(span => unit.start >= span.start && unit.end <= span.end))?.id
}

function column(model: MasterPlanModel, unit: Unit): number {
  return unit.start - lineStart(model.source, unit.start)
}

/** The list item this one is nested in, among the phase's units (or the units around it elsewhere). */
export function parentText(context: RequirementContext, unit: Unit): string {
  const list = context.content.units.includes(unit) ? context.content.units : context.testItems
  const index = list.indexOf(unit)
  const own = column(context.model, unit)
  for (let i = index - 1; i >= 0; i--) {
    const candidate = list[i]
    if (!candidate || candidate.kind !== 'list-item') break
    if (column(context.model, candidate) < own) return candidate.text
  }
  return ''
}

/** An item with no items nested under it. */
export function isLeafItem(context: RequirementContext, unit: Unit): boolean {
  if (unit.kind !== 'list-item') return unit.kind === 'paragraph' || unit.kind === 'table-row'
  const list = context.content.units.includes(unit) ? context.content.units : context.testItems
  const next = list[list.indexOf(unit) + 1]
  return !(next && next.kind === 'list-item' && column(context.model, next) > column(context.model, unit))
}

/**
 * A test item that tests carry out: it opens like a test (or sits under "… tests to verify:"), and is not
 * a header, a file to create, a review, manual checking or a coverage goal.
 */
export function describesTest(
  text: string,
  parent: string,
  context: RequirementContext,
  stepId: string | undefined
): boolean {
  // "**Acceptance criteria**" on a line of its own names the tests after it; it is none itself.
  if (isHeader(text) || boldOnly(text) !== undefined) return false
  // "TODO: decide whether …" is a question to ask, not a behaviour to test.
  if (MARKERS.test(text)) return false
  const plain = flat(text)
  const step = context.content.structure.steps.find(candidate => candidate.id === stepId)
  // Under "… tests to verify:", or in a sub-step that is the phase's tests ("Step 3.3: Tests").
  const underTests =
    (isHeader(parent) && /\b(tests?|verify)\b/i.test(parent)) ||
    (parent === '' && step !== undefined && TESTS_TITLE.test(step.title))
  if ((!TEST_START.test(plain) && !underTests) || NOT_A_TEST.test(plain) || NOT_A_TEST.test(parent))
    return false
  const label = boldLabel(text) ?? ''
  if (NOT_TEST_LABEL.test(label) || /\bphases?\b/i.test(label)) return false
  // A sub-step about manual checking ("Manual Testing and Validation") holds no automated tests.
  const opening = step
    ? context.content.units.find(unit =>
        [...(step.headingSpan ? [step.headingSpan] : []), ...step.spans].some(
          span => unit.start >= span.start && unit.end <= span.end
        )
      )
    : undefined
  if (opening && NOT_A_TEST.test(flat(opening.text))) return false
  // "Create `tests/test_x.py`": a file, not a test. Under tests, a check written in code
  // ("`Warehouse().get("x")` is `None`") is one.
  if (splitWords(plain.replace(/`[^`]*`/g, ' ').replace(IMPERATIVE, '')).length > 0) return true
  return underTests && /`[^`]*\(/.test(text) && !context.language.testModulesIn(plain).length
}

/** A sub-step title that says it holds the phase's tests. */
const TESTS_TITLE =
  /^(?:(?:step|task)\s+[\w.]+\s*[:—–-]?\s*)?(?:(?:unit |new |automated )?(?:tests?|testing)|(?:acceptance|success|exit|done)\s+criteria|definition of done|verification)\s*$/i

/** Labels of items that are work on the code or the suite, not a test of behaviour. */
const NOT_TEST_LABEL =
  /^(?:review|examine|update|modify|check|document|maintain|analy[sz]e|import|mock|add|create)\b/i

const TEST_START = /^(?:\*\*[^*]+\*\*|(?:tests?|verify|checks?|asserts?|ensures?|validates?|confirms?)\b)/i

/** Checks a person makes, and goals for the suite as a whole. */
const NOT_A_TEST = /\b(manual(?:ly)?|live|by hand|real-world|exploratory|coverage)\b|%/i

/** The test module a sub-step names (`Update tests/test_x.py`), for its items that name none. */
export function stepTestFile(context: RequirementContext, stepId: string | undefined): string | undefined {
  if (stepId === undefined) return undefined
  const names = context.content.stepNames.get(stepId) ?? []
  const named = names.find(name => name.kind === 'file' && context.language.isTestModule(name.name))?.name
  // A leading `/` or `./` is the repository root.
  return named?.replace(/^\.?\/+/, '')
}

/** "… including:" opens a list; it is not a test itself. */
export function isHeader(text: string): boolean {
  return /:\s*$/.test(text.trim().replace(/[*_]+$/, ''))
}

/** `Add tests for empty input, partial commands, and error scenarios`: the cases, one test each. */
export function listedCases(text: string): string[] {
  const match = /\btests?\s+(?:for|of|covering)\s+(.+?)\.?$/i.exec(
    flat(text).replace(/\*\*[^*]*\*\*:?\s*/, '')
  )
  if (!match?.[1]) return []
  return splitOutsideCode(match[1], /,\s*(?:and\s+|or\s+)?|\s+(?:and|or)\s+/y)
    .map(part => part.trim())
    .filter(Boolean)
}

export function boldLabel(text: string): string | undefined {
  const match = /^\s*\*\*([^*]+?)\*\*/.exec(text)
  return match?.[1]?.replace(/:$/, '').trim()
}
