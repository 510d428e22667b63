/**
 * The master plan's model for one phase, parsing only what it needs: every heading, the sections outside
 * the phases (guidelines, decisions, context), the phase's own sections, and whatever could change how the
 * phases are found (phase labels in bold, index sections, HTML, headings the line scan cannot place). The
 * bodies of other phases' sections stay unparsed (section-body.ts) until a reader asks for their units —
 * the mentions of this phase, what an earlier phase creates — and then only those are parsed.
 *
 * The result is the model `buildModel` gives, with each unparsed body standing as one block: the same
 * phases, sections, and units wherever they are read. A master plan the line scan cannot cut safely
 * (definitions, unclosed front matter) and an unknown phase (whose message lists what the whole plan
 * holds) get `buildModel` itself.
 */
import type { RootContent } from 'mdast'
import { blockMarks } from './block-marks.js'
import { summariseBlock } from './blocks.js'
import { scanSegments, type Segment } from './heading-scan.js'
import { namesPhaseIndex, readPhaseLabel } from './labels.js'
import { selectPhase, UnknownPhaseError } from './lookup.js'
import { keepNodes, KEEP_TREES_CHARS } from './materialise.js'
import type { Block, MasterPlanModel, PhaseSection } from './model.js'
import { buildModel, modelFromBlocks, summarise, type ModelOptions } from './outline.js'
import { normaliseLineEndings, parseSource, shifted } from './parse.js'
import { phaseKey } from './phase-id.js'
import { SectionBody } from './section-body.js'
import { nodeText } from './text.js'
import { countLines } from './text.js'

/** A segment as the model holds it: parsed (its blocks and their nodes), or its heading and an unparsed body. */
type Held =
  | { readonly kind: 'parsed'; readonly blocks: readonly Block[]; readonly nodes: readonly RootContent[] }
  | {
      readonly kind: 'outline'
      readonly heading: Block
      readonly headingNode: RootContent
      readonly body: SectionBody | undefined
    }

export function buildPhaseModel(text: string, phase: string, options: ModelOptions = {}): MasterPlanModel {
  const source = normaliseLineEndings(text)
  const segments = scanSegments(source)
  if (!segments || !segments.some(segment => segment.plain)) return buildModel(text, options)
  const held = outline(source, segments)
  // Index sections list phases in tables and lists: the phases cannot be found without them.
  segments.forEach((segment, index) => {
    const entry = held[index]
    if (entry?.kind === 'outline' && namesPhaseIndex(entry.heading.heading?.title ?? ''))
      held[index] = undefined
  })
  parseRuns(source, segments, held)
  let first = assemble(source, held, options)
  // Bold labels in unparsed bodies were left out of the phases found: parse the bodies where that matters.
  const unsettled = unsettledBodies(source, segments, held, first)
  if (unsettled.length > 0) {
    for (const index of unsettled) held[index] = undefined
    parseRuns(source, segments, held)
    first = assemble(source, held, options)
  }
  let selection
  try {
    selection = selectPhase(first.model, phase, options.path ?? '')
  } catch (error) {
    // Its message names what the whole plan holds (and where it lists phases): read it all.
    if (error instanceof UnknownPhaseError) return buildModel(text, options)
    throw error
  }
  const needed = neededSegments(first.model, first.headingAt, selection.sections, selection.requested)
  let more = false
  held.forEach((entry, index) => {
    if (entry?.kind === 'outline' && entry.body && needed[index]) {
      held[index] = undefined
      more = true
    }
  })
  if (!more) return first.model
  parseRuns(source, segments, held)
  return assemble(source, held, options).model
}

/**
 * Unparsed bodies with a bold paragraph that the whole document's parse could take for a phase label the
 * model has not seen. A label changes nothing when it sits inside a heading section of a phase-word label
 * and is either a step label (dropped there, rule 3) or names only that section's phases with the same
 * word (a nested duplicate, dropped), carries no link, no lone-letter id (placeholders) and no Roman
 * numeral (which switches the whole document to Roman ids).
 */
