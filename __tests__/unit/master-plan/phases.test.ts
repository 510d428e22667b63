/**
 * One test (or a few) per rule of docs/phases.md, on master plans written for these tests.
 */
import { documentPaths } from '../../../src/destinations/document-paths.js'
import { readPhaseLabel, shortTitle } from '../../../src/master-plan/labels.js'
import { resolveLink, githubSlug } from '../../../src/master-plan/links.js'
import { phaseIds, selectPhase, UnknownPhaseError } from '../../../src/master-plan/lookup.js'
import type { MasterPlanModel } from '../../../src/master-plan/model.js'
import { buildModel } from '../../../src/master-plan/outline.js'
import { phaseContent } from '../../../src/master-plan/phase-content.js'
import { confirmPhaseId, isValidPhaseId, type PhaseId } from '../../../src/master-plan/phase-id.js'
import { listPhases, phaseListLines } from '../../../src/master-plan/phase-list.js'
import { readMasterPlan } from '../../../src/master-plan/read.js'

const plan = (lines: readonly string[]): MasterPlanModel => buildModel(lines.join('\n'))

/** Step ids and titles of one phase. */
function steps(model: MasterPlanModel, id: string): string[][] {
  return phaseContent(model, id, 'plan.md').structure.steps.map(step => [step.id, step.title])
}

/** The text of a phase's purpose (intro) spans. */
function intro(model: MasterPlanModel, id: string): string[] {
  return phaseContent(model, id, 'plan.md').structure.intro.map(span =>
    model.source.slice(span.start, span.end)
  )
}

function rules(model: MasterPlanModel): string[] {
  return listPhases(model).map(
    phase =>
      `${phase.id}: ${phase.found.map(found => `${found.rule}${found.role === 'summary' ? '*' : ''}`).join(',')}`
  )
}

