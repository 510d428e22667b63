/**
 * Sub-steps of phases written in shapes the first rules did not split: one numbered item over a
 * nested list, a body of paragraphs, and a body that is its heading's label again. Every block stays
 * in exactly one place (the purpose or one step), and no step is titled with the phase's label.
 */
import { describe, expect, it } from '@jest/globals'
import type { MasterPlanModel } from '../../../src/master-plan/model.js'
import { buildModel } from '../../../src/master-plan/outline.js'
import { phaseContent } from '../../../src/master-plan/phase-content.js'

const plan = (lines: readonly string[]): MasterPlanModel => buildModel(lines.join('\n'))

function structure(model: MasterPlanModel, id: string) {
  const { structure, units } = phaseContent(model, id, 'plan.md')
  const text = (spans: readonly { start: number; end: number }[]) =>
    spans.map(span => model.source.slice(span.start, span.end)).join('\n')
  return {
    intro: text(structure.intro),
    steps: structure.steps.map(step => ({ id: step.id, title: step.title, text: text(step.spans) })),
    units
  }
}

describe('sub-steps of one numbered item over a nested list', () => {
  const model = plan([
    '# Plan',
    '',
    '### Phase 1: Update ProviderManager',
    '',
    '1. **Update ProviderManager**',
    '   - Add `cached` instance variable initialized to `None` in `__init__`',
    '   - Update `valid_scoped_models()` to:',
    '     - Return the cached results when set',
    '     - Else build them and store them',
    '   - **Cache Invalidation Strategy**: Invalidate the cache when `discover_models()` is run',
    '',
    '### Phase 2: Next',
    '',
    'Later.'
  ])

  it('are the nested items, with ids in order; the item’s own line is the purpose', () => {
    const { intro, steps } = structure(model, '1')
    expect(intro).toBe('1. **Update ProviderManager**')
    expect(steps.map(step => [step.id, step.title])).toEqual([
      ['1.1', 'Add cached instance variable initialized to None in __init__'],
      // A title never ends in the colon that opened a list, nor in the "to" that led into it; a bold
      // label that opens an item is its title.
      ['1.2', 'Update valid_scoped_models()'],
      ['1.3', 'Cache Invalidation Strategy']
    ])
  })

  it('keep each nested item’s text whole, its own nested items included', () => {
    const { steps, units } = structure(model, '1')
    expect(steps[1]?.text).toContain('- Return the cached results when set')
    expect(steps[1]?.text).toContain('- Else build them and store them')
    const all = [structure(model, '1').intro, ...steps.map(step => step.text)].join('\n')
    for (const unit of units) expect(all).toContain(unit.text)
  })
})

describe('sub-steps of a body of paragraphs', () => {
  it('are one per paragraph after the purpose, titled by its first sentence, never by the phase', () => {
    const model = plan([
      '# Roadmap',
      '',
      '## Phase 3 — Readings relative to the datum',
      '',
      'Today `parse_reading` returns the raw value.',
      '',
      'In this phase `parse_reading` takes the station as a second, required argument —',
      '`parse_reading(line, station)` — and returns the level relative to chart datum.',
      '',
      '```python',
      'reading = parse_reading(line, station)',
      '```',
      '',
      'Everything that parses a line must know the station first.',
      '',
      '## Phase 4 — Later',
      '',
      'Later.'
    ])
    const { intro, steps } = structure(model, '3')
    expect(intro).toBe('Today `parse_reading` returns the raw value.')
    expect(steps.map(step => [step.id, step.title])).toEqual([
      ['3.1', 'In this phase parse_reading takes the station as a second, required argument…'],
      ['3.2', 'Everything that parses a line must know the station first.']
    ])
    // A code block belongs to the paragraph before it.
    expect(steps[0]?.text).toContain('reading = parse_reading(line, station)')
  })

  it('titles a phase of one paragraph by that paragraph, and a label-only section by the heading above it', () => {
    const model = plan([
      '# Plan',
      '',
      '## Phase 1: Setup',
      '',
      'Install the tools.',
      '',
      '## Files to create',
      '',
      '### Phase 1',
      '',
      '- `pyproject.toml`'
    ])
    expect(structure(model, '1').steps.map(step => step.title)).toEqual([
      'Install the tools.',
      'Files to create'
    ])
  })
})

describe('the title of a list item that opens code with a label', () => {
  it('is the label; the code stays the step’s text', () => {
    const model = plan([
      '# Plan',
      '',
      '## Phase 3: Delegating completer',
      '',
      '1. Create new file `modules/delegating.py`',
      '2. Add imports: `from prompt_toolkit.completion import Completer`, `from typing import Iterable`',
      '3. Implement `DelegatingCompleter`: it picks one completer per document',
      '',
      '## Phase 4: Next',
      '',
      'Later.'
    ])
    const { steps } = structure(model, '3')
    expect(steps.map(step => step.title)).toEqual([
      'Create new file modules/delegating.py',
      'Add imports',
      'Implement DelegatingCompleter: it picks one completer per document'
    ])
    expect(steps[1]?.text).toContain('`from typing import Iterable`')
  })
})

