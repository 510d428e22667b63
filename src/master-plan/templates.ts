/**
 * Template and example zones of a master plan (`## Template`, `### Phase template`, `## Examples`): the
 * labels under them illustrate, they are not phases. Pure.
 */
import { readPhaseLabel } from './labels.js'
import type { MasterPlanModel } from './model.js'

/**
 * Headings about templates or examples (`## Template`, `### Phase template`, `## Examples`): labels
 * under them illustrate, they are not phases. Short titles that start or end with such a word only, so
 * `# Test framework with branch-portable templates (master plan)` is no template.
 */
const TEMPLATE_WORD =
  /^(?:templates?|examples?|samples?|vorlagen?|beispiele?|plantillas?|ejemplos?|exemplos?|modèles?|exemples?)$/iu
const CJK_TEMPLATE = /模板|示例|范例|テンプレート|サンプル/u

function isTemplateTitle(title: string): boolean {
  if (CJK_TEMPLATE.test(title)) return true
  const words = title
    .replace(/\([^)]*\)|\[[^\]]*\]/g, ' ')
    .split(/[^\p{L}\p{N}-]+/u)
    .filter(word => word !== '')
  const first = words[0] ?? ''
  const last = words[words.length - 1] ?? ''
  return words.length <= 5 && (TEMPLATE_WORD.test(first) || TEMPLATE_WORD.test(last))
}

export interface Zone {
  readonly from: number
  readonly to: number
}

export function templateZones(model: MasterPlanModel): Zone[] {
  return model.sections
    .filter(
      section =>
        section.kind === 'heading' && isTemplateTitle(section.title) && !readPhaseLabel(section.title)
    )
    .map(section => ({ from: section.headingIndex, to: section.bodyEnd }))
}

export function inZone(zones: readonly Zone[], index: number): boolean {
  return zones.some(zone => index > zone.from && index < zone.to)
}
