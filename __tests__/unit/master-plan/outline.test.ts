import { buildModel } from '../../../src/master-plan/outline.js'
import { phaseIds, selectPhase, UnknownPhaseError } from '../../../src/master-plan/lookup.js'
import { matchPhaseHeading, isValidPhaseId, comparePhaseIds } from '../../../src/master-plan/phase-id.js'
import { citedNames, mergeCitedNames } from '../../../src/master-plan/names.js'
import { phaseContent } from '../../../src/master-plan/phase-content.js'
import { phaseStructure } from '../../../src/master-plan/steps.js'

const plan = (body: string): ReturnType<typeof buildModel> => buildModel(body)

describe('phase headings', () => {
  it.each([
    ['Phase 3: ProviderManager', '3', 'ProviderManager'],
    ['🗓️ PHASE 0: FOUNDATION (Session 1)', '0', 'FOUNDATION (Session 1)'],
    ['Phase 2A - Split the client', '2A', 'Split the client'],
    ['Phase 3.10a — Tidy', '3.10a', 'Tidy'],
    ['Phase A: Core abstraction', 'A', 'Core abstraction'],
    ['Phase 1: Setup ✅ COMPLETE', '1', 'Setup'],
    ['Milestone 0 -- Foundation', '0', 'Foundation'],
    ['Phase 2.0: Reorganise {#phase-2}', '2.0', 'Reorganise'],
    ['Sprint 18: Cleanup', '18', 'Cleanup'],
    ['Phase 5B', '5B', '']
  ])('reads %s', (text, id, title) => {
    expect(matchPhaseHeading(text)).toEqual({ id, title })
  })

  it.each([
    'Phases',
    'PHASED EXECUTION PLAN',
    'Phase Architecture',
    'Milestones',
    'Implementation Phases',
    'Step 1.1: x',
    'Testing for Phase 3'
  ])('ignores %s', text => {
    expect(matchPhaseHeading(text)).toBeUndefined()
  })

  it('validates requested ids strictly', () => {
    for (const good of ['0', '3', '2A', '3.1', '3.10a', 'A']) expect(isValidPhaseId(good)).toBe(true)
    for (const bad of [
      '',
      '-1',
      '99999999999999999999',
      '３',
      '3; rm -rf /',
      '$(id)',
      '../../etc',
      '3/../../x',
      'AB',
      '3..1'
    ])
      expect(isValidPhaseId(bad)).toBe(false)
  })

  it('orders ids naturally', () => {
    expect(['10', '2', '1A', '1', 'A', '1.1'].sort(comparePhaseIds)).toEqual([
      '1',
      '1.1',
      '1A',
      '2',
      '10',
      'A'
    ])
  })
})

