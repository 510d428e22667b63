/**
 * Test names and expected results in words a developer reads: from a behaviour's result clause, a
 * branch's condition and outcome, or the master plan's own wording. Pure.
 */
import type { Branch, SampleFunction } from '../grounding/language.js'

const STOP = new Set(
  'a an the to of and or if is are be been in on at for with by this that these those it its any all each will should must can from as into via then than which who what when where'.split(
    ' '
  )
)

export function bare(name: string): string {
  return (
    name
      .replace(/\(.*\)$/, '')
      .split('.')
      .pop() ?? name
  ).trim()
}

/** The word a test name starts with for a subject: `X.__init__` → `x`, `__contains__` → `contains`. */
export function subjectWord(name: string): string {
  const parts = name.replace(/\(.*\)$/, '').split('.')
  const last = parts[parts.length - 1] ?? name
  if (last === '__init__' && parts.length > 1) return snake(parts[parts.length - 2] ?? last)
  return snake(last)
}

/** `ProviderManager` → `provider_manager`; `get_x` stays. */
export function snake(text: string): string {
  return text
    .replace(/([a-z0-9])([A-Z])/g, '$1_$2')
    .replace(/([A-Z]+)([A-Z][a-z])/g, '$1_$2')
    .replace(/[^A-Za-z0-9]+/g, '_')
    .replace(/^_+|_+$/g, '')
    .toLowerCase()
}

/** Code spans as the words a test name takes from them: a name's last part, a parameter list's names. */
/** A file's path (`pkg/app.py`, `config.yaml`, `docs/`): where a behaviour lives, not what it does. */
const FILE_PATH =
  /^(?:[\w.-]+\/)+[\w.-]*$|^[\w./-]+\.(?:py|pyi|md|txt|rst|toml|ya?ml|json|cfg|ini|csv|sql|sh|js|ts)$/i

/** A parameter with its type (`manager: ProviderManager`): the name says what, the type is mechanics. */
const ANNOTATED = /^\s*([A-Za-z_]\w*)\s*:\s*[\w.[\], |]+$/

function codeAsWords(text: string): string {
  return (
    text
      .replace(/`\(([^`]*)\)`/g, (_, params: string) =>
        params.replace(/\b(?:self|cls|None)\b|=[^,]*|,/g, ' ')
      )
      // A dunder (`__init__`) or a file says where, not what: neither is a word of a test name.
      .replace(/`([^`]*)`/g, (_, code: string) =>
        /^__\w+__$/.test(bare(code)) || FILE_PATH.test(code.trim())
          ? ' '
          : bare(code.replace(ANNOTATED, '$1')).replace(/[^\p{L}\p{N}_.]+/gu, ' ')
      )
      .replace(/(?<![\w`])[\w./-]+(?![\w`])/g, word =>
        /[/.]/.test(word) && FILE_PATH.test(word) ? ' ' : word
      )
  )
}

/** Prepositions a developer keeps inside a name ("works_with_delegating_completer"); never at its end. */
const LINKS = new Set('to of for with from in on by without'.split(' '))

/** The words of a text for a name, small words left out; `links` keeps the prepositions between them. */
export function splitWords(text: string, links = false): string[] {
  return (
    codeAsWords(text)
      // A decimal is one word (`0.005` → `0_005`).
      .replace(/(\d)\.(\d)/g, '$1_$2')
      .split(/[^\p{L}\p{N}_]+/u)
      .map(word => snake(word))
      .filter(word => word !== '' && (!STOP.has(word) || (links && LINKS.has(word))))
  )
}

export const IMPERATIVE = /^(?:check|make sure|ensure|add|implement|update|create|define|change|modify)\s+/i

const CONDITION = /^(?:if|when|unless|once|while)\b/i
/** How an item opens when it says what to check rather than what the code does. */
const LEAD_IN =
  /^(?:(?:in|with|after) this (?:phase|step|change)\s*,?|(?:this|that|it)\s+(?:ensures|guarantees|means)|check|make sure|ensure|verify|confirm|test)\s+(?:that\s+)?(?=\S)/i
