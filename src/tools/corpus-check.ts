/**
 * Runs a master plan through every phase it defines — model, render, coverage — without a repository
 * or a gate. Used by `npm run corpus` and by the corpus test. Linked files are read through `read` when
 * one is given (the corpus script hands in the other corpus documents of the same repository).
 */
import { analysePhase } from '../analysis/index.js'
import { skippedGate } from '../gate/result.js'
import { python } from '../grounding/index.js'
import type { Grounding } from '../grounding/types.js'
import { errorMessage } from '../errors.js'
import { phaseIds } from '../master-plan/lookup.js'
import { phaseContent } from '../master-plan/phase-content.js'
import { listPhases, phaseListLines } from '../master-plan/phase-list.js'
import { readMasterPlan, type ReadLinkedFile } from '../master-plan/read.js'
import { measureCoverage } from '../render/coverage.js'
import { renderPlan } from '../render/plan-document.js'

export interface PhaseCheck {
  readonly id: string
  readonly steps: number
  readonly units: number
  readonly coverage: number
  readonly missing: readonly string[]
  readonly leaked: number
}

export interface DocumentCheck {
  readonly name: string
  readonly phases: readonly PhaseCheck[]
  /** One line per phase: id, title, status marks, where and by which rule it was found. */
  readonly listing: readonly string[]
  readonly errors: readonly string[]
  readonly milliseconds: number
}

const EMPTY_GROUNDING: Grounding = {
  files: [],
  symbols: [],
  testLayout: { testRoot: 'tests', style: 'flat', prefix: 'test_', examples: [] },
  references: []
}

/**
 * Where a corpus document came from (`SOURCES.tsv`: file, repo, path, commit) and the other corpus
 * documents of the same repository and commit by repository path: what a checkout would let it link to.
 */
export function corpusSource(
  sourcesTsv: string,
  file: string
):
  | { readonly path: string; readonly repo: string; readonly neighbours: ReadonlyMap<string, string> }
  | undefined {
  const rows = sourcesTsv
    .trim()
    .split('\n')
    .slice(1)
    .map(line => line.split('\t'))
    .map(([name = '', repo = '', path = '', commit = '']) => ({ name, repo, path, commit }))
  const own = rows.find(row => row.name === file)
  if (!own) return undefined
  const neighbours = new Map(
    rows.filter(row => row.repo === own.repo && row.commit === own.commit).map(row => [row.path, row.name])
  )
  return { path: own.path, repo: own.repo, neighbours }
}

export async function checkDocument(
  name: string,
  text: string,
  options: { readonly path?: string; readonly read?: ReadLinkedFile } = {}
): Promise<DocumentCheck> {
  const started = performance.now()
  const phases: PhaseCheck[] = []
  const errors: string[] = []
  let listing: string[] = []
  try {
    const model = await readMasterPlan(text, options.path ?? name, options.read)
    listing = phaseListLines(listPhases(model))
    for (const id of phaseIds(model)) {
      try {
        const content = phaseContent(model, id, name)
        const plan = renderPlan({
          model,
          content,
          planPath: `plan/phase_${id}.md`,
          statusPath: `status/phase_${id}.md`,
          gate: skippedGate('pytest'),
          analysis: analysePhase({
            model,
            content,
            grounding: EMPTY_GROUNDING,
            language: python,
            repositoryFiles: []
          }),
          language: python
        })
        const coverage = measureCoverage(model, content, plan)
        phases.push({
          id,
          steps: content.structure.steps.length,
          units: coverage.total,
          coverage: coverage.percent,
          missing: coverage.missing.map(unit => `${unit.kind}: ${unit.text.slice(0, 80)}`),
          leaked: coverage.leaked.length
        })
      } catch (error) {
        errors.push(`phase ${id}: ${errorMessage(error)}`)
      }
    }
  } catch (error) {
    errors.push(errorMessage(error))
  }
  return { name, phases, listing, errors, milliseconds: performance.now() - started }
}
