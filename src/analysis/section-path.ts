/** How the plan names a section of the master plan. Pure. */
import type { MasterPlanModel } from '../master-plan/model.js'

/**
 * A section path as the plan shows it: without the document's title when one heading of depth 1 heads
 * the whole master plan (every path would start with it).
 */
export function displayPath(model: MasterPlanModel, path: readonly string[]): string {
  const titles = model.sections.filter(section => section.kind === 'heading' && section.depth === 1)
  const [title] = titles
  const shown =
    titles.length === 1 && title && path.length > 1 && path[0] === title.title ? path.slice(1) : path
  return shown.join(' › ')
}
