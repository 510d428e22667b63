/**
 * The test part of Step 4: the tests to write, one table per test module, each test with the step it
 * belongs to and the result the master plan expects; the master plan's test items from other sections,
 * verbatim, with the tests that carry them out; and the existing tests expected to fail, by id, each to
 * update or to skip until a named phase. Pure.
 */
import type { TestRequirement } from '../analysis/requirements.js'
import { code, count, DocumentWriter, table } from './markdown.js'
import type { PlanInput } from './plan-document.js'
import { displayPath } from '../analysis/section-path.js'
import { isTestSection } from './plan-steps.js'
import { flat, INNER_HEADING_DEPTH, prose } from './plan-text.js'
import { copySpan } from './verbatim.js'

/** Expected results longer than this many words are cut (the full text is in the sub-step). */
const EXPECTED_WORDS = 24

export function testPart(out: DocumentWriter, input: PlanInput): void {
  const { analysis, content, model, language } = input
  const { requirements, items } = analysis.tests
  out.block('### Test requirements')
  out.block(
    `Write each test first, run it and see it fail, then write the code that makes it pass. All of them must pass at the end of the phase.`
  )
  const byFile = new Map<string, TestRequirement[]>()
  for (const requirement of requirements)
    byFile.set(requirement.testFile, [...(byFile.get(requirement.testFile) ?? []), requirement])
  if (byFile.size === 0)
    out.block('_The phase states no behaviour of code, and its master plan lists no test for it._')
  for (const [file, list] of byFile) {
    const now = analysis.files.find(candidate => candidate.path === file)?.now
    out.block(
      `#### ${code(file)} — ${now === 'exists' ? 'add to this module' : 'new test module'} (${count(list.length, 'test')})`
    )
    out.block(
      table(
        ['Test', 'Step', 'Expected (from the master plan)'],
        list.map(requirement => [
          code(requirement.testName),
          requirement.stepId ?? '—',
          short(requirement.expected)
        ])
      )
    )
  }
  const outside = items.filter(item => item.stepId === undefined)
  const keyed = content.keyed.filter(section => isTestSection(section.title))
  if (outside.length > 0 || keyed.length > 0) {
    out.block('#### What the master plan says about this phase’s tests elsewhere')
    out.begin('cross-references')
    for (const section of keyed) {
      out.block(`_${displayPath(model, section.path)}:_`)
      for (const span of section.spans) out.block(copySpan(model, span, INNER_HEADING_DEPTH, prose(input)))
    }
    const inKeyed = (start: number): boolean =>
      keyed.some(section => section.spans.some(span => start >= span.start && start < span.end))
    const lines = outside
      .filter(item => !inKeyed(item.unit.start))
      .map(
        item =>
          `- ${flat(prose(input)(item.unit.text, item.unit.start))}${item.tests.length > 0 ? ` → ${item.tests.map(code).join(', ')}` : ''}`
      )
    if (lines.length > 0) out.block(lines.join('\n'))
    out.end('cross-references')
  }
  out.block('#### Existing tests expected to fail')
  const failing = analysis.impact.tests
  if (failing.length === 0) {
    out.block('_None: no test uses what this phase removes, renames, moves or calls differently._')
    return
  }
  out.block(
    failing
      .map(test =>
        test.decision === 'skip'
          ? `- ${code(test.id)} — ${test.because}. **Skip it until phase ${test.untilPhase}**: ${code(language.skipMarker(`needs phase ${test.untilPhase ?? 'N'} of the master plan`))}.`
          : `- ${code(test.id)} — ${test.because}. **Update it** to the new behaviour in step ${analysis.targets.find(target => target.name === test.target)?.stepIds[0] ?? '—'}.`
      )
      .join('\n')
  )
}

/** At most EXPECTED_WORDS words of an expected result, whole code spans kept. */
function short(text: string): string {
  const words = text.split(/\s+/)
  if (words.length <= EXPECTED_WORDS) return text
  let cut = words.slice(0, EXPECTED_WORDS).join(' ')
  if ((cut.match(/`/g) ?? []).length % 2 === 1) cut += '`'
  return `${cut} …`
}
