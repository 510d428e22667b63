/** Markdown → mdast with GFM and front matter; line endings normalised so offsets are stable. Pure. */
import { remark } from 'remark'
import remarkFrontmatter from 'remark-frontmatter'
import remarkGfm from 'remark-gfm'
import type { Root } from 'mdast'

const processor = remark().use(remarkGfm).use(remarkFrontmatter, ['yaml', 'toml'])

export interface ParsedMarkdown {
  /** The text with CRLF and lone CR turned into LF and a leading BOM dropped; every offset refers to it. */
  readonly source: string
  readonly root: Root
}

export function normaliseLineEndings(text: string): string {
  const withoutBom = text.charCodeAt(0) === 0xfeff ? text.slice(1) : text
  return withoutBom.includes('\r') ? withoutBom.replace(/\r\n?/g, '\n') : withoutBom
}

export function parseMarkdown(text: string): ParsedMarkdown {
  const source = normaliseLineEndings(text)
  return { source, root: processor.parse(source) }
}
