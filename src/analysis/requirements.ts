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
import { branchTests, proseTests, removalAndCreationTests } from './behaviour-tests.js'
import { codeNames } from './line-references.js'
import type { PhaseSample } from './samples.js'
import { statedTests } from './stated-tests.js'
import type { Target, TargetAction } from './targets.js'
import { primaryTestFile } from './test-files.js'
import { stepLocator } from './test-items.js'
import { bare } from './test-names.js'

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

/** The tests found so far: two items that come to the same test name state one behaviour twice, and one test checks both. */
export class RequirementList {
  readonly all: TestRequirement[] = []
  readonly #index = new Map<string, number>()

  add(requirement: TestRequirement): TestRequirement {
    const key = `${requirement.testFile}::${requirement.testName}`
    const at = this.#index.get(key)
    if (at === undefined) {
      this.#index.set(key, this.all.length)
      this.all.push(requirement)
      return requirement
    }
    const known = this.all[at]
    if (known && !known.expected.includes(requirement.expected)) {
      this.all[at] = { ...known, expected: `${known.expected}; ${requirement.expected}` }
    }
    return this.all[at] ?? requirement
  }
}

export function testPlan(context: RequirementContext): TestPlan {
  const list = new RequirementList()
  const primary = primaryTestFile(context)
  const stepOf = stepLocator(context.content)
  // The master plan's own test items first: their names and files are the master plan's.
  const stated = statedTests(context, list, primary, stepOf)
  const covered = branchTests(context, list, primary, stated)
  proseTests(context, list, primary, stepOf, stated, covered)
  removalAndCreationTests(context, list, primary, stated, covered)
  const requirements = list.all
  // Items that describe tests without naming one: mapped to the tests of the names they cite.
  const items = stated.items.map(item => {
    if (item.tests.length > 0) return item
    const cited = new Set(codeNames(item.unit.text).map(bare))
    const tests = requirements
      .filter(requirement => cited.has(bare(requirement.subject)))
      .map(r => r.testName)
    return { ...item, tests }
  })
  return { requirements, items }
}
