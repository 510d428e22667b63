/**
 * A small repository and master plan of a test's own, run through the real model, grounding and
 * analysis (no mocks): what the plan of one phase would be built from.
 */
import { mkdtempSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { analysePhase, groundingQueries, type PhaseAnalysis } from '../../src/analysis/index.js'
import { listRepositoryFiles, repositoryReader } from '../../src/adapters/repository-files.js'
import { groundReferences, python } from '../../src/grounding/index.js'
import type { Grounding } from '../../src/grounding/types.js'
import type { MasterPlanModel } from '../../src/master-plan/model.js'
import { buildModel } from '../../src/master-plan/outline.js'
import { phaseContent, type PhaseContent } from '../../src/master-plan/phase-content.js'
import { writeFiles } from './temp.js'

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
  const root = writeFiles(mkdtempSync(join(tmpdir(), 'plan-phase-fixture-')), files)
  try {
    const model = buildModel(masterPlan)
    const content = phaseContent(model, phase, 'plan.md')
    const repo = await listRepositoryFiles(root)
    // As planning does: Python as this repository lays out its packages.
    const language = python.inRepository(repo.files)
    const grounding = await groundReferences(
      repo,
      groundingQueries(model, content, language),
      repositoryReader(repo.root),
      language
    )
    const analysis = analysePhase({ model, content, grounding, language, repositoryFiles: repo.files })
    return { model, content, grounding, analysis }
  } finally {
    rmSync(root, { recursive: true, force: true })
  }
}