describe('rule 1: phase labels', () => {
  it.each([
    ['Stage 2: Build', ['2'], 'phase', 'Build'],
    ['Milestone 3 -- Foundation', ['3'], 'phase', 'Foundation'],
    ['Sprint 18: Cleanup', ['18'], 'phase', 'Cleanup'],
    ['Part 1: Background', ['1'], 'phase', 'Background'],
    ['Workstream A: Secrets', ['A'], 'phase', 'Secrets'],
    ['阶段 2：接口设计', ['2'], 'phase', '接口设计'],
    ['阶段三：测试', ['3'], 'phase', '测试'],
    ['第3阶段：上线', ['3'], 'phase', '上线'],
    ['第十二阶段 收尾', ['12'], 'phase', '收尾'],
    ['フェーズ1：設計', ['1'], 'phase', '設計'],
    ['Fase 2: Migración de datos', ['2'], 'phase', 'Migración de datos'],
    ['Etapa 3 - Testes', ['3'], 'phase', 'Testes'],
    ['Phase 4 : Déploiement', ['4'], 'phase', 'Déploiement'],
    ['Étape 4 : Déploiement', ['4'], 'step', 'Déploiement'],
    ['Schritt 2: Aufräumen', ['2'], 'step', 'Aufräumen'],
    ['Step 1.1: Examine the API', ['1.1'], 'step', 'Examine the API'],
    ['Task 3', ['3'], 'step', ''],
    ['步骤 2：验证', ['2'], 'step', '验证'],
    ['Phase Two: Migration', ['2'], 'phase', 'Migration'],
    ['🗓️ PHASE 0: FOUNDATION (Session 1)', ['0'], 'phase', 'FOUNDATION (Session 1)'],
    ['3. Phase 3: Numbered heading', ['3'], 'phase', 'Numbered heading'],
    ['Phase-1: Hyphenated', ['1'], 'phase', 'Hyphenated'],
    ['Phase 03 — Leading zero', ['03'], 'phase', 'Leading zero'],
    ['Phase 3.10a: Dotted', ['3.10a'], 'phase', 'Dotted'],
    ['Phase A: Letters', ['A'], 'phase', 'Letters'],
    ['Phase 2.0: Reorganise {#phase-2}', ['2.0'], 'phase', 'Reorganise']
  ])('reads %s', (text, ids, kind, title) => {
    expect(readPhaseLabel(text)).toMatchObject({ ids, kind, title })
  })

  it('reads no Kelvin sign or long s as the letter of an id: they only fold to k and s', () => {
    expect(readPhaseLabel('Phase \u212A: Kelvin')).toBeUndefined()
    expect(readPhaseLabel('Phase 2\u212A: Kelvin')?.ids).not.toEqual(['2\u212A'])
    expect(readPhaseLabel('Phase \u017F: Long s')).toBeUndefined()
    expect(readPhaseLabel('Phase K: Ascii')?.ids).toEqual(['K'])
    expect(readPhaseLabel('Phases 2A and 2\u212A: both')?.ids).toEqual(['2A'])
    expect(readPhaseLabel('Phases 2A–2\u212A: range')?.ids).toEqual(['2A'])
    const model = plan(['## Phase 2k: ascii', 'a', '## Phase 2\u212A: kelvin', 'b'])
    expect(phaseIds(model)).toEqual(['2k'])
  })

  it('reads Roman numerals as digits, and one-letter I, V, X too where the plan numbers that way', () => {
    expect(readPhaseLabel('Phase II: Build')).toMatchObject({ ids: ['2'], roman: true })
    expect(readPhaseLabel('Phase IV - Ship')?.ids).toEqual(['4'])
    expect(readPhaseLabel('Phase I: Plan')?.ids).toEqual(['I'])
    expect(readPhaseLabel('Phase I: Plan', { roman: true })?.ids).toEqual(['1'])
    const model = plan(['## Phase I: Plan', 'a', '## Phase II: Build', 'b', '## Phase III: Ship', 'c'])
    expect(phaseIds(model)).toEqual(['1', '2', '3'])
    const letters = plan(['## Phase H: h', 'a', '## Phase I: i', 'b'])
    expect(phaseIds(letters)).toEqual(['H', 'I'])
  })

  it.each([
    'Phases',
    'Phase Architecture',
    'Phased rollout',
    'Phase out the old API',
    'Testing for Phase 3',
    'Implementation Phases',
    '阶段性目标',
    'Parts list'
  ])('does not read %s as a label', text => {
    expect(readPhaseLabel(text)).toBeUndefined()
  })

  it.each([
    ['Phase 0-1: Initial Setup', ['0', '1']],
    ['Phases 4 and 5: Cleanup', ['4', '5']],
    ['Phase 4/5', ['4', '5']],
    ['Phases 1, 2 & 3', ['1', '2', '3']],
    ['Phases 2A–2D: Split', ['2A', '2B', '2C', '2D']],
    ['Phases 1 – 3', ['1', '2', '3']],
    ['Phases 1 to 3', ['1', '2', '3']],
    ['Phases 7.1-7.3 completed', ['7.1', '7.3']],
    ['Phase 2 - Split the client', ['2']],
    ['Phase 2 and Beyond', ['2']],
    ['Phase 1-2024 plan', ['1']],
    ['阶段1、2：准备', ['1', '2']],
    ['Phases A and B', ['A', 'B']]
  ])('gives %s to every id it names', (text, ids) => {
    expect(readPhaseLabel(text)?.ids).toEqual(ids)
  })

  it.each([
    ['Phase 8A: Phase 8A: Flag Infrastructure', 'Flag Infrastructure', []],
    ['Phase 1: ✅ — Define the API', 'Define the API', ['✅']],
    ['Phase 2: Setup ✅ COMPLETE (2025-10-24)', 'Setup', ['✅ COMPLETE (2025-10-24)']],
    ['Phase 3: Parser (In Progress)', 'Parser', ['(In Progress)']],
    ['Phase 4: Cleanup DONE', 'Cleanup', ['DONE']],
    ['Phase 5: Complete the parser', 'Complete the parser', []],
    ['Phase 6: Risky work ⚠️', 'Risky work', ['⚠️']],
    ['Phase 7: Title 🚀', 'Title', []]
  ])('cleans the title of %s and keeps its status apart', (text, title, status) => {
    expect(readPhaseLabel(text)).toMatchObject({ title, status })
  })

  it('cuts titles at the first sentence and at 80 characters, at a word', () => {
    expect(shortTitle('Create the file. Then add imports.')).toBe('Create the file.')
    expect(shortTitle('Use e.g. a cache. Done.')).toBe('Use e.g. a cache.')
    expect(shortTitle('1. Phase One — Setup')).toBe('1. Phase One — Setup')
    expect(shortTitle('Bump to v1.2 first. Then ship.')).toBe('Bump to v1.2 first.')
    const long = shortTitle(`Rewrite ${'the provider manager '.repeat(8)}completely`)
    expect(long.length).toBeLessThanOrEqual(80)
    expect(long).toMatch(/ manager…$/)
  })

  it('keeps a last word that runs past the limit whole, and ends a cut title on no word that leads on', () => {
    const task = 'T091 [P] [US9] Implement shared utilities in /system_workspace/utilities/utils.py'
    expect(shortTitle(task)).toBe(task)
    const cut = shortTitle(
      `Move ${'each handler '.repeat(5)}from the old router into the new dispatch module`
    )
    expect(cut.length).toBeLessThanOrEqual(80)
    expect(cut).not.toMatch(/\b(?:the|from|into|of)…$/)
    expect(cut).toMatch(/…$/)
  })

  it('end titles without the colon, semicolon or comma that led into more text, or the words before it', () => {
    expect(shortTitle('Implement DelegatingCompleter class:')).toBe('Implement DelegatingCompleter class')
    expect(shortTitle('Update `load()` to:')).toBe('Update `load()`')
    expect(shortTitle('Add the following;')).toBe('Add the following')
    expect(shortTitle('Add the following:')).toBe('Add the following')
    expect(shortTitle('Wire the router as follows:')).toBe('Wire the router')
    expect(shortTitle('Rename the module,')).toBe('Rename the module')
    // Only lead-in words go, and only after a colon: a title that is nothing but them stays.
    expect(shortTitle('Details:')).toBe('Details')
    expect(shortTitle('Move it to')).toBe('Move it to')
  })
})

