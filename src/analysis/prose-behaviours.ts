/**
 * Reading behaviours out of the master plan's prose for test requirements: which sentences say what
 * code does (an action verb of the subject itself, not how things are today), the outcomes one item
 * joins with "and", the cases one test item lists, and a test name's words with its subject first. Pure.
 */
import { endsWithAbbreviation } from '../master-plan/text.js'
import { behaviourWords, subjectWord, splitWords, bare } from './test-names.js'

/** What code does, said with a verb (not only "if", "only" or "when"). */
export const ACTION =
  /\b(returns?|returned|raises?|raised|yields?|stores?|stored|rejects?|rejected|accepts?|prints?|logs?|logged|fails?|filters?|sorts?|routes?|delegates?|looks?\s+(?:\w+\s+){1,3}up|falls?\s+back|keeps?|takes?|invalidat\w*)\b|\b(?:is|are)\s+an?\s+`?[A-Z]\w*(?:Error|Exception)\b/i
/** A sentence that names the error something is (`an unknown code is a `KeyError``). */
export const RAISES = /\b(?:is|are)\s+an?\s+`?[A-Z]\w*(?:Error|Exception)\b/

/** A sentence about how the code behaves now, before the phase. */
export const CURRENT = /^\W*(?:today|currently|at the moment|right now|so far|until now)\b/i

export const BEHAVIOUR =
  /\b(returns?|returned|raises?|raised|yields?|if|when|unless|otherwise|else|invalidat\w*|cach\w*|stores?|stored|sets?|rejects?|rejected|accepts?|prints?|logs?|logged|fails?|only|never|always|initiali[sz]ed?|filters?|sorts?|ranks?|routes?|delegates?|looks?\s+(?:\w+\s+){1,3}up|falls?\s+back|keeps?)\b|\b(?:is|are)\s+an?\s+`?[A-Z]\w*(?:Error|Exception)\b/i
/**
 * Whether a sentence says what its subject does: an action verb whose own subject is not another code
 * name ("the dict that `load_config` returns" says what `load_config` does, not the subject).
 */
export function actsItself(text: string, subject: string | undefined): boolean {
  const pattern = new RegExp(ACTION.source, 'gi')
  for (const match of text.matchAll(pattern)) {
    const before = text.slice(0, match.index)
    if (before.split('`').length % 2 === 0) continue
    const code = /`([^`]+)`\s*$/.exec(before)?.[1]
    if (code === undefined || (subject !== undefined && bare(code) === bare(subject))) return true
  }
  return false
}

/**
 * The cases of one clause of a test item: "`f` for an exclusive and an inclusive entry, rounding half
 * up" is `f` for an exclusive entry, for an inclusive entry, and rounding half up — the subject named
 * first is the subject of each.
 */
export function caseParts(clause: string): string[] {
  const [first = '', ...rest] = splitOutsideCode(clause, /,\s+/y)
  const forList = /^(.*?\bfor\s+)(.+)$/i.exec(first)
  const heads =
    forList?.[1] && forList[2] && /\s+and\s+/.test(forList[2]) && !/`/.test(forList[2])
      ? forList[2].split(/\s+and\s+/).map(item => `${forList[1]}${item}`)
      : [first]
  const subject = /^\s*`[^`]+`/.exec(first)?.[0]
  return [
    ...heads,
    ...rest.map(part => (subject && !part.includes('`') ? `${subject} ${part}` : part))
  ].filter(part => splitWords(part).length > 0)
}

/** `text` split where `separator` (a sticky pattern) matches outside code spans: `f(a, b)` stays whole. */
export function splitOutsideCode(text: string, separator: RegExp): string[] {
  const out: string[] = []
  let start = 0
  let inCode = false
  for (let at = 0; at < text.length; at++) {
    if (text[at] === '`') inCode = !inCode
    if (inCode) continue
    separator.lastIndex = at
    const match = separator.exec(text)
    if (!match || match[0] === '') continue
    out.push(text.slice(start, at))
    start = at + match[0].length
    at = start - 1
  }
  out.push(text.slice(start))
  return out
}

