/**
 * The repository is read and the phase analysed while the test suite runs, so that once the suite ends
 * only the documents are left to write; what the suite leaves in the work tree is not part of the plan's
 * view of the repository; and a red gate stays the news however the reading went.
 */
import { execFileSync } from 'node:child_process'
import { createLocalExec } from '../../src/adapters/local-exec.js'
import type { Exec } from '../../src/adapters/exec.js'
import { openWorkspace, type Workspace } from '../../src/adapters/workspace.js'
import { planPhase, type PlanningResult } from '../../src/planning.js'
import { silentReporter, type Reporter } from '../../src/reporter.js'
import { callerOrigins } from '../../src/settings/setting-names.js'
import { DEFAULTS } from '../../src/settings/settings.js'
import { copyExample, type TempRepo } from '../support/example-repo.js'

const PYTHON = 'python3'
/** A suite that passes and leaves an untracked Python module behind, as generated code or fixtures can. */
const LEAVES_A_MODULE = `${PYTHON} -c "open('llm_router/left_by_suite.py', 'w').write('class LeftBySuite: pass')"`

interface Run {
  readonly result?: PlanningResult
  readonly error?: unknown
  readonly infos: readonly string[]
}

async function plan(
  repo: TempRepo,
  testCommand: string,
  wrap: { workspace?: (w: Workspace) => Workspace; exec?: (e: Exec) => Exec } = {}
): Promise<Run> {
  const infos: string[] = []
  const reporter: Reporter = { ...silentReporter, info: message => void infos.push(message) }
  const workspace = await openWorkspace(repo.dir)
  const exec = createLocalExec()
  try {
    const result = await planPhase(
      {
        phase: '3',
        masterPlanPath: DEFAULTS.masterPlanPath,
        planPathTemplate: DEFAULTS.planPathTemplate,
        statusPathTemplate: DEFAULTS.statusPathTemplate,
        testCommand,
        testTimeoutMinutes: 1,
        gate: true,
        force: false,
        statusOnly: false,
        origins: callerOrigins('cli')
      },
      {
        workspace: wrap.workspace ? wrap.workspace(workspace) : workspace,
        exec: wrap.exec ? wrap.exec(exec) : exec,
        reporter,
        now: () => new Date('2026-01-02T03:04:05.000Z'),
        tempDir: repo.dir,
        env: { PATH: process.env.PATH ?? '' }
      }
    )
    return { result, infos }
  } catch (error) {
    return { error, infos }
  }
}

function trackedFiles(dir: string): number {
  return execFileSync('git', ['ls-files'], { cwd: dir, encoding: 'utf8' }).split('\n').filter(Boolean).length
}

describe('planning while the test suite runs', () => {
  let repo: TempRepo
  beforeEach(() => {
    repo = copyExample({ git: true })
  })
  afterEach(() => repo.remove())

  it('reads the repository while the suite is still running', async () => {
    let listed!: () => void
    const listing = new Promise<void>(resolve => (listed = resolve))
    // The suite ends only once the repository has been listed: planning that waited for the suite
    // before reading the repository would never get there, and the bound below says so.
    const run = await plan(repo, 'true', {
      workspace: workspace => ({
        ...workspace,
        files: async () => {
          listed()
          return workspace.files()
        }
      }),
      exec: exec => ({
        run: async request => {
          const waited = await Promise.race([
            listing.then(() => true),
            new Promise<boolean>(resolve => setTimeout(() => resolve(false), 10_000).unref())
          ])
          if (!waited) throw new Error('the repository was not read while the suite ran')
          return exec.run(request)
        }
      })
    })
    expect(run.error).toBeUndefined()
    expect(run.result?.outcome).toBe('planned')
    expect(run.result?.gate.green).toBe(true)
  })

  it('does not count what the suite leaves in the work tree as the repository', async () => {
    const files = trackedFiles(repo.dir)
    const run = await plan(repo, LEAVES_A_MODULE)
    expect(run.result?.outcome).toBe('planned')
    // The suite did leave it: the repository as planned is the one it was given.
    expect(execFileSync('git', ['status', '--porcelain'], { cwd: repo.dir, encoding: 'utf8' })).toContain(
      'left_by_suite.py'
    )
    expect(run.infos.find(line => line.startsWith('Repository:'))).toMatch(
      new RegExp(`^Repository: ${files} file`)
    )
  })

  it('answers a red gate as a red gate when reading the repository failed meanwhile', async () => {
    const broken = (workspace: Workspace): Workspace => ({
      ...workspace,
      files: () => Promise.reject(new Error('the disk went away'))
    })
    const red = await plan(repo, 'false', { workspace: broken })
    expect(red.error).toBeUndefined()
    expect(red.result?.outcome).toBe('red-gate')
    expect(red.result?.plan).toBeUndefined()
    // With a green suite the same failure is the run's error: nothing is planned from half a reading.
    const green = await plan(repo, 'true', { workspace: broken })
    expect(String(green.error)).toContain('the disk went away')
    expect(green.result).toBeUndefined()
  })

  it('reports the gate before what it found in the repository, outside the suite’s output', async () => {
    const run = await plan(repo, 'true')
    const gate = run.infos.findIndex(line => line.startsWith('Test gate:'))
    const repository = run.infos.findIndex(line => line.startsWith('Repository:'))
    expect(gate).toBeGreaterThanOrEqual(0)
    expect(repository).toBeGreaterThan(gate)
  })
})
