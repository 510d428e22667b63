/**
 * A small repository and master plan of a test's own, run through the real model, grounding and
 * analysis (no mocks): what the plan of one phase would be built from.
 */
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { dirname, join } from 'node:path'
import { analysePhase, groundingQueries, type PhaseAnalysis } from '../../src/analysis/index.js'
import { groundReferences, listRepositoryFiles, python } from '../../src/grounding/index.js'
import type { Grounding } from '../../src/grounding/types.js'
import type { MasterPlanModel } from '../../src/master-plan/model.js'
import { buildModel } from '../../src/master-plan/outline.js'
import { phaseContent, type PhaseContent } from '../../src/master-plan/phase-content.js'

export interface PhaseFixture {
  readonly model: MasterPlanModel
  readonly content: PhaseContent
  readonly grounding: Grounding
  readonly analysis: PhaseAnalysis
}

export const lines = (...source: string[]): string => source.join('\n') + '\n'

/** Writes the files to a fresh temp dir, analyses `phase` of `masterPlan` there, and removes the dir. */
export async function analyseFixture(
  files: Record<string, string>,
  masterPlan: string,
  phase: string
): Promise<PhaseFixture> {
  const root = mkdtempSync(join(tmpdir(), 'plan-phase-fixture-'))
  try {
    for (const [path, text] of Object.entries(files)) {
      mkdirSync(dirname(join(root, path)), { recursive: true })
      writeFileSync(join(root, path), text)
    }
    const model = buildModel(masterPlan)
    const content = phaseContent(model, phase, 'plan.md')
    const repo = await listRepositoryFiles(root)
    // As planning does: Python as this repository lays out its packages.
    const language = python.inRepository(repo.files)
    const grounding = await groundReferences(
      repo,
      groundingQueries(model, content, language),
      undefined,
      language
    )
    const analysis = analysePhase({ model, content, grounding, language, repositoryFiles: repo.files })
    return { model, content, grounding, analysis }
  } finally {
    rmSync(root, { recursive: true, force: true })
  }
}
