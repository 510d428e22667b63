/**
 * The phase's code samples read in the repository's language: what they define (the phase's own names,
 * so they are never "defined nowhere") and the decisions their functions make (each a test). Pure.
 */
import type { Language, SampleDefinitions } from '../grounding/language.js'
import type { MasterPlanModel } from '../master-plan/model.js'
import { isSectionBody } from '../master-plan/section-body.js'
import type { PhaseContent } from '../master-plan/phase-content.js'
import { lineStart } from '../master-plan/text.js'
import type { Unit } from '../master-plan/units.js'

export interface PhaseSample {
  readonly unit: Unit
  /** The sub-step it belongs to (undefined for the phase's opening text). */
  readonly stepId?: string
  readonly definitions: SampleDefinitions
}

/** The info string of a fenced code unit (`python` of ```` ```python ````), lower case; '' when none. */
export function fenceInfo(model: MasterPlanModel, unit: Unit): string {
  const from = lineStart(model.source, unit.start)
  const lineEnd = model.source.indexOf('\n', from)
  return fenceInfoOf(model.source.slice(from, lineEnd === -1 ? unit.end : Math.min(lineEnd, unit.end)))
}

/** The info string of a fence's opening line (`python` of ```` ```Python {.x} ````), lower case. */
export function fenceInfoOf(line: string): string {
  return (/^[ \t>]*(?:`{3,}|~{3,})[ \t]*([\w+-]*)/.exec(line)?.[1] ?? '').toLowerCase()
}

export function phaseSamples(
  model: MasterPlanModel,
  content: PhaseContent,
  language: Language
): PhaseSample[] {
  const stepOf = new Map<Unit, string>()
  const ranges = content.structure.steps.map(step => ({
    id: step.id,
    spans: [...(step.headingSpan ? [step.headingSpan] : []), ...step.spans]
  }))
  const samples: PhaseSample[] = []
  for (const unit of content.units) {
    if (unit.kind !== 'code' || !language.fenceNames.has(fenceInfo(model, unit))) continue
    const definitions = language.sample(unit.text)
    if (!definitions) continue
    const step = ranges.find(range =>
      range.spans.some(span => unit.start >= span.start && unit.end <= span.end)
    )
    if (step) stepOf.set(unit, step.id)
    samples.push({ unit, ...(step ? { stepId: step.id } : {}), definitions })
  }
  return samples
}

/** Every name the samples define or bring in, bare (`resolve`) and qualified (`ProviderManager.resolve`). */
export function sampleNames(samples: readonly PhaseSample[]): Set<string> {
  const names = new Set<string>()
  for (const { definitions } of samples) {
    for (const name of definitions.names) names.add(name)
    for (const cls of definitions.classes) {
      names.add(cls.name)
      for (const method of cls.methods) names.add(`${cls.name}.${method}`)
    }
    for (const fn of definitions.functions) {
      names.add(fn.name)
      names.add(fn.name.split('.').pop() ?? fn.name)
    }
  }
  return names
}

/** Whether a name occurs as a whole word in any code sample of the master plan (any phase, any section). */
export function inAnySample(model: MasterPlanModel, name: string): boolean {
  const word = name.split('.').pop() ?? name
  if (!/^\w+$/.test(word)) return false
  const pattern = new RegExp(`(?<![\\w])${word}(?![\\w])`)
  for (const block of model.blocks) {
    // A section the model left unparsed is read only when the word stands where code may.
    if (
      isSectionBody(block) &&
      !block.isParsed &&
      !(block.holdsWord(word) && block.lines().some(line => line.code && line.text.includes(word)))
    )
      continue
    for (const unit of block.units)
      if (unit.kind === 'code' && unit.text.includes(word) && pattern.test(unit.text)) return true
  }
  return false
}

/** Method → class, from the classes the phase's samples define (the first class wins a shared name). */
export function sampleOwners(samples: readonly PhaseSample[]): Map<string, string> {
  const owners = new Map<string, string>()
  for (const sample of samples)
    for (const cls of sample.definitions.classes)
      for (const method of cls.methods) if (!owners.has(method)) owners.set(method, cls.name)
  return owners
}
