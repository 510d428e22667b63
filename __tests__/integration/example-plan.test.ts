/**
 * The embedded example's phase 3 plan shows every feature the product promises; the documents are
 * also kept as golden files (UPDATE_GOLDEN=1 rewrites them after a deliberate change).
 */
import { mkdirSync, readFileSync, writeFileSync, existsSync } from 'node:fs'
import { join } from 'node:path'
import { createLocalExec } from '../../src/adapters/local-exec.js'
import { openWorkspace } from '../../src/adapters/workspace.js'
import { skippedGate } from '../../src/gate/result.js'
import { planPhase, type PlanningResult } from '../../src/planning.js'
import { silentReporter } from '../../src/reporter.js'
import { callerOrigins } from '../../src/setting-names.js'
import { DEFAULTS } from '../../src/settings.js'
import { copyExample, PROJECT_ROOT, type TempRepo } from '../support/example-repo.js'

const GOLDEN = join(PROJECT_ROOT, '__tests__', 'golden')

async function plan(dir: string, phase: string, statusOnly = false): Promise<PlanningResult> {
  return planPhase(
    {
      phase,
      masterPlanPath: DEFAULTS.masterPlanPath,
      planPathTemplate: DEFAULTS.planPathTemplate,
      statusPathTemplate: DEFAULTS.statusPathTemplate,
      testCommand: 'pytest',
      testTimeoutMinutes: 5,
      gate: false,
      force: false,
      statusOnly,
      origins: callerOrigins('cli')
    },
    {
      workspace: await openWorkspace(dir),
      exec: createLocalExec(),
      reporter: silentReporter,
      now: () => new Date('2026-01-02T03:04:05.000Z'),
      tempDir: dir,
      env: {}
    }
  )
}

function section(text: string, heading: string): string {
  const start = text.indexOf(`\n${heading}\n`)
  if (start === -1) throw new Error(`no section ${heading}`)
  const level = heading.split(' ')[0] ?? '##'
  const next = text.slice(start + heading.length + 2).search(new RegExp(`\\n${level} `))
  return next === -1 ? text.slice(start) : text.slice(start, start + heading.length + 2 + next)
}

