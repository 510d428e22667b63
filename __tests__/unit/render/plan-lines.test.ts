/** Line numbers of the master plan, as the plan cites its sections ("lines 12–30"). */
import { buildModel } from '../../../src/master-plan/outline.js'
import { lineOf, lineSpan, sourceLines } from '../../../src/render/plan-lines.js'

const source = '# Plan\n\n## Phase 1\nfirst\nsecond\n'
const model = buildModel(source)
const starts = sourceLines(model)

describe('line numbers of the master plan', () => {
  it('start line 1 at offset 0 and each later line after a newline', () => {
    expect(starts).toEqual([0, 7, 8, 19, 25, 32])
    expect(sourceLines(model)).toBe(starts)
  })

  it('are 1-based for any offset inside a line, the newline included', () => {
    expect(lineOf(starts, 0)).toBe(1)
    expect(lineOf(starts, 6)).toBe(1)
    expect(lineOf(starts, 7)).toBe(2)
    expect(lineOf(starts, source.indexOf('second'))).toBe(5)
  })

  it('name a span by its first and last lines, or one line when it holds one', () => {
    const phase = source.indexOf('## Phase 1')
    expect(lineSpan(starts, { start: phase, end: source.length })).toBe('3–5')
    expect(lineSpan(starts, { start: phase, end: phase + '## Phase 1\n'.length })).toBe('3')
    expect(lineSpan(starts, { start: phase, end: phase })).toBe('3')
  })
})
