/**
 * Character-level neutralisers for untrusted text. Pure, and imports nothing from the project: every
 * writer (reply, pull request, commit message, job summary, annotations) uses the same rules.
 */

/** The joiner plan-phase inserts to break a mention, reference or keyword; invisible when shown. */
export const JOINER = '\u200d'

/**
 * Characters that are invisible yet change what a reader sees: C0/C1 controls, format characters
 * (zero-width space and joiners, bidirectional embeddings, overrides and isolates, the byte-order mark,
 * the soft hyphen, tag characters) and the line and paragraph separators.
 */
const INVISIBLE = /[\p{Cc}\p{Cf}\p{Zl}\p{Zp}]/gu

/** The same, except the joiner (plan-phase's own neutraliser) and the ordinary tab and line feed. */
const INVISIBLE_IN_TEXT = /(?![\u200d\t\n])[\p{Cc}\p{Cf}\p{Zl}\p{Zp}]/gu

function escapeCodePoint(char: string): string {
  return `\\u{${(char.codePointAt(0) ?? 0).toString(16).toUpperCase()}}`
}

/**
 * Every invisible character but the joiner, tab and line feed shown as `\u{…}`: a right-to-left
 * override or a zero-width space cannot make a test id, path or output line read as something else.
 */
export function showInvisible(text: string): string {
  return text.replace(INVISIBLE_IN_TEXT, escapeCodePoint)
}

/**
 * Untrusted prose without its invisible characters (they could hide a keyword or reorder a title).
 * `keepJoiners`: keep the joiners (and tabs and line feeds) of text plan-phase already neutralised.
 */
export function dropInvisible(text: string, keepJoiners = false): string {
  return text.replace(keepJoiners ? INVISIBLE_IN_TEXT : INVISIBLE, '')
}

/** Line breaks (with the blanks around them) and tabs as one space: the text stays on one line. */
export function oneLine(text: string): string {
  return text.replace(/[ \t]*(?:\r\n|[\n\r\v\f\u0085\u2028\u2029])[ \t]*/g, ' ').replace(/\t/g, ' ')
}

/** `@name` and `@org/team` notify even from a bot's comment; a joiner after `@` breaks the link. */
export function neutraliseMentions(text: string): string {
  return text.replace(/@(?!\u200d)/g, `@${JOINER}`)
}

/**
 * GitHub's closing keywords (close, closes, closed, fix, fixes, fixed, resolve, resolves, resolved, in
 * any case; the `-ing` forms other forges accept too) when a reference follows: `#1`, `: #1`,
 * `owner/repo#2`, `GH-3` or an issue URL.
 */
const CLOSING_KEYWORD =
  /\b(?:clos(?:e[sd]?|ing)|fix(?:e[sd]|ing)?|resolv(?:e[sd]?|ing))(?=[\s:]*(?:[\w.-]+\/[\w.-]+)?(?:#\d|gh-\d|https?:\/\/|www\.))/gi

/**
 * References neutralised: no closing keyword, issue link (`#12`, `owner/repo#12`, `GH-12`) or URL
 * autolink (`https://…/issues/3` links and back-references an issue) survives. The joiner keeps the
 * text readable; nothing it produced can be re-joined by GitHub.
 */
export function neutraliseReferences(text: string): string {
  return (
    text
      // After the keyword's first letter: still readable, no longer a keyword.
      .replace(CLOSING_KEYWORD, word => `${word.slice(0, 1)}${JOINER}${word.slice(1)}`)
      .replace(/#(?=\d)/g, `#${JOINER}`)
      .replace(/\b(gh)-(?=\d)/gi, `$1${JOINER}-`)
      .replace(/\b(https?|ftp):\/\//gi, `$1${JOINER}://`)
      .replace(/\b(www)\./gi, `$1${JOINER}.`)
  )
}

/** Mentions and references neutralised together: text that can notify, link or close nothing. */
export function neutralise(text: string): string {
  return neutraliseReferences(neutraliseMentions(text))
}
