/** What the other phases of the master plan do with names: created earlier, cited again later, files reviewed. */
import { describe, expect, it } from '@jest/globals'
import { earlierNames, otherPhases, reviewed } from '../../../src/analysis/other-phases.js'
import { python } from '../../../src/grounding/python/index.js'
import type { Grounding } from '../../../src/grounding/types.js'
import { buildModel } from '../../../src/master-plan/outline.js'
import { phaseContent } from '../../../src/master-plan/phase-content.js'
import { grounding } from '../../support/analysis-facts.js'
import { analyseFixture, lines } from '../../support/phase-fixture.js'
import { planInput, written } from '../../support/plan-input.js'
import { stepThree } from '../../../src/render/plan-codebase.js'

const MASTER_PLAN = lines(
  '# Cache plan',
  '',
  '## Phase 1: Build',
  '',
  'Create `pkg/cache.py` with a new class `Cache`. Keep using `Store` as it is.',
  '',
  'Change `pkg/store.py` and `README.md` to use it.',
  '',
  '```python',
  'def warm_up(cache):',
  '    return cache',
  '```',
  '',
  '## Phase 2: Use',
  '',
  'Call `Cache.get` from `Store.load`, and `warm_up` at start.',
  '',
  '## Phase 3: Review',
  '',
  'Review the work of the earlier phases; drop `Cache` if it is slow.'
)
const model = buildModel(MASTER_PLAN)

describe('the other phases of phase 2', () => {
  const others = otherPhases(model, '2', python)

  it('tell which earlier phase creates a name: said in prose, or defined in a code sample', () => {
    expect(others.createdEarlier('Cache')).toBe('1')
    expect(others.createdEarlier('warm_up')).toBe('1')
    expect(others.createdEarlier('Cache.get')).toBeUndefined()
  })

  it('do not count a name an earlier phase only mentions as created', () => {
    expect(others.createdEarlier('Store')).toBeUndefined()
  })

  it('tell which earlier phase creates a file by its name, not by its extension', () => {
    expect(others.createdEarlier('pkg/cache.py')).toBe('1')
    // Phase 1 creates a .py file, but not this one.
    expect(others.createdEarlier('pkg/loader.py')).toBeUndefined()
    expect(others.createdEarlier('pkg/store.py')).toBeUndefined()
  })

  it('tell the first later phase that cites a name again', () => {
    expect(others.laterPhaseOf('Cache')).toBe('3')
    expect(others.laterPhaseOf('warm_up')).toBeUndefined()
  })

  it('list the earlier phases with what they cite and what their samples define', () => {
    const [first, ...rest] = others.earlier()
    expect(rest).toEqual([])
    expect(first?.id).toBe('1')
    expect(first?.names.find(name => name.name === 'Cache')?.action).toBe('create')
    expect([...(first?.defines ?? [])]).toEqual(['warm_up'])
  })
})

describe('names created by an earlier phase', () => {
  const content = phaseContent(model, '2', 'plan.md')
  const createdEarlier = (name: string): string | undefined =>
    otherPhases(model, '2', python).createdEarlier(name)

  it('are the names the phase uses that the repository does not define yet', () => {
    expect(earlierNames(content, grounding(), python, new Set(), createdEarlier)).toEqual([
      { name: 'warm_up', phase: '1' }
    ])
  })

  it('leave out what the repository defines already, and what the phase declares itself', () => {
    const defined = grounding({
      symbols: [
        { name: 'warm_up', definitions: [{ path: 'pkg/boot.py', line: 1, kind: 'function' }], tests: [] }
      ]
    })
    expect(earlierNames(content, defined, python, new Set(), createdEarlier)).toEqual([])
    expect(earlierNames(content, grounding(), python, new Set(['warm_up']), createdEarlier)).toEqual([])
  })
})

describe('the files a reviewing phase looks at', () => {
  it('are the source files earlier phases create or change, with the phase and whether they exist', () => {
    const file = (path: string, exists: boolean): Grounding['files'][number] => ({
      path,
      exists,
      isDirectory: false,
      tests: []
    })
    const repo = grounding({
      files: [file('pkg/cache.py', false), file('pkg/store.py', true), file('README.md', true)]
    })
    expect(reviewed(otherPhases(model, '3', python), repo, python)).toEqual([
      { path: 'pkg/cache.py', phase: '1', exists: false },
      { path: 'pkg/store.py', phase: '1', exists: true }
    ])
  })

  it('are none for the first phase', () => {
    expect(reviewed(otherPhases(model, '1', python), grounding(), python)).toEqual([])
  })
})

describe('a file this phase names that an earlier phase creates', () => {
  const plan = lines(
    '# Workflows',
    '',
    '## Phase 1: Page',
    '',
    'Create `client/WorkflowList.tsx` listing the workflows.',
    '',
    '## Phase 2: Toggle',
    '',
    '- [ ] T094 Add a visibility toggle in `client/WorkflowList.tsx`',
    '- [ ] T095 Create `pkg/toggle.py` for the toggle state'
  )

  it('is said to come from that phase in Step 3, not to be new in this one', async () => {
    const fixture = await analyseFixture({ 'pkg/__init__.py': '' }, plan, '2')
    const byName = new Map(fixture.analysis.targets.map(target => [target.name, target]))
    expect(byName.get('client/WorkflowList.tsx')).toMatchObject({ state: 'new', createdBy: '1' })
    expect(byName.get('pkg/toggle.py')?.createdBy).toBeUndefined()
    const step3 = written(stepThree, planInput(fixture))
    expect(step3).toMatch(/\| `client\/WorkflowList\.tsx` \| 2\.1 \| [^|]+ \| created by phase 1 \|/)
    expect(step3).toMatch(/\| `pkg\/toggle\.py` \| 2\.2 \| create \| new in this phase \|/)
  })
})
