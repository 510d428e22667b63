/**
 * Turns the master plan into block summaries, sections and phase sections (phases.ts finds them by the
 * rules of docs/phases.md), with the content of linked files appended after the master plan's own.
 * A section ends at the next heading of the same or a higher level; fenced code is one block, so its
 * `#` lines never end anything.
 */
import type { RootContent } from 'mdast'
import { collectDefinitions, summariseBlock } from './blocks.js'
import { headingAnchors } from './links.js'
import { keepNodes, KEEP_TREES_CHARS } from './materialise.js'
import type { Block, MasterPlanModel, PhaseLink, PhaseSection, Range, Section } from './model.js'
import { normaliseLineEndings, parsePieces, shifted } from './parse.js'
import { phaseKey } from './phase-id.js'
import { findPhases, type FoundSection } from './phases.js'

export interface ModelOptions {
  /** The master plan's repository path: links are resolved from its folder. Default: the repository root. */
  readonly path?: string
  /**
   * Files that phase labels and index entries link to, read by the caller (repository path → text; absent
   * or undefined when unreadable). Their content becomes the linking phase's content (docs/phases.md).
   */
  readonly files?: ReadonlyMap<string, string | undefined>
}

/** Each piece's tree lives only while it is summarised: the model holds the source and the summaries. */
export function buildModel(text: string, options: ModelOptions = {}): MasterPlanModel {
  const main = normaliseLineEndings(text)
  const kept: RootContent[] | undefined = main.length <= KEEP_TREES_CHARS ? [] : undefined
  const mainDoc = summarise(main, main, 0, 0, kept)
  const model = modelFromBlocks(main, mainDoc.blocks, mainDoc.definitions, options)
  if (kept && kept.length === mainDoc.blocks.length) keepNodes(model, kept)
  return model
}

/**
 * The model of a master plan whose top-level blocks are summarised (`blocks`, in document order, with
 * the identifiers of its definitions): sections, phases, and the linked content appended.
 */
export function modelFromBlocks(
  main: string,
  blocks: readonly Block[],
  definitions: MasterPlanModel['definitions'],
  options: ModelOptions = {}
): MasterPlanModel {
  const path = options.path ?? ''
  const sections = headingSections(blocks)
  const front = blocks.find(isFrontMatter)
  const base: MasterPlanModel = {
    source: main,
    blocks,
    definitions,
    sections,
    phaseSections: [],
    phaseLinks: [],
    documents: [{ path, start: 0, end: main.length, lineOffset: 0, firstBlock: 0, endBlock: blocks.length }],
    ...(front ? { frontMatter: main.slice(front.start, front.end) } : {})
  }
  const found = findPhases(base, path)
  const linked = appendLinked(base, found.links, options.files)
  return {
    ...linked.model,
    phaseSections: withRolesAndIds([...found.sections, ...linked.sections]),
    phaseLinks: linked.links
  }
}

export interface Summary {
  readonly blocks: Block[]
  readonly definitions: { readonly links: string[]; readonly footnotes: string[] }
}

/**
 * Blocks of `text`, which stands in `source` at `offset`; block lines start after `lineOffset` lines.
 * With `kept`, each block's node is kept there too (in document coordinates).
 */
export function summarise(
  source: string,
  text: string,
  offset: number,
  lineOffset: number,
  kept?: RootContent[]
): Summary {
  const mayDefine = text.includes(']:')
  let blocks: Block[] = []
  let definitions = { links: new Set<string>(), footnotes: new Set<string>() }
  parsePieces(text, {
    add: nodes => {
      for (const node of nodes) {
        const placed = offset === 0 && lineOffset === 0 ? node : shifted(node, offset, lineOffset)
        blocks.push(summariseBlock(source, placed))
        kept?.push(placed)
        if (mayDefine) collectDefinitions(placed, definitions)
      }
    },
    restart: () => {
      blocks = []
      if (kept) kept.length = 0
      definitions = { links: new Set<string>(), footnotes: new Set<string>() }
    }
  })
  return { blocks, definitions: { links: [...definitions.links], footnotes: [...definitions.footnotes] } }
}

