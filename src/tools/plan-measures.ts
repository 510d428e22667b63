/**
 * The figures plan quality is judged by, each read the same way from our plan and from any other plan
 * (an LLM's reference plan): the Python files a plan names, recall and precision of those against the
 * files a real implementation changed, its clarification items and the needless ones among them, and
 * step titles that run several items together. Pure functions over texts, shared by `npm run
 * realcases`, `npm run cases` and their tests.
 */

// ── files a plan names ──────────────────────────────────────────────────────────────────────────────

/** A path ending in `.py`, optionally with `./` or `/` in front and a `::Class::test` id behind. */
const PY_PATH = /(?<![\w.\-/])((?:\.\/|\/)?(?:[\w.-]+\/)*[\w-][\w.-]*\.py)(?![\w])/g
/** A dotted name of at least two parts (`modules.ProviderManager`, `from modules.Config import Config`). */
const DOTTED = /(?<![\w./-])([A-Za-z_]\w*(?:\.[A-Za-z_]\w*)+)(?![\w(/-])/g

/**
 * The repository's Python files a plan names. Read from the whole text (prose, tables, code), in two ways:
 * 1. every path ending in `.py` (test ids `path::Class::test` included). A leading `/` or `./` means the
 *    repository root; an absolute path that is no repository file is outside the repository and not
 *    counted. A bare file name (`ChatInterface.py`) is the one repository file of that name, else the one
 *    path with that name the plan writes elsewhere, else a file at the root;
 * 2. every dotted name that is a Python module of the repository (`modules.Config` → `modules/Config.py`,
 *    `pkg.sub` → `pkg/sub/__init__.py`).
 * Files that do not exist yet count as written (a plan may name the file the phase creates).
 */
export function namedPythonFiles(text: string, repoFiles: readonly string[]): string[] {
  const files = new Set(repoFiles)
  const byName = new Map<string, string[]>()
  for (const file of repoFiles) {
    const name = file.slice(file.lastIndexOf('/') + 1)
    byName.set(name, [...(byName.get(name) ?? []), file])
  }
  const located = new Set<string>()
  const bare: string[] = []
  for (const match of text.matchAll(PY_PATH)) {
    const path = match[1] ?? ''
    if (path.startsWith('/') && !path.startsWith('//')) {
      const inside = path.slice(1)
      if (files.has(inside)) located.add(inside)
      else if (!inside.includes('/')) bare.push(inside)
      // Otherwise an absolute path outside the repository: not a repository file.
      continue
    }
    const clean = path.replace(/^\.\//, '')
    if (clean.includes('/')) located.add(clean)
    else bare.push(clean)
  }
  const named = new Set(located)
  for (const name of bare) {
    const inRepo = byName.get(name) ?? []
    const elsewhere = [...located].filter(path => path.endsWith(`/${name}`))
    if (files.has(name)) named.add(name)
    else if (inRepo.length === 1) named.add(inRepo[0] as string)
    else if (inRepo.length === 0 && elsewhere.length === 1) named.add(elsewhere[0] as string)
    else if (inRepo.length === 0 && elsewhere.length === 0) named.add(name)
    // Several repository files of that name and no hint which: the plan did not say which one.
  }
  for (const match of text.matchAll(DOTTED)) {
    const parts = (match[1] ?? '').split('.')
    if (parts[parts.length - 1] === 'py') continue
    for (let length = parts.length; length >= 2; length--) {
      const base = parts.slice(0, length).join('/')
      const hit = [`${base}.py`, `${base}/__init__.py`, `src/${base}.py`].find(file => files.has(file))
      if (hit) {
        named.add(hit)
        break
      }
    }
  }
  return [...named].sort()
}

/**
 * The Python files a plan of ours lists as the files its phase touches: the first column of the table
 * under "Review the codebase" (files it only reads for context are listed apart, not in the table).
 */
export function touchedPythonFiles(text: string): string[] {
  const start = text.search(/^## Step 3\b.*$/m)
  if (start === -1) return []
  const rest = text.slice(start)
  const end = rest.slice(1).search(/^## /m)
  const part = end === -1 ? rest : rest.slice(0, end + 1)
  const table = /The files this phase touches[^\n]*\n\n((?:\|.*\n?)+)/.exec(part)?.[1] ?? ''
  return [...table.matchAll(/^\|\s*`([^`]+\.py)`\s*\|/gm)].map(match => match[1] ?? '').sort()
}

export interface RecallPrecision {
  /** Percent of the truth the plan names (100 when there is no truth). */
  readonly recall: number
  /** Percent of what the plan names that is in the truth (0 when it names nothing). */
  readonly precision: number
  readonly extra: readonly string[]
  readonly missed: readonly string[]
}

export function recallPrecision(named: readonly string[], truth: readonly string[]): RecallPrecision {
  const hits = named.filter(file => truth.includes(file))
  return {
    recall:
      truth.length === 0 ? 100 : (100 * truth.filter(file => named.includes(file)).length) / truth.length,
    precision: named.length === 0 ? 0 : (100 * hits.length) / named.length,
    extra: named.filter(file => !truth.includes(file)),
    missed: truth.filter(file => !named.includes(file))
  }
}

// ── clarification items ─────────────────────────────────────────────────────────────────────────────

/** Names the repository's Python files import: module roots and the names `from … import` brings in. */
export function importedNames(pythonTexts: readonly string[]): Set<string> {
  const names = new Set<string>()
  for (const text of pythonTexts) {
    for (const match of text.matchAll(/^[ \t]*import[ \t]+([^\n#]+)/gm)) {
      for (const part of (match[1] ?? '').split(',')) {
        const [module, alias] = part.trim().split(/\s+as\s+/)
        if (module) names.add(module.split('.')[0] ?? module)
        if (alias) names.add(alias.trim())
      }
    }
    for (const match of text.matchAll(/^[ \t]*from[ \t]+([.\w]+)[ \t]+import[ \t]+(\([^)]*\)|[^\n#]+)/gm)) {
      names.add((match[1] ?? '').replace(/^\.+/, '').split('.')[0] ?? '')
      for (const part of (match[2] ?? '').replace(/[()\\]/g, ' ').split(',')) {
        const [name, alias] = part.trim().split(/\s+as\s+/)
        if (name) names.add(name.trim())
        if (alias) names.add(alias.trim())
      }
    }
  }
  names.delete('')
  return names
}

/** Items (list entries) under a heading that mentions clarification, up to the next heading as high. */
export function clarificationItems(text: string): string[] {
  const items: string[] = []
  let depth = 0
  let inFence = false
  for (const line of text.split('\n')) {
    if (/^\s*(`{3,}|~{3,})/.test(line)) inFence = !inFence
    if (inFence) continue
    const heading = /^(#{1,6})\s+(.*)$/.exec(line)
    if (heading) {
      const level = heading[1]?.length ?? 0
      if (depth > 0 && level <= depth) depth = 0
      if (depth === 0 && /clarif/i.test(heading[2] ?? '')) depth = level
      continue
    }
    if (depth > 0 && /^(?:[-*+]|\d+[.)])\s+/.test(line)) items.push(line)
    else if (depth > 0 && /^\s+\S/.test(line) && items.length > 0)
      items[items.length - 1] += ` ${line.trim()}`
  }
  return items
}

/**
 * Clarification items that ask about a name every developer of the language can resolve: a builtin, a
 * `typing` name, a standard-library module or a member of one (`knownName`, the language's own list),
 * or a name the repository already imports.
 */
export function needlessClarifications(
  items: readonly string[],
  knownName: (name: string) => unknown,
  imported: ReadonlySet<string>
): string[] {
  return items.filter(item =>
    [...item.matchAll(/`([^`]+)`/g)].some(match => {
      const name = (match[1] ?? '').replace(/\(.*\)$/, '').trim()
      if (!/^[A-Za-z_][\w.]*$/.test(name)) return false
      const root = name.split('.')[0] ?? name
      return knownName(name) !== undefined || imported.has(name) || imported.has(root)
    })
  )
}

// ── sub-step titles ─────────────────────────────────────────────────────────────────────────────────

/** Titles of headings that open a step (`#### Step 3.1 — …`, `#### 3.1 …`, `### Task T012 …`). */
export function stepTitles(text: string): string[] {
  const titles: string[] = []
  let inFence = false
  for (const line of text.split('\n')) {
    if (/^\s*(`{3,}|~{3,})/.test(line)) inFence = !inFence
    if (inFence) continue
    const match =
      /^#{2,6}\s+(?:(?:Step|Task)\s+[\w.]+|\d+(?:\.\d+)+[a-z]?|[A-Z]\.\d+)\s*(?:[—–:-]\s*)?(.*)$/i.exec(line)
    if (match) titles.push((match[1] ?? '').trim())
  }
  return titles
}

function flat(text: string): string {
  return text
    .replace(/^\s*(?:[-*+]|\d+[.)])\s+(?:\[[ xX]\]\s+)?/gm, '')
    .replace(/[*`_]/g, '')
    .replace(/\[([^\]]*)\]\([^)]*\)/g, '$1')
    .replace(/\s+/g, ' ')
    .trim()
}

/**
 * A title is run together when it carries one of the phase's paragraphs or list items followed directly
 * by more letters (`… ProviderManager.pyCreate new file …`), or carries two of them whole.
 */
export function runTogetherTitles(titles: readonly string[], unitTexts: readonly string[]): string[] {
  const pieces = [...new Set(unitTexts.map(flat))].filter(piece => piece.split(' ').length >= 2)
  return titles.filter(raw => {
    const title = flat(raw)
    const found: string[] = []
    for (const piece of pieces) {
      const at = title.indexOf(piece)
      if (at === -1) continue
      if (/[\p{L}\p{N}]/u.test(title.charAt(at + piece.length))) return true
      found.push(piece)
    }
    // A heading and the item that repeats it are one piece: only pieces not inside another count.
    return found.filter(piece => !found.some(other => other !== piece && other.includes(piece))).length >= 2
  })
}

/**
 * Step titles that repeat the phase's own label (`Phase 1: Update ProviderManager` as a sub-step of phase
 * 1). A sub-phase's heading (`Phase 8.1: …` in phase 8) is the step's own and does not count.
 */
export function phaseLabelTitles(titles: readonly string[], phaseId: string): string[] {
  const id = phaseId.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')
  const label = new RegExp(`^(?:Phase|Stage|Milestone|Sprint)\\s+${id}(?![\\w.])\\s*(?:[:—–-]|$)`, 'i')
  return titles.filter(title => label.test(title.trim()))
}
