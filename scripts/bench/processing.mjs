// The in-memory part of planning one phase, as src/planning.ts runs it after the gate: master plan model,
// phase content, the analysis (targets, impact, tests, questions, focus), step states, plan and status
// documents, coverage. No repository (empty grounding), like src/tools/corpus-check.ts.
import { join } from 'node:path'
import { pathToFileURL } from 'node:url'

const load = async (root, path) => import(pathToFileURL(join(root, 'build', path)).href)

export async function loadProcessing(root) {
  const [outline, content, analysis, progress, plan, coverage, status, gate, grounding] = await Promise.all(
    [
      'master-plan/outline.js',
      'master-plan/phase-content.js',
      'analysis/index.js',
      'analysis/progress.js',
      'render/plan-document.js',
      'render/coverage.js',
      'render/status-document.js',
      'gate/result.js',
      'grounding/index.js'
    ].map(path => load(root, path))
  )
  const empty = {
    files: [],
    symbols: [],
    testLayout: { testRoot: 'tests', style: 'flat', prefix: 'test_', examples: [] },
    references: []
  }
  const language = grounding.python
  /** Model → analysis → render → coverage for one phase; returns what a caller checks. */
  return function processPlan(text, phase) {
    const model = outline.buildModel(text)
    const phaseContent = content.phaseContent(model, phase, 'admin/master_plan.md')
    const analysed = analysis.analysePhase({
      model,
      content: phaseContent,
      grounding: empty,
      language,
      repositoryFiles: []
    })
    const gateResult = gate.skippedGate('pytest')
    const steps = progress.stepStates(
      phaseContent.structure.steps,
      {
        targets: analysed.targets,
        requirements: analysed.tests.requirements,
        existingTests: new Set(),
        gate: gateResult
      },
      analysed.clarifications
    )
    const rendered = plan.renderPlan({
      model,
      content: phaseContent,
      planPath: `plan/phase_${phase}.md`,
      statusPath: `status/phase_${phase}.md`,
      gate: gateResult,
      analysis: analysed,
      language
    })
    const measured = coverage.measureCoverage(model, phaseContent, rendered)
    const statusText = status.renderStatus({
      content: phaseContent,
      planPath: `plan/phase_${phase}.md`,
      generatedAt: '2025-01-01T00:00:00.000Z',
      gate: gateResult,
      coverage: measured,
      files: analysed.files,
      steps,
      clarifications: analysed.clarifications
    })
    return {
      coverage: measured.percent,
      units: measured.total,
      leaked: measured.leaked.length,
      steps: phaseContent.structure.steps.length,
      planChars: rendered.text.length,
      statusChars: statusText.length
    }
  }
}

/** remark with the plugins src/master-plan/parse.ts uses, parsing the whole text at once. */
export async function loadRemarkParse() {
  const { remark } = await import('remark')
  const gfm = (await import('remark-gfm')).default
  const frontmatter = (await import('remark-frontmatter')).default
  const processor = remark().use(gfm).use(frontmatter, ['yaml', 'toml'])
  return text => processor.parse(text)
}

/**
 * The floor of any remark-based model: remark parsing the text in the same pieces as the model does,
 * every piece's nodes dropped at once (nothing kept, nothing rendered).
 */
export async function loadPieceParse(root) {
  const { parsePieces } = await load(root, 'master-plan/parse.js')
  return text => {
    const children = []
    parsePieces(text, { add: nodes => void children.push(nodes.length), restart: () => void 0 })
    return { children }
  }
}