describe('rule 2: headings and bold labels make phases; code, quotes and HTML never do', () => {
  it('finds both and ends each where the rules say', () => {
    const model = plan([
      '# Plan',
      '## Phase 1: Heading',
      'one',
      '### Detail',
      'still one',
      '## Steps',
      '**Phase 2: Bold** (5 min)',
      '- two',
      '',
      '```md',
      '## Phase 9: in code',
      '```',
      '> ## Phase 8: quoted',
      '',
      '<div>',
      '## Phase 7: in html',
      '</div>'
    ])
    expect(rules(model)).toEqual(['1: heading', '2: bold-label'])
    expect(phaseContent(model, '2', 'p.md').units.map(unit => unit.text)).toContain('two')
  })
})

describe('rule 3: Step and Task', () => {
  it('are phases where no phase word sits at the same or a shallower level', () => {
    const model = plan(['# Refactor', '## Task 1: Parse', 'a', '## Task 2: Print', 'b'])
    expect(phaseIds(model)).toEqual(['1', '2'])
  })

  it('are sub-steps under phase headings', () => {
    const model = plan([
      '## Phase 1: A',
      '### Step 1.1: First',
      'x',
      '### Step 1.2: Second',
      'y',
      '## Phase 2: B',
      'z'
    ])
    expect(phaseIds(model)).toEqual(['1', '2'])
    expect(steps(model, '1')).toEqual([
      ['1.1', 'Step 1.1: First'],
      ['1.2', 'Step 1.2: Second']
    ])
  })

  it('at a phase heading’s own level are its sub-steps: a lettered grouping runs over them', () => {
    const model = plan([
      '## Phase 0: Setup',
      '### Step 0.1: Clone',
      'a',
      '### Phase A: Groundwork',
      '### Step 0.4: Lint',
      'b',
      '### Step 0.5: Format',
      'c',
      '### Phase B: Tooling',
      '### Step 0.7: Build',
      'd',
      '## Phase 1: Next',
      'e'
    ])
    expect(phaseIds(model)).toEqual(['0', '1', 'A', 'B'])
    expect(steps(model, 'A')).toEqual([
      ['A.1', 'Step 0.4: Lint'],
      ['A.2', 'Step 0.5: Format']
    ])
    expect(steps(model, 'B')).toEqual([['B.1', 'Step 0.7: Build']])
    // In phase 0, each empty grouping heading leads the step after it.
    expect(steps(model, '0').map(([, title]) => title)).toEqual([
      'Step 0.1: Clone',
      'Step 0.4: Lint',
      'Step 0.5: Format',
      'Step 0.7: Build'
    ])
  })

  it('count a bold phase label half a level below its heading', () => {
    const model = plan(['## Plan', '', '**Phase 1: Bold**', '', 'x', '## Step 2: Above the bold label', 'y'])
    expect(rules(model)).toEqual(['1: bold-label', '2: heading'])
    const deeper = plan(['## Plan', '', '**Phase 1: Bold**', '', 'x', '### Step 2: Below it', 'y'])
    expect(phaseIds(deeper)).toEqual(['1'])
  })
})

