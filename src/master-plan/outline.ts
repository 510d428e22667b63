/**
 * Turns the mdast root into sections and phase sections in one pass over the root's children.
 * A section ends at the next heading of the same or a higher level; fenced code is one block, so its
 * `#` lines never end anything.
 */
import type { Heading, Paragraph, RootContent } from 'mdast'
import type { Block, MasterPlanModel, PhaseSection, Section } from './model.js'
import { parseMarkdown } from './parse.js'
import { matchPhaseHeading, phaseKey } from './phase-id.js'
import { lineStart, nodeText } from './text.js'

export function buildModel(text: string): MasterPlanModel {
  const { source, root } = parseMarkdown(text)
  const blocks: Block[] = root.children.map(node => ({
    node,
    start: lineStart(source, node.position?.start.offset ?? 0),
    end: node.position?.end.offset ?? 0
  }))
  const sections = headingSections(blocks)
  const phaseSections = dropNestedDuplicates([...headingPhases(sections), ...boldPhases(blocks, sections)])
  const front = blocks.find(block => isFrontMatter(block.node))
  return {
    source,
    root,
    blocks,
    sections,
    phaseSections,
    ...(front ? { frontMatter: source.slice(front.start, front.end) } : {})
  }
}

function headingSections(blocks: readonly Block[]): Section[] {
  const sections: Section[] = []
  const open: { section: Section; index: number }[] = []
  const ends: number[] = []
  const firstHeading = blocks.findIndex(block => block.node.type === 'heading')
  const preambleEnd = firstHeading === -1 ? blocks.length : firstHeading
  if (blocks.slice(0, preambleEnd).some(block => !isFrontMatter(block.node))) {
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
    if (block.node.type !== 'heading') return
    const depth = (block.node as Heading).depth
    while (open.length > 0 && (open[open.length - 1]?.section.depth ?? 0) >= depth) {
      const closed = open.pop()
      if (closed) ends[closed.index] = index
    }
    const title = headingTitle(block.node as Heading)
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

export function isFrontMatter(node: RootContent): boolean {
  const type: string = node.type
  return type === 'yaml' || type === 'toml'
}

export function headingTitle(node: Heading): string {
  return nodeText(node).replace(/\s+/g, ' ').trim()
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
    if (block.node.type === 'heading') {
      close(index)
      while (sectionCursor < sections.length && (sections[sectionCursor]?.headingIndex ?? -1) <= index) {
        const candidate = sections[sectionCursor]
        if (candidate?.headingIndex === index) enclosing = candidate
        sectionCursor++
      }
      return
    }
    const label = boldLabel(block.node)
    const match = label ? matchPhaseHeading(label) : undefined
    if (!label || !match) return
    close(index)
    current = { id: match.id, title: match.title, label, start: index }
  })
  close(blocks.length)
  return phases
}

function boldLabel(node: RootContent): string | undefined {
  if (node.type !== 'paragraph') return undefined
  const first = (node as Paragraph).children[0]
  if (!first || first.type !== 'strong') return undefined
  return nodeText(first).replace(/\s+/g, ' ').trim()
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