describe('sections', () => {
  it('ends a phase at the next heading of the same or higher level, never inside fenced code', () => {
    const model = plan(
      [
        '# Plan',
        '## Phase 1: One',
        'Intro.',
        '```python',
        '# Phase 2: not a heading',
        '## also not',
        'x = 1',
        '```',
        '### Detail',
        'Still phase 1.',
        '## Phase 2: Two',
        'Second.'
      ].join('\n')
    )
    expect(phaseIds(model)).toEqual(['1', '2'])
    const content = phaseContent(model, '1', 'plan.md')
    const texts = content.units.map(unit => unit.text)
    expect(texts).toContain('Still phase 1.')
    expect(texts.some(text => text.includes('Second.'))).toBe(false)
    expect(content.units.find(unit => unit.kind === 'code')?.text).toBe(
      '# Phase 2: not a heading\n## also not\nx = 1'
    )
  })

  it('never confuses phase 1 with phase 10 or 1A', () => {
    const model = plan('## Phase 10: Ten\nten\n## Phase 1A: One A\none a\n## Phase 1: One\none\n')
    const selection = selectPhase(model, '1', 'plan.md')
    expect(selection.match).toBe('exact')
    expect(selection.sections.map(section => section.id)).toEqual(['1'])
  })

  it('takes phase 0', () => {
    const model = plan('## Phase 0: Baseline\nbaseline text\n## Phase 1: Next\nnext\n')
    expect(phaseContent(model, '0', 'plan.md').units.map(unit => unit.text)).toEqual(['baseline text'])
  })

  it('covers the lettered family when the bare id is absent, and says so', () => {
    const model = plan('## Phase 2A: a\nA\n## Phase 2B: b\nB\n## Phase 20: twenty\nT\n')
    const selection = selectPhase(model, '2', 'plan.md')
    expect(selection.match).toBe('family')
    expect(selection.ids).toEqual(['2A', '2B'])
  })

  it('takes every section with the same id, with paths, and drops exact duplicates', () => {
    const model = plan(
      '# P\n## Definitions\n### Phase 1: Setup\nDo the setup.\n## Tracking\n### Phase 1: Setup\nStatus: open.\n## Copy\n### Phase 1: Setup\nDo the setup.\n'
    )
    const selection = selectPhase(model, '1', 'plan.md')
    expect(selection.sections.map(section => section.path.join(' › '))).toEqual([
      'P › Definitions › Phase 1: Setup',
      'P › Tracking › Phase 1: Setup'
    ])
    expect(selection.duplicatesDropped).toBe(1)
  })

  it('names the phases it found when the phase is missing', () => {
    const model = plan('## Phase 1: a\nx\n## Phase 2: b\ny\n')
    expect(() => selectPhase(model, '7', 'admin/plan.md')).toThrow(UnknownPhaseError)
    expect(() => selectPhase(model, '7', 'admin/plan.md')).toThrow(
      'Phase "7" is not in the master plan admin/plan.md. Phases found: 1, 2.'
    )
  })

  it('gives a clear error for a plan with no phases', () => {
    const model = plan('# Notes\nJust prose.\n')
    expect(() => selectPhase(model, '1', 'notes.md')).toThrow(
      'The master plan notes.md has no phases: no heading, bold label or index entry names one ' +
        '(e.g. "## Phase 1: …"; docs/phases.md lists the forms plan-phase reads). Check the ' +
        'master-plan setting, or add phase headings to the plan.'
    )
    // Planning names the setting the way the run's user gave it (setting-names.ts).
    let error: unknown
    try {
      selectPhase(model, '1', 'notes.md')
    } catch (caught: unknown) {
      error = caught
    }
    expect(error).toBeInstanceOf(UnknownPhaseError)
    const named = (error as UnknownPhaseError).naming('--master-plan')
    expect(named).toBeInstanceOf(UnknownPhaseError)
    expect(named.message).toContain('Check --master-plan, or add phase headings to the plan.')
    expect(named.phases).toEqual([])
  })

  it('points at a section that lists phases without naming an id', () => {
    // A numbered list or a table with ids under such a heading is an index (docs/phases.md, rule 4).
    const numbered = plan(
      '# Test refactor\n\nWhy.\n\n## Refactor Phases\n\n1. Infrastructure\n\n2. Cleanup\n'
    )
    expect(phaseIds(numbered)).toEqual(['1', '2'])
    const bullets = plan('# Test refactor\n\nWhy.\n\n## Refactor Phases\n\n- Infrastructure\n- Cleanup\n')
    expect(() => selectPhase(bullets, '2', 'plan.md')).toThrow(
      'Its section "Refactor Phases" (line 5) holds a list, but none of its entries names a phase id; write ' +
        'each one as "## Phase 1: …" or "| 1 | Title |".'
    )
    const table = plan(
      '# Plan\n\n## Execution Index (Phases)\n\n| Area | Name |\n|---|---|\n| core | Core |\n'
    )
    expect(() => selectPhase(table, '1', 'plan.md')).toThrow(
      'Its section "Execution Index (Phases)" (line 3) holds a table,'
    )
    // Only a section's own text counts: the title's list sits under another heading here.
    const nested = plan('# Execution phases\n\nIntro.\n\n## Goals\n\n- fast\n- safe\n')
    expect(() => selectPhase(nested, '1', 'plan.md')).toThrow('add phase headings to the plan.')
    // A list under a heading that is not about phases is no hint.
    const other = plan('# Plan\n\n## Goals\n\n- fast\n- safe\n')
    expect(() => selectPhase(other, '1', 'plan.md')).toThrow('add phase headings to the plan.')
  })

  it('skips front matter and reads CRLF input the same as LF', () => {
    const lf = '---\ntitle: x\n---\n# Plan\n## Phase 1: One\n- a\n- b\n\n```\ncode\n```\n'
    const crlf = lf.replace(/\n/g, '\r\n')
    const a = phaseContent(plan(lf), '1', 'p.md')
    const b = phaseContent(plan(crlf), '1', 'p.md')
    expect(b.units.map(unit => unit.text)).toEqual(a.units.map(unit => unit.text))
    expect(plan(lf).frontMatter).toBe('---\ntitle: x\n---')
    expect(a.omitted.map(item => item.reason)).toContain('metadata (front matter)')
  })

  it('reads bold pseudo-headings as phases', () => {
    const model = plan(
      '## Steps\n\n**Phase 1: Verify** (5 min)\n- check a\n\n**Phase 2: Fix**\n- fix b\n\n## After\ntext\n'
    )
    expect(phaseIds(model)).toEqual(['1', '2'])
    const units = phaseContent(model, '2', 'p.md').units.map(unit => unit.text)
    expect(units).toEqual(['**Phase 2: Fix**', 'fix b'])
  })

  it('starts every task item after its box, whether its text opens with code or not', () => {
    const model = plan('## Phase 1: Checks\n\n- [ ] `f()` returns 1.\n- [x] TODO: decide on `g`.\n')
    const units = phaseContent(model, '1', 'p.md').units.filter(unit => unit.kind === 'list-item')
    expect(units.map(unit => unit.text)).toEqual(['`f()` returns 1.', 'TODO: decide on `g`.'])
    // Items of one list share a column: neither is read as nested in the other.
    const columns = units.map(unit => unit.start - model.source.lastIndexOf('\n', unit.start) - 1)
    expect(columns).toEqual([6, 6])
  })
})

