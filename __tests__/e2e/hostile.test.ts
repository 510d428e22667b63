/**
 * dist/index.js against hostile repository content and hostile test suites: master plans that are not
 * Markdown, configuration that tries to leave the repository, outputs that are links, suites that hang,
 * die, flood the log, print workflow commands or reach for credentials, and text that tries to ping,
 * link or close things. Each run must end in a clear result and leave nothing behind that it should not.
 */
import { spawn } from 'node:child_process'
import {
  existsSync,
  mkdirSync,
  readFileSync,
  rmSync,
  symlinkSync,
  truncateSync,
  unlinkSync,
  writeFileSync
} from 'node:fs'
import { dirname, join } from 'node:path'
import { type ActionRun, BUNDLE, failure, parseOutputs, readTree } from '../support/action-process.js'
import { EXAMPLE_DIR } from '../support/example-repo.js'
import {
  expectNoViolations,
  isWrite,
  issueCommentPayload,
  writeEventFile,
  type GitHubServer
} from '../support/github-server/index.js'
import { HIDDEN, LIVE_CLOSING, LIVE_MENTION, liveMarkdown } from '../support/live-markdown.js'
import { isRunning } from '../support/processes.js'
import { removeTempDirs, tempDir } from '../support/temp.js'
import {
  dispatchPayload,
  FAST_GREEN,
  OWNER,
  PLAN,
  REPO,
  startWorld,
  STATUS,
  type World,
  worldForEachTest
} from '../support/world.js'

const MASTER = 'admin/refactor-providers/master_plan.md'
const BRANCH = 'plan-phase/phase-3'

afterAll(removeTempDirs)

/** Every request that is not a read (a GraphQL query reads). */
function writes(server: GitHubServer): string[] {
  return server.requests.filter(isWrite).map(r => `${r.method} ${r.path}`)
}

describe('dist/index.js refuses a master plan that is not a Markdown file in the repository', () => {
  let world: World
  worldForEachTest(created => (world = created), { checkViolations: true })

  const outside = (): string => {
    const file = join(tempDir('plan-phase-outside-'), 'master_plan.md')
    writeFileSync(file, readFileSync(join(EXAMPLE_DIR, MASTER)))
    return file
  }
  const cases: [string, (workspace: string) => void, string][] = [
    ['missing', ws => unlinkSync(join(ws, MASTER)), 'does not exist in the repository'],
    ['empty', ws => writeFileSync(join(ws, MASTER), ''), 'is empty'],
    ['only whitespace', ws => writeFileSync(join(ws, MASTER), '\n \n\t\n'), 'is empty'],
    [
      'binary (NUL bytes)',
      ws => writeFileSync(join(ws, MASTER), Buffer.from([0x23, 0x20, 0x00, 0x01, 0x02, 0x0a])),
      'is a binary file, not Markdown'
    ],
    [
      '50 MB',
      ws => {
        writeFileSync(join(ws, MASTER), '# Master plan\n')
        truncateSync(join(ws, MASTER), 50 * 1024 * 1024)
      },
      'is 50.0 MiB, over the 20.0 MiB limit'
    ],
    [
      'invalid UTF-8',
      ws => writeFileSync(join(ws, MASTER), Buffer.from('# Phase 3: caf\xe9\n', 'latin1')),
      'is not valid UTF-8'
    ],
    [
      'a Git LFS pointer',
      ws =>
        writeFileSync(
          join(ws, MASTER),
          'version https://git-lfs.github.com/spec/v1\noid sha256:4d7a214614ab2935c943f9e0ff69d22eadbb8f32b1258daaa5e2ca24d17e2393\nsize 12345\n'
        ),
      'is a Git LFS pointer, not the file'
    ],
    [
      'a symlink pointing outside the workspace',
      ws => {
        unlinkSync(join(ws, MASTER))
        symlinkSync(outside(), join(ws, MASTER))
      },
      'is a symbolic link that leads outside the repository'
    ],
    [
      'a symlink to /dev/zero',
      ws => {
        unlinkSync(join(ws, MASTER))
        symlinkSync('/dev/zero', join(ws, MASTER))
      },
      'is a symbolic link that leads outside the repository'
    ],
    [
      'a directory',
      ws => {
        unlinkSync(join(ws, MASTER))
        mkdirSync(join(ws, MASTER))
      },
      'is a directory'
    ]
  ]

  it.each(cases)(
    'master plan %s: fails naming the path and the problem, runs nothing',
    async (_, setup, problem) => {
      const workspace = world.checkout()
      setup(workspace)
      const marker = join(workspace, 'GATE_RAN')
      const started = Date.now()
      const result = await world.runOnDispatch({ workspace, inputs: { 'test-command': `touch ${marker}` } })
      expect(Date.now() - started).toBeLessThan(15_000)
      expect(result.code).toBe(1)
      expect(result.outputs.outcome).toBe('failed')
      const line = failure(result.stdout)
      expect(line).toContain('::error::failed: The master plan (the input `master-plan`)')
      expect(line).toContain(MASTER)
      expect(line).toContain(problem)
      expect(result.summary).toContain(problem)
      // The master plan is read before the gate: nothing ran, nothing was written.
      expect(existsSync(marker)).toBe(false)
      expect(writes(world.server)).toEqual([])
      expect(world.server.state.branchHead(OWNER, REPO, BRANCH)).toBeUndefined()
    }
  )
})