describe('rule 4: index sections and entries', () => {
  it('reads a table with a phase column, its title and status columns; the row is the content', () => {
    const model = plan([
      '# Plan',
      '## Execution index (phases)',
      '| Phase | Owner | Name | Status |',
      '|---|---|---|---|',
      '| **0** | ann | Environment setup | ✅ Done |',
      '| 1 | bob | Research | ⏳ Pending |',
      '| — | — | not a phase | |',
      '## Notes',
      'text'
    ])
    expect(listPhases(model).map(phase => [phase.id, phase.title, phase.status])).toEqual([
      ['0', 'Environment setup', ['✅ Done']],
      ['1', 'Research', ['⏳ Pending']]
    ])
    expect(rules(model)).toEqual(['0: table-row', '1: table-row'])
    const content = phaseContent(model, '1', 'plan.md')
    expect(content.units.map(unit => unit.text)).toEqual(['| 1 | bob | Research | ⏳ Pending |'])
    expect(content.selection.status).toEqual(['⏳ Pending'])
  })

  it('reads a table without a phase column from labelled first cells, and a # column', () => {
    const labelled = plan([
      '## Stages',
      '| Work | Goal |',
      '|---|---|',
      '| Stage 1: Parse | fast |',
      '| Intro | none |'
    ])
    expect(listPhases(labelled).map(phase => [phase.id, phase.title])).toEqual([['1', 'Parse']])
    const hash = plan(['## Milestone summary', '| # | What |', '|---|---|', '| A. | Secrets |'])
    expect(listPhases(hash).map(phase => [phase.id, phase.title])).toEqual([['A', 'Secrets']])
  })

  it('reads a numbered list: the item is the phase, its nested items its sub-steps', () => {
    const model = plan([
      '# Test refactor',
      '## Refactor Phases',
      '1. Infrastructure hardening',
      '   - Fix fixture leaks. Then tidy.',
      '   - Normalise helpers',
      '',
      '2. Cleanup',
      '   - Drop dead tests',
      '',
      '## Done in this pass',
      '- Phase 1: completed'
    ])
    expect(rules(model)).toEqual(['1: list-item', '2: list-item'])
    // Its first paragraph is only its label: the plan's title, not a purpose to say again.
    expect(intro(model, '1')).toEqual([])
    expect(steps(model, '1')).toEqual([
      ['1.1', 'Fix fixture leaks.'],
      ['1.2', 'Normalise helpers']
    ])
  })

  it('makes an entry a summary when a heading holds the phase, and keeps its checkbox as status', () => {
    const model = plan([
      '## 🎯 Phases',
      '- [x] **Phase 0:** Preparation ✅ COMPLETE',
      '- [ ] **Phase 1:** Build',
      '- not an entry',
      '## Phase 0: Preparation',
      'Do it.',
      '## Phase 1: Build',
      'Build it.'
    ])
    expect(rules(model)).toEqual(['0: list-item*,heading', '1: list-item*,heading'])
    expect(listPhases(model)[0]?.status).toEqual(['[x]', '✅ COMPLETE'])
    expect(intro(model, '0')).toEqual(['- [x] **Phase 0:** Preparation ✅ COMPLETE'])
    // The step's title is its first sentence, never the phase's label again.
    expect(steps(model, '0')).toEqual([['0.1', 'Do it.']])
  })

  it('reads no entries under a heading that does not name phases, or inside a phase, or from step words', () => {
    const model = plan([
      '## Status',
      '1. first',
      '2. second',
      '## Phase 3: Work',
      '### Milestones',
      '1. inside',
      '2. phase three',
      '## Tasks overview',
      '- Task 4: not an entry'
    ])
    expect(phaseIds(model)).toEqual(['3'])
  })
})

describe('rule 5: a document that is one phase', () => {
  it('runs to the end of the file; its same-level headings are its sub-steps', () => {
    const model = plan([
      '# Phase 13: Big change',
      'Why.',
      '# Step 1: Prepare',
      'a',
      '# Step 2: Change',
      'b',
      '# Notes',
      'c'
    ])
    expect(rules(model)).toEqual(['13: document'])
    expect(steps(model, '13')).toEqual([
      ['13.1', 'Step 1: Prepare'],
      ['13.2', 'Step 2: Change'],
      ['13.3', 'Notes']
    ])
    expect(intro(model, '13')).toEqual(['Why.'])
  })

  it('is not one phase when another heading at its level names a phase', () => {
    const model = plan(['# Phase 1: A', 'a', '# Phase 2: B', 'b'])
    expect(rules(model)).toEqual(['1: heading', '2: heading'])
  })
})

