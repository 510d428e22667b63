/**
 * Untrusted text made inert for GitHub: it renders as the same words, and can neither notify, link,
 * close an issue, embed HTML or an image, nor change the Markdown around it. Pure.
 */
import { dropInvisible, neutralise, neutraliseMentions, oneLine } from './characters.js'
import { codeSpan, verbatimCode } from './code.js'
import { splitCodeSpans } from './spans.js'

const HTML: Readonly<Record<string, string>> = { '&': '&amp;', '<': '&lt;', '>': '&gt;' }

function escapeHtml(text: string): string {
  return text.replace(/[&<>]/g, char => HTML[char] ?? char)
}

/**
 * Prose: backslashes, backticks, brackets and pipes escaped (no code span, link, image or table cell
 * can start), HTML escaped, mentions and references neutralised.
 */
function inertProse(text: string): string {
  return neutralise(escapeHtml(text.replace(/[\\`[\]|]/g, char => `\\${char}`)))
}

/** A line that starts with these would become a heading, list, rule or fence. */
function escapeBlockStart(markdown: string): string {
  return markdown.replace(/^[#+\-*=~_]/, char => `\\${char}`).replace(/^(\d+)([.)])/, '$1\\$2')
}

/**
 * Untrusted inline text (a title from the master plan, a name from the repository) for a comment, a
 * pull request body or the job summary: on one line, invisible characters dropped, HTML and Markdown
 * metacharacters escaped, mentions, issue references, closing keywords and URL autolinks neutralised.
 * Its code spans stay code spans (re-fenced, so none can swallow the text after it).
 */
export function inert(text: string): string {
  const line = dropInvisible(oneLine(text)).trim()
  const pieces = splitCodeSpans(line).map(piece =>
    piece.kind === 'code' ? verbatimCode(neutralise(piece.content)) : inertProse(piece.text)
  )
  return escapeBlockStart(pieces.join(''))
}

/**
 * Untrusted text for a plain-text field (a pull request title, a commit message): on one line,
 * invisible characters dropped, no mention, issue reference, closing keyword or URL autolink. A commit
 * message reaching the default branch closes every issue it names after a keyword.
 */
export function inertPlain(text: string): string {
  return neutralise(dropInvisible(oneLine(text)).trim())
}

/** `![alt](src)` loads an image; `!\[` is only text. plan-phase's messages link, but never embed. */
function noImages(markdown: string): string {
  return markdown.replace(/!\[/g, '!\\[')
}

/**
 * plan-phase's own Markdown (a message), which may hold values quoted raw: invisible characters dropped,
 * HTML and images escaped outside code spans, every code span re-fenced with `codeSpan`, no mention that could
 * notify. Links, emphasis and line breaks are kept.
 */
export function inertMarkdown(markdown: string): string {
  return markdown
    .split(/\r\n|\n|\r/)
    .map(line =>
      // Invisible characters go first: one between a backslash and a backtick would hide an escape.
      splitCodeSpans(dropInvisible(line, true))
        .map(piece =>
          piece.kind === 'code'
            ? codeSpan(piece.content)
            : neutraliseMentions(escapeHtml(noImages(piece.text)))
        )
        .join('')
    )
    .join('\n')
}
