/** Signatures the master plan writes in prose (`Loader.load(path, strict)`), to compare with its code. Pure. */
import type { MasterPlanModel } from '../master-plan/model.js'
import { unitsHolding } from '../master-plan/section-body.js'
import type { ProseSignature } from './clarifications.js'
import type { PhaseSample } from './samples.js'

/** `name(a, b)` written in prose anywhere in the master plan, for the names the phase's samples define. */
export function proseSignatures(model: MasterPlanModel, samples: readonly PhaseSample[]): ProseSignature[] {
  const wanted = new Set(
    samples.flatMap(sample => sample.definitions.functions.map(fn => fn.name.split('.').pop() ?? fn.name))
  )
  if (wanted.size === 0) return []
  // A section the model left unparsed is read only when its text holds "`name(" or ".name(".
  const names = [...wanted].flatMap(name => [`\`${name}(`, `.${name}(`])
  const out: ProseSignature[] = []
  // `name(params)` or `Class.name(params)`; `obj.name(value)` through a variable is a call, not a signature.
  const SIGNATURE = /`((?:[A-Z]\w*\.)?[A-Za-z_]\w*)\(([A-Za-z_][^()`]*)\)`/g
  const next = nextSections(model.sections)
  for (const section of model.sections) {
    const end = next(section)
    const to = end ? end.headingIndex : section.bodyEnd
    for (const unit of unitsHolding(model.blocks, section.bodyStart, to, names)) {
      if (unit.kind === 'code') continue
      for (const match of unit.text.matchAll(SIGNATURE)) {
        const name = (match[1] ?? '').split('.').pop() ?? ''
        if (!wanted.has(name)) continue
        const params = (match[2] ?? '')
          .split(',')
          .map(param => param.trim().split(/[=:]/)[0]?.trim() ?? '')
          .filter(param => param && param !== 'self' && param !== 'cls')
        // A call with values (`resolve("mini")`) is not a signature.
        if (!params.every(param => /^\*{0,2}[A-Za-z_]\w*$/.test(param))) continue
        out.push({ name, params, path: section.path, context: `${section.path.join(' ')} ${unit.text}` })
      }
    }
  }
  return out
}

/**
 * The first section (in the model's order) whose heading comes after a section's and inside its body:
 * where the section's own text ends. One pass instead of a search per section (10 MB plans have
 * thousands).
 */
function nextSections(
  sections: MasterPlanModel['sections']
): (section: MasterPlanModel['sections'][number]) => MasterPlanModel['sections'][number] | undefined {
  const inOrder = sections.every(
    (section, index) => index === 0 || (sections[index - 1]?.headingIndex ?? 0) <= section.headingIndex
  )
  return section => {
    const inside = (other: MasterPlanModel['sections'][number]): boolean =>
      other.headingIndex > section.headingIndex && other.headingIndex < section.bodyEnd
    if (!inOrder) return sections.find(inside)
    // In heading order, the first later heading is the only candidate: any other comes after it.
    let low = 0
    let high = sections.length
    while (low < high) {
      const middle = (low + high) >> 1
      if ((sections[middle]?.headingIndex ?? 0) <= section.headingIndex) low = middle + 1
      else high = middle
    }
    const first = sections[low]
    return first && inside(first) ? first : undefined
  }
}
