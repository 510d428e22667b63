/**
 * The words around a cited name that say what the phase does to it: verbs before it (the nearest wins),
 * verbs after it, places it is taken from or put into, and what it does set against today. Pure.
 */
import type { NameAction, NameKind } from './names.js'

/** Cue words, looked for in the words that lead up to a name; the nearest one wins. */
const CUES: readonly [NameAction, RegExp][] = [
  [
    'create',
    /\b(new|create[sd]?|creating|add(?:s|ed|ing)?|introduc\w*|implement\w*|define[sd]?|write|extract\w*)\b/gi
  ],
  // Inlining a function removes it: its callers get its body.
  ['remove', /\b(remov\w*|delet\w*|drop(?:s|ped)?|eliminat\w*|inlin\w*)\b/gi],
  ['rename', /\b(renam\w*)\b/gi],
  ['move', /\b(mov(?:e|es|ed|ing)|relocat\w*|cut)\b/gi],
  [
    'change',
    /\b(chang\w*|updat\w*|modif\w*|refactor\w*|replac\w*|rewrit\w*|adjust\w*|switch\w*|deprecat\w*|split(?:s|ting)?)\b/gi
  ]
]
/** `X is removed`, `X moves to …`, `X now takes …`: a verb right after the name. */
const AFTER: readonly [NameAction, RegExp][] = [
  ['remove', /^\s*(?:is|are|gets?|will be|must be|should be)?\s*(?:removed|deleted|dropped)\b/i],
  ['rename', /^\s*(?:(?:is|are|gets?|will be|must be)?\s*(?:renamed)|becomes)\b/i],
  ['move', /^\s*(?:is|are|gets?|will be)?\s*(?:moves?|moved)\b/i],
  // "`WeatherError` (new, in `errors.py`)": a note in brackets says so too.
  ['create', /^\s*\(?\s*(?:is|are)?\s*(?:new|created|added|introduced)\b/i],
  // What a function takes or returns from now on: its signature changes.
  [
    'change',
    /^\s*(?:\([^)]*\)\s*)?(?:(?:now\s+)?(?:changes\s+(?:its|their)\s+(?:return|signature|parameters?|arguments?)|(?:takes|accepts|receives|requires)\b[^.;]*\b(?:arguments?|parameters?)\b|(?:is|are)\s+(?:changed|updated|modified)\b)|(?:now|no\s+longer)\s+(?:returns?|raises?|yields?|prints?|logs?|writes?|sends?|calls?|accepts?|takes?)\b)/i
  ]
]
/** What a name is, said after it ("The `Receipt` class moves …"). */
export const KIND_WORD = String.raw`(?:class|method|function|module|attribute|field|property|constant|package|file)`
/** The place a name is taken from ("Remove from `Cart`", "delete … from the class `Cart`"). */
export const FROM_PLACE = /\bfrom\s+(?:the\s+)?(?:class|module|file|package)?\s*$/i
/** Where inlined or merged code goes. */
export const INTO_PLACE =
  /\b(?:inlin|merg|fold)\w*\b[^.;]*\binto\s+(?:the\s+)?(?:class|method|function|property)?\s*$/i

/**
 * A plain lowercase word (`slugify`) is too ambiguous to ground when only mentioned, but one the phase
 * removes, renames or moves is a name: nobody deletes a word.
 */
export function actedWord(
  code: string,
  action: NameAction,
  before: string
): { name: string; kind: NameKind } | undefined {
  const word = code.trim().replace(/\(\)$/, '')
  if (action !== 'remove' && action !== 'rename' && action !== 'move') return undefined
  // "Move … to `container`": where things go, not what goes.
  if (/\b(?:to|into|as|from|in)\s+(?:the\s+)?$/i.test(before)) return undefined
  return /^[a-z][a-z0-9]{2,}$/.test(word) ? { name: word, kind: 'symbol' } : undefined
}
/** Text before a name that opens a list item: nothing but marks. */
export const OPENS_ITEM = /^[\s*_~"'([]*$/
/** What a name does, said right after it ("`f` raises …", "`g()` iterates …"). */
const DOES =
  /^\s*(?:\([^)]*\)\s*)?(?:returns|raises|yields|iterates|accepts|takes|stores|sorts|logs|prints|writes|reads|calls|uses|validates|rejects|emits|sends|checks|caches)\b/i
/** Words that set what a name will do against what it does today. */
const CONTRAST = /\b(?:instead of|rather than|any ?more|today|currently|no longer|from now on|unlike now)\b/i

/**
 * "`Warehouse.restock` raises `KeyError` … (today it raises a bare one)": a name that opens its item or
 * sentence, says what it does, and sets that against what it does now, changes behaviour.
 */
export function opensContrast(full: string, start: number, end: number, sentence: string): boolean {
  const before = full.slice(0, start)
  const opens = OPENS_ITEM.test(before) || /[.!?:]\s+[*_"'(]*$/.test(before)
  return opens && DOES.test(full.slice(end, end + 60)) && CONTRAST.test(sentence)
}
/** A subordinate clause between a verb and a name: the verb's object came before it ("add a test that `x` …"). */
const SUBORDINATE = /\b(?:that|which|whether|because|unless|until|so that)\b/i

export function nearestCue(segment: string): NameAction {
  let best: { action: NameAction; at: number; end: number } | undefined
  for (const [action, pattern] of CUES) {
    pattern.lastIndex = 0
    for (const match of segment.matchAll(pattern)) {
      if (!best || match.index >= best.at)
        best = { action, at: match.index, end: match.index + match[0].length }
    }
  }
  if (best && SUBORDINATE.test(segment.slice(best.end))) return 'mention'
  return best?.action ?? 'mention'
}

/**
 * Where new code goes: a function named as the place of a change ("at the start of `f()`", "inside
 * `f`") or as the moment it runs ("… when `f()` is run") is changed.
 */
const PLACE_BEFORE =
  /\b(?:at the (?:start|beginning|end|top|bottom) of|inside|within|in the body of)\s+(?:the\s+)?$/i
const MOMENT_BEFORE = /\b(?:when|whenever|each time|every time)\s+$/i
const MOMENT_AFTER = /^\s*(?:method\s+|function\s+)?(?:is|are)\s+(?:run|called|invoked|executed)\b/i

export function placeCue(before: string, after: string): NameAction {
  if (PLACE_BEFORE.test(before)) return 'change'
  return MOMENT_BEFORE.test(before) && MOMENT_AFTER.test(after) ? 'change' : 'mention'
}

const KIND_AFTER = new RegExp(String.raw`^\s*${KIND_WORD}\b`, 'i')

export function afterCue(text: string): NameAction {
  // "The `Receipt` class moves to …": the verb after the word that says what the name is.
  const verb = text.replace(KIND_AFTER, '')
  for (const [action, pattern] of AFTER) if (pattern.test(verb)) return action
  return 'mention'
}
