import { beforeAll, describe, expect, it } from '@jest/globals'
import { phaseSpecificShare, phaseTerms, wordCount } from '../../../src/analysis/focus.js'
import { analyseFixture, lines, type PhaseFixture } from '../../support/phase-fixture.js'

const MASTER_PLAN = lines(
  '# Plan',
  '',
  '## Objective',
  '',
  'Make the cache fast. The old `Indexer` in `pkg/legacy.py` stays untouched.',
  '',
  '## Guiding Principles',
  '',
  '- Keep the suite green.',
  '',
  '## Testing Strategy',
  '',
  '- Unit tests for every change.',
  '- **Phase 1**: tests for `Cache.get`.',
  '- **Phase 2**: tests for `Index.build`.',
  '',
  '## Architecture',
  '',
  '- `Cache.get` returns the stored value or None.',
  '- `Index.build` walks the files (see `pkg/index.py`).',
  '',
  '## Benefits',
  '',
  'Faster lookups for everyone.',
  '',
  '## Phase 1: Cache',
  '',
  'Create `pkg/cache.py` with a class `Cache` and a method `Cache.get`.',
  '',
  '## Phase 2: Index',
  '',
  'Create `Index.build` in `pkg/index.py`.'
)

describe('what a plan carries from outside its phase', () => {
  let fixture: PhaseFixture
  beforeAll(async () => {
    fixture = await analyseFixture({ 'pkg/__init__.py': '' }, MASTER_PLAN, '1')
  })

  it('copies guidelines whole, less their items about single phases', () => {
    const { guidelines } = fixture.analysis.focus
    expect(guidelines.map(copy => [copy.section.title, copy.dropped])).toEqual([
      ['Guiding Principles', 0],
      ['Testing Strategy', 2]
    ])
    const testing = guidelines[1]
    const copied = (testing?.spans ?? [])
      .map(span => fixture.model.source.slice(span.start, span.end))
      .join('')
    expect(copied).toContain('Unit tests for every change.')
    expect(copied).not.toContain('Phase 2')
  })

  it('quotes only the passages of other sections that name this phase’s work, never one about other files', () => {
    const { quotes, background } = fixture.analysis.focus
    expect(quotes.map(quote => [quote.section.title, quote.units.map(unit => unit.text)])).toEqual([
      ['Architecture', ['`Cache.get` returns the stored value or None.']]
    ])
    expect(background).toBe(2)
  })

  it('turns this phase’s item of the testing strategy into a test item, not a cross-reference', () => {
    expect(fixture.analysis.tests.items.map(item => item.unit.text)).toEqual([
      '**Phase 1**: tests for `Cache.get`.'
    ])
    expect(fixture.analysis.focus.crossReferences).toEqual([])
  })
})

describe('words and focus', () => {
  it('counts words that hold a letter or digit, not table rules or bullets', () => {
    expect(wordCount('| a | b |\n|---|---|\n- one two')).toBe(4)
  })

  it('measures the share of words on lines about the phase: its names or five-word runs of its text', () => {
    const terms = phaseTerms(['Create `pkg/cache.py` with a class `Cache` and a method `Cache.get`.'])
    const plan = lines(
      'Write `Cache.get` first.',
      'Run the whole suite before you start.',
      'create pkg cache py with a class'
    )
    expect(phaseSpecificShare(plan, terms)).toBeCloseTo((100 * (3 + 7)) / (3 + 7 + 7))
  })
})
