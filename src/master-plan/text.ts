/** Small text helpers over mdast nodes and source slices. Pure. */
import type { Nodes } from 'mdast'

/** The readable text of a node: values of its leaves, concatenated. */
export function nodeText(node: Nodes): string {
  if ('value' in node && typeof node.value === 'string') return node.value
  if ('children' in node) {
    let text = ''
    for (const child of node.children) text += nodeText(child as Nodes)
    return text
  }
  return ''
}

export function lineStart(source: string, offset: number): number {
  return source.lastIndexOf('\n', offset - 1) + 1
}

/** Collapses whitespace and blockquote markers at line starts, so text compares regardless of re-wrapping. */
export function normaliseText(text: string): string {
  return text
    .replace(/\n[ \t]*(?:>[ \t]?)*/g, ' ')
    .replace(/\s+/g, ' ')
    .trim()
}

/** How many line breaks stand in `source` from `from` up to (not at) `to`. */
export function countLines(source: string, from: number, to: number): number {
  let lines = 0
  for (let at = source.indexOf('\n', from); at !== -1 && at < to; at = source.indexOf('\n', at + 1)) lines++
  return lines
}

/** Abbreviations whose dot ends no sentence ("… the currency code, e.g. `"Paid 3 USD"`"). */
export const ABBREVIATIONS = String.raw`e\.g|i\.e|etc|vs|cf|incl|approx`
const BEFORE_ABBREVIATION_DOT = new RegExp(String.raw`(?:^|[\s(])(?:${ABBREVIATIONS})$`, 'i')

/** Whether the text before a `.` ends in an abbreviation, so the dot ends no sentence. */
export function endsWithAbbreviation(before: string): boolean {
  return BEFORE_ABBREVIATION_DOT.test(before)
}