function unsettledBodies(
  source: string,
  segments: readonly Segment[],
  held: readonly (Held | undefined)[],
  first: { model: MasterPlanModel; headingAt: readonly number[] }
): number[] {
  const { model, headingAt } = first
  const unsettled: number[] = []
  segments.forEach((segment, index) => {
    const entry = held[index]
    if (entry?.kind !== 'outline' || !entry.body || segment.boldLabels.length === 0) return
    const body = (headingAt[index] ?? 0) + 1
    const enclosing = model.phaseSections.filter(
      section =>
        (section.rule === 'heading' || section.rule === 'document') &&
        section.headingIndex < body &&
        body < section.bodyEnd
    )
    const settled = segment.boldLabels.every(offset =>
      settledLabel(boldParagraph(source, offset, segment.end), enclosing, model)
    )
    if (!settled) unsettled.push(index)
  })
  return unsettled
}

/**
 * `**Plain text**` at a line's start: a strong emphasis whose text is the characters between, when they
 * hold no markup, escape or reference and neither start nor end with a space.
 */
const PLAIN_STRONG = /^ {0,3}\*\*([^\s*_`[\]<>\\&!~](?:[^*_`[\]<>\\&!~\n]*[^\s*_`[\]<>\\&!~])?)\*\*(?!\*)/

/** The paragraph a bold line opens (up to the next blank line), and its label as one parse reads it. */
function boldParagraph(source: string, offset: number, end: number): { text: string; label?: string } {
  const blank = /\n[ \t]*(?:\n|$)/g
  blank.lastIndex = offset
  const stop = Math.min(blank.exec(source)?.index ?? end, end)
  const text = source.slice(offset, stop)
  const plain = PLAIN_STRONG.exec(text)
  const inner = plain?.[1]
  // After punctuation, `**` closes only before a space, punctuation or the end (right-flanking).
  const after = plain ? text.charAt(plain[0].length) : ''
  const closes = !/[\p{P}\p{S}]$/u.test(inner ?? '') || after === '' || /[\s\p{P}\p{S}]/u.test(after)
  if (inner !== undefined && closes) return { text, label: inner.replace(/\s+/g, ' ').trim() }
  const node = parseSource(text).children[0]
  const strong = node?.type === 'paragraph' ? node.children[0] : undefined
  return strong?.type === 'strong' ? { text, label: nodeText(strong).replace(/\s+/g, ' ').trim() } : { text }
}

function settledLabel(
  paragraph: { text: string; label?: string },
  enclosing: readonly PhaseSection[],
  model: MasterPlanModel
): boolean {
  if (paragraph.label === undefined) return true
  const plain = readPhaseLabel(paragraph.label)
  const roman = readPhaseLabel(paragraph.label, { roman: true })
  if ((!plain || plain.placeholder) && (!roman || roman.placeholder)) return true
  if (!plain || !roman || plain.roman || roman.roman || plain.ids.join() !== roman.ids.join()) return false
  if (/\]\s*[([]/.test(paragraph.text) || plain.ids.some(id => /^[A-Za-z]$/.test(id))) return false
  const phaseWord = enclosing.filter(section => {
    const label = readPhaseLabel(model.blocks[section.headingIndex]?.heading?.title ?? '')
    return (
      label?.kind === 'phase' &&
      (plain.kind === 'step' || label.word.toLowerCase() === plain.word.toLowerCase())
    )
  })
  if (phaseWord.length === 0) return false
  return (
    plain.kind === 'step' ||
    plain.ids.every(id => phaseWord.some(section => phaseKey(section.id) === phaseKey(id)))
  )
}

/** Every plain segment's heading parsed (all their lines in one parse) and its body left unparsed. */
function outline(source: string, segments: readonly Segment[]): (Held | undefined)[] {
  const held: (Held | undefined)[] = segments.map(() => undefined)
  const plain = segments.flatMap((segment, index) => (segment.plain && segment.heading ? [index] : []))
  if (plain.length === 0) return held
  const lines = plain.map(index => {
    const segment = segments[index] as Segment
    return source.slice(segment.start, segment.bodyStart).replace(/\n$/, '')
  })
  const root = parseSource(lines.join('\n'))
  // Each line is one ATX heading; anything else and these segments are simply parsed whole.
  if (root.children.length !== plain.length || root.children.some(node => node.type !== 'heading'))
    return held
  let offset = 0
  plain.forEach((index, at) => {
    const segment = segments[index] as Segment
    const node = shifted(root.children[at] as RootContent, segment.start - offset, segment.line - 1 - at)
    offset += (lines[at] ?? '').length + 1
    held[index] = {
      kind: 'outline',
      heading: summariseBlock(source, node),
      headingNode: node,
      body: sectionBody(source, segment)
    }
  })
  return held
}

/** The unparsed body of a segment; undefined when it holds only blank lines (then it has no blocks). */
function sectionBody(source: string, segment: Segment): SectionBody | undefined {
  const text = source.slice(segment.bodyStart, segment.end)
  const lead = /^(?:[ \t]*\n)*/.exec(text)?.[0].length ?? 0
  if (lead === text.length || text.slice(lead).trim() === '') return undefined
  const start = segment.bodyStart + lead
  let end = segment.end
  while (end > start && /\s/.test(source.charAt(end - 1))) end--
  // The end of the last non-blank line, trailing spaces included: no block of the body ends after it.
  const lineEnd = source.indexOf('\n', end)
  return new SectionBody(source, {
    segmentStart: segment.start,
    segmentLine: segment.line,
    segmentEnd: segment.end,
    start,
    line: segment.line + 1 + countLines(source, segment.bodyStart, start),
    end: lineEnd === -1 || lineEnd > segment.end ? Math.min(segment.end, source.length) : lineEnd
  })
}

/** Parses each run of consecutive segments that are not held yet, as one piece from its first heading. */
function parseRuns(source: string, segments: readonly Segment[], held: (Held | undefined)[]): void {
  for (let index = 0; index < segments.length;) {
    if (held[index] !== undefined) {
      index++
      continue
    }
    let last = index
    while (last + 1 < segments.length && held[last + 1] === undefined) last++
    const from = segments[index] as Segment
    const to = segments[last] as Segment
    const nodes: RootContent[] = []
    const summary = summarise(source, source.slice(from.start, to.end), from.start, from.line - 1, nodes)
    held[index] = { kind: 'parsed', blocks: summary.blocks, nodes }
    // The run is held by its first segment; the others hold nothing of their own.
    for (let other = index + 1; other <= last; other++)
      held[other] = { kind: 'parsed', blocks: [], nodes: [] }
    index = last + 1
  }
}

/** The model from what is held, and the block index of each segment's heading. */
function assemble(
  source: string,
  held: readonly (Held | undefined)[],
  options: ModelOptions
): { model: MasterPlanModel; headingAt: number[] } {
  const blocks: Block[] = []
  const nodes: (RootContent | undefined)[] = []
  const headingAt: number[] = []
  let parsedChars = 0
  for (const entry of held) {
    headingAt.push(blocks.length)
    if (!entry) continue
    if (entry.kind === 'parsed') {
      for (const [at, block] of entry.blocks.entries()) {
        blocks.push(block)
        nodes.push(entry.nodes[at])
        parsedChars += block.end - block.start
      }
      continue
    }
    blocks.push(entry.heading)
    nodes.push(entry.headingNode)
    if (entry.body) {
      blocks.push(entry.body)
      nodes.push(undefined)
    }
  }
  const model = modelFromBlocks(source, blocks, { links: [], footnotes: [] }, options)
  if (parsedChars <= KEEP_TREES_CHARS) keepNodes(model, nodes)
  return { model, headingAt }
}

/**
 * Segments the phase needs parsed: those outside every other phase's section, and those inside its own.
 * "Other" as coverage.ts reads it: another id, neither inside nor around one of the phase's sections.
 */
function neededSegments(
  model: MasterPlanModel,
  headingAt: readonly number[],
  own: readonly PhaseSection[],
  requested: string
): boolean[] {
  const keys = new Set(own.map(section => phaseKey(section.id)))
  keys.add(phaseKey(requested))
  const others = model.phaseSections.filter(
    section => !keys.has(phaseKey(section.id)) && !overlaps(section, own)
  )
  const inOther = blockMarks(model.blocks.length, others)
  const inOwn = blockMarks(model.blocks.length, own)
  return headingAt.map(index => !inOther[index] || (inOwn[index] ?? false))
}

function overlaps(section: PhaseSection, own: readonly PhaseSection[]): boolean {
  return own.some(
    mine =>
      (section.bodyStart >= mine.bodyStart && section.bodyEnd <= mine.bodyEnd) ||
      (mine.bodyStart >= section.bodyStart && mine.bodyEnd <= section.bodyEnd)
  )
}
