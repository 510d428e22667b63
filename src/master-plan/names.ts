/**
 * The names a phase cites — files, dotted modules, symbols — with what the master plan says happens to
 * each (created, removed, moved, changed). Read from the mdast inline nodes, not from raw lines: each
 * inline code span is judged by the words between it and the previous name in its clause. Pure.
 */
import type { Nodes } from 'mdast'
import { blockNodes } from './materialise.js'
import type { MasterPlanModel } from './model.js'
import type { Span } from './steps.js'
import { endsWithAbbreviation } from './text.js'
import { firstBlockEndingAfter } from './units.js'
import {
  actedWord,
  afterCue,
  FROM_PLACE,
  INTO_PLACE,
  KIND_WORD,
  nearestCue,
  OPENS_ITEM,
  opensContrast,
  placeCue
} from './name-cues.js'

export type NameKind = 'file' | 'module' | 'symbol'
export type NameAction = 'create' | 'remove' | 'rename' | 'move' | 'change' | 'mention'

export interface CitedName {
  readonly name: string
  readonly kind: NameKind
  /** The strongest action any citation states (create > remove > rename > move > change > mention). */
  readonly action: NameAction
  /** The sentence that states that action, for the test requirement's wording. */
  readonly sentence: string
  /** Every citation only reads it ("Review …", "Examine `x.py` for …"): context, not a file to change. */
  readonly readOnly?: true
}

const FILE_EXTENSIONS =
  'py|pyi|pyx|toml|cfg|ini|yaml|yml|json|md|txt|sh|ts|tsx|js|mjs|cjs|go|rs|java|kt|rb|php|cs|c|h|cpp|hpp|sql|html|css'
