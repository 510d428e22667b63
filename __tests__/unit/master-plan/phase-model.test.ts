/**
 * The model built for one phase (other phases' sections parsed only when read) gives the very documents
 * the whole model gives: plan, status and coverage, for every phase of master plans written to exercise
 * what the line scan must get right, and of every corpus plan when ../shared/corpus is there.
 */
import { existsSync, readdirSync, readFileSync } from 'node:fs'
import { join } from 'node:path'
import { analysePhase } from '../../../src/analysis/index.js'
import { stepStates } from '../../../src/analysis/progress.js'
import { skippedGate } from '../../../src/gate/result.js'
import { python } from '../../../src/grounding/index.js'
import type { Grounding } from '../../../src/grounding/types.js'
import { phaseIds } from '../../../src/master-plan/lookup.js'
import type { MasterPlanModel } from '../../../src/master-plan/model.js'
import { buildModel } from '../../../src/master-plan/outline.js'
import { phaseContent } from '../../../src/master-plan/phase-content.js'
import { buildPhaseModel } from '../../../src/master-plan/phase-model.js'
import { readMasterPlan } from '../../../src/master-plan/read.js'
import { isSectionBody } from '../../../src/master-plan/section-body.js'
import { measureCoverage } from '../../../src/render/coverage.js'
import { renderPlan } from '../../../src/render/plan-document.js'
import { renderStatus } from '../../../src/render/status-document.js'
import { corpusSource } from '../../../src/tools/corpus-check.js'
import { PROJECT_ROOT } from '../../support/example-repo.js'

const GROUNDING: Grounding = {
  files: [],
  symbols: [],
  testLayout: { testRoot: 'tests', style: 'flat', prefix: 'test_', examples: [] },
  references: []
}

/** Plan, status and coverage of one phase, as planning.ts makes them (no repository, no gate). */
function documents(model: MasterPlanModel, phase: string): string {
  const content = phaseContent(model, phase, 'plan.md')
  const analysis = analysePhase({
    model,
    content,
    grounding: GROUNDING,
    language: python,
    repositoryFiles: []
  })
  const gate = skippedGate('pytest')
  const plan = renderPlan({
    model,
    content,
    planPath: 'out/plan.md',
    statusPath: 'out/status.md',
    gate,
    analysis,
    language: python
  })
  const coverage = measureCoverage(model, content, plan)
  const steps = stepStates(
    content.structure.steps,
    { targets: analysis.targets, requirements: analysis.tests.requirements, existingTests: new Set(), gate },
    analysis.clarifications
  )
  const status = renderStatus({
    content,
    planPath: 'out/plan.md',
    generatedAt: '2025-01-01T00:00:00.000Z',
    gate,
    coverage,
    files: analysis.files,
    steps,
    clarifications: analysis.clarifications
  })
  return [
    plan.text,
    status,
    `coverage ${coverage.percent} missing ${coverage.missing.length} leaked ${coverage.leaked.length}`
  ].join('\n---\n')
}

function expectSameDocuments(
  text: string,
  read?: (path: string) => Promise<string | undefined>,
  pick: (ids: string[]) => string[] = ids => ids
) {
  return async (): Promise<void> => {
    const whole = await readMasterPlan(text, 'plan.md', read)
    for (const phase of pick(phaseIds(whole))) {
      const sectional = await readMasterPlan(text, 'plan.md', read, { phase })
      expect({ phase, documents: documents(sectional, phase) }).toEqual({
        phase,
        documents: documents(whole, phase)
      })
    }
  }
}

const lines = (...text: string[]): string => `${text.join('\n')}\n`

/** Guidelines, phases that name and build on each other, a bold phase label inside another phase, a
 * "Phase N Testing" label inside its own phase, code with `#` comments, HTML, a setext heading. */
const PLAN = lines(
  '# Service Split — Master Plan',
  '',
  'Split `Service` into a router and a store, one phase at a time.',
  '',
  '## Guiding Principles',
  '',
  '- Run `pytest -q` before and after every phase.',
  '- Error messages stay byte-for-byte identical.',
  '',
  '## Implementation Phases',
  '',
  '### Phase 1: Router',
  '',
  'Create `app/router.py` with a new `Router` class. Phase 2 builds on it.',
  '',
  '```python',
  '# Router keeps the table',
  'class Router:',
  '    def resolve(self, name: str) -> str:',
  '        return name',
  '```',
  '',
  '**Phase 1 Testing:** `tests/test_router.py::test_resolve` checks `Router.resolve`.',
  '',
  '### Phase 2: Store',
  '',
  '1. Add `app/store.py` holding a `Store`.',
  '   - Keep `Router.resolve` as it is.',
  '2. Wire `Service.__init__` to use `Store`; this depends on Phase 1.',
  '',
  '| Name | Before | After |',
  '| --- | --- | --- |',
  '| `Store` | none | `app/store.py` |',
  '',
  '**Phase 2b: Store migration** — moves the old records.',
  '',
  '- [ ] `tests/test_store.py::test_roundtrip` asserts a round trip.',
  '',
  '### Phase 3: Cleanup',
  '',
  '<!-- reviewers: see Phase 2 -->',
  'Remove `_legacy_route` from `Service` now that `Router` exists.',
  '',
  'Notes',
  '-----',
  '',
  'Nothing else changes; Phase 4 is the last.',
  '',
  '### Phase 4: Docs',
  '',
  'Update `README.md` to name `Router` and `Store`.',
  '',
  '## Risks',
  '',
  '- Phase 3 may break callers of `_legacy_route` outside the package.'
)