/**
 * Linked content appended to the model: each file (or anchored section of one) read once, after the
 * master plan, each a section of the phases that link to it. Links inside it are not followed.
 */
function appendLinked(
  base: MasterPlanModel,
  links: readonly PhaseLink[],
  files: ReadonlyMap<string, string | undefined> | undefined
): { model: MasterPlanModel; sections: FoundSection[]; links: PhaseLink[] } {
  const pieces = new Map<string, { text: string; lineOffset: number } | { reason: string }>()
  const settled = links.map(link => {
    if (link.path === undefined) return link
    const key = link.anchor ? `${link.path}#${link.anchor}` : link.path
    if (!pieces.has(key)) {
      const text = files?.get(link.path)
      pieces.set(
        key,
        text === undefined ? { reason: 'the file could not be read' } : portion(text, link.anchor)
      )
    }
    const piece = pieces.get(key)
    return piece && 'reason' in piece
      ? {
          ...link,
          outcome: piece.reason.startsWith('no heading')
            ? ('not-followed' as const)
            : ('unreadable' as const),
          reason: piece.reason
        }
      : { ...link, outcome: 'followed' as const, reason: undefined }
  })
  const readable = [...pieces].filter(
    (entry): entry is [string, { text: string; lineOffset: number }] => 'text' in entry[1]
  )
  if (readable.length === 0) return { model: base, sections: [], links: settled.map(withoutEmptyReason) }
  let source = base.source.endsWith('\n') ? base.source : `${base.source}\n`
  const starts = readable.map(([, piece]) => {
    source += '\n'
    const start = source.length
    source += piece.text
    return start
  })
  const blocks = [...base.blocks]
  const documents = [...base.documents]
  const definitions = {
    links: new Set(base.definitions.links),
    footnotes: new Set(base.definitions.footnotes)
  }
  const sections: FoundSection[] = []
  readable.forEach(([key, piece], at) => {
    const start = starts[at] ?? source.length
    const summary = summarise(source, piece.text, start, piece.lineOffset)
    const firstBlock = blocks.length
    blocks.push(...summary.blocks)
    for (const id of summary.definitions.links) definitions.links.add(id)
    for (const id of summary.definitions.footnotes) definitions.footnotes.add(id)
    const hash = key.indexOf('#')
    const file = hash === -1 ? key : key.slice(0, hash)
    documents.push({
      path: file,
      ...(hash === -1 ? {} : { anchor: key.slice(hash + 1) }),
      start,
      end: start + piece.text.length,
      lineOffset: piece.lineOffset,
      firstBlock,
      endBlock: blocks.length
    })
    if (blocks.length === firstBlock) return
    for (const link of settled) {
      if (link.outcome !== 'followed' || (link.anchor ? `${link.path}#${link.anchor}` : link.path) !== key)
        continue
      for (const id of link.ids) {
        sections.push({
          title: key,
          depth: 0,
          path: [key],
          kind: 'linked',
          headingIndex: firstBlock,
          bodyStart: firstBlock,
          bodyEnd: blocks.length,
          id,
          phaseTitle: '',
          status: [],
          rule: 'linked-file',
          line: summary.blocks[0]?.line ?? 1,
          file: key
        })
      }
    }
  })
  return {
    model: {
      ...base,
      source,
      blocks,
      documents,
      definitions: { links: [...definitions.links], footnotes: [...definitions.footnotes] }
    },
    sections,
    links: settled.map(withoutEmptyReason)
  }
}

function withoutEmptyReason(link: PhaseLink): PhaseLink {
  if (link.reason !== undefined) return link
  const { reason: _reason, ...rest } = link
  return rest
}