const FILE_PATH = new RegExp(
  String.raw`(?:^|[\s(\[,;"'])((?:~|\$\w+)?(?:\.{0,2}/)?(?:[\w@.-]+/)*[\w@-][\w@.-]*\.(?:${FILE_EXTENSIONS}))(?=$|[\s)\],;:.!?"'])`,
  'g'
)
const IDENTIFIER = /^[A-Za-z_]\w*(?:\.[A-Za-z_]\w*)*(?:\(.*\))?$/
/** A call with a positional literal (`decode('cp500')`, `sleep(2)`), not a signature (`load(path, strict=False)`). */
const LITERAL_ARGUMENT = /^[\w.]+\((?:[^()]*,\s*)?(?:\w+\s*=\s*)?(?:['"]|-?\d)/

/** Between a renamed or moved name and the next: the new name or home (`to`, `as`, `into`, an arrow). */
const DESTINATION = new RegExp(
  String.raw`^\s*(?:${KIND_WORD}\s+)?(?:(?:is|are|will\s+be|gets?)\s+)?(?:(?:renamed|moved|moves?)\s+(?:to|into|as)|to|as|into|becomes|→|->)\s*(?:the\s+)?(?:new\s+)?(?:name\s+|module\s+|file\s+)?$`,
  'i'
)
/** Between two names only a list separator: the second shares the first one's action. */
const ENUMERATION = /^\s*(?:,|\band\b|\bor\b|\/|,\s*(?:and|or)\b)\s*$/i
/** "Create `a.py` with a class `A` and a method `A.f`": what is created holds the names that follow. */
const HOLDING =
  /^\s*,?\s*(?:with|containing|including|holding|plus|and)\s+(?:(?:a|an|the|its|new|one)\s+)*(?:class|classes|method|methods|function|functions|attribute|attributes|field|fields|constant|constants|helper|helpers|module|modules)?\s*$/i
/** Soft line breaks are wrapping, not punctuation; a hard break (U+2028 here) does end a clause. */
const CLAUSE_END = /[.;!?:](?:\s|$)|\u2028/g
const RANK: Record<NameAction, number> = { create: 5, remove: 4, rename: 3, move: 2, change: 1, mention: 0 }

export function citedNames(model: MasterPlanModel, spans: readonly Span[]): CitedName[] {
  const found = new Map<string, CitedName>()
  const touched = new Set<string>()
  const note = (name: string, kind: NameKind, action: NameAction, sentence: string, read: boolean): void => {
    if (!read) touched.add(name)
    const previous = found.get(name)
    if (!previous || RANK[action] > RANK[previous.action]) {
      found.set(name, { name, kind, action, sentence: sentence.replace(/\s+/g, ' ').trim() })
    }
  }
  for (const run of blockRuns(model, spans)) {
    const nodes = blockNodes(model, run.from, run.to)
    // A lead-in's action reaches the list right after it, in the same span or the next.
    let lead: NameAction | undefined
    for (const { span, from, to } of run.spans) {
      for (let index = from; index < to; index++) {
        const node = nodes[index - run.from]
        if (!node) continue
        const visit = (container: Nodes, inherited?: NameAction): NameAction | undefined =>
          readContainer(container, note, inherited)
        lead = walkContainers(node, span, visit, node.type === 'list' ? lead : undefined)
      }
    }
  }
  return [...found.values()].map(name =>
    touched.has(name.name) ? name : { ...name, readOnly: true as const }
  )
}

/**
 * The names of several `citedNames` results as one call over all their spans, in the same order, would
 * give them: a name keeps its first place, and the strongest action (the first of equals) wins.
 */
export function mergeCitedNames(lists: readonly (readonly CitedName[])[]): CitedName[] {
  const found = new Map<string, CitedName>()
  for (const list of lists) {
    for (const name of list) {
      const previous = found.get(name.name)
      const readOnly = (previous?.readOnly ?? true) && name.readOnly === true
      const { readOnly: _, ...chosen } =
        !previous || RANK[name.action] > RANK[previous.action] ? name : previous
      found.set(name.name, readOnly ? { ...chosen, readOnly: true } : chosen)
    }
  }
  return [...found.values()]
}

interface BlockRun {
  readonly from: number
  to: number
  readonly spans: { span: Span; from: number; to: number }[]
}

/** Spans grouped into runs of adjacent blocks, so each run is re-parsed once rather than block by block. */
function blockRuns(model: MasterPlanModel, spans: readonly Span[]): BlockRun[] {
  const runs: BlockRun[] = []
  for (const span of spans) {
    const from = firstBlockEndingAfter(model.blocks, span.start)
    let to = from
    while (to < model.blocks.length && (model.blocks[to]?.start ?? 0) < span.end) to++
    if (to === from) continue
    const last = runs[runs.length - 1]
    if (last && from >= last.from && from <= last.to) {
      last.to = Math.max(last.to, to)
      last.spans.push({ span, from, to })
    } else runs.push({ from, to, spans: [{ span, from, to }] })
  }
  return runs
}

interface Piece {
  readonly text: string
  readonly code?: string
}

/** Flattens a paragraph, heading or table row into text and inline code pieces. */
function flatten(node: Nodes, pieces: Piece[]): void {
  if (node.type === 'inlineCode') pieces.push({ text: node.value, code: node.value })
  else if (node.type === 'text') pieces.push({ text: node.value })
  else if (node.type === 'break') pieces.push({ text: '\u2028' })
  else if (node.type === 'tableCell') {
    for (const child of node.children as Nodes[]) flatten(child, pieces)
    pieces.push({ text: ' | ' })
  } else if ('children' in node) for (const child of node.children as Nodes[]) flatten(child, pieces)
}

/** Verbs of reading: a name they govern is looked at, not changed. */
const READ =
  /\b(?:review\w*|examin\w*|inspect\w*|study|consult\w*|look(?:ing)?\s+(?:at|into)|refer(?:ring)?\s+to|audit\w*|verify\w*|confirm\w*|validat\w*|check(?:ing)?)\b/i

/**
 * Reads a paragraph, heading or table row; `inherited` is the action of a lead-in the container's list
 * item stands under ("Remove from `Cart`:" over "- `Cart.add`"), taken by a name that opens the item.
 * Returns the action such a lead-in gives the list after it: its verb, when it ends on a colon and names
 * no object of its own.
 */
function readContainer(
  container: Nodes,
  note: (name: string, kind: NameKind, action: NameAction, sentence: string, read: boolean) => void,
  inherited?: NameAction
): NameAction | undefined {
  const pieces: Piece[] = []
  flatten(container, pieces)
  const full = pieces.map(piece => piece.text).join('')
  let offset = 0
  let clauseStart = 0
  let previous: { end: number; action: NameAction } | undefined
  let ownObject = false
  for (const piece of pieces) {
    const start = offset
    offset += piece.text.length
    if (piece.code === undefined) {
      CLAUSE_END.lastIndex = 0
      let match: RegExpExecArray | null
      let lastEnd = -1
      while ((match = CLAUSE_END.exec(piece.text)) !== null) lastEnd = match.index + match[0].length
      if (lastEnd !== -1) {
        clauseStart = start + lastEnd
        previous = undefined
      }
      for (const path of piece.text.matchAll(FILE_PATH)) {
        if (!path[1]) continue
        const before = full.slice(Math.max(clauseStart, start - 400), start + path.index)
        note(cleanPath(path[1]), 'file', 'mention', sentenceAround(full, start), reads(before, 'mention'))
      }
      continue
    }
    const sentence = sentenceAround(full, start)
    const segment = full.slice(previous ? previous.end : clauseStart, start)
    let action = nearestCue(segment)
    if (action === 'mention' && previous && ENUMERATION.test(segment)) action = previous.action
    if (action === 'mention' && previous?.action === 'create' && HOLDING.test(segment)) action = 'create'
    if (action === 'mention') action = afterCue(full.slice(offset, offset + 60))
    if (action === 'mention') action = placeCue(segment, full.slice(offset, offset + 40))
    // "Remove from `Cart`", "Extract `f` from `Cart.total`": the name after `from` is where things come
    // from, not what the verb acts on.
    if (FROM_PLACE.test(segment)) action = 'mention'
    if (action === 'mention' && inherited && !previous && OPENS_ITEM.test(full.slice(0, start)))
      action = inherited
    if (action === 'mention' && opensContrast(full, start, offset, sentence)) action = 'change'
    // "Inline `f` into `Item.sku`": the name after "into" takes the code in, it is not inlined.
    if (INTO_PLACE.test(full.slice(clauseStart, start))) action = 'change'
    if (action !== 'mention') ownObject = true
    const name = classifyCode(piece.code) ?? actedWord(piece.code, action, segment)
    // Read when the nearest verb before it in its clause is one of reading ("Examine `X` class in `x.py`").
    const read = reads(full.slice(clauseStart, start), action)
    // "Rename `a` to `b` and `c` to `d`": `b` is where `a` goes, and `c` is renamed like `a`.
    if (
      previous &&
      (previous.action === 'rename' || previous.action === 'move') &&
      DESTINATION.test(segment)
    ) {
      if (name) note(name.name, name.kind, 'mention', sentence, read)
      previous = { end: offset, action: previous.action }
      continue
    }
    // "Add explicit `decode('cp500')`" adds a call: a literal argument is a use, never a definition.
    // "… (default: a new `TTLCache()`)" makes an instance: a class called after "a new" is used.
    const used =
      action === 'create' &&
      (LITERAL_ARGUMENT.test(piece.code) ||
        (/^[A-Z]\w*\(.*\)\s*$/.test(piece.code) && /\ba\s+new\s+$/i.test(segment)))
    if (name) note(name.name, name.kind, used ? 'mention' : action, sentence, read)
    previous = { end: offset, action }
  }
  if (ownObject || !LEADS_IN.test(full)) return undefined
  const lead = nearestCue(full)
  return lead === 'mention' ? undefined : lead
}

/** A lead-in: text that ends on a colon (emphasis around it aside). */
const LEADS_IN = /:[\s*_]*$/

/**
 * Whether the verb that governs a name in its clause is one of reading: a reading verb before it, and no
 * verb of change anywhere in the clause before it ("Update `a.py` to check `b.yaml`" changes `a.py`).
 */
function reads(before: string, action: NameAction): boolean {
  if (action !== 'mention') return false
  const matches = [...before.matchAll(new RegExp(READ.source, 'gi'))]
  const last = matches[matches.length - 1]
  return last !== undefined && nearestCue(before) === 'mention'
}

function sentenceAround(full: string, at: number): string {
  let start = 0
  let end = full.length
  CLAUSE_END.lastIndex = 0
  // A table cell is a sentence of its own: the row's other cells say other things.
  for (const match of full.matchAll(/[.!?](?:\s|$)|\n\n| \| /g)) {
    // "… the currency code, e.g. `"Paid 3 USD"`": an abbreviation's dot ends no sentence.
    if (endsWithAbbreviation(full.slice(Math.max(0, match.index - 7), match.index))) continue
    const boundary = match.index + match[0].length
    if (boundary <= at) start = boundary
    else {
      end = boundary
      break
    }
  }
  return full
    .slice(start, end)
    .trim()
    .replace(/^\|\s*|\s*\|$/g, '')
}

function classifyCode(value: string): { name: string; kind: NameKind } | undefined {
  const text = value.trim()
  FILE_PATH.lastIndex = 0
  const path = FILE_PATH.exec(` ${text} `)
  FILE_PATH.lastIndex = 0
  if (path?.[1] && path[1].length >= text.length - 1) return { name: cleanPath(path[1]), kind: 'file' }
  if (/^(?:[\w.-]+\/)+$/.test(text)) return { name: text, kind: 'file' }
  if (!IDENTIFIER.test(text)) return undefined
  const call = text.endsWith(')')
  const bare = text.replace(/\(.*\)$/, '')
  if (bare.length < 2) return undefined
  const parts = bare.split('.')
  const looksLikeModule = parts.length > 1 && parts.every(part => /^[a-z_][a-z0-9_]*$/.test(part))
  if (looksLikeModule && !call) return { name: bare, kind: 'module' }
  const last = parts[parts.length - 1] ?? ''
  // Plain lowercase words (`pytest`, `config`) are too ambiguous to ground; a name needs a shape.
  const shaped = call || parts.length > 1 || /[A-Z]/.test(last) || last.includes('_')
  return shaped ? { name: bare, kind: 'symbol' } : undefined
}

function cleanPath(path: string): string {
  return path.replace(/^\.\//, '')
}

/**
 * Visits the containers of `node` inside `span`: paragraphs, headings and table rows hold inline content;
 * everything else is walked through. A lead-in's action (what `visit` returns) passes to the
 * list right after it, and a list's to the first block of each of its items.
 */
function walkContainers(
  node: Nodes,
  span: Span,
  visit: (container: Nodes, inherited?: NameAction) => NameAction | undefined,
  inherited?: NameAction
): NameAction | undefined {
  const start = node.position?.start.offset ?? 0
  const end = node.position?.end.offset ?? 0
  if (end <= span.start || start >= span.end) return undefined
  if (node.type === 'paragraph' || node.type === 'heading' || node.type === 'tableRow')
    return visit(node, inherited)
  if (node.type === 'code' || node.type === 'html' || !('children' in node)) return undefined
  let lead: NameAction | undefined
  ;(node.children as Nodes[]).forEach((child, index) => {
    const passed =
      child.type === 'list'
        ? lead
        : node.type === 'list' || (node.type === 'listItem' && index === 0)
          ? inherited
          : undefined
    lead = walkContainers(child, span, visit, passed)
  })
  return undefined
}