describe('steps', () => {
  it('numbers sub-headings as stable ids and keeps the opening text as the purpose', () => {
    const model = plan('## Phase 3: M\nWhy.\n### 3.1 First\na\n#### deeper\nb\n### 3.2 Second\nc\n')
    const selection = selectPhase(model, '3', 'p.md')
    const structure = phaseStructure(model, '3', selection.sections)
    expect(structure.steps.map(step => [step.id, step.title])).toEqual([
      ['3.1', '3.1 First'],
      ['3.2', '3.2 Second']
    ])
    expect(structure.intro).toHaveLength(1)
  })

  it('uses numbered items as sub-steps when there are no sub-headings', () => {
    const model = plan('## Phase 0: Base\nIntro.\n\n1. one\n2. two\n3. three\n')
    const structure = phaseStructure(model, '0', selectPhase(model, '0', 'p.md').sections)
    expect(structure.steps.map(step => step.id)).toEqual(['0.1', '0.2', '0.3'])
    expect(structure.steps[1]?.title).toBe('two')
  })
})

describe('context outside the phases', () => {
  const text = [
    '# Title',
    '## Table of Contents',
    '- [Phase 1](#phase-1)',
    '## Guiding Principles',
    'Keep tests green.',
    '## Phase 1: A',
    'Do A; Phase 2 builds on it.',
    '## Phase 2: B',
    'Do B after Phase 1.',
    '## Testing for Phase 1',
    '- test that A works',
    '## Key Design Decisions',
    'We chose X.',
    '## Progress Tracker',
    '- [x] Phase 1',
    '- [ ] Phase 2'
  ].join('\n')

  it('classifies guidelines, decisions and context, and says what it left out', () => {
    const content = phaseContent(plan(text), '2', 'p.md')
    expect(content.guidelines.map(section => [section.title, section.kind])).toEqual([
      ['Guiding Principles', 'guideline'],
      ['Key Design Decisions', 'decision']
    ])
    const reasons = content.omitted.map(item => `${item.path.join(' › ')}: ${item.reason}`)
    expect(reasons).toEqual(
      expect.arrayContaining([
        'Title › Table of Contents: table of contents',
        'Title › Progress Tracker: progress tracker',
        'Title › Testing for Phase 1: about another phase (Testing for Phase 1)'
      ])
    )
  })

  it('collects mentions of the phase elsewhere as cross-references and keyed sections', () => {
    const content = phaseContent(plan(text), '1', 'p.md')
    expect(content.crossReferences.map(mention => mention.unit.text)).toEqual(['Do B after Phase 1.'])
    expect(content.keyed.map(section => section.title)).toEqual(['Testing for Phase 1'])
    expect(content.testItems.map(unit => unit.text)).toContain('test that A works')
    expect(content.nextPhase?.id).toBe('2')
    expect(content.nextPhase?.dependsOn.map(mention => mention.unit.text)).toEqual(['Do B after Phase 1.'])
  })
})