describe('rule 6: links to another section or file', () => {
  const index = [
    '# Master plan',
    '## Phase index',
    '| Phase | Name | Plan |',
    '|---|---|---|',
    '| 1 | Setup | [details](#setup-details) |',
    '| 2 | Build | [plan](./phases/build.md) |',
    '| 3 | Ship | [appendix](appendix.md#phase-3-ship-it) |',
    '| 4 | Web | [site](https://example.com/x.md) |',
    '| 5 | Loop | [index](#phase-index) |',
    '## Setup details',
    'Install the tools.',
    '### Check',
    'Run the checks.'
  ]

  it('resolves links inside the repository only', () => {
    expect(resolveLink('./phases/build.md', 'docs/plan.md')).toEqual({
      kind: 'file',
      path: 'docs/phases/build.md'
    })
    expect(resolveLink('/plans/x.md#Step-1', 'docs/plan.md')).toEqual({
      kind: 'file',
      path: 'plans/x.md',
      anchor: 'Step-1'
    })
    expect(resolveLink('#phase-2', 'docs/plan.md')).toEqual({ kind: 'anchor', anchor: 'phase-2' })
    expect(resolveLink('plan.md#phase-2', 'docs/plan.md')).toEqual({ kind: 'anchor', anchor: 'phase-2' })
    expect(resolveLink('../../../etc/passwd.md', 'docs/plan.md')).toMatchObject({ kind: 'skip' })
    expect(resolveLink('https://example.com/a.md', 'plan.md')).toMatchObject({ kind: 'skip' })
    expect(resolveLink('//host/a.md', 'plan.md')).toMatchObject({ kind: 'skip' })
    expect(resolveLink('src/app.py', 'plan.md')).toEqual({ kind: 'skip', reason: 'not a Markdown file' })
    expect(resolveLink('plan.md', 'plan.md')).toMatchObject({ kind: 'skip' })
    expect(githubSlug('Phase 4: Testing & Integration (Sections 13-14)')).toBe(
      'phase-4-testing--integration-sections-13-14'
    )
  })

  it('takes a same-file anchor as the content, the row as its summary', () => {
    const model = buildModel(index.join('\n'), { path: 'plan.md' })
    expect(rules(model)).toContain('1: table-row*,anchor')
    expect(intro(model, '1')[0]).toContain('| 1 | Setup |')
    expect(steps(model, '1')).toEqual([['1.1', 'Check']])
    expect(phaseContent(model, '1', 'plan.md').units.map(unit => unit.text)).toContain('Run the checks.')
    // An anchor to the section that holds the index itself is not followed.
    expect(listPhases(model).find(phase => phase.id === '5')?.notFollowed).toEqual([
      '#phase-index: the anchor leads to the section holding the link'
    ])
  })

  it('reads linked files once, one level deep, and says where the content came from', async () => {
    const files: Record<string, string> = {
      'phases/build.md':
        '# Build\n\nBuild it.\n\n## Step 1: Compile\n\nmake\n\n## Step 2: Link\n\n[back](../plan.md) and [next](ship.md)\n',
      'appendix.md':
        '# Appendix\n\n## Phase 1: Elsewhere\n\nnot ours\n\n## Phase 3: Ship it\n\nShip the build.\n\n## Phase 4: Later\n\nnot ours either\n'
    }
    const asked: string[] = []
    const model = await readMasterPlan(index.join('\n'), 'plan.md', async path => {
      asked.push(path)
      return files[path]
    })
    expect(asked).toEqual(['phases/build.md', 'appendix.md'])
    expect(rules(model)).toEqual([
      '1: table-row*,anchor',
      '2: table-row*,linked-file',
      '3: table-row*,linked-file',
      '4: table-row',
      '5: table-row'
    ])
    const build = phaseContent(model, '2', 'plan.md')
    expect(build.selection.files).toEqual(['phases/build.md'])
    expect(build.structure.steps.map(step => step.title)).toEqual(['Step 1: Compile', 'Step 2: Link'])
    const ship = phaseContent(model, '3', 'plan.md')
    expect(ship.selection.files).toEqual(['appendix.md#phase-3-ship-it'])
    const texts = ship.units.map(unit => unit.text)
    expect(texts).toContain('Ship the build.')
    expect(texts).not.toContain('not ours')
    // Headings inside linked content are the phase's own text: the appendix adds no phases.
    expect(phaseIds(model)).toEqual(['1', '2', '3', '4', '5'])
  })

  it('leaves a phase as it is when its file cannot be read, and lists why', async () => {
    const model = await readMasterPlan(index.join('\n'), 'plan.md', async () => undefined)
    expect(rules(model)).toContain('2: table-row')
    expect(listPhases(model).find(phase => phase.id === '2')?.notFollowed).toEqual([
      'phases/build.md: the file could not be read'
    ])
    const anchorless = await readMasterPlan(index.join('\n'), 'plan.md', async path =>
      path === 'appendix.md' ? '# Appendix\n\nnothing here\n' : undefined
    )
    expect(listPhases(anchorless).find(phase => phase.id === '3')?.notFollowed).toEqual([
      'appendix.md#phase-3-ship-it: no heading has the anchor #phase-3-ship-it'
    ])
  })

  it('follows a link on a heading label to a file', async () => {
    const model = await readMasterPlan(
      '# Overview\n\n### [Phase 1: Analysis](1-analysis.md) (4 hours)\n- summary item\n',
      'plans/0-overview.md',
      async path =>
        path === 'plans/1-analysis.md' ? '# Phase 1: Analysis\n\n## Task 1: Parse\n\nparse\n' : undefined
    )
    expect(rules(model)).toEqual(['1: heading*,linked-file'])
    // The heading's own text is the summary; the file's title heading leads into its steps.
    expect(intro(model, '1')).toEqual(['- summary item', '# Phase 1: Analysis'])
    expect(steps(model, '1')).toEqual([['1.1', 'Task 1: Parse']])
  })
})

