/**
 * Master-plan text as the plan carries it: code byte for byte (in a list too), prose through the
 * rewrite with its offset in the source, headings under the plan's own heading levels.
 */
import { buildModel } from '../../../src/master-plan/outline.js'
import { copySpan, tableRowWithHeader, type ProseRewrite } from '../../../src/render/verbatim.js'

const CODE = '```python\ndef get(key):\n    return CACHE[key]\n```'
const source = `## Phase 1\n\n### Step 1: Cache\n\nUse \`cache.get\` here.\n\n${CODE}\n\n- Then:\n\n  ${CODE.split('\n').join('\n  ')}\n\nDone.\n`
const model = buildModel(source)
const whole = { start: 0, end: source.length }
const upper: ProseRewrite = text => text.toUpperCase()

describe('copying master-plan text into the plan', () => {
  it('copies everything unchanged without a rewrite, but every heading at the level it is given', () => {
    expect(copySpan(model, whole, 2)).toBe(source.replace('### Step 1', '## Step 1'))
    expect(copySpan(model, whole, 5)).toBe(
      source.replace('## Phase 1', '##### Phase 1').replace('### Step 1', '##### Step 1')
    )
  })

  it('never writes a heading deeper than level 6', () => {
    expect(copySpan(model, whole, 9).startsWith('###### Phase 1\n\n###### Step 1: Cache\n')).toBe(true)
  })

  it('rewrites prose and heading text, never code, whether a block or inside a list', () => {
    const copied = copySpan(model, whole, 5, upper)
    expect(copied).toContain('##### PHASE 1\n\n##### STEP 1: CACHE\n\nUSE `CACHE.GET` HERE.\n')
    expect(copied).toContain(`\n${CODE}\n`)
    expect(copied).toContain(`- THEN:\n\n  ${CODE.split('\n').join('\n  ')}\n`)
    expect(copied.endsWith('DONE.\n')).toBe(true)
  })

  it('gives the rewrite each slice with its offset in the master plan', () => {
    const seen: [string, number][] = []
    copySpan(model, whole, 5, (text, offset) => {
      seen.push([text, offset])
      return text
    })
    for (const [text, offset] of seen) expect(source.slice(offset, offset + text.length)).toBe(text)
    expect(seen.map(([text]) => text)).toContain('Use `cache.get` here.')
  })

  it('copies a span that starts and ends inside blocks from exactly there', () => {
    const start = source.indexOf('`cache.get`')
    const end = source.indexOf('return') + 'return'.length
    expect(copySpan(model, { start, end }, 5, upper)).toBe(
      '`CACHE.GET` HERE.\n\n```python\ndef get(key):\n    return'
    )
  })
})

describe('an index table row as the phase carries it', () => {
  const table = '| # | Milestone | Depends on |\n|---|---|---|\n| 1 | Pricing | — |\n| 2 | Stock | 1 |\n'
  const indexed = buildModel(`# Plan\n\n${table}\nAfter.\n`)
  const rowStart = indexed.source.indexOf('| 2 |')
  const row = { start: rowStart, end: indexed.source.indexOf('\n', rowStart) }

  it('writes a row under its table header, so it reads as a table', () => {
    expect(tableRowWithHeader(indexed, row)).toBe(
      '| # | Milestone | Depends on |\n|---|---|---|\n| 2 | Stock | 1 |'
    )
  })

  it('leaves the header row itself, a whole table and any other span alone', () => {
    const headerEnd = indexed.source.indexOf('\n', indexed.source.indexOf('| #'))
    expect(tableRowWithHeader(indexed, { start: indexed.source.indexOf('| #'), end: headerEnd })).toBe(
      undefined
    )
    const after = indexed.source.indexOf('After.')
    expect(tableRowWithHeader(indexed, { start: after, end: after + 6 })).toBe(undefined)
  })
})