describe('the next phase', () => {
  const text = [
    '# Sprint plan',
    '## Phase A: Core',
    'a',
    '## Phase B: Rollout',
    'b',
    '## Sprint 18: Cleanup',
    'c',
    '## Files to create',
    '### Phase A',
    '- `core.py`'
  ].join('\n')

  it('follows numbers with numbers and letters with letters, then the next sequence the document starts', () => {
    const model = plan(text)
    expect(phaseContent(model, 'A', 'p.md').nextPhase?.id).toBe('B')
    expect(phaseContent(model, 'B', 'p.md').nextPhase?.id).toBe('18')
    expect(phaseContent(model, '18', 'p.md').nextPhase).toBeUndefined()
  })

  it('is the next id in order within one sequence, wherever the document puts it', () => {
    const model = plan(
      ['# Plan', '## Phase 1: a', 'a', '## Phase 2: b', 'b', '## Phase 1.5: late', 'c'].join('\n')
    )
    expect(phaseContent(model, '1', 'p.md').nextPhase?.id).toBe('1.5')
    expect(phaseContent(model, '1.5', 'p.md').nextPhase?.id).toBe('2')
    expect(phaseContent(model, '2', 'p.md').nextPhase).toBeUndefined()
  })
})

describe('cited names', () => {
  it('merges per-part results exactly as one read of all the parts', () => {
    const text = [
      '# Plan',
      '',
      'Mention `Router` and change `load_config`.',
      '',
      'Create `Router` in `router.py`. Remove `legacy_route`.',
      '',
      'Change `Router` again; mention `legacy_route`.',
      ''
    ].join('\n')
    const model = plan(text)
    const parts = [1, 2, 3].map(index => ({
      start: model.blocks[index]?.start ?? 0,
      end: model.blocks[index]?.end ?? 0
    }))
    const whole = citedNames(model, parts)
    expect(whole.map(name => `${name.name}:${name.action}`)).toEqual(
      expect.arrayContaining(['Router:create', 'legacy_route:remove'])
    )
    expect(mergeCitedNames(parts.map(part => citedNames(model, [part])))).toEqual(whole)
  })
})

describe('test items', () => {
  it('take a row of a table of tests, not a line that names a test module in passing', () => {
    const model = plan(
      [
        '# Plan',
        '## Phase 1: Money',
        '- **Mon**: mock improvement + test_helpers additions',
        '',
        '| Test | Expected |',
        '|---|---|',
        '| `test_money_two_decimals` | `money(1)` is `"$1.00"` |'
      ].join('\n')
    )
    const items = phaseContent(model, '1', 'p.md').testItems.map(unit => unit.text)
    expect(items).toContain('| `test_money_two_decimals` | `money(1)` is `"$1.00"` |')
    expect(items.some(text => text.includes('test_helpers additions'))).toBe(false)
  })
})
