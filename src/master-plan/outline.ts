/**
 * Turns the master plan into block summaries, sections and phase sections in one pass over the blocks.
 * A section ends at the next heading of the same or a higher level; fenced code is one block, so its
 * `#` lines never end anything.
 */
import { collectDefinitions, summariseBlock } from './blocks.js'
import type { Block, MasterPlanModel, PhaseSection, Section } from './model.js'
import { normaliseLineEndings, parsePieces } from './parse.js'
import { matchPhaseHeading, phaseKey } from './phase-id.js'

/** Each piece's tree lives only while it is summarised: the model holds the source and the summaries. */
export function buildModel(text: string): MasterPlanModel {
  const source = normaliseLineEndings(text)
  const mayDefine = source.includes(']:')
  let blocks: Block[] = []
  let definitions = { links: new Set<string>(), footnotes: new Set<string>() }
  parsePieces(source, {
    add: nodes => {
      for (const node of nodes) {
        blocks.push(summariseBlock(source, node))
        if (mayDefine) collectDefinitions(node, definitions)
      }
    },
    restart: () => {
      blocks = []
      definitions = { links: new Set<string>(), footnotes: new Set<string>() }
    }
  })
  const sections = headingSections(blocks)
  const phaseSections = dropNestedDuplicates([...headingPhases(sections), ...boldPhases(blocks, sections)])
  const front = blocks.find(isFrontMatter)
  return {
    source,
    blocks,
    definitions: { links: [...definitions.links], footnotes: [...definitions.footnotes] },
    sections,
    phaseSections,
    ...(front ? { frontMatter: source.slice(front.start, front.end) } : {})
  }
}

function headingSections(blocks: readonly Block[]): Section[] {
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

export function isFrontMatter(block: Block): boolean {
  const type: string = block.type
  return type === 'yaml' || type === 'toml'
}

function headingPhases(sections: readonly Section[]): PhaseSection[] {
  const phases: PhaseSection[] = []
  for (const section of sections) {
    if (section.kind !== 'heading') continue
    const match = matchPhaseHeading(section.title)
    if (match) phases.push({ ...section, id: match.id, phaseTitle: match.title })
  }
  return phases
}

/**
 * `**Phase 1: Verification** (5 min)` paragraphs used as headings. Each runs until the next such
 * paragraph or the next real heading, and stays inside its enclosing heading section.
 */
function boldPhases(blocks: readonly Block[], sections: readonly Section[]): PhaseSection[] {
  const phases: PhaseSection[] = []
  let enclosing: Section | undefined
  let sectionCursor = 0
  let current: { id: string; title: string; label: string; start: number } | undefined
  const close = (end: number): void => {
    if (!current) return
    const parentDepth = enclosing?.depth ?? 0
    phases.push({
      title: current.label,
      depth: parentDepth + 0.5,
      path: [...(enclosing?.path ?? []), current.label],
      kind: 'bold',
      headingIndex: current.start,
      bodyStart: current.start,
      bodyEnd: end,
      id: current.id,
      phaseTitle: current.title
    })
    current = undefined
  }
  blocks.forEach((block, index) => {
    if (block.heading) {
      close(index)
      while (sectionCursor < sections.length && (sections[sectionCursor]?.headingIndex ?? -1) <= index) {
        const candidate = sections[sectionCursor]
        if (candidate?.headingIndex === index) enclosing = candidate
        sectionCursor++
      }
      return
    }
    const label = block.boldLabel
    const match = label ? matchPhaseHeading(label) : undefined
    if (!label || !match) return
    close(index)
    current = { id: match.id, title: match.title, label, start: index }
  })
  close(blocks.length)
  return phases
}

/** A section inside another section of the same phase adds nothing: the outer one already holds it. */
function dropNestedDuplicates(phases: PhaseSection[]): PhaseSection[] {
  const ordered = [...phases].sort((a, b) => a.bodyStart - b.bodyStart || b.bodyEnd - a.bodyEnd)
  const kept: PhaseSection[] = []
  const outerByKey = new Map<string, PhaseSection>()
  for (const phase of ordered) {
    const key = phaseKey(phase.id)
    const outer = outerByKey.get(key)
    if (outer && phase.bodyStart >= outer.bodyStart && phase.bodyEnd <= outer.bodyEnd) continue
    outerByKey.set(key, phase)
    kept.push(phase)
  }
  return kept
}
