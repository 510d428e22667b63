/**
 * The master plan parser as shipped (dist/plan-parser/index.js, a worker thread): pathological markdown
 * fails fast with the limit it ran into, before the gate; a normal plan reads exactly as it does
 * in-thread. Real master plans from ../shared/corpus are compared too when they are there.
 */
import { execFileSync, spawnSync } from 'node:child_process'
import { existsSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { dirname, join } from 'node:path'
import { CancelledError } from '../../src/cancellation.js'
import { UserError } from '../../src/errors.js'
import { phaseIds, UnknownPhaseError } from '../../src/master-plan/lookup.js'
import { buildModel } from '../../src/master-plan/outline.js'
import { checkedParse } from '../../src/plan-parser/checked-parse.js'
import { DEFAULT_PARSE_LIMITS, parseBudgetMs } from '../../src/plan-parser/limits.js'
import { parseMasterPlan } from '../../src/plan-parser/parse-master-plan.js'
import { EXAMPLE_DIR, EXAMPLE_MASTER_PLAN, PROJECT_ROOT } from '../support/example-repo.js'
import { expectNoViolations, workflowDispatchPayload } from '../support/github-server/index.js'
import { isWrite } from '../support/github-server/server.js'
import { OWNER, REPO, startWorld } from '../support/world.js'

const WORKER = join(PROJECT_ROOT, 'dist', 'plan-parser', 'index.js')
const CLI = join(PROJECT_ROOT, 'dist', 'cli', 'index.js')
const CORPUS = join(PROJECT_ROOT, '..', 'shared', 'corpus')
const PATH = 'admin/refactor-providers/master_plan.md'

/** `*a` repeated: every `*` stays open, and remark's work grows with the square of their number. */
function unmatchedEmphasis(kilobytes: number): string {
  return `# Plan\n\n## Phase 1: Setup\n\n${'*a'.repeat(kilobytes * 500)}\n\n## Phase 2: Next\n\nDone.\n`
}

/** Block quotes nested `depth` deep on one line. */
function deepQuote(depth: number): string {
  return `# Plan\n\n## Phase 1: Setup\n\n${'>'.repeat(depth)} deep\n`
}

async function failure(promise: Promise<unknown>): Promise<{ error: unknown; ms: number }> {
  const started = Date.now()
  try {
    await promise
  } catch (error: unknown) {
    return { error, ms: Date.now() - started }
  }
  throw new Error('expected the parse to fail')
}

const read = (text: string, phase = '1', limits = DEFAULT_PARSE_LIMITS) =>
  parseMasterPlan(text, { phase, path: PATH, workerFile: WORKER, limits })

describe('the master plan parser in its worker thread', () => {
  it('reads the example exactly as the in-thread parse does: model and phase content', async () => {
    const text = readFileSync(join(EXAMPLE_DIR, EXAMPLE_MASTER_PLAN), 'utf8')
    const inThread = checkedParse({ text, phase: '3', path: PATH, nestingColumns: 1000 })
    expect(inThread.kind).toBe('read')
    const session = await read(text, '3')
    session.close()
    const reading = { model: session.model, content: session.content }
    expect(reading).toEqual(inThread.kind === 'read' ? inThread.reading : undefined)
    // Objects shared between the model and the content stay shared after crossing the thread boundary.
    const unit = reading.content.units[0]
    expect(reading.model.blocks.some(block => block.units.includes(unit as never))).toBe(true)
  })

  const corpus = existsSync(CORPUS) ? readdirSync(CORPUS).filter(name => name.endsWith('.md')) : []
  ;(corpus.length > 0 ? it : it.skip)(
    'reads every real master plan of the corpus as the in-thread parse does',
    async () => {
      for (const name of corpus) {
        const text = readFileSync(join(CORPUS, name), 'utf8')
        const phase = phaseIds(buildModel(text))[0]
        if (phase === undefined) continue
        // Without a reader the worker's second round gets every linked file as unreadable; so does this one.
        const first = checkedParse({ text, phase, path: name, nestingColumns: 1000 })
        const inThread =
          first.kind === 'needs-files'
            ? checkedParse({
                text,
                phase,
                path: name,
                nestingColumns: 1000,
                files: first.paths.map(path => [path, undefined] as const)
              })
            : first
        const session = await parseMasterPlan(text, { phase, path: name, workerFile: WORKER })
        session.close()
        const reading = { model: session.model, content: session.content }
        expect({ name, reading }).toEqual({
          name,
          reading: inThread.kind === 'read' ? inThread.reading : inThread
        })
      }
    }
  )

  it('an unknown phase is the same UnknownPhaseError as in-thread, with the phases found', async () => {
    const text = readFileSync(join(EXAMPLE_DIR, EXAMPLE_MASTER_PLAN), 'utf8')
    const inThread = checkedParse({ text, phase: '9', path: PATH, nestingColumns: 1000 })
    const { error } = await failure(read(text, '9'))
    expect(error).toBeInstanceOf(UnknownPhaseError)
    expect(inThread.kind).toBe('unknown-phase')
    if (inThread.kind !== 'unknown-phase' || !(error instanceof UnknownPhaseError)) return
    expect(error.message).toBe(inThread.message)
    expect(error.phases).toEqual(inThread.phases)
  })

  it('120 KB of unmatched emphasis stops at the time budget, with a message that names it', async () => {
    const text = unmatchedEmphasis(120)
    const budget = parseBudgetMs(Buffer.byteLength(text))
    const { error, ms } = await failure(read(text))
    expect(error).toBeInstanceOf(UserError)
    expect((error as Error).message).toContain(`took longer than its time budget of ${budget / 1000} s`)
    expect((error as Error).message).toContain('thousands of unmatched `*`')
    // The budget, not a crash, and not minutes: remark alone would take over half a minute here.
    expect(ms).toBeGreaterThanOrEqual(budget - 100)
    expect(ms).toBeLessThan(budget + 5000)
  })

  it('block quotes nested 5,000 deep are refused by the nesting budget before any parsing', async () => {
    const { error, ms } = await failure(read(deepQuote(5000)))
    expect(error).toBeInstanceOf(UserError)
    expect((error as Error).message).toBe(
      `The master plan ${PATH} nests too deep: line 5 starts with 5001 columns of indentation and list or quote ` +
        'markers, over the nesting budget of 1000. Simplify that part of the master plan (input `master-plan`): ' +
        'flatten the nesting.'
    )
    expect(ms).toBeLessThan(5000)
  })

  it('a plan too big for the heap cap ends with the memory budget named', async () => {
    const section = readFileSync(join(EXAMPLE_DIR, EXAMPLE_MASTER_PLAN), 'utf8').replace(/^# .*$/m, '')
    const text = `# Plan\n\n${section.repeat(200)}`
    const { error } = await failure(read(text, '3', { ...DEFAULT_PARSE_LIMITS, heapMb: 16 }))
    expect(error).toBeInstanceOf(UserError)
    expect((error as Error).message).toContain('needed more than its memory budget of 16 MB')
  })

  it('stops the parse at once when the job is cancelled', async () => {
    const cancel = new AbortController()
    const parsing = parseMasterPlan(unmatchedEmphasis(120), {
      phase: '1',
      path: PATH,
      workerFile: WORKER,
      signal: cancel.signal
    })
    setTimeout(() => cancel.abort(), 300)
    const { error, ms } = await failure(parsing)
    expect(error).toBeInstanceOf(CancelledError)
    expect(ms).toBeLessThan(2000)
  })
})

describe('the shipped bundles on a pathological master plan', () => {
  const dirs: string[] = []
  afterAll(() => {
    for (const dir of dirs) rmSync(dir, { recursive: true, force: true })
  })

  it('dist/cli/index.js refuses deep nesting with the named limit and exit code 1', () => {
    const repo = mkdtempSync(join(tmpdir(), 'plan-phase-deep-'))
    dirs.push(repo)
    mkdirSync(dirname(join(repo, PATH)), { recursive: true })
    writeFileSync(join(repo, PATH), `# Plan\n\n## Phase 1: Setup\n\n${'- '.repeat(3000)}deep\n`)
    execFileSync('git', ['init', '-q'], { cwd: repo })
    const run = spawnSync(process.execPath, [CLI, '1', '--repo', repo, '--no-gate', '--dry-run'], {
      encoding: 'utf8',
      timeout: 30_000
    })
    expect(run.status).toBe(1)
    expect(run.stderr).toContain(`The master plan ${PATH} nests too deep: line 5 starts with 6000 columns`)
    expect(run.stdout).toBe('')
  })

  it('dist/index.js stops at the time budget before the gate runs: failed, nothing written', async () => {
    const world = await startWorld()
    try {
      const workspace = world.checkout()
      writeFileSync(join(workspace, PATH), unmatchedEmphasis(120))
      const marker = join(workspace, 'GATE_RAN')
      const started = Date.now()
      const result = await world.run({
        eventName: 'workflow_dispatch',
        payload: workflowDispatchPayload({ owner: OWNER, repo: REPO, inputs: { phase: '1' } }),
        workspace,
        inputs: { 'test-command': `touch ${marker}` }
      })
      expect(Date.now() - started).toBeLessThan(30_000)
      expect(result.code).toBe(1)
      expect(result.outputs.outcome).toBe('failed')
      expect(result.stdout).toMatch(
        /^::error::failed: Reading the master plan .* took longer than its time budget/m
      )
      expect(result.summary).toContain('took longer than its time budget')
      expect(existsSync(marker)).toBe(false)
      expect(world.server.requests.filter(isWrite)).toEqual([])
      expectNoViolations(world.server)
    } finally {
      await world.close()
    }
  })
})
