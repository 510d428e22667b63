/**
 * While the master plan is parsed (in its own thread, in the action), this thread lists the repository and
 * parses the modules grounding will read; it stops once the parse is in, and the plan is the same.
 */
import { openWorkspace, type Workspace } from '../../src/adapters/workspace.js'
import { createLocalExec } from '../../src/adapters/local-exec.js'
import { python } from '../../src/grounding/index.js'
import { parseAhead } from '../../src/grounding/parse-ahead.js'
import { parseMasterPlan, type ParserSession } from '../../src/plan-parser/parse-master-plan.js'
import { planPhase, type PlanningResult } from '../../src/planning.js'
import { silentReporter } from '../../src/reporter.js'
import { callerOrigins } from '../../src/settings/setting-names.js'
import { DEFAULTS } from '../../src/settings/settings.js'
import type { EarlyMasterPlan } from '../../src/early-master-plan.js'
import { copyExample, type TempRepo } from '../support/example-repo.js'

const WAIT_MS = 10_000

async function plan(workspace: Workspace, earlyMasterPlan?: EarlyMasterPlan): Promise<PlanningResult> {
  return planPhase(
    {
      phase: '3',
      masterPlanPath: DEFAULTS.masterPlanPath,
      planPathTemplate: DEFAULTS.planPathTemplate,
      statusPathTemplate: DEFAULTS.statusPathTemplate,
      testCommand: 'true',
      // No gate: its measured duration would differ between the two plans compared.
      testTimeoutMinutes: 1,
      gate: false,
      force: false,
      statusOnly: false,
      origins: callerOrigins('cli')
    },
    {
      workspace,
      exec: createLocalExec(),
      reporter: silentReporter,
      now: () => new Date('2026-01-02T03:04:05.000Z'),
      tempDir: workspace.root,
      env: { PATH: process.env.PATH ?? '' },
      ...(earlyMasterPlan ? { earlyMasterPlan } : {})
    }
  )
}

describe('parsing the repository while the master plan is parsed', () => {
  let repo: TempRepo
  beforeEach(() => {
    repo = copyExample({ git: true })
  })
  afterEach(() => repo.remove())

  it('reads the repository’s modules before the master plan’s parse is in, and plans the same', async () => {
    const workspace = await openWorkspace(repo.dir)
    const read: string[] = []
    let moduleRead!: () => void
    const firstModule = new Promise<void>(resolve => (moduleRead = resolve))
    const watched: Workspace = {
      ...workspace,
      readRepositoryFile: async path => {
        read.push(path)
        if (path.endsWith('.py')) moduleRead()
        return workspace.readRepositoryFile(path)
      }
    }
    // The parse is handed over only once a module has been read: a run that read the repository only
    // after the parse would never get there, and the bound below says so.
    const early: EarlyMasterPlan = {
      take: async wanted => ({
        session: (async (): Promise<ParserSession> => {
          const waited = await Promise.race([
            firstModule.then(() => true),
            new Promise<boolean>(resolve => setTimeout(() => resolve(false), WAIT_MS).unref())
          ])
          if (!waited) throw new Error('the repository was not read while the master plan was parsed')
          return parseMasterPlan(wanted.text, { phase: wanted.phase, path: wanted.path })
        })()
      }),
      discard: () => undefined
    }
    const ahead = await plan(watched, early)
    expect(ahead.outcome).toBe('planned')
    expect(read.some(path => path.endsWith('.py'))).toBe(true)
    const plain = await plan(workspace)
    expect(ahead.plan?.text).toBe(plain.plan?.text)
    expect(ahead.status?.text).toBe(plain.status?.text)
  })

  it('stops at the first file once told, and parses only source files', async () => {
    const workspace = await openWorkspace(repo.dir)
    const { files } = await workspace.files()
    const read: string[] = []
    const reader = (path: string): Promise<string> => {
      read.push(path)
      return workspace.readRepositoryFile(path)
    }
    await parseAhead(files, reader, python, () => read.length >= 2)
    expect(read).toHaveLength(2)
    read.length = 0
    await parseAhead(files, reader, python, () => false)
    expect(read.length).toBeGreaterThan(2)
    expect(read.every(path => python.isSourcePath(path))).toBe(true)
  })
})
