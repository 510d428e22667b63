import { codeBlock, codeSpan, quote, tableCell, verbatimCode } from '../../../src/text/code.js'
import { HIDDEN, liveMarkdown } from '../../support/live-markdown.js'

/** What the span shows once parsed, and that nothing else came out of it. */
function shows(markdown: string): string {
  const parsed = liveMarkdown(markdown)
  expect({ html: parsed.html, text: parsed.text.join('') }).toEqual({ html: [], text: '' })
  expect(parsed.code).toHaveLength(1)
  return parsed.code[0] ?? ''
}

describe('verbatimCode (documents)', () => {
  it('picks a fence longer than any backtick run inside, padded at backtick edges', () => {
    expect(verbatimCode('plain')).toBe('`plain`')
    expect(verbatimCode('a `b` c')).toBe('``a `b` c``')
    expect(verbatimCode('x ``` y')).toBe('````x ``` y````')
    expect(verbatimCode('`edge`')).toBe('`` `edge` ``')
    expect(verbatimCode('```')).toBe('```` ``` ````')
  })

  it('keeps the text exactly, mentions and invisible characters included', () => {
    expect(verbatimCode('@team \u202e')).toBe('`@team \u202e`')
    expect(verbatimCode('one\n  two')).toBe('`one two`')
    expect(verbatimCode('')).toBe('` `')
  })
})

describe('codeSpan (untrusted text on GitHub)', () => {
  it.each([
    ['backtick runs', 'a ` b `` c ``` d', 'a ` b `` c ``` d'],
    ['a leading and trailing backtick', '`x`', '`x`'],
    [
      'a span break-out with HTML',
      '`</code><img src=x onerror=alert(1)>`',
      '`</code><img src=x onerror=alert(1)>`'
    ],
    ['a closing details tag and an HTML comment end', '</details> --> <!--', '</details> --> <!--'],
    ['backslashes, which are literal in code', 'C:\\path\\`x', 'C:\\path\\`x'],
    ['spaces at both ends', '  padded  ', '  padded  ']
  ])('holds %s literally', (_, text, expected) => {
    expect(shows(codeSpan(text))).toBe(expected)
  })

  it('puts line breaks on one line', () => {
    expect(shows(codeSpan('one\r\n  two\nthree\u2028four'))).toBe('one two three four')
  })

  it('shows right-to-left overrides, zero-width and control characters as \\u{…}', () => {
    const out = codeSpan('test_\u202eexe.py\u200b\u0007\u2066x\u2069')
    expect(out).not.toMatch(HIDDEN)
    expect(shows(out)).toBe('test_\\u{202E}exe.py\\u{200B}\\u{7}\\u{2066}x\\u{2069}')
  })

  it('keeps a mention inside code from notifying, and stays stable when applied again', () => {
    const once = codeSpan('ping @octocat and @acme/core')
    expect(shows(once)).toBe('ping @\u200doctocat and @\u200dacme/core')
    expect(codeSpan(shows(once))).toBe(once)
  })

  it('cuts at a code-point boundary when given a maximum', () => {
    expect(shows(codeSpan('😀'.repeat(10), 3))).toBe('😀😀😀…')
    expect(codeSpan('short', 10)).toBe('`short`')
  })
})

describe('quote (user input quoted back)', () => {
  it('is a code span cut to 50 code points', () => {
    expect(quote('plain')).toBe('`plain`')
    expect(quote('a`b')).toBe('``a`b``')
    expect(quote('`x')).toBe('`` `x ``')
    expect(quote('x'.repeat(80))).toBe(`\`${'x'.repeat(50)}…\``)
    expect(quote('3\u202e')).toBe('`3\\u{202E}`')
  })
})

describe('codeBlock', () => {
  it('fences longer than any backtick run, with an info string and an indent', () => {
    const block = codeBlock('line one\n````\n@two\n\n', { indent: '  ', info: 'text' })
    expect(block).toBe('  `````text\n  line one\n  ````\n  @\u200dtwo\n  `````')
  })

  it('keeps </details> and HTML comments inside the block', () => {
    const markdown = `<details><summary>out</summary>\n\n${codeBlock('</details>\n<!-- x -->\n<img src=x>')}\n\n</details>`
    const parsed = liveMarkdown(markdown)
    expect(parsed.html).toEqual(['<details><summary>out</summary>', '</details>'])
    expect(parsed.code).toEqual(['</details>\n<!-- x -->\n<img src=x>'])
  })

  it('shows hidden characters but keeps tabs', () => {
    expect(codeBlock('a\tb\u202ec')).toBe('```\na\tb\\u{202E}c\n```')
  })
})

describe('tableCell', () => {
  it('escapes every pipe, inside code spans too, so a cell cannot be split', () => {
    const path = 'docs/a|<img src=x>|b.md'
    const table = `| Plan | x |\n| --- | --- |\n| Execution plan | ${tableCell(codeSpan(path))} |`
    const parsed = liveMarkdown(table)
    expect(parsed.html).toEqual([])
    expect(parsed.code).toEqual([path])
  })
})
