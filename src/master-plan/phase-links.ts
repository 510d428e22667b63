/**
 * The links phase labels and index entries carry (docs/phases.md, rule 6): the first one into the
 * repository is the phase's link. A same-file anchor is followed here, to its heading section; a file is
 * only recorded (outline.ts appends what the caller read). Pure.
 */
import { readPhaseLabel } from './labels.js'
import { headingAnchors, linksIn, resolveLink, type FoundLink, type LinkTarget } from './links.js'
import { blockNodes } from './materialise.js'
import type { MasterPlanModel, PhaseLink, Section } from './model.js'
import { phaseKey } from './phase-id.js'
import type { FoundSection } from './phases.js'

/** A label or entry and the links on it. */
export interface LinkSource {
  readonly ids: readonly string[]
  /** The block that holds it: an anchor into a section holding it is not followed. */
  readonly block: number
  readonly line: number
  readonly links: readonly FoundLink[]
}

/** Each source's link, followed or recorded, and the sections its same-file anchors lead to. */
export function followLinks(
  model: MasterPlanModel,
  path: string,
  sources: readonly LinkSource[],
  phases: readonly FoundSection[]
): { links: PhaseLink[]; sections: FoundSection[] } {
  const links: PhaseLink[] = []
  const sections: FoundSection[] = []
  const anchors = anchorIndex(model)
  for (const source of sources) {
    const link = firstLink(source.links, source.ids, path)
    if (!link) continue
    const { found, target } = link
    const base = { ids: source.ids, url: found.url, line: source.line }
    if (target.kind === 'file') {
      const anchor = target.anchor ? { anchor: target.anchor } : {}
      links.push({ ...base, path: target.path, ...anchor, outcome: 'unreadable', reason: 'not read' })
      continue
    }
    if (target.kind !== 'anchor') continue
    const reached = anchorTarget(model, anchors, target.anchor, source, phases)
    const section = reached.section
    links.push({
      ...base,
      anchor: target.anchor,
      outcome: section ? 'followed' : 'not-followed',
      ...(reached.reason ? { reason: reached.reason } : {})
    })
    if (!section) continue
    const entry = phases.find(
      phase => phase.kind === 'entry' && source.ids.includes(phase.id) && phase.line === source.line
    )
    for (const id of source.ids) {
      sections.push({
        ...section,
        id,
        phaseTitle: entry?.phaseTitle ?? '',
        status: [],
        rule: 'anchor',
        line: model.blocks[section.headingIndex]?.line ?? 1
      })
    }
  }
  return { links, sections }
}

/** Links on a heading label, or on the first line of a bold label's paragraph. */
export function labelLinks(
  model: MasterPlanModel,
  index: number,
  bold: boolean,
  definitions: ReadonlyMap<string, string>
): FoundLink[] {
  const block = model.blocks[index]
  if (!block || !/\]\s*[([]/.test(model.source.slice(block.start, block.end))) return []
  const node = blockNodes(model, index, index + 1)[0]
  if (!node) return []
  return linksIn(node, definitions, bold ? block.line : undefined)
}

/** The first link into the repository (a Markdown file or an anchor) whose text names no other phase. */
function firstLink(
  links: readonly FoundLink[],
  ids: readonly string[],
  path: string
): { found: FoundLink; target: LinkTarget } | undefined {
  const keys = new Set(ids.map(phaseKey))
  for (const found of links) {
    const named = readPhaseLabel(found.text)?.ids ?? []
    if (named.length > 0 && !named.some(id => keys.has(phaseKey(id)))) continue
    const target = resolveLink(found.url, path)
    if (target.kind !== 'skip') return { found, target }
  }
  return undefined
}

/** Anchor → index of the heading block it names: GitHub slugs, `{#ids}`, and `<a id>` just before a heading. */
function anchorIndex(model: MasterPlanModel): Map<string, number> {
  const headingBlocks = model.sections.filter(section => section.kind === 'heading').map(s => s.headingIndex)
  const anchors = headingAnchors(headingBlocks.map(index => model.blocks[index]?.heading?.title ?? ''))
  const map = new Map<string, number>()
  headingBlocks.forEach((index, at) => {
    for (const anchor of anchors[at] ?? []) if (!map.has(anchor)) map.set(anchor, index)
    const before = model.blocks[index - 1]
    if (before?.type === 'html') {
      const html = model.source.slice(before.start, before.end)
      for (const match of html.matchAll(/<a\s+[^>]*(?:id|name)\s*=\s*["']([^"']+)["']/gi))
        if (match[1] && !map.has(match[1].toLowerCase())) map.set(match[1].toLowerCase(), index)
    }
  })
  return map
}

/**
 * The section a same-file anchor leads to, unless it is or holds another phase's section, or holds the
 * label or entry that links to it (an index linking to its own section would make every phase hold all).
 */
function anchorTarget(
  model: MasterPlanModel,
  anchors: ReadonlyMap<string, number>,
  anchor: string,
  source: LinkSource,
  phases: readonly FoundSection[]
): { section?: Section; reason?: string } {
  const index = anchors.get(anchor.toLowerCase())
  const section = index === undefined ? undefined : model.sections.find(s => s.headingIndex === index)
  if (!section) return { reason: `no heading has the anchor #${anchor}` }
  const keys = new Set(source.ids.map(phaseKey))
  const from = section.headingIndex
  const to = section.bodyEnd
  if (source.block >= from && source.block < to)
    return { reason: 'the anchor leads to the section holding the link' }
  for (const phase of phases) {
    const start = Math.min(phase.headingIndex, phase.bodyStart)
    if (start >= to || phase.bodyEnd <= from) continue
    if (keys.has(phaseKey(phase.id))) {
      if (start <= from && phase.bodyEnd >= to) return { reason: 'the section is already this phase’s' }
      continue
    }
    if (phase.kind !== 'entry') return { reason: `the section belongs to phase ${phase.id}` }
  }
  return { section }
}
