/**
 * The documents do not depend on the front end: for the same repository at the same commit, the same
 * master plan, phase, test command and actor, the shipped CLI (dist/cli/index.js) and the shipped Action
 * (dist/index.js, against the local GitHub server) write the same plan and the same status, byte for
 * byte. Only the run's own clock may differ (the status's generated-at and the suite's duration), and
 * those are compared as shapes. Replies, summaries and messages are each front end's own.
 */
import { execFile } from 'node:child_process'
import { readFileSync } from 'node:fs'
import { join } from 'node:path'
import { PROJECT_ROOT } from '../support/example-repo.js'
import { expectNoViolations } from '../support/github-server/index.js'
import { RED_TEST } from '../support/temp.js'
import { OWNER, PLAN, REPO, STATUS, startWorld, type World } from '../support/world.js'

const CLI = join(PROJECT_ROOT, 'dist', 'cli', 'index.js')
const TEST_COMMAND = 'python3 -m pytest -p no:cacheprovider'
const ACTOR = 'maintainer'
const BRANCH = 'plan-phase/phase-3'

const GENERATED_AT = /^\| Generated at \| \d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d{3}Z \|$/gm
/** The gate table's data row: five counts, then the duration. */
const DURATION = /^(\| [^|\n]+(?: \| (?:\d+|—)){5} \|) \d[^|\n]* \|$/gm

/** The document with the clock's two values masked; each must be there, in its shape, exactly once. */
function withoutClock(document: string, kind: 'plan' | 'status'): string {
  const masked = document.replace(DURATION, '$1 <duration> |')
  expect(masked.match(/<duration>/g)).toHaveLength(1)
  if (kind === 'plan') return masked
  const stamped = masked.replace(GENERATED_AT, '| Generated at | <time> |')
  expect(stamped.match(/<time>/g)).toHaveLength(1)
  return stamped
}

interface Documents {
  readonly plan: string
  readonly status: string
}

function runCli(args: readonly string[]): Promise<{ code: number | null; stderr: string }> {
  return new Promise(resolve => {
    execFile(
      process.execPath,
      [CLI, ...args],
      { env: { PATH: process.env.PATH ?? '', HOME: process.env.HOME ?? '', USER: ACTOR }, timeout: 120_000 },
      (error, _stdout, stderr) =>
        resolve({ code: error ? (typeof error.code === 'number' ? error.code : null) : 0, stderr })
    )
  })
}

/** The same settings for both: the CLI's flags, the Action's inputs. */
interface Settings {
  readonly testCommand: string
  readonly timeoutMinutes?: string
}

async function cliDocuments(world: World, force: boolean, settings: Settings): Promise<Documents> {
  const checkout = world.checkout()
  const result = await runCli([
    '3',
    '--repo',
    checkout,
    '--test-command',
    settings.testCommand,
    ...(settings.timeoutMinutes ? ['--test-timeout-minutes', settings.timeoutMinutes] : []),
    ...(force ? ['--force'] : [])
  ])
  expect({ code: result.code, stderr: result.stderr }).toEqual({ code: 0, stderr: expect.any(String) })
  return {
    plan: readFileSync(join(checkout, PLAN), 'utf8'),
    status: readFileSync(join(checkout, STATUS), 'utf8')
  }
}

/** `/plan-phase 3` on a new issue: the action opens a pull request whose branch holds the documents. */
async function actionDocuments(world: World, force: boolean, settings: Settings): Promise<Documents> {
  const state = world.server.state
  const issue = state.createIssue({ owner: OWNER, repo: REPO, title: 'Plan phase 3', user: ACTOR })
  const payload = world.comment(issue.number, {
    body: `/plan-phase 3${force ? ' --force' : ''}`,
    login: ACTOR
  })
  const inputs = {
    'test-command': settings.testCommand,
    ...(settings.timeoutMinutes ? { 'test-timeout-minutes': settings.timeoutMinutes } : {})
  }
  const result = await world.runOnComment(payload, world.checkout(), { inputs })
  expect({ code: result.code, stderr: result.stderr }).toEqual({ code: 0, stderr: '' })
  expectNoViolations(world.server)
  const read = (path: string): string => {
    const text = state.readFile(OWNER, REPO, BRANCH, path)
    if (text === undefined) throw new Error(`The action delivered no ${path} on ${BRANCH}.\n${result.stdout}`)
    return text
  }
  return { plan: read(PLAN), status: read(STATUS) }
}

async function bothFrontEnds(
  extraFiles: Record<string, string>,
  force: boolean,
  settings: Settings = { testCommand: TEST_COMMAND }
) {
  const world = await startWorld(extraFiles)
  try {
    // One after the other: both run the suite, and the machine's cores are shared.
    const cli = await cliDocuments(world, force, settings)
    const action = await actionDocuments(world, force, settings)
    return { cli, action, commit: world.server.state.branchHead(OWNER, REPO, 'main') ?? '' }
  } finally {
    await world.close()
  }
}

describe('the CLI and the Action write the same documents', () => {
  it('for a green gate', async () => {
    const { cli, action, commit } = await bothFrontEnds({}, false)
    expect(cli.plan).toContain(`Tested commit | \`${commit}\``)
    expect(cli.plan).toMatch(/\| ✅ passed \| 26 \| 0 \| 0 \| 0 \| 26 \|/)
    expect(withoutClock(action.plan, 'plan')).toBe(withoutClock(cli.plan, 'plan'))
    expect(withoutClock(action.status, 'status')).toBe(withoutClock(cli.status, 'status'))
  })

  it('for a red gate overridden with --force by the same person', async () => {
    const { cli, action } = await bothFrontEnds(RED_TEST, true)
    expect(cli.plan).toContain(`\`${ACTOR}\` overrode the gate with \`--force\``)
    expect(cli.status).toContain(`\`${ACTOR}\` overrode it with \`--force\``)
    expect(cli.plan).toContain('test_red')
    expect(withoutClock(action.plan, 'plan')).toBe(withoutClock(cli.plan, 'plan'))
    expect(withoutClock(action.status, 'status')).toBe(withoutClock(cli.status, 'status'))
  })

  it('for a gate forced past its timeout, whose summary names a setting', async () => {
    const settings = { testCommand: 'sleep 60', timeoutMinutes: '0.02' }
    const { cli, action } = await bothFrontEnds({}, true, settings)
    expect(cli.status).toContain('⏱️ timed out')
    expect(cli.status).toContain('raise `test-timeout-minutes` if it needs longer')
    expect(withoutClock(action.plan, 'plan')).toBe(withoutClock(cli.plan, 'plan'))
    expect(withoutClock(action.status, 'status')).toBe(withoutClock(cli.status, 'status'))
  })
})
