/**
 * What the master plan parser's worker thread runs: the nesting budget checked, the master plan parsed
 * into its model, and the requested phase's content gathered from it. The phase's blocks are parsed
 * again on demand while its content is gathered (master-plan/materialise.ts), so that happens here too,
 * under the same budgets, and the main thread never runs remark. Model and content are plain data and
 * cross to the main thread in one message, which keeps the objects they share shared. Pure.
 */
import { UnknownPhaseError } from '../master-plan/lookup.js'
import type { MasterPlanModel } from '../master-plan/model.js'
import { buildModel } from '../master-plan/outline.js'
import { phaseContent, type PhaseContent } from '../master-plan/phase-content.js'
import { tooDeepLine, type DeepLine } from './limits.js'

export interface PhaseRequest {
  readonly text: string
  readonly phase: string
  /** The master plan's path, for messages. */
  readonly path: string
  readonly nestingColumns: number
}

export interface PlanReading {
  readonly model: MasterPlanModel
  readonly content: PhaseContent
}

export type ParseReply =
  | { readonly kind: 'read'; readonly reading: PlanReading }
  | {
      readonly kind: 'unknown-phase'
      readonly requested: string
      readonly found: readonly string[]
      readonly message: string
    }
  | { readonly kind: 'too-deep'; readonly deep: DeepLine | 'stack' }
  | { readonly kind: 'error'; readonly message: string }

export function checkedParse(request: PhaseRequest): ParseReply {
  const deep = tooDeepLine(request.text, request.nestingColumns)
  if (deep) return { kind: 'too-deep', deep }
  try {
    const model = buildModel(request.text)
    return { kind: 'read', reading: { model, content: phaseContent(model, request.phase, request.path) } }
  } catch (error: unknown) {
    if (error instanceof UnknownPhaseError) {
      return { kind: 'unknown-phase', requested: error.requested, found: error.found, message: error.message }
    }
    // Nesting within the budget can still exhaust a stack: that is the same limit, not a bug.
    if (error instanceof RangeError && /call stack/i.test(error.message))
      return { kind: 'too-deep', deep: 'stack' }
    return { kind: 'error', message: error instanceof Error ? error.message : String(error) }
  }
}
