/** How the plan names a section of the master plan: its path, without a title that heads every path. */
import { displayPath } from '../../../src/analysis/section-path.js'
import { buildModel } from '../../../src/master-plan/outline.js'

describe('section paths in the plan', () => {
  it('leave out the one title heading the whole master plan', () => {
    const model = buildModel('# Widgets\n\n## Phase 1: Cache\n\n### Step 1\n')
    expect(displayPath(model, ['Widgets', 'Phase 1: Cache', 'Step 1'])).toBe('Phase 1: Cache › Step 1')
  })

  it('keep the title when it is all the path there is, or when the plan has several titles', () => {
    expect(displayPath(buildModel('# Widgets\n\nText.\n'), ['Widgets'])).toBe('Widgets')
    const twoTitles = buildModel('# Widgets\n\n## Phase 1\n\n# Appendix\n\n## Phase 2\n')
    expect(displayPath(twoTitles, ['Widgets', 'Phase 1'])).toBe('Widgets › Phase 1')
  })

  it('keep every part of a path that does not start with the title', () => {
    const model = buildModel('# Widgets\n\n## Phase 1\n')
    expect(displayPath(model, ['Phase 1', 'Tests'])).toBe('Phase 1 › Tests')
  })
})