describe('dist/index.js refuses a bad .github/plan-phase.yml', () => {
  let world: World
  worldForEachTest(created => (world = created), { checkViolations: true })

  const CONFIG = '.github/plan-phase.yml'
  const cases: [string, string, string[], (ws: string) => void][] = [
    ['malformed YAML', 'master-plan: [unclosed\n', [`${CONFIG} is not valid YAML`], () => undefined],
    [
      'an unknown key',
      'test-comand: pytest -q\n',
      [`${CONFIG}: unknown key "test-comand"`, 'Known keys: master-plan'],
      () => undefined
    ],
    [
      'an unknown key that is an Object.prototype name',
      'constructor: pytest\n',
      [`${CONFIG}: unknown key "constructor"`],
      () => undefined
    ],
    [
      'a wrong type',
      'test-timeout-minutes: soon\n',
      [`${CONFIG}: key "test-timeout-minutes" must be a number, got "soon"`],
      () => undefined
    ],
    [
      'a list where a string belongs',
      'test-command:\n  - pytest\n',
      ['key "test-command" must be a string'],
      () => undefined
    ],
    [
      'master-plan: ../x.md',
      'master-plan: ../x.md\n',
      [`\`master-plan\` in ${CONFIG} "../x.md" leaves the repository through ".."`],
      () => undefined
    ],
    [
      'an absolute master-plan',
      'master-plan: /etc/passwd\n',
      [`\`master-plan\` in ${CONFIG} "/etc/passwd" is not relative to the repository`],
      () => undefined
    ],
    [
      'plan-path escaping the repo',
      'plan-path: docs/../../phase_{phase}.md\n',
      [`\`plan-path\` in ${CONFIG}`, 'leaves the repository'],
      () => undefined
    ],
    [
      'master-plan through a symlinked directory that leads out',
      'master-plan: linked/master_plan.md\n',
      ['master-plan', '"linked/master_plan.md" is a symbolic link that leads outside the repository'],
      ws => {
        const out = tempDir('plan-phase-linked-')
        writeFileSync(join(out, 'master_plan.md'), readFileSync(join(EXAMPLE_DIR, MASTER)))
        symlinkSync(out, join(ws, 'linked'))
      }
    ]
  ]

  it.each(cases)('%s: an error naming the key; nothing written', async (_, yaml, expected, setup) => {
    // The file is read from the default branch, so it is committed there.
    const configured = world.server.state.addCommit(OWNER, REPO, 'main', { [CONFIG]: yaml }, 'Configure')
    const workspace = world.checkout(configured.sha)
    setup(workspace)
    const marker = join(workspace, 'GATE_RAN')
    const result = await world.runOnDispatch({ workspace, inputs: { 'test-command': `touch ${marker}` } })
    expect(result.code).toBe(1)
    expect(result.outputs.outcome).toBe('failed')
    const line = failure(result.stdout)
    for (const text of expected) expect(line).toContain(text)
    expect(existsSync(marker)).toBe(false)
    expect(writes(world.server)).toEqual([])
    expect(world.server.state.branchHead(OWNER, REPO, BRANCH)).toBeUndefined()
  })

  it.each([
    ['plan-path', '.github/workflows/phase_{phase}.yml'],
    ['plan-path', '.git/hooks/phase_{phase}'],
    ['status-path', 'docs/.git/phase_{phase}.md'],
    ['status-path', '.GitHub/Workflows/phase_{phase}.yml']
  ])('%s %s: refused before anything runs or is pushed', async (input, path) => {
    const workspace = world.checkout()
    const marker = join(workspace, 'GATE_RAN')
    const result = await world.runOnDispatch({
      workspace,
      inputs: { 'test-command': `touch ${marker}`, [input]: path }
    })
    expect(result.code).toBe(1)
    expect(result.outputs.outcome).toBe('failed')
    const line = failure(result.stdout)
    expect(line).toContain(`input \`${input}\``)
    expect(line).toMatch(/is inside \.git\/|is under \.github\//)
    expect(existsSync(marker)).toBe(false)
    expect(writes(world.server)).toEqual([])
    expect(world.server.state.branchHead(OWNER, REPO, BRANCH)).toBeUndefined()
  })

  it('working-directory .github with plan-path workflows/…: refused as a write under .github/', async () => {
    const workspace = world.checkout()
    const result = await world.runOnDispatch({
      workspace,
      inputs: { 'working-directory': '.github', 'plan-path': 'workflows/phase_{phase}.yml' }
    })
    expect(result.outputs.outcome).toBe('failed')
    expect(failure(result.stdout)).toContain('is under .github/')
    expect(writes(world.server)).toEqual([])
  })
})

/**
 * The example's master plan with extra one-paragraph phases (letters, e.g. `n` or `t`). `Phase N` alone
 * reads as a placeholder (docs/phases.md rule 8): give `m` too wherever `n` is a phase.
 */
function withPhases(ids: string[]): string {
  const master = readFileSync(join(EXAMPLE_DIR, MASTER), 'utf8')
  const extra = ids.map(id => `### Phase ${id}: Extra phase ${id}\n\nWrite down what phase ${id} does.\n\n`)
  return master.replace('## Key Design Decisions', `${extra.join('')}## Key Design Decisions`)
}

describe('dist/index.js reads .github/plan-phase.yml from the default branch, never from a pull request', () => {
  let world: World
  worldForEachTest(created => (world = created), { checkViolations: true })

  /** conftest.py that proves it ran: pytest imports it before any test. */
  const PWN = 'import pathlib\npathlib.Path(__file__).with_name("PWNED").write_text("ran")\n'
  const CONFIG = '.github/plan-phase.yml'

  /** A maintainer's `/plan-phase n` on a PR whose head holds `config` (and a master plan with phase n). */
  async function commandOnHostilePull(
    config: string
  ): Promise<{ result: ActionRun; main: string | undefined }> {
    const main = world.server.state.branchHead(OWNER, REPO, 'main')
    const pull = world.openPull({ [CONFIG]: config, [MASTER]: withPhases(['m', 'n']) }, 'hostile-config')
    const result = await world.run({
      eventName: 'issue_comment',
      payload: world.comment(pull.number, { body: '/plan-phase n' }),
      workspace: world.checkout(pull.headSha),
      inputs: FAST_GREEN
    })
    return { result, main }
  }

  it('a PR head with `delivery: pull-request` and `branch: "mai{phase}"`: a maintainer’s `/plan-phase n` never moves main', async () => {
    const { result, main } = await commandOnHostilePull('delivery: pull-request\nbranch: "mai{phase}"\n')
    expect(result.code).toBe(0)
    expect(result.outputs).toMatchObject({
      outcome: 'planned',
      phase: 'n',
      'pull-request-operation': 'updated'
    })
    // Main never moved and no other pull request was opened: the documents went onto the PR itself.
    expect(world.server.state.branchHead(OWNER, REPO, 'main')).toBe(main)
    expect(world.server.state.pullRequests(OWNER, REPO)).toHaveLength(1)
    expect(
      world.server.state.files(OWNER, REPO, 'hostile-config')[
        'admin/refactor-providers/action/phase_n_execution_plan.md'
      ]
    ).toContain('Extra phase n')
  })

  it('a PR head choosing paths, the master plan and the command changes nothing; the default branch’s file decides', async () => {
    world.server.state.addCommit(OWNER, REPO, 'main', {
      [CONFIG]: 'status-path: docs/status/phase_{phase}.md\n'
    })
    const { result, main } = await commandOnHostilePull(
      [
        'plan-path: "docs/{phase}/plan.md"',
        'status-path: "admin/{phase}.md"',
        'master-plan: nowhere.md',
        'command: /pwn',
        'base: feature-x'
      ].join('\n')
    )
    expect(result.code).toBe(0)
    expect(result.outputs).toMatchObject({
      outcome: 'planned',
      'plan-path': 'admin/refactor-providers/action/phase_n_execution_plan.md',
      'status-path': 'docs/status/phase_n.md'
    })
    expect(world.server.state.branchHead(OWNER, REPO, 'main')).toBe(main)
    const files = world.server.state.files(OWNER, REPO, 'hostile-config')
    expect(files['docs/status/phase_n.md']).toContain('phase_n_execution_plan.md')
    expect(files['docs/n/plan.md']).toBeUndefined()
    // The settings were read through the API, from the default branch.
    const read = world.server.requestsFor('graphql/repository')[0]?.body as { variables?: unknown }
    expect(read?.variables).toMatchObject({ config: CONFIG })
  })

  it('`permission: read` in the PR head has no effect: a reader’s command is refused and runs nothing', async () => {
    const pull = world.openPull({ [CONFIG]: 'permission: read\n', 'conftest.py': PWN }, 'lower-the-bar')
    const payload = world.comment(pull.number, { login: 'reader' })
    const workspace = world.checkout(pull.headSha)
    const result = await world.run({ eventName: 'issue_comment', payload, workspace })
    expect(result.code).toBe(1)
    expect(result.outputs.outcome).toBe('unauthorised')
    expect(existsSync(join(workspace, 'PWNED'))).toBe(false)
    expect(result.stdout).not.toContain('Test suite')
    expect(failure(result.stdout)).toContain('@reader has read permission')
    expect(world.server.state.branchHead(OWNER, REPO, 'lower-the-bar')).toBe(pull.headSha)
  })

  it('`permission: read` on the default branch is refused: it can only be set in the workflow', async () => {
    world.server.state.addCommit(OWNER, REPO, 'main', { [CONFIG]: 'permission: read\n' })
    const pull = world.openPull({ 'conftest.py': PWN })
    const workspace = world.checkout(pull.headSha)
    const result = await world.run({
      eventName: 'issue_comment',
      payload: world.comment(pull.number, { login: 'reader' }),
      workspace
    })
    expect(result.code).toBe(1)
    expect(existsSync(join(workspace, 'PWNED'))).toBe(false)
    expect(failure(result.stdout)).toContain(
      '.github/plan-phase.yml: "permission" can only be set as an input in the workflow'
    )
    expect(writes(world.server)).toEqual([])
  })

  it('`allow-forks: true` in a fork’s head has no effect: a maintainer’s command on it runs none of the fork’s code', async () => {
    const pull = world.forkPull({ [CONFIG]: 'allow-forks: true\n', 'conftest.py': PWN })
    const payload = world.comment(pull.number)
    const workspace = world.checkout(pull.headSha)
    const result = await world.run({ eventName: 'issue_comment', payload, workspace })
    expect(result.code).toBe(1)
    expect(result.outputs.outcome).toBe('fork-refused')
    expect(existsSync(join(workspace, 'PWNED'))).toBe(false)
    expect(result.stdout).not.toContain('Test suite')
  })

  it('a default-branch file that is a link is refused, not followed', async () => {
    const link = world.server.state.git.putBlob(Buffer.from('../README.md'))
    const main = world.server.state.branchHead(OWNER, REPO, 'main') ?? ''
    const tree = world.server.state.git.applyChanges(world.server.state.git.getCommit(main)?.tree, [
      { path: CONFIG, mode: '120000', type: 'blob', sha: link.sha }
    ])
    const commit = world.server.state.git.putCommit({
      message: 'Link the configuration',
      tree,
      parents: [main],
      author: { name: 'x', email: 'x@example.com', date: '2024-01-01T00:00:00Z' },
      committer: { name: 'x', email: 'x@example.com', date: '2024-01-01T00:00:00Z' },
      verification: { verified: false, reason: 'unsigned', signature: null, payload: null, verified_at: null }
    })
    world.server.state.setRef(world.server.state.repo(OWNER, REPO), 'refs/heads/main', commit.sha)
    const result = await world.runOnDispatch({ workspace: world.checkout(commit.sha), inputs: FAST_GREEN })
    expect(result.code).toBe(1)
    expect(failure(result.stdout)).toContain(`${CONFIG} on the default branch (main) is not a regular file`)
    expect(writes(world.server)).toEqual([])
  })
})

describe('dist/index.js checks every destination with the phase filled in, before the gate', () => {
  let world: World
  beforeEach(async () => {
    world = await startWorld()
    world.server.state.addCommit(OWNER, REPO, 'main', { [MASTER]: withPhases(['b', 's', 't', 'm', 'n']) })
  })
  afterEach(async () => {
    expectNoViolations(world.server)
    await world.close()
  })

  async function refused(
    phase: string,
    inputs: Record<string, string>,
    problem: string,
    prepare: (workspace: string) => void = () => undefined
  ): Promise<void> {
    const workspace = world.checkout()
    prepare(workspace)
    const marker = join(workspace, 'GATE_RAN')
    const result = await world.runOnDispatch({
      phase: phase,
      workspace,
      inputs: { 'test-command': `touch ${marker}`, ...inputs }
    })
    expect(result.code).toBe(1)
    expect(result.outputs.outcome).toBe('failed')
    expect(failure(result.stdout)).toContain(problem)
    expect(existsSync(marker)).toBe(false)
    expect(writes(world.server)).toEqual([])
  }

  it('plan-path ".gi{phase}/plan.md" passes for phase 3 and is refused for phase t (.git/plan.md)', async () => {
    await refused(
      't',
      { 'plan-path': '.gi{phase}/plan.md' },
      'The plan path for phase t, ".git/plan.md", is inside .git/; nothing was run. Change the input `plan-path`.'
    )
  })

  it('status-path ".githu{phase}/status.md" passes for phase 3 and is refused for phase b (.github/)', async () => {
    await refused(
      'b',
      { 'status-path': '.githu{phase}/status.md' },
      'The status file path for phase b, ".github/status.md", is under .github/'
    )
  })

  it('plan-path ".github/workflow{phase}/plan.yml" (a workflow for phase s) is refused for every phase', async () => {
    await refused('s', { 'plan-path': '.github/workflow{phase}/plan.yml' }, 'input `plan-path`')
  })

  it('plan-path through a directory link in the checkout is refused', async () => {
    await refused('3', {}, 'goes through the symbolic link "admin/refactor-providers/action"', workspace => {
      const action = join(workspace, 'admin/refactor-providers/action')
      rmSync(action, { recursive: true, force: true })
      symlinkSync(join(workspace, '.github'), action)
    })
  })

  it.each([
    ['the default branch', { branch: 'mai{phase}' }, 'n', 'is the default branch'],
    ['the base branch', { branch: 'release-{phase}', base: 'release-3' }, '3', 'is the base branch'],
    ['not a valid ref for this phase', { branch: 'plan/{phase}.lock' }, '3', 'ends with ".lock"'],
    ['a ref, not a branch', { branch: 'refs/heads/x{phase}' }, '3', 'is not a branch name']
  ])('plan branch that is %s: refused before the gate', async (_, inputs, phase, problem) => {
    world.server.state.createBranch(OWNER, REPO, 'release-3')
    await refused(phase, inputs, problem)
  })

  it('plan branch that GitHub reports as protected: refused before the gate', async () => {
    world.server.state.createBranch(OWNER, REPO, 'plan-phase/phase-3')
    world.server.state.setProtected(OWNER, REPO, 'plan-phase/phase-3')
    await refused('3', {}, '"plan-phase/phase-3", is protected on GitHub')
    expect(world.server.requestsFor('repos/get-branch').map(r => r.status)).toEqual([200])
  })
})

describe('dist/index.js names documents and branch only by a valid spelling of the phase id', () => {
  let world: World
  worldForEachTest(created => (world = created), { checkViolations: true })

  /** Headings whose text after the phase word tries to leave the directory, break a ref, or pass as ASCII. */
  const HOSTILE = [
    '# Master plan',
    '## Phase 3/../../../x: Escape',
    'Write `escape.md`.',
    '## Phase 3..4: Dots',
    'Write `dots.md`.',
    '## Phase 2\u212A: Kelvin',
    'Write `kelvin.md`.',
    ''
  ].join('\n\n')

  it.each([['3', '3']])(
    'phase %s: the documents and the plan branch are named by %s, inside their directories',
    async (asked, id) => {
      world.server.state.addCommit(OWNER, REPO, 'main', { [MASTER]: HOSTILE })
      const before = Object.keys(world.server.state.files(OWNER, REPO, 'main'))
      const result = await world.runOnDispatch({ phase: asked, inputs: FAST_GREEN })
      expect(result.outputs.outcome).toBe('planned')
      const plan = `admin/refactor-providers/action/phase_${id}_execution_plan.md`
      const status = `admin/status/phase_${id}_execution_plan.md`
      expect(result.outputs).toMatchObject({ phase: id, 'plan-path': plan, 'status-path': status })
      const branch = `plan-phase/phase-${id}`
      const added = Object.keys(world.server.state.files(OWNER, REPO, branch)).filter(
        f => !before.includes(f)
      )
      expect(added.sort()).toEqual([plan, status].sort())
      expect(world.server.requestsFor('git/create-ref').map(r => r.body)).toEqual([
        expect.objectContaining({ ref: `refs/heads/${branch}` })
      ])
    }
  )

  it('phase 2k: a heading with a Kelvin sign (U+212A) is no phase, so nothing is named by it', async () => {
    world.server.state.addCommit(OWNER, REPO, 'main', { [MASTER]: HOSTILE })
    const result = await world.runOnDispatch({ phase: '2k', inputs: FAST_GREEN })
    expect(result.outputs.outcome).toBe('unknown-phase')
    expect(world.server.requestsFor('git/create-ref')).toEqual([])
    expect(writes(world.server)).toEqual([])
  })
})

describe('dist/index.js leaves the local checkout alone', () => {
  let world: World
  worldForEachTest(created => (world = created), { checkViolations: true })

  it.each([
    ['plan path a symlink to a file outside', 'is a symbolic link in the checkout'],
    ['status path a directory', 'is a directory in the checkout']
  ])('%s: refused before the gate, the checkout and the file outside untouched', async (what, problem) => {
    const workspace = world.checkout()
    const target = join(tempDir('plan-phase-target-'), 'precious.md')
    writeFileSync(target, 'precious, not to be overwritten\n')
    if (what.startsWith('plan')) {
      rmSync(join(workspace, PLAN), { force: true })
      mkdirSync(dirname(join(workspace, PLAN)), { recursive: true })
      symlinkSync(target, join(workspace, PLAN))
    } else {
      rmSync(join(workspace, STATUS), { force: true })
      mkdirSync(join(workspace, STATUS), { recursive: true })
      writeFileSync(join(workspace, STATUS, 'keep.txt'), 'keep\n')
    }
    const before = readTree(workspace)
    const marker = join(tempDir('plan-phase-gate-'), 'GATE_RAN')
    const result = await world.runOnDispatch({ workspace, inputs: { 'test-command': `touch ${marker}` } })
    expect(result.code).toBe(1)
    expect(result.outputs.outcome).toBe('failed')
    expect(failure(result.stdout)).toContain(problem)
    expect(existsSync(marker)).toBe(false)
    expect(readFileSync(target, 'utf8')).toBe('precious, not to be overwritten\n')
    expect(readTree(workspace)).toEqual(before)
    expect(writes(world.server)).toEqual([])
    expect(world.server.state.branchHead(OWNER, REPO, BRANCH)).toBeUndefined()
  })

  it('uncommitted local edits to the plan file are neither clobbered nor shipped', async () => {
    const workspace = world.checkout()
    const edited = '# My own notes on phase 3\n\nDo not lose these.\n'
    mkdirSync(dirname(join(workspace, PLAN)), { recursive: true })
    writeFileSync(join(workspace, PLAN), edited)
    const result = await world.runOnDispatch({ workspace, inputs: FAST_GREEN })
    expect(result.code).toBe(0)
    expect(result.outputs.outcome).toBe('planned')
    expect(readFileSync(join(workspace, PLAN), 'utf8')).toBe(edited)
    const shipped = world.server.state.readFile(OWNER, REPO, BRANCH, PLAN) ?? ''
    expect(shipped).toContain('# Phase 3 execution plan')
    expect(shipped).not.toContain('Do not lose these')
  })
})

describe('dist/index.js with a hostile test suite', () => {
  let world: World
  worldForEachTest(created => (world = created), { checkViolations: true })

  /** Runs a suite that must end the gate red; returns the run after the common assertions. */
  async function redGate(command: string, inputs: Record<string, string> = {}, workspace = world.checkout()) {
    const result = await world.runOnDispatch({ workspace, inputs: { 'test-command': command, ...inputs } })
    expect(result.code).toBe(1)
    expect(result.outputs.outcome).toBe('red-gate')
    expect(failure(result.stdout)).toContain('::error::red-gate: The test suite is not green:')
    expect(writes(world.server)).toEqual([])
    expect(world.server.state.branchHead(OWNER, REPO, BRANCH)).toBeUndefined()
    return result
  }

  it('a test command that is not installed: "not found", red gate', async () => {
    const result = await redGate('definitely-not-installed-4242 --flag')
    expect(failure(result.stdout)).toContain(
      'could not be started: `definitely-not-installed-4242` was not found (it is not installed or not on PATH)'
    )
    expect(result.summary).toContain('❓ command not found')
  })

  it('a suite hanging past test-timeout-minutes is killed with its subprocesses', async () => {
    const workspace = world.checkout()
    const pids = join(workspace, 'pids.txt')
    const code = [
      'import os, subprocess, time',
      "child = subprocess.Popen(['sleep', '120'])",
      `open('${pids}', 'w').write(str(os.getpid()) + ' ' + str(child.pid))`,
      'time.sleep(120)'
    ].join('; ')
    const started = Date.now()
    const result = await redGate(`python3 -c "${code}"`, { 'test-timeout-minutes': '0.05' }, workspace)
    expect(Date.now() - started).toBeLessThan(20_000)
    expect(failure(result.stdout)).toContain('The test suite was killed after 0.05 minutes without finishing')
    expect(result.summary).toContain('⏱️ timed out')
    const ids = readFileSync(pids, 'utf8').split(' ').map(Number)
    expect(ids).toHaveLength(2)
    for (const pid of ids) expect(isRunning(pid)).toBe(false)
  })

  it('a suite killed by SIGKILL: "ended by signal SIGKILL", red gate', async () => {
    const result = await redGate(`python3 -c "import os, signal; os.kill(os.getpid(), signal.SIGKILL)"`)
    expect(failure(result.stdout)).toContain('The test suite was ended by signal SIGKILL before it finished.')
    expect(result.summary).toContain('🛑 killed')
  })

  it('non-UTF-8 output: decoded leniently in the log and the summary, red gate', async () => {
    const code = `import sys; sys.stdout.buffer.write(bytes([98, 97, 100, 255, 254, 10])); sys.stdout.flush(); sys.exit(3)`
    const result = await redGate(`python3 -c "${code}"`)
    expect(failure(result.stdout)).toContain('exited with code 3')
    expect(result.stdout).toContain('bad\ufffd')
    expect(result.summary).toContain('bad\ufffd')
    expect(result.summary).toContain('Last lines of the test output')
  })

  it('500 MB of output: the log streams it, memory stays bounded, the summary keeps only a tail', async () => {
    const code = [
      'import sys',
      "block = (b'x' * 1023 + b'\\n') * 1024",
      'w = sys.stdout.buffer.write',
      '[w(block) for _ in range(500)]',
      "w(b'THE-END\\n')",
      'sys.exit(1)'
    ].join('; ')
    const workspace = world.checkout()
    const scratchDir = tempDir('plan-phase-flood-')
    const outputFile = join(scratchDir, 'output')
    const summaryFile = join(scratchDir, 'summary')
    writeFileSync(outputFile, '')
    writeFileSync(summaryFile, '')
    const child = spawn(process.execPath, [BUNDLE], {
      cwd: workspace,
      env: {
        PATH: process.env.PATH ?? '',
        HOME: process.env.HOME ?? scratchDir,
        GITHUB_ACTIONS: 'true',
        GITHUB_EVENT_NAME: 'workflow_dispatch',
        GITHUB_EVENT_PATH: writeEventFile(dispatchPayload(), scratchDir),
        GITHUB_API_URL: world.server.url,
        GITHUB_REPOSITORY: `${OWNER}/${REPO}`,
        GITHUB_WORKSPACE: workspace,
        GITHUB_OUTPUT: outputFile,
        GITHUB_STEP_SUMMARY: summaryFile,
        RUNNER_TEMP: scratchDir,
        INPUT_TOKEN: 'test-token',
        'INPUT_TEST-COMMAND': `python3 -c "${code}"`
      },
      stdio: ['ignore', 'pipe', 'pipe']
    })
    let bytes = 0
    let tail = ''
    child.stdout.on('data', (chunk: Buffer) => {
      bytes += chunk.length
      tail = (tail + chunk.toString('latin1')).slice(-4096)
    })
    child.stderr.resume()
    // VmHWM is the process's peak resident set so far: sampling it now and then cannot miss the peak.
    let peakKiB = 0
    const sample = (): void => {
      try {
        const status = readFileSync(`/proc/${child.pid}/status`, 'utf8')
        peakKiB = Math.max(peakKiB, Number(/VmHWM:\s+(\d+)/.exec(status)?.[1] ?? 0))
      } catch {
        // Gone.
      }
    }
    const sampler = setInterval(sample, 50)
    const started = Date.now()
    const code_ = await new Promise<number | null>((resolve, reject) => {
      const timer = setTimeout(() => {
        child.kill('SIGKILL')
        reject(new Error('the flood run did not finish in 60 s'))
      }, 60_000)
      child.on('exit', () => sample())
      child.on('close', exit => {
        clearTimeout(timer)
        resolve(exit)
      })
    })
    clearInterval(sampler)
    expect(Date.now() - started).toBeLessThan(30_000)
    expect(code_).toBe(1)
    expect(bytes).toBeGreaterThan(500 * 1024 * 1024)
    expect(tail).toContain('THE-END')
    const outputs = parseOutputs(readFileSync(outputFile, 'utf8'))
    expect(outputs.outcome).toBe('red-gate')
    // Everything went through; none of it was kept (node alone is ~50-100 MB resident).
    expect(peakKiB).toBeGreaterThan(0)
    expect(peakKiB * 1024).toBeLessThan(250 * 1024 * 1024)
    const summary = readFileSync(summaryFile, 'utf8')
    expect(summary).toContain('THE-END')
    expect(Buffer.byteLength(summary)).toBeLessThan(200 * 1024)
    expect(writes(world.server)).toEqual([])
  })

  it('the suite sees none of the credentials in the bundle environment', async () => {
    const workspace = world.checkout()
    const dump = join(tempDir('plan-phase-env-'), 'env.json')
    writeFileSync(
      join(workspace, 'tests', 'test_environment.py'),
      `import json, os\n\ndef test_dump_environment():\n    with open(os.environ['PLAN_PHASE_ENV_DUMP'], 'w') as out:\n        json.dump(dict(os.environ), out)\n`
    )
    const secrets = {
      GITHUB_TOKEN: 'ghs_env_secret_1',
      ACTIONS_RUNTIME_TOKEN: 'runtime_secret_2',
      ACTIONS_ID_TOKEN_REQUEST_TOKEN: 'oidc_secret_3',
      ACTIONS_ID_TOKEN_REQUEST_URL: 'https://oidc.example/secret_4'
    }
    const result = await world.runOnDispatch({
      workspace,
      token: 'ghs_input_secret_5',
      inputs: { 'test-command': 'python3 -m pytest -p no:cacheprovider -q tests/test_environment.py' },
      env: { ...secrets, PLAN_PHASE_ENV_DUMP: dump, KEEP_ME: 'kept' }
    })
    expect(result.outputs.outcome).toBe('planned')
    const seen = JSON.parse(readFileSync(dump, 'utf8')) as Record<string, string>
    expect(seen.KEEP_ME).toBe('kept')
    for (const name of [...Object.keys(secrets), 'INPUT_TOKEN']) expect(Object.keys(seen)).not.toContain(name)
    expect(Object.keys(seen).filter(name => name.startsWith('INPUT_'))).toEqual([])
    for (const name of ['GITHUB_OUTPUT', 'GITHUB_STEP_SUMMARY', 'GITHUB_ENV', 'GITHUB_PATH'])
      expect(Object.keys(seen)).not.toContain(name)
    const values = JSON.stringify(seen)
    for (const value of [...Object.values(secrets), 'ghs_input_secret_5']) expect(values).not.toContain(value)
  })

  it('workflow commands printed by the suite stay inert between the gate’s stop-commands markers', async () => {
    const workspace = world.checkout()
    writeFileSync(
      join(workspace, 'tests', 'test_commands.py'),
      [
        'def test_prints_workflow_commands():',
        "    print('::add-mask::x')",
        "    print('::set-output name=outcome::pwned')",
        "    print('::error::pwned')",
        "    print('::stop-commands::abc')",
        "    print('::abc::')",
        "    print('::warning::still-pwned')",
        ''
      ].join('\n')
    )
    const result = await world.runOnDispatch({
      workspace,
      inputs: { 'test-command': 'python3 -m pytest -p no:cacheprovider -q -s tests/test_commands.py' }
    })
    expect(result.outputs.outcome).toBe('planned')
    expect(Object.values(result.outputs)).not.toContain('pwned')
    const stop = /^::stop-commands::([0-9a-f-]{36})$/m.exec(result.stdout)
    expect(stop).not.toBeNull()
    const token = stop?.[1] ?? ''
    expect(token).not.toBe('abc')
    const begin = result.stdout.indexOf(`::stop-commands::${token}\n`)
    const end = result.stdout.indexOf(`\n::${token}::\n`)
    expect(end).toBeGreaterThan(begin)
    for (const printed of [
      '::add-mask::x',
      '::set-output name=outcome::pwned',
      '::error::pwned',
      '::stop-commands::abc',
      '::abc::',
      '::warning::still-pwned'
    ]) {
      const at = result.stdout.indexOf(printed)
      expect(at).toBeGreaterThan(begin)
      expect(at).toBeLessThan(end)
      // Printed once: nothing the action says afterwards repeats it at the start of a line.
      expect(result.stdout.indexOf(printed, end)).toBe(-1)
    }
  })
})

describe('dist/index.js keeps untrusted text inert', () => {
  let world: World
  afterEach(async () => {
    expectNoViolations(world.server)
    await world.close()
  })

  /** HTML plan-phase writes itself: the reply's and the pull request's markers, the run link, the output fold. */
  const OWN_HTML = [
    /^<!-- plan-phase:reply workflow=[^ ]+ phase=3 -->$/,
    /^<!-- plan-phase:pull-request phase=3 -->$/,
    /^<\/?sub>$/,
    /^<details><summary>Last lines of the test output<\/summary>$/,
    /^<\/details>$/
  ]

  it('a phase title, a config path and a failing test that ping, close issues and embed HTML: inert in reply, PR, commit, summary and annotations', async () => {
    const hostileTitle =
      'ProviderManager @octocat closes #41 <img src=x> </details> --> `<img src=t>` ' +
      'Fixes: octo-org/router#42 resolves https://github.com/octo-org/router/issues/43 \u202eevil'
    const master = readFileSync(join(EXAMPLE_DIR, MASTER), 'utf8').replace(
      '### Phase 3: ProviderManager',
      `### Phase 3: ${hostileTitle}`
    )
    expect(master).toContain('@octocat closes #41')
    world = await startWorld({ [MASTER]: master })
    const issue = world.createIssue('Plan')
    const workspace = world.checkout()
    writeFileSync(
      join(workspace, 'tests', 'test_hostile_message.py'),
      'def test_hostile_message():\n' +
        '    assert False, "ask @someone, this fixes #44 <img src=y> `</details>` --> \\u202eevil"\n'
    )
    const planPath = 'docs/`<img src=z>|x/phase_{phase}_plan.md'
    const payload = issueCommentPayload({
      owner: OWNER,
      repo: REPO,
      number: issue.number,
      body: '/plan-phase 3 --force',
      login: 'maintainer',
      state: world.server.state
    })
    const result = await world.run({
      eventName: 'issue_comment',
      payload,
      workspace,
      inputs: {
        'test-command': 'python3 -m pytest -p no:cacheprovider -q tests/test_hostile_message.py',
        'plan-path': planPath
      }
    })
    expect(result.outputs.outcome).toBe('planned')
    const reply = world.server.state
      .comments(OWNER, REPO, issue.number)
      .find(comment => comment.body.includes('plan-phase:reply'))?.body
    const pulls = world.server.state.pullRequests(OWNER, REPO)
    expect(pulls).toHaveLength(1)
    const body = pulls[0]?.body ?? ''
    expect(reply).toBeDefined()
    // The text is there (so the test proves something) ...
    for (const text of [reply ?? '', body, result.summary]) expect(text).toContain('octocat')
    expect(reply).toContain('someone')
    expect(result.summary).toContain('someone')
    expect(reply).toContain('img src=z')
    for (const [where, text] of [
      ['reply', reply ?? ''],
      ['pull request body', body],
      ['job summary', result.summary]
    ] as const) {
      // ... but nothing live once rendered: no HTML but plan-phase's own, no image, no foreign link,
      // and outside code no mention, no closing keyword, no reference to the hostile issues.
      const live = liveMarkdown(text)
      const foreign = live.html.filter(html => !OWN_HTML.some(own => own.test(html.trim())))
      expect({ where, html: foreign, images: live.images }).toEqual({ where, html: [], images: [] })
      expect({
        where,
        links: live.links.filter(url => !url.startsWith('https://github.com/octo-org/router/'))
      }).toEqual({ where, links: [] })
      expect({ where, links: live.links.filter(url => url.includes('/issues/')) }).toEqual({
        where,
        links: []
      })
      const prose = live.text.join('\n')
      expect({ where, mentions: prose.match(/@(octocat|someone)/g) }).toEqual({ where, mentions: null })
      expect({ where, closing: LIVE_CLOSING.test(prose) }).toEqual({ where, closing: false })
      expect({ where, references: prose.match(/#4[1-4]|router#42/g) }).toEqual({ where, references: null })
      expect({ where, hidden: HIDDEN.test(text) }).toEqual({ where, hidden: false })
    }
    // The path is shown whole in the reply's table, not split into cells.
    expect(liveMarkdown(reply ?? '').code).toContain('docs/`<img src=z>|x/phase_3_plan.md')
    // Plain-text fields: a title and a commit message close and ping nothing.
    const branchHead = world.server.state.branchHead(OWNER, REPO, BRANCH) ?? ''
    const message = world.server.state.git.getCommit(branchHead)?.message ?? ''
    for (const [where, text] of [
      ['pull request title', pulls[0]?.title ?? ''],
      ['commit message', message]
    ] as const) {
      expect(text).toContain('octocat')
      expect({ where, closing: LIVE_CLOSING.test(text), mention: LIVE_MENTION.test(text) }).toEqual({
        where,
        closing: false,
        mention: false
      })
      expect({
        where,
        references: text.match(/#\d|router#42|https?:\/\//g),
        hidden: HIDDEN.test(text)
      }).toEqual({
        where,
        references: null,
        hidden: false
      })
    }
    // Annotations show the override instead of obeying it.
    const annotations = result.stdout.split('\n').filter(line => /^::error .*file=/.test(line))
    expect(annotations).toHaveLength(1)
    expect(annotations.join('\n')).toContain('\\u{202E}evil')
    expect(annotations.join('\n')).not.toMatch(HIDDEN)
    // The documents keep the master plan's text as it is.
    const plan = world.server.state.files(OWNER, REPO, BRANCH)['docs/`<img src=z>|x/phase_3_plan.md'] ?? ''
    expect(plan).toContain('@octocat closes #41 <img src=x>')
  })
})
