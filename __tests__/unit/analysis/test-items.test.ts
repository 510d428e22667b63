/** Reading one list item of the master plan as tests: headers of lists, listed cases, bold labels. */
import { boldLabel, CHECK_ONLY, isHeader, listedCases } from '../../../src/analysis/test-items.js'

describe('list headers', () => {
  it('are items that end with a colon, bold or not: they open a list of tests', () => {
    expect(isHeader('Add tests including:')).toBe(true)
    expect(isHeader('**Unit tests:**')).toBe(true)
    expect(isHeader('Unit tests: ')).toBe(true)
  })

  it('are not items that say what to test', () => {
    expect(isHeader('Test that an empty cache returns None')).toBe(false)
    expect(isHeader('Cases: empty, full')).toBe(false)
  })
})

describe('listed cases', () => {
  it('are the parts of "tests for a, b, and c", one test each', () => {
    expect(listedCases('Add tests for empty input, partial commands, and error scenarios.')).toEqual([
      'empty input',
      'partial commands',
      'error scenarios'
    ])
    expect(listedCases('Write a test of expiry or eviction')).toEqual(['expiry', 'eviction'])
  })

  it('read past a bold label and across lines', () => {
    expect(listedCases('**Cache**: tests covering hits\nand misses')).toEqual(['hits', 'misses'])
  })

  it('are none when the item lists no cases', () => {
    expect(listedCases('Test that get returns the cached value')).toEqual([])
  })
})

describe('bold labels', () => {
  it('are the bold text an item opens with, without its colon', () => {
    expect(boldLabel('**Edge cases:** empty keys')).toBe('Edge cases')
    expect(boldLabel('  **Unit** tests')).toBe('Unit')
  })

  it('are absent when the bold text is not at the start', () => {
    expect(boldLabel('Test **hits** and misses')).toBeUndefined()
  })
})

describe('check-only items', () => {
  it('open with a word that checks or runs rather than describes behaviour', () => {
    for (const item of [
      'Verify the cache is used',
      'Run the suite',
      '**Step**: Review callers',
      'validate inputs'
    ])
      expect(CHECK_ONLY.test(item)).toBe(true)
  })

  it('do not include behaviour the code has', () => {
    for (const item of ['Returns None for a missing key', 'Cache hits skip the database'])
      expect(CHECK_ONLY.test(item)).toBe(false)
  })
})