/** The sentences of a paragraph (a `.` inside a code span, a number or an abbreviation ends none). */
export function sentences(text: string): string[] {
  const out: string[] = []
  let start = 0
  let inCode = false
  for (let at = 0; at < text.length; at++) {
    const char = text[at]
    if (char === '`') inCode = !inCode
    if (inCode || !/[.!?]/.test(char ?? '') || !/\s/.test(text[at + 1] ?? ' ')) continue
    if (/\d/.test(text[at - 1] ?? '') && /\d/.test(text[at + 1] ?? '')) continue
    if (endsWithAbbreviation(text.slice(Math.max(0, at - 8), at))) continue
    out.push(text.slice(start, at + 1).trim())
    start = at + 1
  }
  const rest = text.slice(start).trim()
  if (rest) out.push(rest)
  return out.filter(Boolean)
}

/**
 * Outcomes joined by "and" in one item, each led by its own verb ("returns `Item` and raises …"); a
 * part that only states a condition ("Check if `x` is not `None`") stays with the outcome after it.
 */
export function behaviours(text: string): string[] {
  const normal = text.replace(/\bchanges?\s+(?:its|their)\s+return\s+type\s+to\b/gi, 'returns')
  const parts = normal.split(/\s+and\s+(?=(?:returns?|raises?|rejects?|yields?)\b)/i)
  const out: string[] = []
  let pending = ''
  for (const part of parts) {
    const joined = pending ? `${pending} and ${part}` : part
    if (ACTION.test(part.replace(/`[^`]*`/g, ' '))) {
      out.push(joined)
      pending = ''
    } else pending = joined
  }
  if (pending) out.push(pending)
  return out
}

/** A label or lead that only says "these are tests". */
export const GENERIC_LABEL = /^(?:unit |integration |regression |new )?(?:tests?|testing|test cases?)$/i
export const GENERIC_LEAD =
  /^\s*(?:\*\*)?(?:unit |integration |regression |new )?(?:tests?|testing|test cases?)(?:\*\*)?\s*:\s*(?:\*\*)?/i

/** A test name's words with the name under test first, unless they hold it already. */
export function subjectFirst(subject: string | undefined, words: readonly string[]): string[] {
  if (!subject || words.length === 0) return [...words]
  const first = subjectWord(subject)
  return words[0] === first ? [...words] : [first, ...words]
}

/** A label that names the act of testing (`Test Tab Completion`, `Error Scenario Testing`), not what is tested. */
const TESTING_LEAD = /^\s*(?:test|verify|validate|check|ensure|confirm)\s+(?=\S)/i
const TESTING_TAIL = /\s+(?:testing|tests?|validation|verification|checks?)\s*$/i
/** Text that says what must hold ("Verify that Tab key behavior works") or when ("Test error handling when …"). */
const THAT_CLAUSE =
  /^\s*(?:test|verify|validate|check|ensure|confirm|make sure)\s+(?:that\s+\S|[^,;:]*\b(?:when|if|unless)\s+\S)/i

/**
 * A test name's words from an item's bold label: the label without the act of testing ("Validate
 * Auto-completion" is `auto_completion`); for such a label, the behaviour the text after it states
 * when it says what must hold ("Test that the application starts without …").
 */
export function labelWords(label: string, text: string): string[] {
  const activity = TESTING_LEAD.test(label) || TESTING_TAIL.test(label)
  const after = text.replace(/^\s*\*\*[^*]*\*\*\s*:?\s*/, '')
  if (activity && THAT_CLAUSE.test(after)) {
    const words = behaviourWords(after, undefined)
    if (words.length >= 2) return words
  }
  const words = splitWords(label.replace(TESTING_LEAD, '').replace(TESTING_TAIL, ''))
  return words.length > 0 ? words : splitWords(label)
}