/** Words that name what kind of thing a name is, not what it does. */
const KIND_WORDS = new Set([
  'instance',
  'variable',
  'attribute',
  'method',
  'function',
  'class',
  'field',
  'property'
])
/** Words that say a behaviour is right without saying what it is ("works correctly", "as expected"). */
const FILLER = new Set('properly correctly successfully appropriately accordingly'.split(' '))
/** A name that stops on one of these was cut mid-phrase. */
const DANGLING = new Set(
  'to of for with from by in on at until and or the a an into than if when whether next is are be any instead whose not no between using via without within across per like'.split(
    ' '
  )
)
/** Verbs a behaviour starts with, said of the subject in a test name (`return` → `returns`). */
const BASE_VERBS = new Set(
  'return raise yield store generate invalidate set log reject accept call update use add keep show print filter sort rank route delegate cache clear reset skip match parse read write load save fetch compute build remove delete send emit wrap extract include exclude ignore refresh replace reuse prefer fall pick find take'.split(
    ' '
  )
)
/** Finite verbs after a first word make it a noun ("cache remains valid", "cache invalidation occurs"). */
const FINITE = new Set(
  'is are was were has have remains occurs stays becomes gets needs must should will can may happens runs works holds'.split(
    ' '
  )
)
const MAX_BEHAVIOUR_WORDS = 5
const MAX_CONDITION_WORDS = 3

function thirdPerson(verb: string): string {
  if (/(?:s|sh|ch|x|z)$/.test(verb)) return `${verb}es`
  if (/[^aeiou]y$/.test(verb)) return `${verb.slice(0, -1)}ies`
  return `${verb}s`
}

/** Words without a cut-off tail (`…_until_next`), kind nouns or dunder names. */
function tidy(words: readonly string[], skip: ReadonlySet<string>): string[] {
  const out = words.filter(
    word => !skip.has(word) && !KIND_WORDS.has(word) && !FILLER.has(word) && !/^_|_$/.test(word)
  )
  while (out.length > 0 && DANGLING.has(out[out.length - 1] ?? '')) out.pop()
  return out
}

/** A condition in a test's words: `x is not None` reads "x set", `x is None` or `is empty` reads "x empty". */
function conditionPhrase(clause: string): string {
  return clause
    .replace(CONDITION, '')
    .replace(/\bis\s+not\s+None\b/gi, 'set')
    .replace(/\bis\s+None\b/gi, 'empty')
    .replace(/\b(?:is|are)\s+(?:empty|missing|unset)\b/gi, 'empty')
}

/**
 * The words of a behaviour for a test name, as it reads: what the subject does ("returns cached results",
 * the first clause that is not a condition, its verb said of the subject) and, when the item gives one,
 * the shortest condition under which it does it ("when available"). A leading bold label, a lead-in
 * ("Check if", "This ensures") and the subject's own words are left out, and nothing ends mid-phrase.
 */
export function behaviourWords(text: string, subject: string | undefined): string[] {
  const parts = subject ? subject.replace(/\(.*\)$/, '').split('.') : []
  const skip = new Set(parts.flatMap(part => [snake(part), ...splitWords(part)]))
  let plain = codeAsWords(flat(text))
    .replace(/^\s*\*\*[^*]*\*\*:?\s*/, '')
    .replace(/\*\*([^*]*)\*\*:?/g, '$1')
    .replace(/\bas expected\b/gi, ' ')
  for (let before = ''; before !== plain;) {
    before = plain
    plain = plain.replace(LEAD_IN, '').replace(IMPERATIVE, '').trim()
  }
  const clauses = plain
    .split(/[,;:]|\band\b|(?=\b(?:when|if|unless|once|while|until|before|after|by)\b)/i)
    .map(clause => clause.trim())
    .filter(Boolean)
  const outcomes = clauses.filter(
    clause => !CONDITION.test(clause) && !/^(?:until|before|after|by)\b/i.test(clause)
  )
  // A clause led by a verb says what the subject does; one that only restates a signature
  // ("`f` to `(self, api, manager)`") does not, when a later clause does ("and store `self.manager`").
  const result =
    outcomes.find(clause => BASE_VERBS.has(tidy(splitWords(clause), skip)[0] ?? '')) ?? outcomes[0]
  // A phrase a word or two longer than the budget is kept whole rather than cut mid-phrase.
  const all = tidy(splitWords(result ?? plain, true), skip)
  while (all.length > 0 && LINKS.has(all[0] ?? '')) all.shift()
  const content = (list: readonly string[]): number => list.filter(word => !LINKS.has(word)).length
  let words = all
  if (content(all) > MAX_BEHAVIOUR_WORDS + 2) {
    words = []
    for (const word of all)
      if (content(words) < MAX_BEHAVIOUR_WORDS || LINKS.has(word)) words.push(word)
      else break
  }
  while (words.length > 0 && DANGLING.has(words[words.length - 1] ?? '')) words.pop()
  const [verb] = words
  // "Return the cached results" is said of the subject; "Cache remains valid" already has its verb.
  if (verb && BASE_VERBS.has(verb) && !words.slice(1, 3).some(word => FINITE.has(word)))
    words[0] = thirdPerson(verb)
  const conditions = clauses
    .filter(clause => CONDITION.test(clause))
    .map(clause => tidy(splitWords(conditionPhrase(clause)), skip))
    .filter(list => list.length > 0 && list.length <= MAX_CONDITION_WORDS)
    .sort((a, b) => a.length - b.length)
  const [condition] = conditions
  return condition && words.length > 0 ? [...words, 'when', ...condition] : words
}

