/**
 * What a section body the model left unparsed may create, read from its raw text so that a body is parsed
 * only when it may really hold a unit that creates the name sought (other-phases.ts `creates`). A large
 * master plan has thousands of such bodies, each parse a round trip to the parser's thread: the check
 * must be cheap, and may be loose, but never stricter than `creates`. Pure.
 */
import type { Language } from '../grounding/language.js'
import type { SectionBody } from '../master-plan/section-body.js'
import { lastPart } from './phase-names.js'
import { fenceInfoOf } from './samples.js'

/** The code of a fence opened at column 0 and closed in the body: exactly one code unit's text. */
export interface BodyFence {
  /** Its info string as `fenceInfo` reads it (`python`). */
  readonly info: string
  readonly text: string
}

export interface BodyCreations {
  /**
   * Words a unit of the body may create outside its column-0 fences: a word after a creating verb in its
   * sentence, or a word on a line where other code may stand that could bind it (a definition, an
   * import, an assignment, a parameter or tuple list, a name alone in a parenthesised import).
   */
  readonly words: ReadonlySet<string>
  /** Its code fenced at column 0, read as the code units they are (checked by defining, not by words). */
  readonly fences: readonly BodyFence[]
}

export const CREATES =
  /\b(new|create[sd]?|creating|add(?:s|ed|ing)?|introduc\w*|implement\w*|define[sd]?|write)\b/i

/**
 * What a body may create. Looser than `creates`, never stricter: a unit is a slice of the text, its
 * sentences cut where the text's are or later. Not kept here: the caller indexes what it needs (a large
 * plan has thousands of bodies). A fence opened at column 0 in a body the line scan left
 * plain runs to its closing line and is one code unit (no container can hold it, and no HTML stands
 * there), whose text is its lines as they are: what it defines is read from them exactly. A fence left
 * open to the body's end is read loosely, as any other code line.
 */
export function bodyCreations(body: SectionBody): BodyCreations {
  const words = new Set<string>()
  const text = body.text()
  // Where creating verbs end, and where sentences end (`creates` cuts a unit's text at the same marks).
  const verbs = [...text.matchAll(new RegExp(CREATES.source, 'gi'))]
  const ends = [...text.matchAll(/[.!?](?:\s|$)/g)]
  let sentenceStart = 0
  let end = 0
  let verb = 0
  for (const match of text.matchAll(/\w+/g)) {
    const at = match.index
    for (let next = ends[end]; next && next.index + next[0].length <= at; next = ends[++end])
      sentenceStart = next.index + next[0].length
    while (verb < verbs.length && (verbs[verb]?.index ?? 0) < sentenceStart) verb++
    const first = verbs[verb]
    const verbEnd = first ? first.index + first[0].length : Infinity
    // A word right after `.`, `!` or `?` starts a sentence of its own there; but a file is sought from
    // the start of its name (`prod` of `docker-compose.prod.yml`), so that start counts too.
    let run = at
    while (run > 0 && /[\w.-]/.test(text.charAt(run - 1))) run--
    if (verbEnd <= at && (!/[.!?]/.test(text.charAt(at - 1)) || !/[.!?]/.test(text.charAt(run - 1))))
      words.add(match[0])
  }
  const fences: BodyFence[] = []
  let open: { info: string; lines: string[] } | undefined
  const loose = (line: string): void => {
    if (/\b(?:def|class|import)\b|[=:,(]/.test(line) || /^\s*\w+\s*$/.test(line))
      for (const word of line.match(/\w+/g) ?? []) words.add(word)
  }
  for (const line of body.lines()) {
    if (line.fence) {
      if (open) {
        fences.push({ info: open.info, text: open.lines.join('\n') })
        open = undefined
      } else {
        open = { info: fenceInfoOf(line.text), lines: [] }
      }
    } else if (open) {
      open.lines.push(line.text)
    } else if (line.code) {
      loose(line.text)
    }
  }
  for (const line of open?.lines ?? []) loose(line)
  return { words, fences }
}

/** The names a code sample defines, as `creates` reads them; cached per fence, for one language. */
export function definedInFence(language: Language): (fence: BodyFence) => readonly string[] {
  const defined = new WeakMap<BodyFence, readonly string[]>()
  return fence => {
    const cached = defined.get(fence)
    if (cached) return cached
    const sample = language.fenceNames.has(fence.info) ? language.sample(fence.text) : undefined
    const names = sample
      ? [
          ...sample.names,
          ...sample.classes.map(cls => cls.name),
          ...sample.functions.map(fn => lastPart(fn.name))
        ]
      : []
    defined.set(fence, names)
    return names
  }
}
