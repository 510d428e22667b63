import { beforeAll, describe, expect, it } from '@jest/globals'
import { reground, withoutLineNumbers } from '../../../src/analysis/line-references.js'
import { analyseFixture, lines, type PhaseFixture } from '../../support/phase-fixture.js'

const REPOSITORY = {
  'pkg/api.py': lines(
    'import json',
    '',
    '',
    'class Client:',
    '    """Talks to the server."""',
    '',
    '    def __init__(self):',
    '        self.session = None',
    '',
    '    def send(self, body):',
    '        return json.dumps(body)',
    '',
    '    def close(self):',
    '        self.session = None'
  )
}

const MASTER_PLAN = lines(
  '# Plan',
  '',
  '## Phase 1: Client',
  '',
  '1. Change `Client.send` (see `pkg/api.py:10`) to compress the body.',
  '2. Change `Client.close` at `pkg/api.py:3` so it also clears the cache.',
  '3. In `Client.__init__()` around lines 7-8, set a timeout.',
  '4. Update `pkg/api.py:40` to log.'
)

describe('line references', () => {
  let fixture: PhaseFixture
  beforeAll(async () => {
    fixture = await analyseFixture(REPOSITORY, MASTER_PLAN, '1')
  })
  const state = (text: string) => fixture.analysis.lineReferences.find(reference => reference.text === text)

  it('keeps a reference whose named code is still there', () => {
    expect(state('pkg/api.py:10')).toMatchObject({ path: 'pkg/api.py', state: 'current' })
    expect(state('lines 7-8')).toMatchObject({ path: 'pkg/api.py', state: 'current' })
  })

  it('re-grounds a reference whose named code moved, and asks about it', () => {
    expect(state('pkg/api.py:3')).toMatchObject({
      state: 'stale',
      now: { from: 13, to: 13, name: 'Client.close' }
    })
    const question = fixture.analysis.clarifications.find(item => item.question.includes('pkg/api.py:3'))
    expect(question?.question).toBe(
      '`pkg/api.py:3` is stale: `Client.close` is at `pkg/api.py:13` now, and this plan uses that line. Confirm it is the code the master plan means.'
    )
  })

  it('leaves a reference alone when nothing tells what it points at', () => {
    expect(state('pkg/api.py:40')).toMatchObject({ state: 'unknown' })
  })

  it('rewrites master-plan prose in place: the current line, then what the master plan said after the code span', () => {
    const unit = fixture.content.units.find(candidate => candidate.text.includes('pkg/api.py:3'))
    const start = fixture.model.source.indexOf(unit?.text ?? '')
    expect(reground(unit?.text ?? '', start, fixture.analysis.lineReferences)).toBe(
      'Change `Client.close` at `pkg/api.py:13` (the master plan says 3) so it also clears the cache.'
    )
  })

  it('compares prose without its line numbers, so coverage holds whichever line is shown', () => {
    expect(withoutLineNumbers('at `pkg/api.py:13` (the master plan says 3) and lines 7-8')).toBe(
      withoutLineNumbers('at `pkg/api.py:3` and lines 70-80')
    )
  })
})
