/**
 * The summary of one top-level mdast node that the model keeps (see `Block`): everything the scans over
 * the whole document read, taken while the node's tree is alive. Pure.
 */
import type { Heading, Nodes, Paragraph, RootContent } from 'mdast'
import type { Block, Range } from './model.js'
import { lineStart, nodeText } from './text.js'
import { nodeUnits } from './units.js'

export function summariseBlock(source: string, node: RootContent): Block {
  const start = lineStart(source, node.position?.start.offset ?? 0)
  const end = node.position?.end.offset ?? 0
  // One object shape for every block (optional fields set or absent in a fixed order): with tens of
  // thousands of blocks, shapes built by spreading cost more than the summaries themselves.
  const block: { -readonly [K in keyof Block]: Block[K] } = {
    type: node.type,
    start,
    end,
    line: node.position?.start.line ?? 1,
    units: nodeUnits(source, node)
  }
  if (node.type === 'heading') block.heading = { depth: node.depth, title: headingTitle(node) }
  if (node.type === 'paragraph') {
    const label = boldLabel(node)
    if (label !== undefined) block.boldLabel = label
  }
  if (node.type === 'list') {
    const tasks = node.children.filter(item => typeof item.checked === 'boolean').length
    block.list = { ordered: node.ordered === true, items: node.children.length, tasks }
  }
  if (node.type !== 'heading' && node.type !== 'code') {
    const ranges: Range[] = []
    collectVerbatim(node, ranges)
    if (ranges.length > 0) block.verbatim = ranges
  }
  return block
}

export function headingTitle(node: Heading): string {
  return nodeText(node).replace(/\s+/g, ' ').trim()
}

function boldLabel(node: Paragraph): string | undefined {
  const first = node.children[0]
  if (!first || first.type !== 'strong') return undefined
  return nodeText(first).replace(/\s+/g, ' ').trim()
}

function collectVerbatim(node: Nodes, ranges: Range[]): void {
  if (node.type === 'code' || node.type === 'html') {
    // Indentation before a fence inside a list belongs to the fence: it is kept untouched too.
    const start = (node.position?.start.offset ?? 0) - ((node.position?.start.column ?? 1) - 1)
    ranges.push({ start, end: node.position?.end.offset ?? 0 })
    return
  }
  if ('children' in node) for (const child of node.children as Nodes[]) collectVerbatim(child, ranges)
}

/** Adds the identifiers of the link and footnote definitions in `node` (at any depth) to the sets. */
export function collectDefinitions(
  node: Nodes,
  found: { readonly links: Set<string>; readonly footnotes: Set<string> }
): void {
  const stack: Nodes[] = [node]
  for (let current = stack.pop(); current; current = stack.pop()) {
    if (current.type === 'definition') found.links.add(current.identifier)
    else if (current.type === 'footnoteDefinition') found.footnotes.add(current.identifier)
    if ('children' in current) for (const child of current.children) stack.push(child)
  }
}