describe('rule 7: one phase in several places; sub-phases; the main word; families', () => {
  it('keeps sub-phases as phases of their own, inside their parent', () => {
    const model = plan([
      '## Phase 8: Prompts',
      'intro',
      '### Phase 8.1: Align',
      'a',
      '### Phase 8.2: Validate',
      'b'
    ])
    expect(phaseIds(model)).toEqual(['8', '8.1', '8.2'])
    expect(steps(model, '8').map(([, title]) => title)).toEqual(['Phase 8.1: Align', 'Phase 8.2: Validate'])
  })

  it('gives an id to the main phase word when another word repeats it', () => {
    const model = plan([
      '## Phase 1: Setup',
      'a',
      '## Phase 2: Build',
      'b',
      '## Sprint 7: Extra',
      'c',
      '### Delivery milestones',
      '1. **Milestone 1** (after T016): schema split',
      '2. **Milestone 2**: tests pass'
    ])
    expect(rules(model)).toEqual(['1: heading', '2: heading', '7: heading'])
  })

  it('plans a family together and says so plainly', () => {
    const model = plan(['## Phase 2A: Split', 'a', '## Phase 2B: Merge', 'b', '## Phase 20: Twenty', 'c'])
    const selection = selectPhase(model, '02', 'plan.md')
    expect(selection).toMatchObject({ requested: '2', match: 'family', ids: ['2A', '2B'] })
    expect(selection.title).toBe('Phases 2A and 2B together (the master plan has no phase 2 of its own)')
  })
})

describe('rule 8: templates and examples are not phases', () => {
  it('skips placeholders and template sections, but not a phase about examples', () => {
    const model = plan([
      '## Phase N — <phase name>',
      'template',
      '## Phase X: anything',
      'x',
      '## Plan template',
      '### Phase 1: Setup',
      'illustration',
      '## Phase 4: Example scripts',
      'real',
      '## Phase 5: Result<T> handling',
      'real too'
    ])
    expect(phaseIds(model)).toEqual(['4', '5'])
  })

  it('reads N and X as ids when the letter before them is one too', () => {
    const model = plan(['## Phase M: m', 'a', '## Phase N: n', 'b', '## Phase X: x', 'c'])
    expect(phaseIds(model)).toEqual(['M', 'N'])
  })
})

