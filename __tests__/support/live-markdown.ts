/**
 * What a piece of Markdown does once GitHub renders it, read with a real CommonMark + GFM parser (remark,
 * the parser plan-phase itself uses): raw HTML, images, links (autolinks included), and the text outside
 * code where GitHub would find mentions, issue references and closing keywords.
 */
import type { Nodes, Root } from 'mdast'
import { remark } from 'remark'
import remarkGfm from 'remark-gfm'

export interface LiveMarkdown {
  /** Raw HTML (tags, comments) passed through to the page. */
  readonly html: string[]
  readonly images: string[]
  readonly links: string[]
  /** Text outside code, one entry per text node, entities decoded: where GitHub links and pings. */
  readonly text: string[]
  /** What inline code spans and code blocks show. */
  readonly code: string[]
  /** The kinds of the top-level blocks (`paragraph`, `heading`, `list`, …). */
  readonly blocks: string[]
  /** Everything a reader sees, text and code in order, joiners removed. */
  readonly shown: string
}

export function liveMarkdown(markdown: string): LiveMarkdown {
  const tree = remark().use(remarkGfm).parse(markdown) as Root
  const html: string[] = []
  const images: string[] = []
  const links: string[] = []
  const text: string[] = []
  const code: string[] = []
  let shown = ''
  const visit = (node: Nodes): void => {
    if (node.type === 'html') html.push(node.value)
    else if (node.type === 'image') images.push(node.url)
    else if (node.type === 'link') links.push(node.url)
    else if (node.type === 'text') text.push(node.value)
    else if (node.type === 'inlineCode' || node.type === 'code') code.push(node.value)
    if (node.type === 'text' || node.type === 'inlineCode' || node.type === 'code') shown += node.value
    if ('children' in node) for (const child of node.children) visit(child)
  }
  visit(tree)
  const blocks = tree.children.map(node => node.type)
  return { html, images, links, text, code, blocks, shown: shown.replace(/\u200d/g, '') }
}

/** `@name` or `@org/team` that GitHub would turn into a mention (no joiner after the `@`). */
export const LIVE_MENTION = /(?:^|[^\w`])@[A-Za-z0-9]/

/** A closing keyword followed by a reference GitHub would act on. */
export const LIVE_CLOSING =
  /\b(?:clos(?:e[sd]?|ing)|fix(?:e[sd]|ing)?|resolv(?:e[sd]?|ing))[\s:]*(?:[\w.-]+\/[\w.-]+)?(?:#\d|gh-\d|https?:\/\/)/i

/** An issue reference GitHub would link and back-reference. */
export const LIVE_REFERENCE = /(?:^|[^\w&])(?:[\w.-]+\/[\w.-]+)?#\d|\bgh-\d/i

/** Bidirectional controls and zero-width characters but the joiner plan-phase itself inserts. */
export const HIDDEN = /[\u200b\u200c\u200e\u200f\u202a-\u202e\u2060\u2066-\u2069\ufeff\u00ad]/
