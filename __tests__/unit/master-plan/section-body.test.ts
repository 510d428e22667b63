/**
 * A section body the model left unparsed keeps what a parse for its units gives (units, verbatim ranges),
 * not the parse's tree: its nodes are parsed again, and kept, only once a reader walks them. Either way
 * they are the nodes one parse of the whole document gives.
 */
import type { Root, RootContent } from 'mdast'
import { blockNodes } from '../../../src/master-plan/materialise.js'
import type { MasterPlanModel } from '../../../src/master-plan/model.js'
import { buildModel } from '../../../src/master-plan/outline.js'
import { parseSource, parseSourceWith } from '../../../src/master-plan/parse.js'
import { buildPhaseModel } from '../../../src/master-plan/phase-model.js'
import { isSectionBody, SectionBody } from '../../../src/master-plan/section-body.js'

const phase = (n: number): string =>
  [
    `## Phase ${n}: Part ${n}`,
    '',
    `Create \`pkg/mod_${n}.py\` with a \`Router${n}\` class.`,
    '',
    `1. **Move** \`Service${n}.resolve\` into it.`,
    '   ```python',
    `   class Router${n}:`,
    '       pass',
    '   ```',
    `2. Keep \`build_${n}\` public.`,
    '',
    `- [ ] \`tests/test_${n}.py::test_known\``,
    ''
  ].join('\n')

const PLAN = ['# Plan', '', '## Guidelines', '', '- Keep names.', '', ...[1, 2, 3, 4].map(phase)].join('\n')

/** Every parse of this test goes through here (as a run sends them to the parser's thread), counted. */
function countingParses(): { readonly texts: string[]; readonly stop: () => void } {
  const texts: string[] = []
  const parse = (sources: readonly string[]): Root[] => {
    texts.push(...sources)
    parseSourceWith(undefined)
    try {
      return sources.map(source => parseSource(source))
    } finally {
      parseSourceWith(parse)
    }
  }
  parseSourceWith(parse)
  return { texts, stop: () => parseSourceWith(undefined) }
}

/** The whole document's nodes for the blocks a body stands for (those between its start and end). */
function wholeNodes(whole: MasterPlanModel, body: SectionBody): readonly RootContent[] {
  const from = whole.blocks.findIndex(block => block.start >= body.start)
  let to = from
  while (to < whole.blocks.length && (whole.blocks[to]?.end ?? Infinity) <= body.end) to++
  return blockNodes(whole, from, to)
}

function bodiesOf(model: MasterPlanModel): SectionBody[] {
  return model.blocks.filter(isSectionBody)
}

describe('an unparsed section body', () => {
  const whole = buildModel(PLAN)

  afterEach(() => parseSourceWith(undefined))

  it('parses once for its units, again for its nodes, and keeps the nodes once asked for', () => {
    const [body] = bodiesOf(buildPhaseModel(PLAN, '4'))
    if (!body) throw new Error('expected an unparsed body')
    const parses = countingParses()
    const units = body.units
    expect(parses.texts).toHaveLength(1)
    expect(body.units).toBe(units)
    expect(parses.texts).toHaveLength(1)
    const nodes = (body.container() as unknown as Root).children
    expect(parses.texts).toHaveLength(2)
    expect((body.container() as unknown as Root).children).toEqual(nodes)
    expect(parses.texts).toHaveLength(2)
    parses.stop()
    expect(nodes).toEqual(wholeNodes(whole, body))
    // The units are the whole model's units of the same blocks.
    const wholeUnits = whole.blocks
      .filter(block => block.start >= body.start && block.end <= body.end)
      .flatMap(block => block.units)
    expect(units).toEqual(wholeUnits)
  })

  it('parses once when its nodes are asked for first, and gives its units from that parse', () => {
    const [body] = bodiesOf(buildPhaseModel(PLAN, '4'))
    if (!body) throw new Error('expected an unparsed body')
    const parses = countingParses()
    const nodes = (body.container() as unknown as Root).children
    expect(body.isParsed).toBe(true)
    const units = body.units
    expect(parses.texts).toHaveLength(1)
    parses.stop()
    expect(nodes).toEqual(wholeNodes(whole, body))
    expect(units.map(unit => unit.text)).toContain('class Router1:\n    pass')
  })

  it('read together with others (readAll), keeps their units and none of their nodes', () => {
    const bodies = bodiesOf(buildPhaseModel(PLAN, '4'))
    expect(bodies.length).toBeGreaterThan(1)
    const parses = countingParses()
    SectionBody.readAll(bodies)
    expect(parses.texts).toHaveLength(bodies.length)
    expect(bodies.every(body => body.isParsed)).toBe(true)
    for (const body of bodies) body.container()
    // Each body's nodes needed a parse of their own: the batch kept none.
    expect(parses.texts).toHaveLength(2 * bodies.length)
  })
})