describe('the example phase 3 plan', () => {
  let repo: TempRepo
  let result: PlanningResult
  let text: string
  let status: string
  beforeAll(async () => {
    repo = copyExample()
    result = await plan(repo.dir, '3')
    text = result.plan?.text ?? ''
    status = result.status?.text ?? ''
  })
  afterAll(() => repo.remove())

  it('has the contract sections in order', () => {
    const order = [
      '## Overview',
      '## Step 1 — Read the master plan',
      '## Step 2 — Run the full test suite',
      '## Step 3 — Review the codebase',
      '## Step 4 — Implement the phase',
      '## Step 5 — Conclude',
      '## Needs clarification'
    ].map(heading => text.indexOf(`\n${heading}\n`))
    expect(order.every(index => index > 0)).toBe(true)
    expect([...order].sort((a, b) => a - b)).toEqual(order)
    expect(result.coverage?.percent).toBe(100)
  })

  it('grounds Step 3 in the repository: files now, their symbols, the tests that touch them', () => {
    const step3 = section(text, '## Step 3 — Review the codebase')
    expect(step3).toMatch(/\| `llm_router\/provider_manager\.py` \| to be created \|/)
    expect(step3).toMatch(
      /\| `llm_router\/api\.py` \| exists \| [^|]*class ChatCompletionApi \([^)]*resolve_provider_for_model/
    )
    expect(step3).toMatch(/\| `llm_router\/api\.py` \|[^\n]*`tests\/test_api\.py`/)
    expect(step3).toContain('| `ProviderManager` | not in the repository — new in this phase |')
    expect(step3).toMatch(
      /\| `ChatCompletionApi\.resolve_provider_for_model` \| method in `llm_router\/api\.py` \|/
    )
  })

  it('gives stable sub-step ids with the files each touches', () => {
    expect(text).toContain('#### 3.1 Create the ProviderManager class')
    expect(text).toMatch(/_Step id `3\.1` · from [^\n]* · files: [^\n]*`llm_router\/provider_manager\.py`/)
    expect(text).toContain('#### 3.3 Remove resolution from ChatCompletionApi')
    for (const id of ['3.1', '3.2', '3.3', '3.4', '3.5']) expect(status).toContain(`| \`${id}\` |`)
  })

  it('never copies a line-number reference as if it were current', () => {
    expect(text).not.toContain('api.py:42')
    expect(text).toContain('remove the method `ChatCompletionApi.resolve_provider_for_model`')
    expect(text).toContain('Line-number references in the master plan were left out above')
  })

  it('names specific pytest requirements, written first, for what the phase creates, moves and removes', () => {
    const tests = section(text, '### Test requirements')
    expect(tests).toContain('Write each test first, run it and see it fail')
    expect(tests).toMatch(
      /\| `tests\/test_provider_manager\.py` \| `test_provider_manager_behaves_as_planned` \|/
    )
    expect(tests).toMatch(
      /\| `tests\/test_api\.py` \| `test_chat_completion_api_resolve_provider_for_model_is_removed` \| [^|]*is gone/
    )
    expect(tests).toMatch(
      /\| `tests\/test_provider_manager\.py` \| `test_split_model_string_lives_at_new_home` \|/
    )
    expect(tests).toContain('test_contains_is_case_insensitive')
    expect(tests).toMatch(
      /`tests\/test_api\.py` — references `ChatCompletionApi\.resolve_provider_for_model` \(removed\)/
    )
    expect(tests).toContain('@pytest.mark.skip(reason="needs phase N of the master plan")')
  })

  it('carries the guidelines, says what it left out, and marks cross-references', () => {
    expect(text).toContain('#### Keep the test suite green (guideline)')
    expect(text).toMatch(/Progress Tracker — progress tracker/)
    const refs = section(text, '### Cross-references (from elsewhere in the master plan)')
    expect(refs).toContain('the manager introduced in Phase 3')
    expect(section(text, '## Step 5 — Conclude')).toContain(
      'Next phase: **Phase 4 — Provider filter for /models**'
    )
  })

  it('lists what needs clarification instead of guessing, and the status file marks it', () => {
    const unclear = section(text, '## Needs clarification')
    expect(unclear).toContain('`ModelAliasRegistry` is neither in the repository nor declared new')
    expect(unclear).toMatch(/\(step 3\.1\): Marked "TODO"/)
    expect(status).toMatch(/\| `3\.1` \| [^|]+ \| `NEEDS CLARIFICATION` \|/)
    expect(status).toMatch(/\| C\d \| — \| [^|]*ModelAliasRegistry[^|]* \| `NEEDS CLARIFICATION` \|/)
  })

  it('matches the golden documents', () => {
    mkdirSync(GOLDEN, { recursive: true })
    for (const [name, body] of [
      ['example-phase-3-plan.md', text],
      ['example-phase-3-status.md', status]
    ] as const) {
      const path = join(GOLDEN, name)
      if (process.env.UPDATE_GOLDEN === '1') writeFileSync(path, body)
      if (!existsSync(path)) throw new Error(`Missing golden file ${path}: run with UPDATE_GOLDEN=1 once.`)
      expect(body).toBe(readFileSync(path, 'utf8'))
    }
  })
})

describe('status refresh from evidence', () => {
  it('moves a step to IN PROGRESS when what it removes is gone, and rewrites only the status', async () => {
    const repo = copyExample()
    try {
      const before = await plan(repo.dir, '3', true)
      expect(before.outcome).toBe('status-refreshed')
      expect(before.plan).toBeUndefined()
      expect(before.status?.text).toMatch(/\| `3\.3` \| [^|]+ \| `NOT STARTED` \|/)
      const api = join(repo.dir, 'llm_router', 'api.py')
      writeFileSync(
        api,
        readFileSync(api, 'utf8').replace('def resolve_provider_for_model(', 'def _resolve_old(')
      )
      const after = await plan(repo.dir, '3', true)
      expect(after.status?.text).toMatch(
        /\| `3\.3` \| [^|]+ \| `IN PROGRESS` \| [^|]*ChatCompletionApi\.resolve_provider_for_model removed/
      )
      expect(skippedGate('pytest').green).toBe(true)
    } finally {
      repo.remove()
    }
  })
})
