/**
 * The embedded example's phase 3 plan shows every feature the product promises; the documents are
 * also kept as golden files (UPDATE_GOLDEN=1 rewrites them after a deliberate change).
 */
import { existsSync, mkdirSync, readFileSync, renameSync, writeFileSync } from 'node:fs'
import { join } from 'node:path'
import { createLocalExec } from '../../src/adapters/local-exec.js'
import { openWorkspace } from '../../src/adapters/workspace.js'
import { skippedGate } from '../../src/gate/result.js'
import { planPhase, type PlanningResult } from '../../src/planning.js'
import { silentReporter } from '../../src/reporter.js'
import { callerOrigins } from '../../src/settings/setting-names.js'
import { DEFAULTS } from '../../src/settings/settings.js'
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

  it('grounds Step 3 in the repository: the files the phase touches, and where each target is now', () => {
    const step3 = section(text, '## Step 3 — Review the codebase')
    expect(step3).toMatch(/\| `llm_router\/provider_manager\.py` \| to be created \| create/)
    expect(step3).toMatch(/\| `llm_router\/api\.py` \| exists \| rename to `llm_router\/client\.py`/)
    expect(step3).toMatch(
      /\| `llm_router\/commands\.py` \| exists \| [^\n]*uses [^\n]*`ChatCompletionApi\.resolve_provider_for_model` \(3\.3\)/
    )
    expect(step3).toMatch(/\| `ProviderManager` \| 3\.1 \| create \| new in this phase \|/)
    expect(step3).toMatch(
      /\| `ChatCompletionApi\.resolve_provider_for_model` \| 3\.3 \| remove \| `llm_router\/api\.py:60` \| \d+ uses in \d+ files/
    )
    expect(step3).toMatch(/\| `split_model_string` \| 3\.2 \| move → `llm_router\/provider_manager\.py` \|/)
    expect(step3).toMatch(
      /\| `CommandHandler\.__init__` \| 3\.4 \| change signature \| `llm_router\/commands\.py:19` \|/
    )
    // Only what the phase touches: the guidelines' files are not listed.
    expect(step3).not.toContain('pyproject.toml')
  })

  it('gives stable sub-step ids with the files and targets each touches', () => {
    expect(text).toContain('#### 3.1 Create the ProviderManager class')
    expect(text).toMatch(
      /#### 3\.3 Remove resolution from ChatCompletionApi\n\n_files: [^\n]*`llm_router\/api\.py`[^\n]*targets: [^\n]*`ChatCompletionApi\.resolve_provider_for_model` \(remove; `llm_router\/api\.py:60`\)/
    )
    for (const id of ['3.1', '3.2', '3.3', '3.4', '3.5', '3.6']) expect(status).toContain(`| \`${id}\` |`)
  })

  it('writes into each sub-step the callers it breaks, as file:line with what to do', () => {
    const step33 = text.slice(text.indexOf('#### 3.3 '), text.indexOf('#### 3.4 '))
    expect(step33).toContain(
      '- `llm_router/commands.py:43` `provider, long_name = self.api.resolve_provider_for_model(argument)` — stop using `ChatCompletionApi.resolve_provider_for_model`: it is removed (step 3.3)'
    )
    expect(step33).toMatch(
      /- `llm_router\/main\.py:48` `api = ChatCompletionApi\(config\.providers[^`]*` — pass what the new signature asks for/
    )
    const step35 = text.slice(text.indexOf('#### 3.5 '), text.indexOf('#### Step 3.6'))
    for (const importer of [
      'llm_router/__init__.py:3',
      'llm_router/commands.py:5',
      'llm_router/main.py:9',
      'tests/conftest.py:9'
    ])
      expect(step35).toContain(
        `- \`${importer}\` \`from llm_router.api import ChatCompletionApi\` — import \`llm_router.client\` instead`
      )
    // A use inside a method the phase removes goes away with it.
    expect(text).not.toContain('`llm_router/api.py:66`')
  })

  it('keeps line references, re-grounded where the code moved, and asks about the stale one', () => {
    expect(text).toContain('(see `llm_router/api.py:60` (the master plan says 42))')
    expect(section(text, '## Needs clarification')).toMatch(
      /\(step 3\.3\): `llm_router\/api\.py:42` is stale: `ChatCompletionApi\.resolve_provider_for_model` is at `llm_router\/api\.py:60` now/
    )
  })

  it('names the tests a developer would write: per module, per behaviour, the master plan’s own names first', () => {
    const tests = section(text, '### Test requirements')
    expect(tests).toContain('Write each test first, run it and see it fail')
    expect(tests).toContain('#### `tests/test_provider_manager.py` — new test module')
    expect(tests).toMatch(/\| `test_split_model_string` \| 3\.2 \| moved here from `tests\/test_api\.py` \|/)
    expect(tests).toMatch(/\| `test_contains_is_case_insensitive` \| 3\.6 \| `"OpenAI" in manager` is true/)
    // The module the phase renames gets its tests under the new name; a removal has one test, never a "still works" one.
    expect(tests).toContain('#### `tests/test_client.py` — new test module')
    expect(tests).toMatch(
      /\| `test_resolve_provider_for_model_is_removed` \| 3\.3 \| `ChatCompletionApi\.resolve_provider_for_model` is gone/
    )
    expect(tests).not.toMatch(/still does what it did|behaves_as_planned/)
  })

  it('lists the existing tests expected to fail by id, each with what to do', () => {
    const failing = section(text, '#### Existing tests expected to fail')
    expect(failing).toContain(
      '- `tests/test_api.py::test_resolve_provider_for_model_by_alias` — uses `ChatCompletionApi.resolve_provider_for_model` (removed) at line 20. **Update it**'
    )
    expect(failing).toContain(
      '- `tests/test_api.py` — imports `split_model_string` at line 3: every test in the module fails to import.'
    )
    expect(failing).toMatch(
      /- `tests\/test_commands\.py::test_providers_command` — uses `CommandHandler\.__init__` \(changed\)/
    )
  })

  it('carries the guidelines whole, quotes what names the phase elsewhere, and marks cross-references', () => {
    expect(text).toMatch(/#### Keep the test suite green \(lines \d+–\d+\)/)
    expect(section(text, '## Step 1 — Read the master plan')).toMatch(
      /- Guiding Principles › Keep the test suite green \(lines \d+–\d+\) — a guideline for every phase/
    )
    const elsewhere = section(text, '### From elsewhere in the master plan')
    expect(elsewhere).toContain('_Key Design Decisions › The manager owns resolution, the client owns HTTP:_')
    expect(elsewhere).toContain('the manager introduced in Phase 3')
    // Sections that say nothing about this phase's work are not copied.
    expect(text).not.toContain('Out of scope: streaming, retries')
    expect(section(text, '## Step 5 — Conclude')).toContain(
      'Next phase: **Phase 4 — Provider filter for /models**'
    )
  })

  it('lists what needs clarification instead of guessing, and the status file marks it', () => {
    const unclear = section(text, '## Needs clarification')
    expect(unclear).toContain('The name `ModelAliasRegistry` is defined nowhere')
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
  it('moves a step to IN PROGRESS when a file it renames has its new name, and rewrites only the status', async () => {
    const repo = copyExample()
    try {
      const before = await plan(repo.dir, '3', true)
      expect(before.outcome).toBe('status-refreshed')
      expect(before.plan).toBeUndefined()
      expect(before.status?.text).toMatch(/\| `3\.5` \| [^|]+ \| `NOT STARTED` \| 0\/2 checks/)
      renameSync(join(repo.dir, 'llm_router', 'api.py'), join(repo.dir, 'llm_router', 'client.py'))
      const after = await plan(repo.dir, '3', true)
      expect(after.status?.text).toMatch(
        /\| `3\.5` \| [^|]+ \| `IN PROGRESS` \| 1\/2 checks: llm_router\/api\.py now llm_router\/client\.py \|/
      )
      expect(skippedGate('pytest').green).toBe(true)
    } finally {
      repo.remove()
    }
  })
})