describe('rule 9: one canonical id', () => {
  it('resolves any spelling to the master plan’s own, and paths and branch follow it', () => {
    const model = plan(['## Phase 03: Three', 'a', '## Phase 2A: Two', 'b'])
    expect(selectPhase(model, '3', 'p.md').requested).toBe('03')
    expect(selectPhase(model, '003', 'p.md').requested).toBe('03')
    expect(selectPhase(model, '2a', 'p.md').requested).toBe('2A')
    const settings = {
      planPathTemplate: 'plans/phase_{phase}.md',
      statusPathTemplate: 'status/phase_{phase}.md',
      branchTemplate: 'plan-phase/phase-{phase}',
      workingDirectory: 'app'
    }
    const one = documentPaths(settings, selectPhase(model, '3', 'p.md').requested)
    const other = documentPaths(settings, selectPhase(model, '03', 'p.md').requested)
    expect(one).toEqual(other)
    expect(one).toEqual({
      plan: 'app/plans/phase_03.md',
      status: 'app/status/phase_03.md',
      planInProject: 'plans/phase_03.md',
      statusInProject: 'status/phase_03.md',
      branch: 'plan-phase/phase-03'
    })
    expect(
      documentPaths({ planPathTemplate: 'p/{phase}', statusPathTemplate: 's/{phase}' }, 'A' as PhaseId).branch
    ).toBe('plan-phase/phase-A')
  })

  it('a hostile heading names no file outside the documents’ directory and no invalid ref', () => {
    const model = plan([
      '## Phase 3/../../x: Escape',
      'a',
      '## Phase 3..4: Dots',
      'b',
      '## Phase 5: Five',
      'c'
    ])
    const settings = { planPathTemplate: 'plans/phase_{phase}.md', statusPathTemplate: 's/{phase}.md' }
    const paths = documentPaths(settings, selectPhase(model, '3', 'p.md').requested)
    expect(paths).toMatchObject({ plan: 'plans/phase_3.md', status: 's/3.md', branch: 'plan-phase/phase-3' })
    expect(phaseIds(model)).toEqual(['3', '5'])
  })

  it('a letter that only folds to a Latin one (the Kelvin sign) never names the documents', () => {
    // /[A-Za-z]/iu matches U+212A, which phaseKey would lowercase to k: such a heading is no phase label,
    // so the id that names files, branch and marker always comes from ASCII.
    const model = plan(['## Phase 1: One', 'a', '## Phase 2\u212A: Kelvin', 'b'])
    expect(phaseIds(model)).toEqual(['1'])
    expect(() => selectPhase(model, '2k', 'p.md')).toThrow(/2k/)
    expect(isValidPhaseId(selectPhase(model, '1', 'p.md').requested)).toBe(true)
  })

  it('keeps the master plan’s own leading zeros and letter case: its spelling, within the id grammar', () => {
    const model = plan(['## Phase 007: Seven', 'a', '## Phase 000003.01b: Three', 'b'])
    expect(selectPhase(model, '7', 'p.md').requested).toBe('007')
    expect(selectPhase(model, '3.1B', 'p.md').requested).toBe('000003.01b')
  })

  it('accepts a recorded canonical id only as a spelling of the request', () => {
    expect(confirmPhaseId('3', '03')).toBe('3')
    expect(confirmPhaseId('2A', '2a')).toBe('2A')
    expect(confirmPhaseId('4', '3')).toBeUndefined()
    expect(confirmPhaseId('../x', '3')).toBeUndefined()
  })
})

describe('rule 10: sub-steps', () => {
  it('titles an item by its first sentence, never by items run together', () => {
    const model = plan([
      '## Phase 3: Manager',
      '1. **Create ProviderManager.py**',
      '   - Create new file `modules/ProviderManager.py`',
      '   - Add imports',
      '2. Update callers. They use the old dict.',
      '   - `main.py`'
    ])
    expect(steps(model, '3')).toEqual([
      ['3.1', 'Create ProviderManager.py'],
      ['3.2', 'Update callers.']
    ])
  })

  it('gives one sub-step per spec-kit task, ids and marks kept, and none with a --- body', () => {
    const model = plan([
      '## Phase 1: Setup',
      '',
      '**Goal**: prepare.',
      '',
      '**Tasks** (2 tasks):',
      '',
      '- [ ] T001 Create schemas/ directory',
      '- [ ] T002 [P] Create the validation script',
      '',
      '**Checkpoint**: ready',
      '',
      '---',
      '',
      '## Phase 2: Story',
      '',
      '### Tests for US1',
      '',
      '- [X] T010 [P] [US1] Contract test',
      '- [X] T011 [P] [US1] Integration test',
      '',
      '### Implementation for US1',
      '',
      '- [ ] T012 [US1] Update models',
      '',
      '---'
    ])
    expect(intro(model, '1')).toEqual(['**Goal**: prepare.', '**Tasks** (2 tasks):'])
    expect(steps(model, '1')).toEqual([
      ['1.1', 'T001 Create schemas/ directory'],
      ['1.2', 'T002 [P] Create the validation script'],
      ['1.3', 'Checkpoint: ready']
    ])
    expect(steps(model, '2')).toEqual([
      ['2.1', 'T010 [P] [US1] Contract test'],
      ['2.2', 'T011 [P] [US1] Integration test'],
      ['2.3', 'Implementation for US1']
    ])
    const content = phaseContent(model, '1', 'p.md')
    for (const step of content.structure.steps)
      for (const span of step.spans) expect(model.source.slice(span.start, span.end).trim()).not.toBe('---')
  })

  it('keeps numbered sub-headings over checklists as the sub-steps', () => {
    const model = plan([
      '## Phase 0: Prep',
      '### 0.1 Testing setup ✅',
      '- [x] dirs',
      '- [x] config',
      '### 0.2 Baselines',
      '- [ ] ppo'
    ])
    expect(steps(model, '0')).toEqual([
      ['0.1', '0.1 Testing setup ✅'],
      ['0.2', '0.2 Baselines']
    ])
  })

  it('opens a lone title heading and a heading over step labels', () => {
    const model = plan([
      '## Phase 1: Build',
      '### Implementation',
      '#### Step 1: Parse',
      'p',
      '#### Step 2: Print',
      'q'
    ])
    expect(steps(model, '1')).toEqual([
      ['1.1', 'Step 1: Parse'],
      ['1.2', 'Step 2: Print']
    ])
    const container = plan([
      '## Phase 2: Ship',
      '### Overview',
      'o',
      '### Tasks',
      '#### Task 1: Pack',
      'p',
      '#### Task 2: Push',
      'q'
    ])
    // "Overview" is the phase's opening text, its purpose; the tasks are the steps.
    expect(steps(container, '2')).toEqual([
      ['2.1', 'Task 1: Pack'],
      ['2.2', 'Task 2: Push']
    ])
    const { intro } = phaseContent(container, '2', 'p.md').structure
    expect(intro.map(span => container.source.slice(span.start, span.end))).toEqual(['### Overview', 'o'])
    // The folded heading still reaches the plan: it leads the first of its steps.
    const first = phaseContent(container, '2', 'p.md').structure.steps[0]
    expect(container.source.slice(first?.spans[0]?.start, first?.spans[0]?.end)).toBe('### Tasks')
  })
})

