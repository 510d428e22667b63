/**
 * A test name for one way through a code sample's function, as a developer says it: what the function
 * does on that branch and when (`delegates_to_completer_a_when_decision_function_true`,
 * `returns_model_when_no_slash_in_model_string`, `yields_nothing_on_exception`). Only words of the
 * sample's own code, read as words. Pure.
 */
import type { Branch, SampleFunction } from '../grounding/language.js'
import { bare, snake } from './test-names.js'

/** What a branch does and when, as separate parts so a caller can shorten the condition first. */
export interface BranchPhrase {
  readonly outcome: readonly string[]
  /** `when` a condition, `on` an exception, `otherwise` after several conditions, or nothing. */
  readonly joiner: 'when' | 'on' | 'otherwise' | ''
  /** The condition's words, its `and`/`or` clauses apart (the first says most when a name must be short). */
  readonly clauses: readonly (readonly string[])[]
}

const COMPARISON: Record<string, readonly [string, string]> = {
  '<': ['below', 'at_least'],
  '<=': ['at_most', 'above'],
  '>': ['above', 'at_most'],
  '>=': ['at_least', 'below'],
  '==': ['is', 'is_not'],
  '!=': ['is_not', 'is']
}
/** A name that already says yes or no (`is_valid`, `has_cache`): negated by `not`, not by `no`. */
const PREDICATE = /^(?:is|has|have|can|should|was|were|are|needs?|uses?|allows?)_/
/** A name that reads as a state (`enabled`, `readable`): "not enabled" rather than "no enabled". */
const STATE = /(?:ed|able|ible)$/

