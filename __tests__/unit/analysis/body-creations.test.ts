/**
 * What an unparsed section body may create, read from its raw text: loose for prose and other code,
 * exact for code fenced at column 0 — and never stricter than reading its parsed units.
 */
import { describe, expect, it } from '@jest/globals'
import { bodyCreations, definedInFence } from '../../../src/analysis/body-creations.js'
import { otherPhases } from '../../../src/analysis/other-phases.js'
import { python } from '../../../src/grounding/python/index.js'
import { buildModel } from '../../../src/master-plan/outline.js'
import { buildPhaseModel } from '../../../src/master-plan/phase-model.js'
import { isSectionBody, SectionBody } from '../../../src/master-plan/section-body.js'
import { lines } from '../../support/phase-fixture.js'

/** A body standing alone: its segment is the heading line `## Step`, its text the rest. */
function body(...text: string[]): SectionBody {
  const source = lines('## Step', ...text)
  const start = '## Step\n'.length
  return new SectionBody(source, {
    segmentStart: 0,
    segmentLine: 1,
    segmentEnd: source.length,
    start,
    line: 2,
    end: source.trimEnd().length
  })
}

describe('the creations of a section body, from its text', () => {
  it('takes the words after a creating verb in their sentence, not before it or in the next one', () => {
    const { words } = bodyCreations(body('Keep `Store`. Then add a `Cache` class. Use `Loader` as is.'))
    expect(words.has('Cache')).toBe(true)
    expect(words.has('class')).toBe(true)
    expect(words.has('Store')).toBe(false)
    expect(words.has('Loader')).toBe(false)
  })

  it('takes a file sought by a word inside its name from where the name starts', () => {
    // `creates` looks for `docker-compose.prod.yml` whole: what precedes its start decides, not the `.`.
    const { words } = bodyCreations(body('5.4 **Create the template** (`docker/docker-compose.prod.yml`)'))
    expect(words.has('prod')).toBe(true)
  })

  it('reads code fenced at column 0 as its code unit: info and lines, not words', () => {
    const found = bodyCreations(
      body(
        'Routes:',
        '',
        '```Python',
        'class Router:',
        '    pass',
        '',
        'raise KeyError(f"No Service")',
        '```'
      )
    )
    expect(found.fences).toEqual([
      { info: 'python', text: 'class Router:\n    pass\n\nraise KeyError(f"No Service")' }
    ])
    // A name on a line that merely could bind it is no longer a word of the body: the sample decides.
    expect(found.words.has('Service')).toBe(false)
    expect(found.words.has('Router')).toBe(false)
    const defines = definedInFence(python)
    expect(defines(found.fences[0]!)).toContain('Router')
    expect(defines(found.fences[0]!)).not.toContain('Service')
  })

  it('reads other code loosely: indented code, and a fence left open to the body end', () => {
    const indented = bodyCreations(body('Then:', '', '    value = compute()'))
    expect(indented.words.has('value')).toBe(true)
    const open = bodyCreations(body('Then:', '', '```python', 'total = 1'))
    expect(open.fences).toEqual([])
    expect(open.words.has('total')).toBe(true)
  })
})

/** Phases whose sub-step bodies a model for one phase leaves unparsed; long enough to be read in parts. */
function masterPlan(): string {
  const filler = (phase: number): string[] =>
    Array.from({ length: 60 }, (_, step) => [
      `### ${phase}.${step + 10} Filler step`,
      '',
      `Keep \`Helper${phase}_${step}\` working; ${'nothing changes here. '.repeat(60)}`,
      ''
    ]).flat()
  return lines(
    '# Plan',
    '',
    '## Phase 1: Build',
    '',
    '### 1.1 Router',
    '',
    'Routes requests.',
    '',
    '```python',
    'class Router:',
    '    def resolve(self, name):',
    '        raise KeyError(f"Unknown Service: {name}")',
    '```',
    '',
    '### 1.2 Table',
    '',
    'Write `pkg/table.py`.',
    '',
    '    limit = Settings()',
    '',
    ...filler(1),
    '## Phase 2: Use',
    '',
    ...filler(2),
    '## Phase 3: Wire',
    '',
    'Wire `Router`, `Service`, `Settings`, `limit`, `resolve` and `pkg/table.py` together.',
    ''
  )
}

describe('which earlier phase creates a name, from a model that left bodies unparsed', () => {
  const text = masterPlan()
  const whole = otherPhases(buildModel(text), '3', python)
  const model = buildPhaseModel(text, '3')
  const bodies = model.blocks.filter(isSectionBody)
  const parts = otherPhases(model, '3', python)

  it('answers as the model parsed whole does', () => {
    expect(bodies.length).toBeGreaterThan(100)
    for (const name of ['Router', 'Service', 'Settings', 'limit', 'resolve', 'pkg/table.py', 'Helper2_5'])
      expect(parts.createdEarlier(name)).toBe(whole.createdEarlier(name))
    expect(parts.createdEarlier('Router')).toBe('1')
    expect(parts.createdEarlier('limit')).toBe('1')
    expect(parts.createdEarlier('Service')).toBeUndefined()
  })

  it('parses only the bodies that may really create the name', () => {
    const fresh = buildPhaseModel(text, '3')
    const others = otherPhases(fresh, '3', python)
    // `Service` stands on a code line of phase 1 that could bind a name, but its sample does not define it.
    expect(others.createdEarlier('Service')).toBeUndefined()
    expect(fresh.blocks.filter(block => isSectionBody(block) && block.isParsed)).toEqual([])
    expect(others.createdEarlier('Router')).toBe('1')
    expect(fresh.blocks.filter(block => isSectionBody(block) && block.isParsed)).toHaveLength(1)
  })
})