describe('rule 10: bold labels standing for sub-headings', () => {
  const labelled = (extra: string[] = []): MasterPlanModel =>
    plan([
      '## Milestone 1 — Pricing',
      '',
      '**Goal:** one home for rounding.',
      '',
      '**Tasks**',
      '',
      '- Move `round_price` to `pricing.py`.',
      '- Add `format_price` to `pricing.py`.',
      '',
      '**Acceptance criteria:**',
      '',
      '- [ ] `format_price(2)` returns `"2.00 EUR"`.',
      '- [ ] `round_price` imports from `pricing`.',
      ...extra
    ])

  it('parts a phase by its labels: the goal is the purpose, each task a step, the criteria one step', () => {
    const model = labelled()
    expect(intro(model, '1')).toEqual(['**Goal:** one home for rounding.'])
    expect(steps(model, '1')).toEqual([
      ['1.1', 'Move round_price to pricing.py.'],
      ['1.2', 'Add format_price to pricing.py.'],
      ['1.3', 'Acceptance criteria']
    ])
    // The label that named the tasks is not lost: it leads the first of them.
    const first = phaseContent(model, '1', 'p.md').structure.steps[0]
    expect(model.source.slice(first?.spans[0]?.start, first?.spans[0]?.end)).toBe('**Tasks**')
  })

  it('reads a bold sentence, a long bold line and a label inside a list as text, not as labels', () => {
    const model = plan([
      '## Phase 2: Clean',
      '',
      'Clean up the exports.',
      '',
      '**Commit after all checkpoints pass.**',
      '',
      '- Remove `old_name`.',
      '',
      '**This bold line is far too long to be the name of a part of a phase**',
      '',
      '- **Tasks**'
    ])
    // Each is a paragraph of an unstructured body: it opens a step with the list after it.
    expect(steps(model, '2')).toEqual([
      ['2.1', 'Commit after all checkpoints pass.'],
      ['2.2', 'This bold line is far too long to be the name of a part of a phase']
    ])
    expect(intro(model, '2')).toEqual(['Clean up the exports.'])
  })

  it('leaves a phase whose own label is bold to its sub-headings', () => {
    const model = plan(['# Plan', '', '**Phase 3: Ship**', '', '1. Tag the release.', '2. Publish it.'])
    expect(steps(model, '3')).toEqual([
      ['3.1', 'Tag the release.'],
      ['3.2', 'Publish it.']
    ])
  })

  it('keeps numbered items under a task label as steps of their own', () => {
    const model = plan(['## Phase 4: Stock', '', '**Tasks:**', '', '1. Add `get`.', '2. Rename `low`.'])
    expect(steps(model, '4')).toEqual([
      ['4.1', 'Add get.'],
      ['4.2', 'Rename low.']
    ])
  })
})

describe('the phase list', () => {
  it('prints id, title, status, where and by which rule, and the unknown-phase error carries it', () => {
    const model = plan([
      '## Phases',
      '| Phase | Name |',
      '|---|---|',
      '| 1 | Setup |',
      '## Phase 1: Setup ✅',
      'x',
      '',
      '**Phase 2: Next**',
      'y'
    ])
    expect(phaseListLines(listPhases(model))).toEqual([
      '1 — Setup [✅] — table row (line 4, summary); heading (line 5)',
      '2 — Next — bold label (line 8)'
    ])
    let error: unknown
    try {
      selectPhase(model, '9', 'plan.md')
    } catch (caught) {
      error = caught
    }
    expect(error).toBeInstanceOf(UnknownPhaseError)
    expect((error as UnknownPhaseError).phases.map(phase => phase.id)).toEqual(['1', '2'])
  })
})
