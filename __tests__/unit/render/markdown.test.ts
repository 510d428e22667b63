/** The Markdown writer every document is built with: cells, counts, tables and the region-keeping writer. */
import { cell, count, DocumentWriter, table } from '../../../src/render/markdown.js'

describe('table cells', () => {
  it('escape pipes and join lines, so text cannot end the cell or the row', () => {
    expect(cell('a | b')).toBe('a \\| b')
    expect(cell('first\nsecond\r\nthird')).toBe('first second third')
  })

  it('are never empty: an empty or blank text keeps the column', () => {
    expect(cell('')).toBe(' ')
    expect(cell('   ')).toBe(' ')
  })
})

describe('counts', () => {
  it('use the singular for one only', () => {
    expect(count(0, 'test')).toBe('0 tests')
    expect(count(1, 'test')).toBe('1 test')
    expect(count(2, 'file')).toBe('2 files')
  })
})

describe('tables', () => {
  it('write a header, a separator per column and one escaped row per entry', () => {
    expect(
      table(
        ['File', 'Why'],
        [
          ['a.py', 'x | y'],
          ['b.py', 'two\nlines']
        ]
      )
    ).toBe(['| File | Why |', '|---|---|', '| a.py | x \\| y |', '| b.py | two lines |'].join('\n'))
  })

  it('with no rows is a header alone', () => {
    expect(table(['Id'], [])).toBe('| Id |\n|---|')
  })
})

describe('the document writer', () => {
  it('separates blocks by one blank line and ends the document with one newline', () => {
    const out = new DocumentWriter().block('# Title\n\n\n').block('Text.').raw('tail\n\n\n')
    expect(out.text()).toBe('# Title\n\nText.\n\ntail\n')
  })

  it('remembers where each named region starts and ends, in the text it returns', () => {
    const out = new DocumentWriter().block('intro')
    out.begin('code').block('x = 1').end('code')
    out.block('between')
    out.begin('code').block('y = 2').end('code')
    out.block('outro')
    const text = out.text()
    expect(out.spans('code').map(({ start, end }) => text.slice(start, end))).toEqual([
      'x = 1\n\n',
      'y = 2\n\n'
    ])
    expect(out.spans('other')).toEqual([])
  })

  it('ignores the end of a region that never began', () => {
    const out = new DocumentWriter().block('a').end('code')
    expect(out.spans('code')).toEqual([])
  })
})
