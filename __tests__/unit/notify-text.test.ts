import { clip, inert, truncate, truncateBytes, TRUNCATION_POINTER } from '../../src/notify/text.js'

const isWellFormed = (text: string): boolean =>
  !/[\ud800-\udbff](?![\udc00-\udfff])|(?<![\ud800-\udbff])[\udc00-\udfff]/.test(text)

describe('truncate', () => {
  it('returns text that fits unchanged', () => {
    expect(truncate('hello', 5)).toBe('hello')
    expect(truncate('', 0)).toBe('')
  })

  it('cuts to the limit and appends the pointer in its own paragraph', () => {
    const out = truncate('a'.repeat(200), 100)
    expect(out.length).toBeLessThanOrEqual(100)
    expect(out.endsWith(`\n\n${TRUNCATION_POINTER}`)).toBe(true)
    expect(out.startsWith('aaaa')).toBe(true)
  })

  it('never splits a surrogate pair, whatever the limit', () => {
    const text = '😀'.repeat(100)
    for (let limit = 40; limit < 80; limit += 1) {
      const out = truncate(text, limit, '…')
      expect(out.length).toBeLessThanOrEqual(limit)
      expect(isWellFormed(out)).toBe(true)
    }
  })

  it('keeps an emoji that ends exactly on the boundary and drops one that straddles it', () => {
    const pointer = 'P'
    const tail = `\n\n${pointer}`.length
    // Budget for the text is limit - tail: 'ab' + '😀' is 4 units.
    expect(truncate(`ab😀${'x'.repeat(20)}`, 4 + tail, pointer)).toBe(`ab😀\n\nP`)
    expect(truncate(`abc😀${'x'.repeat(20)}`, 4 + tail, pointer)).toBe(`abc\n\nP`)
  })

  it('counts UTF-16 units, which is never fewer than GitHub counts (code points)', () => {
    const out = truncate('𝒳'.repeat(70_000), 65_536)
    expect(out.length).toBeLessThanOrEqual(65_536)
    expect(Array.from(out).length).toBeLessThanOrEqual(65_536)
  })

  it('closes a code fence the cut left open, still within the limit', () => {
    const text = `intro\n\n\`\`\`\`python\n${'x = 1\n'.repeat(100)}\`\`\`\`\n`
    const out = truncate(text, 200)
    expect(out.length).toBeLessThanOrEqual(200)
    expect(out).toMatch(/\n````\n\n… \(truncated/)
  })

  it('falls back to the pointer alone when nothing else fits', () => {
    expect(truncate('x'.repeat(50), 5, 'pointer')).toBe('point')
  })
})

describe('truncateBytes', () => {
  it('bounds UTF-8 bytes and never splits a character', () => {
    const text = 'é😀中'.repeat(1000)
    for (const limit of [100, 101, 102, 103, 104, 105]) {
      const out = truncateBytes(text, limit, '…')
      expect(Buffer.byteLength(out)).toBeLessThanOrEqual(limit)
      expect(out).not.toContain('\ufffd')
      expect(isWellFormed(out)).toBe(true)
    }
  })

  it('leaves a small text alone', () => {
    expect(truncateBytes('ok', 1024)).toBe('ok')
  })
})

describe('clip', () => {
  it('bounds a title with an ellipsis on a code-point boundary', () => {
    expect(clip('short', 10)).toBe('short')
    const out = clip(`${'a'.repeat(254)}😀😀`, 256)
    expect(out.length).toBeLessThanOrEqual(256)
    expect(isWellFormed(out)).toBe(true)
    expect(out.endsWith('…')).toBe(true)
  })
})

describe('inert', () => {
  it('neutralises mentions and team mentions', () => {
    const out = inert('thanks @octocat and @acme/core')
    expect(out).not.toMatch(/@[a-z]/)
    expect(out.replace(/\u200d/g, '')).toBe('thanks @octocat and @acme/core')
  })

  it('breaks issue references, cross-repository references and GH- links', () => {
    const out = inert('see #12, acme/widgets#3 and GH-7')
    expect(out).not.toMatch(/#\d/)
    expect(out).not.toMatch(/GH-\d/)
    expect(out.replace(/\u200d/g, '')).toBe('see #12, acme/widgets#3 and GH-7')
  })

  it('defuses closing keywords before references and URLs', () => {
    for (const text of [
      'Closes #1',
      'fixes: #2',
      'resolved acme/widgets#3',
      'Fix https://github.com/a/b/issues/4'
    ]) {
      const out = inert(text)
      expect(out).not.toMatch(/\b(close[sd]?|fix(e[sd])?|resolve[sd]?)\b\s*:?\s*(\S+\/\S+)?(#|https?:)/i)
    }
    expect(inert('we fixed the bug')).toBe('we fixed the bug')
  })

  it('escapes HTML in prose', () => {
    expect(inert('<img src=x onerror=alert(1)> & <!-- x -->')).toBe(
      '&lt;img src=x onerror=alert(1)&gt; &amp; &lt;!-- x --&gt;'
    )
  })

  it('keeps inline code spans verbatim and treats an unmatched backtick as text', () => {
    expect(inert('run `a<b> @x #1` then <b>')).toBe('run `a<b> @x #1` then &lt;b&gt;')
    expect(inert('a `` b ` c `` <x>')).toBe('a `` b ` c `` &lt;x&gt;')
    expect(inert('odd ` tick <x>')).toBe('odd ` tick &lt;x&gt;')
  })
})
