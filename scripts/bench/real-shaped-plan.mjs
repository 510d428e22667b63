// A master plan of about `bytes` characters made of a real one's text: the corpus's llm_chat_cli
// refactor plan (01_…, 54 KB: guidelines, architecture, seven phases of prose, nested lists, Python
// samples and tables, then decisions and risks) with its phases repeated, renumbered, until the
// document is that long. Real master plans of 400 KB exist; this one has their shape — general sections
// around many long phases that name each other — with real prose and code rather than generated text.
import { readFileSync } from 'node:fs'
import { join } from 'node:path'

export const REAL_SHAPED_SOURCE = '01_llmchatcli-refactor-providers-master.md'

/** `{ text, phases, source }`; `corpus` is the folder holding the source document. */
export function realShapedPlan(corpus, bytes) {
  const source = readFileSync(join(corpus, REAL_SHAPED_SOURCE), 'utf8')
  const lines = source.split('\n')
  const phaseHeading = /^### Phase (\d+)\b/
  const first = lines.findIndex(line => phaseHeading.test(line))
  // The phases end at the next `## ` heading after the first phase.
  const end = lines.findIndex((line, index) => index > first && /^## /.test(line))
  if (first === -1 || end === -1) throw new Error(`${REAL_SHAPED_SOURCE}: no phase block found`)
  const head = lines.slice(0, first).join('\n')
  const block = lines.slice(first, end).join('\n')
  const tail = lines.slice(end).join('\n')
  const ids = [...block.matchAll(/^### Phase (\d+)\b/gm)].map(match => Number(match[1]))
  const span = Math.max(...ids) + 1
  const copies = []
  let size = head.length + tail.length + 2
  for (let copy = 0; copy === 0 || size < bytes; copy++) {
    // Every "Phase N" in the copy moves by the same amount: its cross-references stay inside the copy.
    const text = block.replace(
      /\b(Phase|phase) (\d+)\b/g,
      (_, word, id) => `${word} ${Number(id) + copy * span}`
    )
    copies.push(text)
    size += text.length + 1
  }
  return { text: [head, ...copies, tail].join('\n'), phases: copies.length * ids.length }
}
