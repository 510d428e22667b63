/**
 * What the master plan parser's worker thread runs: the nesting budget checked, the master plan parsed
 * into the model the requested phase needs, and the phase's content gathered from it. Model and content
 * are plain data and cross to the main thread in one message, which keeps the objects they share
 * shared; what the main thread later needs parsed (other phases' sections the model left unparsed,
 * blocks wanted as nodes) it asks this thread for (parse-service.ts), so it never runs remark. Pure.
 */
import { UnknownPhaseError, type PhaseListing } from '../master-plan/lookup.js'
import type { MasterPlanModel } from '../master-plan/model.js'
import { buildPhaseModel } from '../master-plan/phase-model.js'
import { phaseContent, type PhaseContent } from '../master-plan/phase-content.js'
import type { PhaseSummary } from '../master-plan/phase-list.js'
import { linkedFiles } from '../master-plan/read.js'
import { tooDeepLine, type DeepLine } from './limits.js'

export interface PhaseRequest {
  readonly text: string
  readonly phase: string
  /** The master plan's path, for messages. */
  readonly path: string
  readonly nestingColumns: number
  /**
   * The repository files the master plan's phases link to (docs/phases.md), read by the main thread:
   * absent on the first request, when the parser answers with the files it needs, if any.
   */
  readonly files?: ReadonlyArray<readonly [path: string, text: string | undefined]>
}

export interface PlanReading {
  readonly model: MasterPlanModel
  readonly content: PhaseContent
}

export type ParseReply =
  | {
      readonly kind: 'read'
      readonly reading: PlanReading
      /** The model's source is the request's text (line endings normalised), left out of the reply. */
      readonly sourceIsText?: true
    }
  | { readonly kind: 'needs-files'; readonly paths: readonly string[] }
  | {
      readonly kind: 'unknown-phase'
      readonly requested: string
      readonly phases: readonly PhaseSummary[]
      readonly listedAt?: PhaseListing
      readonly message: string
    }
  | { readonly kind: 'too-deep'; readonly deep: DeepLine | 'stack' }
  | { readonly kind: 'error'; readonly message: string }

export function checkedParse(request: PhaseRequest): ParseReply {
  const deep = tooDeepLine(request.text, request.nestingColumns)
  if (deep) return { kind: 'too-deep', deep }
  try {
    const files = request.files === undefined ? undefined : new Map(request.files)
    // Built for the phase: other phases' sections are parsed only when read (phase-model.ts).
    const model = buildPhaseModel(request.text, request.phase, {
      path: request.path,
      ...(files ? { files } : {})
    })
    if (!files) {
      const wanted = linkedFiles(model)
      if (wanted.length > 0) return { kind: 'needs-files', paths: wanted }
    }
    return { kind: 'read', reading: { model, content: phaseContent(model, request.phase, request.path) } }
  } catch (error: unknown) {
    if (error instanceof UnknownPhaseError) {
      return {
        kind: 'unknown-phase',
        requested: error.requested,
        phases: error.phases,
        ...(error.listedAt ? { listedAt: error.listedAt } : {}),
        message: error.message
      }
    }
    // Nesting within the budget can still exhaust a stack: that is the same limit, not a bug.
    if (error instanceof RangeError && /call stack/i.test(error.message))
      return { kind: 'too-deep', deep: 'stack' }
    return { kind: 'error', message: error instanceof Error ? error.message : String(error) }
  }
}
