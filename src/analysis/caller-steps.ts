/**
 * Which sub-step lists a caller: the one that breaks it, or a later one whose work is to update the
 * code that uses what earlier sub-steps changed ("Update every caller", "Update the importers"). Pure.
 */
import type { MasterPlanModel } from '../master-plan/model.js'
import type { PhaseContent } from '../master-plan/phase-content.js'
import type { Caller, Impact } from './impact.js'

/** A sub-step whose work is to update the code that uses what earlier sub-steps changed. */
const UPDATES_CALLERS =
  /\bupdate\s+(?:every|each|all(?:\s+the)?|the|its|their)?\s*(?:callers?|importers?|call\s+sites?|uses|references|modules?\s+(?:of\s+[\w/.`-]+\s+)?that\s+(?:use|import|call))\b/i

/**
 * The callers an earlier sub-step breaks are listed under a later one that says to update them ("Update
 * every caller", "Update the importers"), where the developer will do that work.
 */
export function toCallerSteps(impact: Impact, model: MasterPlanModel, content: PhaseContent): Impact {
  const steps = content.structure.steps
  const updating = steps.filter(step =>
    UPDATES_CALLERS.test(
      [...(step.headingSpan ? [step.headingSpan] : []), ...step.spans]
        .map(span => model.source.slice(span.start, span.end))
        .join('\n')
        .replace(/[`*_]/g, '')
    )
  )
  if (updating.length === 0) return impact
  const order = new Map(steps.map((step, index) => [step.id, index]))
  const callers = new Map<string, Caller[]>()
  for (const [stepId, list] of impact.callers) {
    const at = order.get(stepId) ?? 0
    const later = updating.find(step => (order.get(step.id) ?? 0) >= at)
    const home = later?.id ?? stepId
    callers.set(home, [...(callers.get(home) ?? []), ...list])
  }
  for (const list of callers.values())
    list.sort((a, b) => (a.path < b.path ? -1 : a.path > b.path ? 1 : a.line - b.line))
  return { ...impact, callers }
}
