import { dropInvisible, neutralise, showInvisible } from '../../../src/text/characters.js'
import { codeSpan } from '../../../src/text/code.js'
import { inert, inertMarkdown, inertPlain } from '../../../src/text/inert.js'
import { splitCodeSpans } from '../../../src/text/spans.js'
import {
  HIDDEN,
  LIVE_CLOSING,
  LIVE_MENTION,
  LIVE_REFERENCE,
  liveMarkdown
} from '../../support/live-markdown.js'

/** Every spelling GitHub accepts for a closing keyword, with every kind of reference. */
const KEYWORDS = ['close', 'closes', 'closed', 'fix', 'fixes', 'fixed', 'resolve', 'resolves', 'resolved']
const REFERENCES = ['#1', ': #2', ':#3', 'acme/widgets#4', 'https://github.com/acme/widgets/issues/5', 'GH-6']
const CLOSING = KEYWORDS.flatMap(keyword =>
  REFERENCES.flatMap(reference => {
    const gap = reference.startsWith(':') ? '' : ' '
    return [keyword, keyword.toUpperCase(), keyword[0]?.toUpperCase() + keyword.slice(1)].map(
      word => `${word}${gap}${reference}`
    )
  })
)

const HOSTILE = [
  '<img src=x onerror=alert(1)>',
  'Phase 3 </details><details open><summary>owned</summary>',
  'end of comment --> <!-- start of one',
  '![pixel](https://evil.example/p.png) and [click](javascript:alert(1))',
  'autolinks https://evil.example, www.evil.example, <https://evil.example> and me@evil.example',
  'a `span <b>` then <i>',
  'escaped \\`<img src=x>` backtick',
  'unmatched ` tick <img src=x> and `` a double',
  '```fence <img src=x>',
  '# heading <img src=x>',
  '- list item',
  '1. ordered',
  '> quote',
  '| a | b |',
  'mentions @octocat, @acme/core and `@in-code`',
  'zero-width @\u200bhidden fi\u200bxes #1 and c\u2060loses #2',
  'right-to-left \u202eexe.txt\u202c and isolates \u2066x\u2069',
  'entities &lt;img src=x&gt; &#35;1 &amp;',
  'backslash at the end \\'
]

/** The visible words of `text`: one line, no invisible characters. */
function words(text: string): string {
  return dropInvisible(text.replace(/\s*[\r\n]+\s*/g, ' ')).trim()
}

describe('inert', () => {
  it.each(HOSTILE)('renders %j as one paragraph of the same words, with nothing live', text => {
    const out = inert(text)
    const parsed = liveMarkdown(out)
    expect(parsed.blocks).toEqual(['paragraph'])
    expect(parsed.html).toEqual([])
    expect(parsed.images).toEqual([])
    expect(parsed.links).toEqual([])
    const prose = parsed.text.join(' ')
    expect(prose).not.toMatch(LIVE_MENTION)
    expect(prose).not.toMatch(LIVE_CLOSING)
    expect(prose).not.toMatch(LIVE_REFERENCE)
    expect(out).not.toMatch(HIDDEN)
    // Code spans keep what they showed; everything else reads exactly as it was written.
    const expected = splitCodeSpans(words(text))
      .map(piece => (piece.kind === 'code' ? piece.content : piece.text))
      .join('')
    expect(parsed.shown).toBe(expected)
  })

  it('defuses every closing keyword spelling before every kind of reference', () => {
    for (const text of CLOSING) {
      const parsed = liveMarkdown(inert(`Phase 3: ${text}`))
      const prose = parsed.text.join(' ')
      expect({ text, closing: LIVE_CLOSING.test(prose), reference: LIVE_REFERENCE.test(prose) }).toEqual({
        text,
        closing: false,
        reference: false
      })
      expect(parsed.links).toEqual([])
      expect(parsed.shown).toBe(`Phase 3: ${text}`)
    }
  })

  it('keeps code spans code, neutralised inside too', () => {
    const parsed = liveMarkdown(inert('run `fixes #1 @x <b>` now'))
    expect(parsed.code).toEqual(['f\u200dixes #\u200d1 @\u200dx <b>'])
  })

  it('leaves ordinary words alone', () => {
    expect(inert('we fixed the bug in ProviderManager')).toBe('we fixed the bug in ProviderManager')
    expect(inert('Phase 3: ProviderManager')).toBe('Phase 3: ProviderManager')
  })
})

describe('inertPlain (titles and commit messages)', () => {
  it('closes and links nothing, whatever the keyword spelling and reference', () => {
    for (const text of CLOSING) {
      const out = inertPlain(`plan-phase: phase 3 — ${text}`)
      expect({ text, closing: LIVE_CLOSING.test(out), reference: LIVE_REFERENCE.test(out) }).toEqual({
        text,
        closing: false,
        reference: false
      })
      expect(out.replace(/\u200d/g, '')).toBe(`plan-phase: phase 3 — ${text}`)
    }
  })

  it('drops hidden characters that could hide a keyword, and stays on one line', () => {
    const out = inertPlain('fi\u200bxes\n#7 \u202e@octocat')
    expect(out).not.toMatch(HIDDEN)
    expect(out).not.toMatch(LIVE_CLOSING)
    expect(out).not.toMatch(LIVE_MENTION)
    expect(out).not.toContain('\n')
  })
})

describe('inertMarkdown (plan-phase’s own messages with values quoted raw)', () => {
  it('escapes HTML and images outside code spans, keeps links, code and emphasis', () => {
    const message =
      'Wrote **two** files to `a<b>` in docs/<img src=x>; ![x](http://e/p.png) see [the run](https://github.com/o/r/actions/runs/1).'
    const parsed = liveMarkdown(inertMarkdown(message))
    expect(parsed.html).toEqual([])
    expect(parsed.images).toEqual([])
    expect(parsed.links).toContain('https://github.com/o/r/actions/runs/1')
    expect(parsed.code).toEqual(['a<b>'])
    expect(parsed.shown).toContain('docs/<img src=x>')
  })

  it('re-fences a raw span whose value held backticks, so nothing escapes it', () => {
    const branch = 'x`<img src=y>`z'
    const parsed = liveMarkdown(inertMarkdown(`Committed to \`${branch}\`.`))
    expect(parsed.html).toEqual([])
  })

  it('drops an invisible character hiding between a backslash and a backtick', () => {
    const parsed = liveMarkdown(inertMarkdown('path \\\u200b`<img src=x>` end'))
    expect(parsed.html).toEqual([])
  })

  it('neutralises mentions in prose and code, and keeps lines', () => {
    const out = inertMarkdown(`@octocat has read permission\n\n${codeSpan('@team')}`)
    expect(liveMarkdown(out).text.join(' ')).not.toMatch(LIVE_MENTION)
    expect(out.split('\n')).toHaveLength(3)
  })

  it('shows <phase> in a usage line instead of swallowing it as a tag', () => {
    expect(liveMarkdown(inertMarkdown('where <phase> is a number')).shown).toBe('where <phase> is a number')
  })
})

describe('characters', () => {
  it('neutralise is idempotent', () => {
    const once = neutralise('@a fixes #1 GH-2 https://x www.y')
    expect(neutralise(once)).toBe(once)
  })

  it('showInvisible keeps tabs, line feeds and joiners', () => {
    expect(showInvisible('a\tb\nc\u200dd\u200be')).toBe('a\tb\nc\u200dd\\u{200B}e')
  })
})
