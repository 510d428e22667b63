/** Open items the master plan flags outside the phase, kept only when they touch what the phase acts on. */
import { flaggedElsewhere } from '../../../src/analysis/open-items.js'
import { buildModel } from '../../../src/master-plan/outline.js'
import { phaseContent } from '../../../src/master-plan/phase-content.js'

const plan = (guidelines: string[]): string =>
  [
    '# Cache plan',
    '',
    '## Guidelines',
    '',
    ...guidelines,
    '',
    '## Phase 1: Cache',
    '',
    'Create `Cache` in `app/cache.py`.',
    ''
  ].join('\n')

function flagged(guidelines: string[], keys: string[]): string[] {
  const model = buildModel(plan(guidelines))
  return flaggedElsewhere(model, phaseContent(model, '1', 'PLAN.md'), keys).map(item => item.text)
}

describe('open items outside the phase', () => {
  it('are the flagged ones that name what the phase acts on, with where they stand', () => {
    const model = buildModel(
      plan(['TODO: decide how `Cache` expires entries.', '', 'TODO: rename the docs folder.'])
    )
    expect(flaggedElsewhere(model, phaseContent(model, '1', 'PLAN.md'), ['Cache'])).toEqual([
      { text: 'TODO: decide how `Cache` expires entries.', path: ['Cache plan', 'Guidelines'] }
    ])
  })

  it('are flagged by any of the markers: TODO, TBD, FIXME, clarify, ??', () => {
    const items = [
      'TBD: `Cache` size.',
      'FIXME `Cache` keys.',
      'Clarify whether `Cache` is shared.',
      '`Cache` lifetime ??'
    ]
    expect(
      flagged(
        items.flatMap(item => [item, '']),
        ['Cache']
      )
    ).toEqual(items)
  })

  it('are none when the text is not flagged open, or when nothing names the phase’s subjects', () => {
    expect(flagged(['Keep `Cache` small.'], ['Cache'])).toEqual([])
    expect(flagged(['TODO: decide how `Cache` expires entries.'], [])).toEqual([])
  })
})
