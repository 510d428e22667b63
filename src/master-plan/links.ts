/**
 * Links on phase labels and index entries: where they point inside the repository (a Markdown file, a
 * section of one, or a section of the master plan itself), and heading anchors as GitHub makes them.
 * Pure: paths are worked out as text, never touched.
 */
import type { Nodes } from 'mdast'
import { nodeText } from './text.js'

export type LinkTarget =
  | { readonly kind: 'anchor'; readonly anchor: string }
  | { readonly kind: 'file'; readonly path: string; readonly anchor?: string }
  | { readonly kind: 'skip'; readonly reason: string }

const MARKDOWN_FILE = /\.(?:md|markdown|mdx)$/i

/**
 * Where `url` points, for a link in the Markdown file at repository path `from`: relative to that file's
 * folder, or to the repository root when it starts with `/`. URLs, paths that leave the repository and
 * files that are not Markdown are not followed.
 */
export function resolveLink(url: string, from: string): LinkTarget {
  const target = url.trim()
  if (/^[a-z][a-z\d+.-]*:/i.test(target) || target.startsWith('//'))
    return { kind: 'skip', reason: 'a URL outside the repository' }
  const hash = target.indexOf('#')
  const pathPart = (hash === -1 ? target : target.slice(0, hash)).replace(/\?.*$/, '')
  const anchor = hash === -1 ? '' : decode(target.slice(hash + 1))
  if (pathPart === '') return anchor ? { kind: 'anchor', anchor } : { kind: 'skip', reason: 'an empty link' }
  const base = pathPart.startsWith('/') ? [] : from.split('/').slice(0, -1)
  const parts = [...base]
  for (const part of decode(pathPart).split('/')) {
    if (part === '' || part === '.') continue
    if (part === '..') {
      if (parts.length === 0) return { kind: 'skip', reason: 'a path that leaves the repository' }
      parts.pop()
    } else parts.push(part)
  }
  const path = parts.join('/')
  if (path === from)
    return anchor ? { kind: 'anchor', anchor } : { kind: 'skip', reason: 'the master plan itself' }
  if (!MARKDOWN_FILE.test(path)) return { kind: 'skip', reason: 'not a Markdown file' }
  return anchor ? { kind: 'file', path, anchor } : { kind: 'file', path }
}

function decode(text: string): string {
  try {
    return decodeURIComponent(text)
  } catch {
    return text
  }
}

/** A heading's anchor as GitHub makes it: lower case, punctuation and symbols dropped, spaces as `-`. */
export function githubSlug(title: string): string {
  return title
    .toLowerCase()
    .replace(/[^\p{L}\p{M}\p{N}\p{Pc} -]/gu, '')
    .replace(/ /g, '-')
}

/** Anchors of headings in document order: GitHub's slugs (repeats get `-1`, `-2`…) and `{#explicit}` ids. */
export function headingAnchors(titles: readonly string[]): string[][] {
  const seen = new Map<string, number>()
  return titles.map(title => {
    const anchors: string[] = []
    const explicit = /\{#([^}\s]+)\}\s*$/.exec(title)
    if (explicit?.[1]) anchors.push(explicit[1].toLowerCase())
    const base = githubSlug(title)
    const count = seen.get(base) ?? 0
    seen.set(base, count + 1)
    anchors.push(count === 0 ? base : `${base}-${count}`)
    return anchors
  })
}

export interface FoundLink {
  readonly url: string
  readonly text: string
}

/**
 * Links in a node, in document order; reference links through `definitions` (identifier → URL). With
 * `onLine`, only links that start on that line.
 */
export function linksIn(node: Nodes, definitions: ReadonlyMap<string, string>, onLine?: number): FoundLink[] {
  const found: FoundLink[] = []
  const visit = (current: Nodes): void => {
    if (onLine !== undefined && current.position && current.position.start.line > onLine) return
    if (current.type === 'link') found.push({ url: current.url, text: nodeText(current) })
    else if (current.type === 'linkReference') {
      const url = definitions.get(current.identifier.toLowerCase())
      if (url !== undefined) found.push({ url, text: nodeText(current) })
    }
    if ('children' in current) for (const child of current.children as Nodes[]) visit(child)
  }
  visit(node)
  return found
}

/** `[id]: url` definitions from their source text (the model keeps definitions as units). */
export function definitionTargets(texts: readonly string[]): Map<string, string> {
  const map = new Map<string, string>()
  for (const text of texts) {
    const match = /^\s*\[([^\]]+)\]:\s*<?([^\s>]+)>?/.exec(text)
    if (match?.[1] && match[2]) {
      const id = match[1].replace(/\s+/g, ' ').trim().toLowerCase()
      if (!map.has(id)) map.set(id, match[2])
    }
  }
  return map
}
