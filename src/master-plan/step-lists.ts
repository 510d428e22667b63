/**
 * Sub-steps from lists, where a phase has no sub-headings: numbered lists (two items or more) and task
 * lists (spec-kit `T001` items included) give one step per item, a single item's nested items are steps.
 * Pure.
 */
import type { List, ListItem, RootContent } from 'mdast'
import { blockNodes } from './materialise.js'
import type { MasterPlanModel } from './model.js'
import { itemTitle, runTitle } from './step-titles.js'
import { blockSpan, hasContent } from './step-spans.js'
import type { Draft, Span, Split } from './steps.js'
import { lineStart, nodeText } from './text.js'

/**
 * Numbered lists (two items or more) and task lists give one step per item; text between them a step
 * each. `anyList`: bulleted lists too (the body of a part that lists the work).
 */
export function splitLists(
  model: MasterPlanModel,
  from: number,
  to: number,
  path: readonly string[],
  anyList = false
): Split {
  const { blocks } = model
  const lead: Span[] = []
  const steps: Draft[] = []
  let run: Span[] = []
  let lists = 0
  let tasks = false
  const flush = (): void => {
    if (run.length === 0) return
    if (lists === 0) lead.push(...run)
    else if (run.some(span => hasContent(model, span)))
      steps.push({ title: runTitle(model, run), path, spans: run })
    run = []
  }
  for (let index = from; index < to; index++) {
    const block = blocks[index]
    const summary = block?.list
    const candidate =
      summary !== undefined &&
      (summary.ordered ||
        (anyList && summary.items >= 2) ||
        summary.tasks > 0 ||
        SPEC_KIT_TASK.test(model.source.slice(block?.start ?? 0, block?.end ?? 0)))
    const node = candidate ? blockNodes(model, index, index + 1)[0] : undefined
    const list = node?.type === 'list' ? node : undefined
    const isTaskList = list !== undefined && list.children.every(isSpecKitTask)
    const isChecklist = list !== undefined && list.children.every(item => typeof item.checked === 'boolean')
    const lone = list !== undefined && list.ordered ? loneItemSteps(list, path, model) : undefined
    if (lone) {
      // One numbered item over a nested list: its first paragraph leads, its nested items are the steps.
      flush()
      lists++
      if (steps.length === 0) lead.push(lone.lead)
      else steps.push({ title: runTitle(model, [lone.lead]), path, spans: [lone.lead] })
      steps.push(...lone.steps)
      continue
    }
    if (!list || (!isTaskList && !((list.ordered || isChecklist || anyList) && list.children.length >= 2))) {
      run.push(blockSpan(model, index))
      continue
    }
    flush()
    lists++
    tasks ||= isTaskList
    for (const item of list.children) steps.push(itemStep(item, path, true, model))
  }
  flush()
  if (lists === 0) return { lead: [], steps: [], by: 'none' }
  return { lead, steps, by: tasks ? 'tasks' : 'items' }
}

/**
 * A numbered list of one item whose first paragraph is followed by a nested list of two items or more
 * (`1. **Update ProviderManager**` over `- Add …`, `- Update …`): the paragraph leads, each nested item
 * is a step (with its own nested items), and anything after the nested list closes the last step.
 */
function loneItemSteps(
  list: List,
  path: readonly string[],
  model: MasterPlanModel
): { lead: Span; steps: Draft[] } | undefined {
  const [item] = list.children
  if (list.children.length !== 1 || !item) return undefined
  const [first, ...rest] = item.children
  const nested = rest[0]
  if (first?.type !== 'paragraph' || nested?.type !== 'list' || nested.children.length < 2) return undefined
  const start = lineStart(model.source, item.position?.start.offset ?? 0)
  const lead = { start, end: first.position?.end.offset ?? start }
  const steps = nested.children.map(child => itemStep(child, path, false, model))
  const tail = rest.slice(1)
  const last = steps[steps.length - 1]
  const tailEnd = tail[tail.length - 1]?.position?.end.offset
  if (last && tailEnd !== undefined) {
    const spans = [...last.spans]
    const final = spans[spans.length - 1] as Span
    spans[spans.length - 1] = { start: final.start, end: tailEnd }
    steps[steps.length - 1] = { ...last, spans }
  }
  return { lead, steps }
}

/** A list whose first item is a spec-kit task without a checkbox: `- T001 [P] …`. */
const SPEC_KIT_TASK = /^\s*[-*+]\s+T\d{2,4}(?![\p{L}\p{N}])/u

/** A spec-kit task (`T035 [P] [US1] …`), with or without a checkbox. */
function isSpecKitTask(item: ListItem): boolean {
  const first = item.children[0]
  return first?.type === 'paragraph' && /^\[?T\d{2,4}\]?(?![\p{L}\p{N}])/u.test(nodeText(first).trim())
}

export function itemStep(
  item: ListItem,
  path: readonly string[],
  topLevel: boolean,
  model: MasterPlanModel
): Draft {
  const start = item.position?.start.offset ?? 0
  const first = item.children[0]
  const title = itemTitle((first?.type === 'paragraph' ? first : item) as RootContent | List)
  return {
    title,
    path: [...path, title],
    spans: [
      { start: topLevel ? lineStart(model.source, start) : start, end: item.position?.end.offset ?? start }
    ]
  }
}
