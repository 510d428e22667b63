import { existsSync, readdirSync, readFileSync } from 'node:fs'
import { join } from 'node:path'
import { scanSegments, type Segment } from '../../../src/master-plan/heading-scan.js'
import { normaliseLineEndings, parseSource } from '../../../src/master-plan/parse.js'
import { lineStart } from '../../../src/master-plan/text.js'
import { PROJECT_ROOT } from '../../support/example-repo.js'

const lines = (...text: string[]): string => `${text.join('\n')}\n`
const headingsOf = (source: string, segments: readonly Segment[]): string[] =>
  segments.filter(s => s.heading).map(s => source.slice(s.start, s.bodyStart).trim())
const plainOf = (source: string, segments: readonly Segment[]): Record<string, boolean> =>
  Object.fromEntries(
    segments.filter(s => s.heading).map(s => [source.slice(s.start, s.bodyStart).trim(), s.plain])
  )

/** Where one parse of the whole document puts its top-level headings (line starts). */
function topLevelHeadings(source: string): Set<number> {
  const root = parseSource(source)
  return new Set(
    root.children
      .filter(node => node.type === 'heading')
      .map(node => lineStart(source, node.position?.start.offset ?? 0))
  )
}

describe('scanSegments', () => {
  it('cuts at headings at column 0, never inside fenced code (backticks or tildes, longer closers)', () => {
    const source = lines(
      'Intro.',
      '# Plan',
      '## Phase 1: Setup',
      '```python',
      '# a comment, not a heading',
      '```',
      '~~~~',
      '# still code',
      '~~~',
      '# still code: the closer is shorter',
      '~~~~~',
      '## Phase 2: Next',
      'Text.'
    )
    const segments = scanSegments(source) as Segment[]
    expect(headingsOf(source, segments)).toEqual(['# Plan', '## Phase 1: Setup', '## Phase 2: Next'])
    expect(segments[0]).toMatchObject({ start: 0, heading: false, plain: false })
    expect(plainOf(source, segments)).toEqual({
      '# Plan': true,
      '## Phase 1: Setup': true,
      '## Phase 2: Next': true
    })
    expect(segments.map(s => s.line)).toEqual([1, 2, 3, 12])
    expect(segments[segments.length - 1]?.end).toBe(source.length)
  })

  it('does not cut inside an HTML comment, and never leaves a body with HTML unparsed', () => {
    const source = lines('# A', '<!--', '# hidden', '-->', '# B', '<div>x</div>', '', '# C')
    const segments = scanSegments(source) as Segment[]
    expect(headingsOf(source, segments)).toEqual(['# A', '# B', '# C'])
    expect(plainOf(source, segments)).toEqual({ '# A': false, '# B': false, '# C': true })
  })

  it('keeps bodies with headings it does not cut at, indented or setext, parsed', () => {
    const source = lines(
      '# A',
      '   # indented heading',
      '# B',
      'Title',
      '=====',
      '# C',
      'Text',
      '',
      '---',
      '',
      '# D'
    )
    const segments = scanSegments(source) as Segment[]
    expect(plainOf(source, segments)).toEqual({ '# A': false, '# B': false, '# C': true, '# D': true })
  })

  it('stops cutting where a fence in a list item may have closed early, and keeps a fence that stays inside', () => {
    const sure = lines('# A', '- item', '  ```', '  # code', '  ```', '# B')
    const kept = scanSegments(sure) as Segment[]
    expect(headingsOf(sure, kept)).toEqual(['# A', '# B'])
    expect(plainOf(sure, kept)).toEqual({ '# A': true, '# B': true })
    // `# C` at column 0 ends the list item and so the fence: a heading, though a top-level fence would hold it.
    const doubt = lines('# A', '- item', '  ```', '# C', '  ```', '# D', '```', '# E')
    const stopped = scanSegments(doubt) as Segment[]
    expect(headingsOf(doubt, stopped)).toEqual(['# A'])
    expect(stopped.every(segment => !segment.plain)).toBe(true)
  })

  it('lists lines that open a bold paragraph with a phase or step word', () => {
    const source = lines(
      '# A',
      '**Phase 2: Load**',
      '',
      '**Goal:** x',
      '**3. Step 4** y',
      '```',
      '**Phase 9**',
      '```'
    )
    const [, segment] = scanSegments(source) as Segment[]
    expect(segment?.boldLabels.map(at => source.slice(at, source.indexOf('\n', at)))).toEqual([
      '**Phase 2: Load**',
      '**3. Step 4** y'
    ])
    expect(segment?.plain).toBe(true)
  })

  it('gives up on documents with definitions and on front matter that never closes; cuts after closed front matter', () => {
    expect(scanSegments(lines('# A', 'See [x].', '', '[x]: https://example.com'))).toBeUndefined()
    expect(scanSegments(lines('# A', '- > [^1]: a note'))).toBeUndefined()
    expect(scanSegments(lines('---', 'title: x', '# not a heading'))).toBeUndefined()
    // Type hints and links are not definitions.
    expect(scanSegments(lines('# A', '- [Phase 1](#phase-1)', 'def f() -> dict[str, int]:'))).toBeDefined()
    const front = lines('---', 'title: x', '---', '# A', 'Text.')
    expect(headingsOf(front, scanSegments(front) as Segment[])).toEqual(['# A'])
  })

  it('cuts only where one parse of the whole document has a top-level heading', () => {
    const tricky = lines(
      '# Plan',
      '1. Step',
      '   ```python',
      '# top-level again: the fence above was in the list item',
      'x = 1',
      '```',
      '# inside a new fence',
      '```',
      '> quote',
      '# after a quote',
      '| a | b |',
      '| - | - |',
      '# after a table',
      '<!-- x',
      '# in a comment -->',
      'Para',
      '# interrupts a paragraph',
      '    # indented code',
      '# after indented code'
    )
    const corpus = join(PROJECT_ROOT, '..', 'shared', 'corpus')
    const documents = existsSync(corpus)
      ? readdirSync(corpus)
          .filter(name => name.endsWith('.md'))
          .map(name => normaliseLineEndings(readFileSync(join(corpus, name), 'utf8')))
      : []
    for (const source of [tricky, ...documents]) {
      const segments = scanSegments(source)
      if (!segments) continue
      const headings = topLevelHeadings(source)
      for (const segment of segments.filter(s => s.heading)) expect(headings.has(segment.start)).toBe(true)
    }
  })
})