describe('a list-item phase whose first paragraph is only its label', () => {
  const model = plan([
    '# Strategy',
    '',
    '## Refactor Phases',
    '',
    '1. Infrastructure Hardening',
    '   - Fix fixture leaks.',
    '',
    '2. Dead/Weak Test Cleanup',
    '   - Rewrite or remove fully skipped modules.',
    '   - Tighten minimal tests.',
    '',
    '3. Phase 3: Coverage Expansion ✅',
    '   - Add focused tests.',
    '',
    '4. Decomposition. Split the large test files first, then move the fixtures.',
    '   - Keep fixtures central.'
  ])

  it('has no purpose: the label is the title the plan already shows, not something to say twice', () => {
    const { intro, steps, units } = structure(model, '2')
    expect(intro).toBe('')
    expect(steps.map(step => step.title)).toEqual([
      'Rewrite or remove fully skipped modules.',
      'Tighten minimal tests.'
    ])
    expect(units.map(unit => unit.text).join('\n')).not.toContain('Dead/Weak Test Cleanup')
  })

  it('keeps a first paragraph that says more than the title shows: a status, or sentences after the first', () => {
    expect(structure(model, '3').intro).toBe('3. Phase 3: Coverage Expansion ✅')
    const decomposition = structure(model, '4').intro
    expect(decomposition).toContain('Split the large test files first')
  })
})

describe('the first paragraph of an unstructured phase', () => {
  const phase = (...body: string[]) =>
    plan(['# Plan', '', '## Phase 1: Discounts', '', ...body, '', '## Phase 2: Taxes', '', 'Later.'])
  const code = ['```python', 'def discount(self, code):', '    return 0', '```']

  it('is the first step when it leads into its code with a colon, not the purpose', () => {
    const { intro, steps } = structure(
      phase(
        'Rename `Cart.total` to `Cart.subtotal`, and add `Cart.discount`:',
        '',
        ...code,
        '',
        'Then ship it.'
      ),
      '1'
    )
    expect(intro).toBe('')
    expect(steps.map(step => step.title)).toEqual([
      'Rename Cart.total to Cart.subtotal, and add Cart.discount',
      'Then ship it.'
    ])
    expect(steps[0]?.text).toContain('def discount(self, code):')
  })

  it('is the first step when it tells the developer what to change', () => {
    const { intro, steps } = structure(phase('Remove `Cart.legacy`.', '', 'Then add `Cart.tax`.'), '1')
    expect(intro).toBe('')
    expect(steps.map(step => step.title)).toEqual(['Remove Cart.legacy.', 'Then add Cart.tax.'])
  })

  it('titles a step that opens with code by its first line of code, not its fence', () => {
    const { steps } = structure(
      phase('This phase gives carts discounts.', '', ...code, '', 'Then ship it.'),
      '1'
    )
    expect(steps.map(step => step.title)).toEqual(['def discount(self, code)', 'Then ship it.'])
  })

  it('is no purpose when it is a table: it goes with the paragraph after it, which titles the step', () => {
    const { intro, steps } = structure(
      phase(
        '| Old | New |',
        '|---|---|',
        '| `a.Receipt` | `b.Receipt` |',
        '',
        'Move `Receipt` to `b.py`.',
        '',
        'Then ship it.'
      ),
      '1'
    )
    expect(intro).toBe('')
    expect(steps.map(step => step.title)).toEqual(['Move Receipt to b.py.', 'Then ship it.'])
    expect(steps[0]?.text).toContain('| `a.Receipt` | `b.Receipt` |')
  })

  it('is the first step when it says what happens to code it names, even without an imperative', () => {
    const { intro, steps } = structure(
      phase('The `Receipt` class moves to `till/billing.py`.', '', 'Then add `Receipt.total`.'),
      '1'
    )
    expect(intro).toBe('')
    expect(steps.map(step => step.title)).toEqual([
      'The Receipt class moves to till/billing.py.',
      'Then add Receipt.total.'
    ])
  })

  it('stays the purpose when it says what the phase is about', () => {
    const { intro, steps } = structure(
      phase('This phase gives carts discounts.', '', 'Add `Cart.discount`.'),
      '1'
    )
    expect(intro).toBe('This phase gives carts discounts.')
    expect(steps.map(step => step.title)).toEqual(['Add Cart.discount.'])
  })
})

describe('numbered items before a phase’s first sub-heading', () => {
  const model = plan([
    '# Plan',
    '',
    '## Phase 1: Utilities',
    '',
    'The helpers move into one module.',
    '',
    '1. Move `pkg/utils.py` to `pkg/common/money.py`.',
    '2. Remove `legacy_round`.',
    '',
    '### Tests',
    '',
    '- `money(1)` returns `"$1.00"`',
    '',
    '## Phase 2: Later',
    '',
    'Nothing.'
  ])

  it('are steps before the sub-headings’ own, and only the prose before them is the purpose', () => {
    const { intro, steps } = structure(model, '1')
    expect(intro).toBe('The helpers move into one module.')
    expect(steps.map(step => [step.id, step.title])).toEqual([
      ['1.1', 'Move pkg/utils.py to pkg/common/money.py.'],
      ['1.2', 'Remove legacy_round.'],
      ['1.3', 'Tests']
    ])
  })
})