/** A literal as a word: `'/'` is `slash`, `''` is `empty`, `"Model"` is `model`. */
function literalWords(literal: string): string[] {
  const inner = literal.replace(/^[rbfu]*(['"])([\s\S]*)\1$/i, '$2')
  if (inner === '') return ['empty']
  const symbols: Record<string, string> = {
    '/': 'slash',
    '.': 'dot',
    '-': 'dash',
    ':': 'colon',
    ',': 'comma'
  }
  if (symbols[inner]) return [symbols[inner] as string]
  const words = inner
    .replace(/[{}]/g, ' ')
    .split(/[^A-Za-z0-9_]+/)
    .filter(Boolean)
    .map(snake)
  return words.length > 0 && words.length <= 3 ? words : ['text']
}

/** An operand as words: `self.completer_a` → `completer_a`, `len(x)` → `x_len`, `'/'` → `slash`. */
function operandWords(operand: string): string[] {
  const text = operand.trim()
  if (/^[rbfu]*['"]/i.test(text)) return literalWords(text)
  if (/^-?\d+(?:\.\d+)?$/.test(text)) return [text.replace('.', '_').replace('-', 'minus_')]
  if (/^(?:None|True|False)$/.test(text)) return [text.toLowerCase()]
  const len = /^len\((.*)\)$/.exec(text)
  if (len?.[1]) return [...operandWords(len[1]), 'len']
  // A name, a call or an item of one; a literal container (`{"status": "ok"}`) reads as its first word.
  // Anything else (`x[0] + y[1]`) has no short reading.
  const path = /^[A-Za-z_][\w.]*(?:\([^()]*\)|\[[^[\]]*\])?$/.test(text)
    ? (/^[A-Za-z_][\w.]*/.exec(text)?.[0] ?? '')
    : /^\{\s*['"]/.test(text)
      ? (/[A-Za-z_]\w*/.exec(text)?.[0] ?? '')
      : ''
  // A built list, dict or tuple (`[m for m in models]`) is said by its kind.
  const kind = { '[': 'list', '{': 'dict', '(': 'tuple' }[text[0] ?? '']
  if (path === '' && kind) return [kind]
  const last = path
    .split('.')
    .filter(part => part !== 'self' && part !== 'cls')
    .pop()
  return last ? [snake(last)] : []
}

/** A value as words: a method call keeps its object (`matches.group(1)` → `matches_group`). */
function valueWords(value: string): string[] {
  const call = /^([A-Za-z_][\w.]*)\(/.exec(value)?.[1]
  if (!call) return operandWords(value)
  if (call === 'cls') return ['instance']
  const parts = call.split('.').filter(part => part !== 'self' && part !== 'cls')
  return parts.slice(-2).map(snake)
}

/** A name tested for truth, said as a state: `matches` / `no matches`, `is_valid` / `not valid`. */
function truthWords(operand: string, negated: boolean): string[] {
  const call = /^([A-Za-z_][\w.]*)\((.*)\)$/.exec(operand.trim())
  const words = operandWords(call ? (call[1] ?? '') : operand)
  const name = words.join('_')
  if (name === '') return []
  if (PREDICATE.test(name)) return negated ? ['not', name.replace(/^is_/, '')] : [name]
  // A call that is no predicate by name (`decision_function(document)`) is true or false.
  if (call) return [name, negated ? 'false' : 'true']
  if (!negated) return [name]
  return STATE.test(name) ? ['not', name] : ['no', name]
}

/** Top-level parts split on a keyword (`a and b`) or a comma, brackets and strings kept whole. */
function splitTop(text: string, keyword: string): string[] {
  const separator = keyword === ',' ? ',' : ` ${keyword} `
  const out: string[] = []
  let depth = 0
  let quote = ''
  let start = 0
  for (let at = 0; at < text.length; at++) {
    const char = text[at] ?? ''
    if (quote) {
      if (char === quote) quote = ''
      continue
    }
    if (char === '"' || char === "'") quote = char
    else if ('([{'.includes(char)) depth++
    else if (')]}'.includes(char)) depth--
    else if (depth === 0 && text.startsWith(separator, at)) {
      out.push(text.slice(start, at))
      start = at + separator.length
      at = start - 1
    }
  }
  out.push(text.slice(start))
  return out.map(part => part.trim()).filter(Boolean)
}

/** The text inside brackets that hold all of it (`(a and b)` → `a and b`; `(a) and (b)` stays). */
function unwrap(text: string): string {
  if (!text.startsWith('(') || !text.endsWith(')')) return text
  let depth = 0
  for (let at = 0; at < text.length - 1; at++) {
    if (text[at] === '(') depth++
    else if (text[at] === ')') depth--
    if (depth === 0) return text
  }
  return unwrap(text.slice(1, -1).trim())
}

/** One comparison or truth test as words, negated on request; undefined when it reads as no words. */
function testWords(condition: string, negated: boolean): string[] | undefined {
  let text = unwrap(condition.trim())
  while (/^not\s+/.test(text)) {
    text = text.replace(/^not\s+/, '')
    negated = !negated
  }
  const isNone = /^(.+?)\s+is\s+(not\s+)?None$/.exec(text)
  if (isNone?.[1]) {
    const set = Boolean(isNone[2]) !== negated
    return [...operandWords(isNone[1]), set ? 'set' : 'none']
  }
  const membership = /^(.+?)\s+(not\s+in|in)\s+(.+)$/.exec(text)
  if (membership?.[1] && membership[3]) {
    const inside = (membership[2] === 'in') !== negated
    return [...(inside ? [] : ['no']), ...operandWords(membership[1]), 'in', ...operandWords(membership[3])]
  }
  const instance = /^isinstance\(\s*([^,]+),\s*([\w.]+)\s*\)$/.exec(text)
  if (instance?.[1] && instance[2])
    return [...operandWords(instance[1]), negated ? 'not' : 'is', ...operandWords(instance[2])]
  const compare = /^(.+?)\s*(<=|>=|==|!=|<|>)\s*(.+)$/.exec(text)
  if (compare?.[1] && compare[2] && compare[3]) {
    const [yes, no] = COMPARISON[compare[2]] ?? ['is', 'is_not']
    const left = operandWords(compare[1])
    const right = operandWords(compare[3])
    return left.length > 0 && right.length > 0 ? [...left, negated ? no : yes, ...right] : undefined
  }
  if (/^[A-Za-z_][\w.]*(?:\(.*\))?$/.test(text)) return truthWords(text, negated)
  return undefined
}

/** A condition's clauses as words, or undefined when one of them reads as no words or it cannot be negated. */
export function conditionClauses(condition: string, negated: boolean): string[][] | undefined {
  const text = unwrap(condition.trim())
  const ors = splitTop(text, 'or')
  const ands = ors.length > 1 ? ors : splitTop(text, 'and')
  // "not (a and b)" has no short reading.
  if (negated && ands.length > 1) return undefined
  const clauses = ands.map(part => testWords(part, negated))
  // Of `a and b and <arithmetic>`, the clauses before the first that reads as no words still say when.
  const readable = clauses.findIndex(clause => clause === undefined || clause.length === 0)
  if (readable === 0 || (negated && readable !== -1)) return undefined
  const words = (readable === -1 ? clauses : clauses.slice(0, readable)) as string[][]
  const joiner = ors.length > 1 ? 'or' : 'and'
  return words.map((clause, at) => (at === 0 ? clause : [joiner, ...clause]))
}

/** What a branch ends in, as a developer says it (`returns_none`, `raises_value_error`, `delegates_to_x`). */
export function outcomeWords(outcome: string, fn: SampleFunction): string[] {
  const generator = fn.branches.some(branch => /^yield\b/.test(branch.outcome ?? ''))
  const keyword = /^(return|raise|yield\s+from|yield)\b/.exec(outcome)?.[1]?.replace(/\s+/, ' ')
  const rest = outcome.replace(/^(?:return|raise|yield(?:\s+from)?)\b\s*/, '').trim()
  // Handing the same call on to another object is delegating to it.
  const same = new RegExp(`^([A-Za-z_][\\w.]*)\\.${bare(fn.name)}\\(`).exec(rest)
  if (same?.[1] && keyword !== 'raise') {
    const to = operandWords(same[1])
    if (to.length > 0 && same[1] !== 'self' && same[1] !== 'super()') return ['delegates', 'to', ...to]
  }
  if (keyword === undefined) {
    const assigned = /^([A-Za-z_][\w.]*)\s*(?:\+|-)?=(?!=)/.exec(outcome)?.[1]
    if (assigned) return ['sets', ...operandWords(assigned)]
    const called = /^([A-Za-z_][\w.]*)\(/.exec(outcome)?.[1]
    return called ? ['calls', ...operandWords(called)] : operandWords(outcome)
  }
  if (keyword === 'raise') {
    const error = /^([A-Za-z_][\w.]*)/.exec(rest)?.[1]
    return error ? ['raises', snake(error.split('.').pop() ?? error)] : ['raises']
  }
  const verb = keyword === 'return' ? 'returns' : 'yields'
  if (rest === '')
    return [verb === 'returns' && !generator ? 'returns' : 'yields', generator ? 'nothing' : 'none']
  const empty: Record<string, string> = { '[]': 'list', '{}': 'dict', '()': 'tuple', 'set()': 'set' }
  if (empty[rest]) return [verb, 'empty', empty[rest] as string]
  if (/^[rbfu]*(['"])\1$/i.test(rest)) return [verb, 'empty', 'string']
  // `return provider, name` is a pair: the first says which.
  const first = (splitTop(rest, ',')[0] ?? rest).replace(/(?<=\w)\[[^\]]*\]$/, '')
  const words = /^[rbfu]*['"]/i.test(first) ? literalWords(first) : valueWords(first)
  return words.length > 0 ? [verb, ...words] : [verb]
}

/**
 * The phrase of one branch: its outcome, then when it happens. An `else` (or the main path after one
 * condition) is the previous condition negated; after several, it is `otherwise`.
 */
export function branchPhrase(branch: Branch, fn: SampleFunction): BranchPhrase | undefined {
  if (branch.outcome === undefined) return undefined
  const outcome = outcomeWords(branch.outcome, fn)
  if (outcome.length === 0) return undefined
  const at = fn.branches.indexOf(branch)
  switch (branch.kind) {
    case 'if':
    case 'elif': {
      const clauses = conditionClauses(branch.condition, false)
      return clauses ? { outcome, joiner: 'when', clauses } : undefined
    }
    case 'except': {
      const caught = branch.condition.replace(/^except\s*/, '').replace(/^\((.*)\)$/, '$1')
      const first = caught.split(',')[0]?.trim() || 'Exception'
      return { outcome, joiner: 'on', clauses: [[snake(first.split('.').pop() ?? first)]] }
    }
    case 'else': {
      // An `else` follows its own arms: after a lone `if` it is that condition negated.
      const previous = fn.branches[at - 1]
      return negatedPhrase(outcome, previous?.kind === 'if' ? previous : undefined)
    }
    default: {
      // The main path runs when no arm before it left the function: after one, it is that arm negated.
      const left = fn.branches.slice(0, at).filter(other => other.terminal && other.kind !== 'except')
      if (left.length === 0) return { outcome, joiner: '', clauses: [] }
      return negatedPhrase(outcome, left.length === 1 && left[0]?.kind === 'if' ? left[0] : undefined)
    }
  }
}

function negatedPhrase(outcome: string[], arm: Branch | undefined): BranchPhrase {
  const negated = arm ? conditionClauses(arm.condition, true) : undefined
  return negated
    ? { outcome, joiner: 'when', clauses: negated }
    : { outcome, joiner: 'otherwise', clauses: [] }
}

/** The phrase's words, with at most the first `clauses` clauses of its condition. */
export function phraseWords(phrase: BranchPhrase, clauses = phrase.clauses.length): string[] {
  const condition = phrase.clauses.slice(0, clauses).flat()
  if (phrase.joiner === 'otherwise') return [...phrase.outcome, 'otherwise']
  return phrase.joiner && condition.length > 0
    ? [...phrase.outcome, phrase.joiner, ...condition]
    : [...phrase.outcome]
}
