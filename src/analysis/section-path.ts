/** How the plan names a section of the master plan. Pure. */
import type { MasterPlanModel } from '../master-plan/model.js'

/**
 * A section path as the plan shows it: without the document's title when one heading of depth 1 heads
 * the whole master plan (every path would start with it).
 */
export function displayPath(model: MasterPlanModel, path: readonly string[]): string {
  const title = documentTitle(model)
  const shown = title !== undefined && path.length > 1 && path[0] === title ? path.slice(1) : path
  return shown.join(' › ')
}

/** Found once per model: a large master plan has thousands of sections, and a plan names many paths. */
const titles = new WeakMap<MasterPlanModel, { readonly title: string | undefined }>()

/** The title of the one heading of depth 1, when there is exactly one. */
function documentTitle(model: MasterPlanModel): string | undefined {
  const known = titles.get(model)
  if (known) return known.title
  const headings = model.sections.filter(section => section.kind === 'heading' && section.depth === 1)
  const title = headings.length === 1 ? headings[0]?.title : undefined
  titles.set(model, { title })
  return title
}
