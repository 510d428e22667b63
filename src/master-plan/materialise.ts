/**
 * Full mdast nodes for a few blocks of the model. The model keeps the nodes of the blocks it parsed when
 * the parsed text is small enough (`keepNodes`); otherwise they are re-parsed from their source. A
 * top-level block starts at a line start with every earlier block closed, so the source from its start
 * to the next block's start, parsed alone, gives the same nodes as the whole document once positions are
 * shifted. Two things carry over from the rest of the document and are prepended, then dropped: the
 * definitions (they decide whether `[x]` and `[^x]` are references) and "not at the start" (a `---` line
 * there opens front matter). A section body the model left unparsed (section-body.ts) stands as one
 * container node holding its nodes, parsed on first use.
 * Pure; the last range re-parsed is kept, so the items of one list are parsed once, not once per item.
 */
import type { RootContent } from 'mdast'
import type { MasterPlanModel } from './model.js'
import { parseSource, shifted } from './parse.js'
import { isSectionBody } from './section-body.js'
import { lineStart } from './text.js'

/**
 * The model keeps the nodes of what it parsed when that is at most this many characters: a tree costs
 * about 19 bytes of heap per byte of source, so this bounds them to some 20 MB; above it, nodes are
 * parsed again when asked for.
 */
export const KEEP_TREES_CHARS = 1024 * 1024

interface Materialised {
  readonly from: number
  readonly to: number
  readonly nodes: readonly RootContent[]
}

const lastRange = new WeakMap<MasterPlanModel, Materialised>()
/** Nodes the model's builder kept, by block index (a gap where it kept none). */
const kept = new WeakMap<MasterPlanModel, readonly (RootContent | undefined)[]>()

/** Keeps the nodes of `model.blocks` (by index; undefined where none is kept) for `blockNodes`. */
export function keepNodes(model: MasterPlanModel, nodes: readonly (RootContent | undefined)[]): void {
  kept.set(model, nodes)
}

/** The nodes of `model.blocks[from .. to)`, equal to those of one parse of the whole document. */
export function blockNodes(model: MasterPlanModel, from: number, to: number): readonly RootContent[] {
  if (to <= from) return []
  const known = keptNodes(model, from, to)
  if (known) return known
  const body = firstSectionBody(model, from, to)
  if (body !== undefined) {
    const block = model.blocks[body]
    const container = block && isSectionBody(block) ? [block.container()] : []
    return [...blockNodes(model, from, body), ...container, ...blockNodes(model, body + 1, to)]
  }
  const cached = lastRange.get(model)
  if (cached && cached.from <= from && to <= cached.to)
    return cached.nodes.slice(from - cached.from, to - cached.from)
  // A block that does not come out as summarised means a case the reasoning above misses: stay correct.
  const nodes = reparseBlocks(model, from, to) ?? wholeDocument(model, from, to)
  lastRange.set(model, { from, to, nodes })
  return nodes
}

/** The kept nodes of the range, section bodies as their container node; undefined when any is missing. */
function keptNodes(model: MasterPlanModel, from: number, to: number): RootContent[] | undefined {
  const nodes = kept.get(model)
  const out: RootContent[] = []
  for (let index = from; index < to; index++) {
    const block = model.blocks[index]
    if (block && isSectionBody(block)) {
      out.push(block.container())
      continue
    }
    const node = nodes?.[index]
    if (!node) return undefined
    out.push(node)
  }
  return out
}

function firstSectionBody(model: MasterPlanModel, from: number, to: number): number | undefined {
  for (let index = from; index < to; index++) {
    const block = model.blocks[index]
    if (block && isSectionBody(block)) return index
  }
  return undefined
}

/** The re-parse alone; `undefined` when its top-level nodes differ from the blocks' summaries. */
export function reparseBlocks(model: MasterPlanModel, from: number, to: number): RootContent[] | undefined {
  const { source, blocks } = model
  const first = blocks[from]
  if (!first || to > blocks.length || firstSectionBody(model, from, to) !== undefined) return undefined
  const end = blocks[to]?.start ?? source.length
  const prelude = from === 0 && noDefinitions(model) ? '' : preludeFor(model)
  const lines = prelude.split('\n').length - 1
  const root = parseSource(prelude + source.slice(first.start, end))
  const nodes: RootContent[] = []
  for (const node of root.children) {
    if ((node.position?.start.offset ?? 0) < prelude.length) continue
    nodes.push(shifted(node, first.start - prelude.length, first.line - 1 - lines))
  }
  if (nodes.length !== to - from) return undefined
  const same = nodes.every((node, index) => {
    const block = blocks[from + index]
    return (
      block !== undefined &&
      node.type === block.type &&
      lineStart(source, node.position?.start.offset ?? 0) === block.start &&
      node.position?.end.offset === block.end
    )
  })
  return same ? nodes : undefined
}

/**
 * The blocks from one parse of the file they came from (the master plan, or a piece of linked content),
 * matched to the summaries by where they start and end.
 */
function wholeDocument(model: MasterPlanModel, from: number, to: number): RootContent[] {
  const doc = model.documents.find(d => d.firstBlock <= from && from < d.endBlock)
  const children =
    !doc || (doc.start === 0 && model.documents.length === 1)
      ? parseSource(model.source).children
      : parseSource(model.source.slice(doc.start, doc.end)).children.map(node =>
          shifted(node, doc.start, doc.lineOffset)
        )
  const byStart = new Map<number, RootContent>()
  for (const node of children) byStart.set(lineStart(model.source, node.position?.start.offset ?? 0), node)
  const nodes: RootContent[] = []
  for (let index = from; index < to; index++) {
    const node = byStart.get(model.blocks[index]?.start ?? -1)
    if (node) nodes.push(node)
  }
  return nodes
}

function noDefinitions(model: MasterPlanModel): boolean {
  return model.definitions.links.length === 0 && model.definitions.footnotes.length === 0
}

/**
 * One definition per identifier, each closed by a blank line, then an HTML comment at column 0: it closes
 * the last footnote definition, so an indented first line of the blocks is not read as its continuation.
 */
function preludeFor(model: MasterPlanModel): string {
  let prelude = ''
  for (const id of model.definitions.footnotes) prelude += `[^${id}]: x\n\n`
  for (const id of model.definitions.links) prelude += `[${id}]: #\n\n`
  return `${prelude}<!---->\n\n`
}