/** The whole file, or the section whose heading has `anchor` (GitHub's slug or an explicit `{#id}`). */
function portion(
  text: string,
  anchor: string | undefined
): { text: string; lineOffset: number } | { reason: string } {
  const source = normaliseLineEndings(text)
  if (!anchor) return { text: source, lineOffset: 0 }
  const { blocks } = summarise(source, source, 0, 0)
  const sections = headingSections(blocks).filter(section => section.kind === 'heading')
  const anchors = headingAnchors(sections.map(section => section.title))
  const at = anchors.findIndex(list => list.includes(anchor.toLowerCase()))
  const section = sections[at]
  const first = section ? blocks[section.headingIndex] : undefined
  if (!section || !first) return { reason: `no heading has the anchor #${anchor}` }
  const end = blocks[section.bodyEnd]?.start ?? source.length
  return { text: source.slice(first.start, end), lineOffset: first.line - 1 }
}

/**
 * Each phase's id made canonical (its first spelling in document order) and each section's role: when a
 * phase has linked content (a linked file or an anchored section), its labels and index entries are its
 * summary; otherwise its index entries are, when a heading or bold label holds it.
 */
function withRolesAndIds(found: readonly FoundSection[]): PhaseSection[] {
  const ordered = [...found].sort(
    (a, b) => a.bodyStart - b.bodyStart || (a.entry?.start ?? 0) - (b.entry?.start ?? 0)
  )
  const canonical = new Map<string, string>()
  for (const section of ordered)
    if (!canonical.has(phaseKey(section.id))) canonical.set(phaseKey(section.id), section.id)
  const linked = new Set(
    found.filter(s => s.rule === 'linked-file' || s.rule === 'anchor').map(s => phaseKey(s.id))
  )
  const labelled = new Set(
    found.filter(s => s.kind === 'heading' || s.kind === 'bold').map(s => phaseKey(s.id))
  )
  return ordered.map(section => {
    const key = phaseKey(section.id)
    const isLinked = section.rule === 'linked-file' || section.rule === 'anchor'
    const summary = isLinked ? false : linked.has(key) || (section.kind === 'entry' && labelled.has(key))
    return { ...section, id: canonical.get(key) ?? section.id, role: summary ? 'summary' : 'content' }
  })
}

export function headingSections(blocks: readonly Block[]): Section[] {
  const sections: Section[] = []
  const open: { section: Section; index: number }[] = []
  const ends: number[] = []
  const firstHeading = blocks.findIndex(block => block.heading)
  const preambleEnd = firstHeading === -1 ? blocks.length : firstHeading
  if (blocks.slice(0, preambleEnd).some(block => !isFrontMatter(block))) {
    sections.push({
      title: '',
      depth: 0,
      path: [],
      kind: 'preamble',
      headingIndex: -1,
      bodyStart: 0,
      bodyEnd: preambleEnd
    })
    ends.push(preambleEnd)
  }
  blocks.forEach((block, index) => {
    if (!block.heading) return
    const { depth, title } = block.heading
    while (open.length > 0 && (open[open.length - 1]?.section.depth ?? 0) >= depth) {
      const closed = open.pop()
      if (closed) ends[closed.index] = index
    }
    const path = [...(open[open.length - 1]?.section.path ?? []), title]
    const section: Section = {
      title,
      depth,
      path,
      kind: 'heading',
      headingIndex: index,
      bodyStart: index + 1,
      bodyEnd: -1
    }
    open.push({ section, index: sections.length })
    sections.push(section)
    ends.push(blocks.length)
  })
  return sections.map((section, index) => ({ ...section, bodyEnd: ends[index] ?? blocks.length }))
}

/** Where a phase section stands in the source: its entry's row or item, or its blocks (label included). */
export function sectionRange(model: MasterPlanModel, section: PhaseSection): Range {
  if (section.entry) return section.entry
  const first = model.blocks[Math.min(section.headingIndex, section.bodyStart)]
  const last = model.blocks[section.bodyEnd - 1]
  return { start: first?.start ?? 0, end: last?.end ?? first?.start ?? 0 }
}

export function isFrontMatter(block: Block): boolean {
  const type: string = block.type
  return type === 'yaml' || type === 'toml'
}
