import { describe, expect, it } from '@jest/globals'
import { blockMarks } from '../../../src/master-plan/block-marks.js'

describe('blockMarks', () => {
  it('marks the blocks of every span, label included, however they overlap', () => {
    const marks = blockMarks(8, [
      { headingIndex: 1, bodyStart: 2, bodyEnd: 4 },
      { headingIndex: 3, bodyStart: 4, bodyEnd: 6 },
      { headingIndex: 2, bodyStart: 3, bodyEnd: 5 }
    ])
    expect(marks).toEqual([false, true, true, true, true, true, false, false])
  })

  it('starts a whole-document section (no label, index -1) at the first block, and skips a span past the blocks', () => {
    expect(blockMarks(4, [{ headingIndex: -1, bodyStart: 0, bodyEnd: 2 }])).toEqual([
      true,
      true,
      false,
      false
    ])
    expect(blockMarks(3, [{ headingIndex: 1, bodyStart: 2, bodyEnd: 9 }])).toEqual([false, false, false])
  })
})
