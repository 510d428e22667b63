/** Reading a generated plan the way a case checks it: its sections, listed callers and tests, test names, names it cites. */
import { python } from '../grounding/index.js'

/** Lines outside fenced code blocks. */
export function proseLines(text: string): string[] {
  const lines: string[] = []
  let fence: string | undefined
  for (const line of text.split('\n')) {
    const marker = /^\s*(`{3,}|~{3,})/.exec(line)?.[1]
    if (marker && (fence === undefined || marker.startsWith(fence))) {
      fence = fence === undefined ? marker : undefined
      continue
    }
    if (fence === undefined) lines.push(line)
  }
  return lines
}

/** The text under a heading (any depth), up to the next heading of the same or a higher level. */
export function section(text: string, title: RegExp): string {
  const lines = proseLines(text)
  const out: string[] = []
  let depth = 0
  for (const line of lines) {
    const heading = /^(#{1,6})\s+(.*)$/.exec(line)
    if (heading) {
      const level = heading[1]?.length ?? 0
      if (depth > 0 && level <= depth) depth = 0
      if (depth === 0 && title.test(heading[2] ?? '')) {
        depth = level
        continue
      }
    }
    if (depth > 0) out.push(line)
  }
  return out.join('\n')
}

/** `path:line` of every caller the plan lists (`` `a.py:12` `` and `` `a.py` lines 8, 12 ``). */
export function listedCallers(plan: string): Set<string> {
  const found = new Set<string>()
  const text = proseLines(plan).join('\n')
  for (const match of text.matchAll(/`([^`\s]+\.\w+):(\d+)`/g)) found.add(`${match[1]}:${match[2]}`)
  for (const match of text.matchAll(/`([^`\s]+\.\w+)` lines ((?:\d+(?:, | and )?)+)/g))
    for (const line of (match[2] ?? '').split(/, | and /)) if (line) found.add(`${match[1]}:${line}`)
  return found
}

/** The ids (or module paths) listed under "Existing tests expected to fail". */
export function expectedFailures(plan: string): string[] {
  const part = section(plan, /tests expected to fail/i)
  return [...part.matchAll(/^\s*[-*]\s+`([^`]+)`/gm)].map(match => match[1] ?? '')
}

/** A test is listed by its id, or by its module when the plan says the whole module fails to import. */
export function listsTest(failing: readonly string[], test: string): boolean {
  const module = test.split('::')[0] ?? test
  return (
    failing.includes(test) ||
    failing.includes(module) ||
    (test === module && failing.some(id => id.startsWith(`${module}::`)))
  )
}

/** The test modules the plan's test requirements write to (the headings of its tables). */
export function testModules(plan: string): string[] {
  const part = section(plan, /^test requirements$/i)
  return [...part.matchAll(/^#{2,6}\s+`([^`]+\.py)`/gm)].map(match => match[1] ?? '')
}

/** Test names the plan generates: the first column of its test-requirement tables. */
export function generatedTestNames(plan: string): string[] {
  const part = section(plan, /^test requirements$/i)
  return [...part.matchAll(/^\|\s*`(test_\w+)`\s*\|/gm)].map(match => match[1] ?? '')
}

// ── names ───────────────────────────────────────────────────────────────────────────────────────────

/** Words a test name may use: the master plan's words, the repository's names split at case and `_`. */
export function knownWords(masterPlan: string, files: ReadonlyMap<string, string>): Set<string> {
  const words = new Set(CONNECTIVES)
  const add = (text: string): void => {
    for (const token of text.match(/[A-Za-z][A-Za-z0-9_]*/g) ?? [])
      for (const part of snakeParts(token)) words.add(part)
  }
  add(masterPlan)
  for (const [path, text] of files) {
    add(path)
    if (path.endsWith('.py')) add(text)
  }
  return words
}

export function snakeParts(token: string): string[] {
  return token
    .replace(/([a-z0-9])([A-Z])/g, '$1_$2')
    .replace(/([A-Z]+)([A-Z][a-z])/g, '$1_$2')
    .toLowerCase()
    .split('_')
    .filter(Boolean)
}

/** Words a generated name may add to the master plan's: how a test states a result or a condition. */
const CONNECTIVES = new Set(
  'test is are not no returns return raises raise yields yield when otherwise on error removed gone none nothing empty true false lt le gt ge eq ne slash text with without and or of for in to the a an'.split(
    ' '
  )
)
/** A test name that stops on one of these was cut mid-phrase. */
const DANGLING = new Set(
  'to of for with from by in on at until and or the a an into than if when whether next is are'.split(' ')
)

const FILE_EXTENSION_WORDS = new Set(['py', 'pyi', 'md', 'toml', 'yaml', 'yml', 'json', 'cfg', 'txt'])
/** Words that say a test is a test, not what it checks. */
const GENERIC = new Set('test tests testing unit integration regression phase step case cases'.split(' '))

export function badTestName(name: string, vocabulary: ReadonlySet<string>): boolean {
  const words = name
    .replace(/^test_/, '')
    .split('_')
    .filter(Boolean)
  const last = words[words.length - 1] ?? ''
  if (/^\d+$/.test(last) && words.length > 1) return true
  if (DANGLING.has(last)) return true
  if (words.every(word => GENERIC.has(word) || /^\d+$/.test(word))) return true
  // A file name read as words (`…_store_py_add`): a row of a file list, not a behaviour.
  if (words.some(word => FILE_EXTENSION_WORDS.has(word))) return true
  return words.some(word => !/^\d+$/.test(word) && !vocabulary.has(word))
}

/** The plan's own vocabulary: step states and commit or blob ids. */
const PLAN_WORDS = /^(?:NOT_STARTED|IN_PROGRESS|COMPLETED|BLOCKED|NEEDS_CLARIFICATION|[0-9a-f]{7,40})$/
const FILE_NAME = /\.(?:py|pyi|md|toml|txt|cfg|ini|json|ya?ml|sh)$/

/**
 * Names in the plan's code spans (outside code blocks) that appear nowhere in the master plan or the
 * repository: a dotted name counts when each of its parts does (`ProviderManager.discover_models` reads
 * two names the plan found). Paths, test ids, generated test names and language names are left out.
 */
export function inventedNames(
  plan: string,
  masterPlan: string,
  files: ReadonlyMap<string, string>,
  generated: ReadonlySet<string>
): string[] {
  const corpus = [masterPlan, ...files.keys(), ...[...files.values()]].join('\n')
  const known = new Set(corpus.match(/[A-Za-z_][A-Za-z0-9_]*/g) ?? [])
  const invented = new Set<string>()
  for (const line of proseLines(plan)) {
    for (const match of line.matchAll(/`([^`\n]+)`/g)) {
      const span = (match[1] ?? '').trim().replace(/\(\)$/, '')
      if (!/^[A-Za-z_]\w*(?:\.[A-Za-z_]\w*)*$/.test(span) || FILE_NAME.test(span)) continue
      if (generated.has(span) || python.knownName(span) !== undefined || PLAN_WORDS.test(span)) continue
      if (span.split('.').some(part => !known.has(part))) invented.add(span)
    }
  }
  return [...invented].sort()
}