const OPERATOR_WORDS: Record<string, string> = {
  '<': 'lt',
  '<=': 'le',
  '>': 'gt',
  '>=': 'ge',
  '==': 'eq',
  '!=': 'ne',
  '/': 'slash'
}

function conditionWords(condition: string): string[] {
  const out: string[] = []
  for (const token of condition.match(/'[^']*'|"[^"]*"|[A-Za-z_][\w.]*|\d+|[<>=!]=?|\//g) ?? []) {
    if (/^['"]/.test(token)) {
      const inner = token.slice(1, -1)
      out.push(/^\w+$/.test(inner) ? inner : (OPERATOR_WORDS[inner] ?? (inner === '' ? 'empty' : 'text')))
    } else if (OPERATOR_WORDS[token]) out.push(OPERATOR_WORDS[token] as string)
    else if (/^\d+$/.test(token)) out.push(token)
    else {
      const last = token.split('.').pop() ?? token
      if (last !== 'self') out.push(snake(last))
    }
  }
  return out.filter(Boolean)
}

function outcomeWords(outcome: string): string[] {
  const keyword = /^(return|raise|yield)\b/.exec(outcome)?.[1]
  const rest = outcome.replace(/^(?:return|raise|yield(?:\s+from)?)\s*/, '')
  const first = /[A-Za-z_][\w]*(?:\.[A-Za-z_]\w*)*/.exec(rest)?.[0]
  const words = first
    ? first
        .split('.')
        .filter(part => part !== 'self')
        .slice(-2)
        .map(snake)
    : []
  if (keyword === 'return') return rest === '' ? ['returns', 'nothing'] : ['returns', ...words]
  if (keyword === 'raise') return ['raises', ...words.slice(-1)]
  if (keyword === 'yield') return ['yields', ...words.slice(-1)]
  return words
}

export function branchWords(branch: Branch, fn: SampleFunction): string[] {
  switch (branch.kind) {
    case 'if':
    case 'elif':
      return conditionWords(branch.condition)
    case 'else': {
      const previous = fn.branches[fn.branches.indexOf(branch) - 1]
      return previous ? ['not', ...conditionWords(previous.condition)] : ['otherwise']
    }
    case 'except':
      return ['on', ...conditionWords(branch.condition.replace(/^except\s*/, '') || 'error')]
    default:
      return outcomeWords(branch.outcome ?? '')
  }
}

export function branchExpectation(branch: Branch): string {
  const outcome = branch.outcome ? `\`${branch.outcome}\`` : 'as the sample does'
  switch (branch.kind) {
    case 'path':
      return branch.condition === 'always' ? outcome : `otherwise ${outcome}`
    case 'else':
      return `else: ${outcome}`
    case 'except':
      return `on \`${branch.condition}\`: ${outcome}`
    default:
      return `when \`${branch.condition}\`: ${outcome}`
  }
}

/** One line of master-plan text, markup kept, at most ~200 characters. */
export function flat(text: string): string {
  // A task box (`- [ ] …`) says whether the item is done, not what it says.
  const line = text
    .replace(/\s*\n\s*/g, ' ')
    .trim()
    .replace(/^\[[ xX]\]\s+/, '')
  return line.length > 200 ? `${line.slice(0, 199)}…` : line
}

/**
 * What an item says about the tests it names: for one name, the text after it (`test_x`: what it
 * checks); for a list of names, what follows the list ("for the listing methods").
 */
export function describe(text: string, name: string, names: readonly string[]): string {
  const last = names.length > 1 ? (names[names.length - 1] ?? name) : name
  const at = text.lastIndexOf(last)
  let after = at === -1 ? '' : text.slice(at + last.length)
  if (after.startsWith('`')) after = after.slice(1)
  // A row of a table of tests: its other cells, without the table's bars.
  after = after
    .replace(/^\s*\|\s*/, '')
    .replace(/\s*\|\s*$/, '')
    .replace(/\s+\|\s+/g, ' — ')
  after = after.replace(/^\s*[:,—–-]\s*/, '').trim()
  if (after.replace(/[`.\s]/g, '').length < 3) return 'as its name says (named by the master plan)'
  return flat(after)
}
