/**
 * Index entries: the rows of a table and the items of a list that name phases, in a section whose
 * heading names phases (`## Phases`, `## Phase Overview`, `## Milestones`). Each entry gives ids, a
 * title, status marks and the links it carries; phases.ts decides whether it is a phase's content or
 * its summary. Pure.
 */
import type { List, ListItem, Table, TableRow } from 'mdast'
import {
  isPhaseColumnHeader,
  readPhaseLabel,
  shortTitle,
  titleAndStatus,
  type LabelOptions
} from './labels.js'
import { linksIn, type FoundLink } from './links.js'
import type { Range } from './model.js'
import { lineStart, nodeText } from './text.js'

export interface IndexEntry {
  readonly ids: readonly string[]
  /** The phase word of its label; absent for a bare id (`| 3 |`, `3. Title`). */
  readonly word?: string
  readonly title: string
  readonly status: readonly string[]
  readonly kind: 'table-row' | 'list-item'
  /** The row or item, from its line start. */
  readonly range: Range
  readonly line: number
  /** The entry as a reader sees it, on one line (for listings). */
  readonly text: string
  readonly links: readonly FoundLink[]
}

const ID = String.raw`\d{1,6}(?:\.\d{1,6}){0,3}[A-Za-z]?|[A-Za-z]`
/** A cell or item that starts with a bare id: `0`, `**4.5**`, `A. Secret boundary`, `2) Cleanup`. */
const BARE_ID = new RegExp(String.raw`^(${ID})(?:[.):]\s*|\s+[-–—|]\s+|(?=\s*$))(.*)$`, 'su')
const NUMBERED_ID = new RegExp(String.raw`^(\d{1,6}(?:\.\d{1,6}){0,3}[A-Za-z]?)(?:[.):]?\s+)(.*)$`, 'su')
const ID_COLUMN = /^(?:#|id|no\.?|nr\.?|n[º°]|№|num(?:ber)?)$/i
const TITLE_COLUMN =
  /^(?:title|name|description|goals?|summary|focus|scope|theme|objective|titel|nombre|título|titre|nom|名称|标题|名前)$/i
const STATUS_COLUMN = /^(?:status|state|progress|done|stand|estado|statut|状态|状況|ステータス)$/i

/** Entries of a table whose header has a phase column, or whose rows start with phase labels. */
export function tableEntries(
  source: string,
  table: Table,
  definitions: ReadonlyMap<string, string>,
  options: LabelOptions = {}
): IndexEntry[] {
  const [header, ...rows] = table.children
  if (!header) return []
  const headers = header.children.map(cell => plain(nodeText(cell)))
  const phaseColumn = headers.findIndex(text => isPhaseColumnHeader(text) || ID_COLUMN.test(text))
  const titleColumn = headers.findIndex(text => TITLE_COLUMN.test(text))
  const statusColumn = headers.findIndex(text => STATUS_COLUMN.test(text))
  const entries: IndexEntry[] = []
  for (const row of rows) {
    const cells = row.children.map(cell => plain(nodeText(cell)))
    const named =
      phaseColumn === -1
        ? labelled(cells[0] ?? '', options)
        : labelled(cells[phaseColumn] ?? '', options, true)
    if (!named) continue
    const at = phaseColumn === -1 ? 0 : phaseColumn
    let title = named.title
    if (title === '') {
      const column =
        titleColumn !== -1 && titleColumn !== at
          ? titleColumn
          : cells.findIndex((cell, index) => index > at && index !== statusColumn && cell !== '')
      title = titleAndStatus(cells[column] ?? '').title
    }
    const status = [...named.status]
    const statusCell = statusColumn === -1 || statusColumn === at ? '' : (cells[statusColumn] ?? '')
    if (statusCell !== '') status.push(statusCell)
    entries.push({
      ids: named.ids,
      ...(named.word ? { word: named.word } : {}),
      title: shortTitle(title),
      status,
      kind: 'table-row',
      ...place(source, row),
      text: cells.join(' | '),
      links: linksIn(row, definitions)
    })
  }
  return entries
}

/** Entries of a list: items that start with a phase label, and every item of a numbered list. */
export function listEntries(
  source: string,
  list: List,
  definitions: ReadonlyMap<string, string>,
  options: LabelOptions = {}
): IndexEntry[] {
  const entries: IndexEntry[] = []
  for (const item of list.children) {
    const first = item.children[0]
    if (first?.type !== 'paragraph') continue
    const text = plain(nodeText(first))
    let named = labelled(text, options)
    if (!named && list.ordered) named = numbered(source, item, text)
    if (!named) continue
    const status = [
      ...(item.checked === true ? ['[x]'] : item.checked === false ? ['[ ]'] : []),
      ...named.status
    ]
    entries.push({
      ids: named.ids,
      ...(named.word ? { word: named.word } : {}),
      title: shortTitle(named.title),
      status,
      kind: 'list-item',
      ...place(source, item),
      text,
      links: linksIn(first, definitions)
    })
  }
  return entries
}

interface Named {
  readonly ids: readonly string[]
  readonly word?: string
  readonly title: string
  readonly status: readonly string[]
}

/** A phase label (`Phase 3: Core`), or in a phase column a bare id (`**3**`, `A. Secret boundary`). */
function labelled(text: string, options: LabelOptions, bareIdAllowed = false): Named | undefined {
  const label = readPhaseLabel(text, options)
  if (label) return label.kind === 'phase' && !label.placeholder ? label : undefined
  if (!bareIdAllowed) return undefined
  const match = BARE_ID.exec(text.replace(/^[^\p{L}\p{N}]+/u, ''))
  if (!match?.[1]) return undefined
  const cleaned = titleAndStatus(match[2] ?? '')
  return { ids: [match[1]], title: cleaned.title, status: cleaned.status }
}

/** A numbered item without a label: its own number (`3.` or `3)`) is its id. */
function numbered(source: string, item: ListItem, text: string): Named | undefined {
  const start = item.position?.start.offset ?? 0
  const marker = NUMBERED_ID.exec(source.slice(start, start + 40))
  if (!marker?.[1]) return undefined
  const cleaned = titleAndStatus(text)
  return { ids: [marker[1]], title: cleaned.title, status: cleaned.status }
}

function place(source: string, node: TableRow | ListItem): { range: Range; line: number } {
  const start = lineStart(source, node.position?.start.offset ?? 0)
  return { range: { start, end: node.position?.end.offset ?? start }, line: node.position?.start.line ?? 1 }
}

function plain(text: string): string {
  return text.replace(/\s+/g, ' ').trim()
}
