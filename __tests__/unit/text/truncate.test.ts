import { clip, truncate, truncateBytes, TRUNCATION_POINTER } from '../../../src/text/truncate.js'
import { codeSpan } from '../../../src/text/code.js'
import { inert } from '../../../src/text/inert.js'
import { liveMarkdown } from '../../support/live-markdown.js'

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

describe('a cut never leaves a code span open', () => {
  it('drops a span the cut would leave open, so its content does not become live HTML', () => {
    const line = `Failing: ${codeSpan('<img src=x onerror=alert(1)> '.repeat(4))} and more`
    for (let limit = 40; limit < line.length; limit += 7) {
      const out = truncate(line, limit, 'P')
      expect(out.length).toBeLessThanOrEqual(limit)
      const parsed = liveMarkdown(out)
      expect({ limit, html: parsed.html }).toEqual({ limit, html: [] })
    }
  })

  it('keeps spans that closed before the cut, and escaped backticks in inert text', () => {
    const text = `${codeSpan('a')} ${inert('x ` y')} ${codeSpan('b'.repeat(50))}`
    const out = truncate(text, 30, 'P')
    expect(out).toBe('`a` x \\` y \n\nP')
  })

  it('keeps the closing fence of a block the cut ended on', () => {
    const text = `\`\`\`\ncode\n\`\`\`\n${'x'.repeat(100)}`
    // The budget (15 - 3 for the pointer's paragraph) ends right after the closing fence.
    expect(truncate(text, 15, 'P')).toBe('```\ncode\n```\n\nP')
  })
})