/** A fence in a list item that a column-0 line ends early: the scan must stop cutting there. */
const DOUBTFUL = lines(
  '# Plan',
  '',
  '## Phase 1: One',
  '',
  'Create `a.py`.',
  '',
  '## Phase 2: Two',
  '',
  '1. Edit `b.py`:',
  '   ```python',
  '# this line ends the list item and the fence',
  'x = 1',
  '```',
  '## Phase 3: inside a fence, not a heading',
  '```',
  '',
  '## Phase 4: Four',
  '',
  'Delete `c.py` (see Phase 1).'
)

describe('the model built for one phase', () => {
  it('leaves the sections of other phases unparsed until read, and parses its own', async () => {
    const whole = buildModel(PLAN, { path: 'plan.md' })
    const model = buildPhaseModel(PLAN, '4', { path: 'plan.md' })
    const bodies = model.blocks.filter(isSectionBody)
    expect(bodies.length).toBeGreaterThan(0)
    expect(bodies.every(body => !body.isParsed)).toBe(true)
    expect(model.phaseSections.map(s => [s.id, s.title, s.rule])).toEqual(
      whole.phaseSections.map(s => [s.id, s.title, s.rule])
    )
    expect(model.sections.map(s => s.path.join(' › '))).toEqual(whole.sections.map(s => s.path.join(' › ')))
    // Reading a body gives the units the whole model has there.
    const wholeUnits = whole.blocks
      .flatMap(block => block.units)
      .map(unit => [unit.kind, unit.start, unit.text])
    const units = model.blocks.flatMap(block => block.units).map(unit => [unit.kind, unit.start, unit.text])
    expect(units).toEqual(wholeUnits)
  })

  it('finds a bold phase label inside another phase, and a setext heading, as the whole model does', () => {
    const model = buildPhaseModel(PLAN, '1', { path: 'plan.md' })
    expect(model.phaseSections.map(s => s.id)).toEqual(['1', '2', '2b', '3', '4'])
    expect(model.sections.some(s => s.title === 'Notes')).toBe(true)
  })

  it('gives the documents of the whole model, for every phase', expectSameDocuments(PLAN))
  it('gives them where the line scan stops cutting', expectSameDocuments(DOUBTFUL))
  it(
    'gives them for a plan in pieces (over 64 KB)',
    expectSameDocuments(
      [
        PLAN,
        ...Array.from({ length: 60 }, (_, i) =>
          PLAN.replace(/Phase (\d)/g, (_m, id) => `Phase ${Number(id) + 4 * (i + 1)}`)
        )
      ].join('\n'),
      undefined,
      // The first and last phases, one in the middle and its neighbours: the whole model is slow to render.
      ids =>
        [ids[0], ids[120], ids[121], ids[122], ids[ids.length - 1]].filter(
          (id): id is string => id !== undefined
        )
    )
  )
  it('answers an unknown phase as the whole model does', () => {
    expect(() => phaseContent(buildPhaseModel(PLAN, '9', { path: 'plan.md' }), '9', 'plan.md')).toThrow(
      /Phase "9" is not in the master plan plan\.md/
    )
  })
})

const CORPUS = join(PROJECT_ROOT, '..', 'shared', 'corpus')
const corpus = existsSync(CORPUS)
  ? readdirSync(CORPUS)
      .filter(name => name.endsWith('.md'))
      .sort()
  : []
const describeCorpus = corpus.length > 0 ? describe : describe.skip

describeCorpus('the model built for one phase, on the corpus', () => {
  const sources = existsSync(join(CORPUS, 'SOURCES.tsv'))
    ? readFileSync(join(CORPUS, 'SOURCES.tsv'), 'utf8')
    : ''
  it.each(corpus)('%s: the documents of the whole model, for every phase', async name => {
    const source = corpusSource(sources, name)
    await expectSameDocuments(readFileSync(join(CORPUS, name), 'utf8'), async path => {
      const other = source?.neighbours.get(path)
      return other ? readFileSync(join(CORPUS, other), 'utf8') : undefined
    })()
  })
})
