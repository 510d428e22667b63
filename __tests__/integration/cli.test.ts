import { existsSync, mkdirSync, readFileSync, realpathSync, writeFileSync } from 'node:fs'
import { join } from 'node:path'
import { runCli } from '../../src/cli/cli.js'
import { buildModel } from '../../src/master-plan/outline.js'
import { phaseContent } from '../../src/master-plan/phase-content.js'
import {
  copyExample,
  EXAMPLE_MASTER_PLAN,
  gitHead,
  PROJECT_ROOT,
  type TempRepo
} from '../support/example-repo.js'
import { RED_TEST, writeFiles } from '../support/temp.js'

const PLAN = 'admin/refactor-providers/action/phase_3_execution_plan.md'
/** The real suite, with no cache written into the repository. */
const PYTEST = ['--test-command', 'python3 -m pytest -p no:cacheprovider']
const STATUS = 'admin/status/phase_3_execution_plan.md'

/** Captures what the CLI writes, so assertions can read its messages. */
async function run(
  args: string[],
  cwd: string = process.cwd()
): Promise<{ code: number; stdout: string; stderr: string }> {
  let stdout = ''
  let stderr = ''
  const out = process.stdout.write.bind(process.stdout)
  const err = process.stderr.write.bind(process.stderr)
  process.stdout.write = ((chunk: string | Uint8Array) => (
    (stdout += String(chunk)),
    true
  )) as typeof process.stdout.write
  process.stderr.write = ((chunk: string | Uint8Array) => (
    (stderr += String(chunk)),
    true
  )) as typeof process.stderr.write
  try {
    const code = await runCli(args, { ...process.env, USER: 'tester' }, cwd)
    return { code, stdout, stderr }
  } finally {
    process.stdout.write = out
    process.stderr.write = err
  }
}

describe('plan-phase CLI on the embedded example', () => {
  let repo: TempRepo
  beforeEach(() => {
    repo = copyExample({ git: true })
  })
  afterEach(() => repo.remove())

  it('runs the real pytest gate and writes both files, with every code block of phase 3 byte for byte', async () => {
    const result = await run(['3', '--repo', repo.dir, ...PYTEST])
    expect(result.stderr).toContain('All 26 tests passed')
    expect(result.code).toBe(0)
    const plan = readFileSync(join(repo.dir, PLAN), 'utf8')
    const status = readFileSync(join(repo.dir, STATUS), 'utf8')
    const model = buildModel(readFileSync(join(repo.dir, EXAMPLE_MASTER_PLAN), 'utf8'))
    const code = phaseContent(model, '3', EXAMPLE_MASTER_PLAN).units.filter(unit => unit.kind === 'code')
    expect(code.length).toBeGreaterThanOrEqual(5)
    for (const block of code)
      expect(plan).toContain(model.source.slice(model.source.lastIndexOf('\n', block.start) + 1, block.end))
    expect(plan).toContain(`Tested commit | \`${gitHead(repo.dir)}\``)
    expect(plan).toMatch(/\| ✅ passed \| 26 \| 0 \| 0 \| 0 \| 26 \|/)
    expect(status).toContain('| `3.1` |')
    expect(status).toContain('Plan coverage | 100%')
  })

  it('prints the documents with --dry-run and writes nothing', async () => {
    const result = await run(['3', '--repo', repo.dir, '--no-gate', '--dry-run'])
    expect(result.code).toBe(0)
    expect(result.stdout).toContain('# Phase 3 execution plan: ProviderManager')
    expect(result.stdout).toContain('# Phase 3 status: ProviderManager')
    expect(existsSync(join(repo.dir, PLAN))).toBe(false)
  })

  it('stops on a red suite and writes nothing', async () => {
    writeFiles(repo.dir, RED_TEST)
    const result = await run(['3', '--repo', repo.dir, ...PYTEST])
    expect(result.code).toBe(1)
    expect(result.stderr).toContain('The test suite is not green')
    expect(existsSync(join(repo.dir, PLAN))).toBe(false)
    expect(existsSync(join(repo.dir, STATUS))).toBe(false)
  })

  it('records a --force override of a red gate in plan and status', async () => {
    writeFiles(repo.dir, RED_TEST)
    const result = await run(['3', '--repo', repo.dir, '--force', ...PYTEST])
    expect(result.code).toBe(0)
    const plan = readFileSync(join(repo.dir, PLAN), 'utf8')
    expect(plan).toContain('`tester` overrode the gate with `--force`')
    // One rule, not two that contradict each other: the known failures are the forced exception.
    expect(plan).toContain('The failures above are known')
    expect(plan).toContain('**If any other test fails, stop and notify the user.**')
    expect(plan).not.toContain('If the suite is not green, stop')
    expect(readFileSync(join(repo.dir, STATUS), 'utf8')).toContain('`tester` overrode it with `--force`')
  })

  it.each([
    [
      ['99'],
      1,
      'Phase "99" is not in the master plan admin/refactor-providers/master_plan.md. Phases found: 0, 1, 2, 3, 4.'
    ],
    [['3/../../x'], 2, '"3/../../x" is not a phase id: a phase id is digits'],
    [['-1'], 2, '"-1" is not a phase id: a phase id is digits'],
    [['3', '--bogus'], 2, 'unknown option --bogus; the options are listed below.'],
    [['3', '4'], 2, 'give exactly one phase id (2 were given)'],
    [
      ['3', '--test-timeout-minutes', 'soon'],
      2,
      '--test-timeout-minutes "soon" is not a valid number of minutes. Accepted: a number more than 0 and at most 360.'
    ],
    [['3', '--master-plan', 'missing.md'], 1, 'The master plan (--master-plan) "missing.md" does not exist'],
    [['3', '--master-plan', '../outside.md'], 2, '--master-plan "../outside.md" leaves the repository'],
    [
      ['3', '--test-command', 'pytest; rm -rf /'],
      2,
      '--test-command "pytest; rm -rf /" contains the shell operator `;`'
    ]
  ])('refuses %j with a clear message', async (args, code, message) => {
    const result = await run([...args, '--repo', repo.dir])
    expect(result.code).toBe(code)
    expect(result.stderr).toContain(message)
    expect(existsSync(join(repo.dir, PLAN))).toBe(false)
  })

  it('-1 is a phase id mistake, not an option or an unbalanced quote', async () => {
    const result = await run(['-1', '--repo', repo.dir])
    expect(result.stderr).not.toMatch(/positional|quote|'--'/)
  })

  it.each([
    ['a file', (dir: string) => join(dir, 'pyproject.toml'), 'is a file, not a directory'],
    ['a missing directory', (dir: string) => join(dir, 'nope'), 'does not exist']
  ])('--repo pointing at %s is a usage error in a sentence', async (_, path, problem) => {
    const repoPath = path(repo.dir)
    const result = await run(['3', '--repo', repoPath, '--no-gate'])
    expect(result.code).toBe(2)
    expect(result.stderr).toBe(
      `plan-phase: --repo ${repoPath} ${problem}: pass the repository's directory.\n`
    )
  })

  it("the status file's directory is a file: exit 1, the plan is not written, the message names what is in the way", async () => {
    mkdirSync(join(repo.dir, 'admin'), { recursive: true })
    writeFileSync(join(repo.dir, 'admin', 'status'), 'in the way\n')
    const result = await run(['3', '--repo', repo.dir, '--no-gate'])
    expect(result.code).toBe(1)
    expect(result.stderr).toContain(
      `plan-phase: The status file "${STATUS}" cannot be written: "admin/status" is a file, not a directory. Move or rename it, or choose another path with --status-path. Nothing was written.`
    )
    expect(result.stderr).not.toMatch(/EEXIST|ENOTDIR|mkdir/)
    expect(existsSync(join(repo.dir, PLAN))).toBe(false)
    expect(existsSync(join(repo.dir, 'admin/refactor-providers/action'))).toBe(false)
  })

  it('a plan from an earlier run is left as it was when the status cannot be written', async () => {
    mkdirSync(join(repo.dir, 'admin/refactor-providers/action'), { recursive: true })
    writeFileSync(join(repo.dir, PLAN), '# the earlier plan\n')
    writeFileSync(join(repo.dir, 'admin', 'status'), 'in the way\n')
    const result = await run(['3', '--repo', repo.dir, '--no-gate'])
    expect(result.code).toBe(1)
    expect(readFileSync(join(repo.dir, PLAN), 'utf8')).toBe('# the earlier plan\n')
  })

  it('--version prints the package version', async () => {
    const { version } = JSON.parse(readFileSync(join(PROJECT_ROOT, 'package.json'), 'utf8')) as {
      version: string
    }
    const result = await run(['--version'])
    expect(result).toEqual({ code: 0, stdout: `${version}\n`, stderr: '' })
  })

  it('-q prints nothing when the plan is written, and the reason when it stops', async () => {
    const quiet = await run(['3', '--repo', repo.dir, '--no-gate', '-q'])
    expect(quiet).toEqual({ code: 0, stdout: '', stderr: '' })
    expect(existsSync(join(repo.dir, PLAN))).toBe(true)
    const stopped = await run(['99', '--repo', repo.dir, '--no-gate', '-q'])
    expect(stopped.code).toBe(1)
    expect(stopped.stderr.split('\n')[0]).toMatch(
      /^plan-phase: Phase "99" is not in the master plan admin\/refactor-providers\/master_plan\.md\./
    )
  })

  it('from a subdirectory of the repository, finds the root and the master plan there', async () => {
    const result = await run(['3', '--no-gate'], join(repo.dir, 'llm_router'))
    expect(result.code).toBe(0)
    expect(result.stderr).toContain(`Repository root: ${realpathSync(repo.dir)}`)
    expect(existsSync(join(repo.dir, PLAN))).toBe(true)
    expect(existsSync(join(repo.dir, 'llm_router', 'admin'))).toBe(false)
  })

  it('lists the phases with --list, and the unknown-phase error shows the same list', async () => {
    const listed = await run(['--list', '--repo', repo.dir])
    expect(listed.code).toBe(0)
    const lines = listed.stdout.split('\n').filter(line => line.startsWith('  '))
    expect(listed.stdout).toContain('Phases in admin/refactor-providers/master_plan.md:')
    expect(lines).toContain('  3 — ProviderManager — heading (line 172); heading (line 413)')
    expect(lines).toHaveLength(5)
    const unknown = await run(['99', '--repo', repo.dir, '--no-gate'])
    expect(unknown.code).toBe(1)
    for (const line of lines) expect(unknown.stderr).toContain(line)
    expect((await run(['--list', '3', '--repo', repo.dir])).code).toBe(2)
  })

  it('--list without the master plan: exit 1 and a message naming the path and the flag, nothing on stdout', async () => {
    const listed = await run(['--list', '--repo', repo.dir, '--master-plan', 'admin/missing.md'])
    expect(listed.code).toBe(1)
    expect(listed.stdout).toBe('')
    expect(listed.stderr).toMatch(
      /^plan-phase: The master plan \(--master-plan\) "admin\/missing\.md" does not exist/
    )
    expect((await run(['--list', '--repo', repo.dir, '--bogus'])).code).toBe(2)
  })

  it('writes one set of documents, named by the master plan’s id, for any spelling of it', async () => {
    const result = await run(['03', '--repo', repo.dir, '--no-gate'])
    expect(result.code).toBe(0)
    expect(readFileSync(join(repo.dir, PLAN), 'utf8')).toContain('# Phase 3 execution plan: ProviderManager')
    expect(existsSync(join(repo.dir, PLAN.replace('phase_3', 'phase_03')))).toBe(false)
  })

  it('plans 2A and 2B together for `2`, and says so in the title and the message', async () => {
    writeFileSync(
      join(repo.dir, 'family.md'),
      '# Plan\n\n## Phase 2A: Split\n\nSplit it.\n\n## Phase 2B: Merge\n\nMerge it.\n'
    )
    const result = await run([
      '2',
      '--repo',
      repo.dir,
      '--master-plan',
      'family.md',
      '--no-gate',
      '--dry-run'
    ])
    expect(result.code).toBe(0)
    const title = 'Phases 2A and 2B together (the master plan has no phase 2 of its own)'
    expect(result.stdout).toContain(`# Phase 2 execution plan: ${title}`)
    expect(result.stderr).toContain(`Planned phase 2 — ${title}:`)
  })

  it('plans a phase from the file its index entry links to, inside the repository only', async () => {
    const { mkdirSync, symlinkSync, mkdtempSync } = await import('node:fs')
    const { tmpdir } = await import('node:os')
    const dir = join(repo.dir, 'admin', 'plans')
    mkdirSync(dir, { recursive: true })
    writeFileSync(
      join(dir, 'index.md'),
      [
        '# Roadmap',
        '',
        '## Phases',
        '',
        '| Phase | Name | Plan |',
        '|---|---|---|',
        '| 1 | Exact lookups | [details](phase-1.md) |',
        '| 2 | Elsewhere | [details](escape.md) |',
        ''
      ].join('\n')
    )
    writeFileSync(
      join(dir, 'phase-1.md'),
      '# Phase 1: Exact lookups\n\nMake lookups exact.\n\n## Step 1: Add the finder\n\nAdd `ProviderConfig.find_model`.\n\n## Step 2: Test it\n\nWrite the tests first.\n'
    )
    const outside = mkdtempSync(join(tmpdir(), 'plan-phase-outside-'))
    writeFileSync(join(outside, 'secret.md'), '# Secret\n\nnot for the plan\n')
    symlinkSync(join(outside, 'secret.md'), join(dir, 'escape.md'))
    const listed = await run(['--list', '--repo', repo.dir, '--master-plan', 'admin/plans/index.md'])
    expect(listed.stdout).toContain(
      '  1 — Exact lookups — table row (line 7, summary); linked file (admin/plans/phase-1.md, line 1)'
    )
    expect(listed.stdout).toContain(
      '  2 — Elsewhere — table row (line 8); link admin/plans/escape.md: the file could not be read'
    )
    const result = await run([
      '1',
      '--repo',
      repo.dir,
      '--master-plan',
      'admin/plans/index.md',
      '--no-gate',
      '--dry-run'
    ])
    expect(result.code).toBe(0)
    expect(result.stdout).toContain('Add `ProviderConfig.find_model`.')
    expect(result.stdout).toContain('The phase’s content was read from `admin/plans/phase-1.md`')
    expect(result.stdout).toMatch(/#### Step 1\.2 — Step 2: Test it/)
    const second = await run([
      '2',
      '--repo',
      repo.dir,
      '--master-plan',
      'admin/plans/index.md',
      '--no-gate',
      '--dry-run'
    ])
    expect(second.code).toBe(0)
    expect(second.stdout).not.toContain('not for the plan')
    const { rmSync } = await import('node:fs')
    rmSync(outside, { recursive: true, force: true })
  })

  it('reads .github/plan-phase.yml and names a bad key', async () => {
    const { mkdirSync } = await import('node:fs')
    mkdirSync(join(repo.dir, '.github'), { recursive: true })
    writeFileSync(join(repo.dir, '.github', 'plan-phase.yml'), 'test-comand: pytest\n')
    const result = await run(['3', '--repo', repo.dir, '--no-gate'])
    expect(result.code).toBe(1)
    expect(result.stderr).toContain('unknown key "test-comand"')
  })
})

describe('plan-phase CLI checks everything it can before the gate runs', () => {
  let repo: TempRepo
  let marker: string
  beforeEach(() => {
    repo = copyExample({ git: true })
    marker = join(repo.dir, 'GATE_RAN')
  })
  afterEach(() => repo.remove())

  /** The gate's command leaves a marker: a run that refuses before the gate leaves none. */
  const refused = async (args: string[], cwd?: string) => {
    const result = await run([...args, '--repo', repo.dir, '--test-command', `touch ${marker}`], cwd)
    expect(existsSync(marker)).toBe(false)
    expect(existsSync(join(repo.dir, PLAN))).toBe(false)
    return result
  }

  it.each([
    [
      ['--plan-path', '../plans/phase_{phase}.md'],
      '--plan-path "../plans/phase_{phase}.md" leaves the repository'
    ],
    [['--plan-path', '.git/phase_{phase}.md'], '--plan-path ".git/phase_{phase}.md" is inside .git/'],
    [
      ['--status-path', '.github/workflows/phase_{phase}.yml'],
      '--status-path ".github/workflows/phase_{phase}.yml" is under .github/'
    ],
    [['--plan-path', 'docs/plan.md'], '--plan-path "docs/plan.md" does not contain {phase}'],
    [
      ['--status-path', PLAN.replace('3', '{phase}')],
      '--status-path "admin/refactor-providers/action/phase_{phase}_execution_plan.md" is the same as --plan-path'
    ],
    [['--test-report', '/tmp/*.xml'], '--test-report "/tmp/*.xml" is not relative to the repository']
  ])('%j: a usage error naming the flag, and the gate never runs', async (args, message) => {
    const result = await refused(['3', ...args])
    expect(result.code).toBe(2)
    expect(result.stderr).toContain(`plan-phase: ${message}`)
    expect(result.stderr).not.toContain('input')
  })

  it('a path that only the phase id turns into .git/: refused once the phase is known, before the gate', async () => {
    writeFileSync(join(repo.dir, 'letters.md'), '# Plan\n\n## Phase T: Tidy\n\nTidy the modules.\n')
    const result = await refused([
      't',
      '--master-plan',
      'letters.md',
      '--plan-path',
      'docs/.gi{phase}/plan.md'
    ])
    expect(result.code).toBe(1)
    expect(result.stderr).toContain(
      'The plan path for phase T, "docs/.giT/plan.md", is inside .git/; nothing was run. Change --plan-path.'
    )
  })

  it('a document path through a symbolic link that leads out of the repository', async () => {
    const { mkdtempSync, symlinkSync } = await import('node:fs')
    const { tmpdir } = await import('node:os')
    const outside = mkdtempSync(join(tmpdir(), 'plan-phase-outside-'))
    try {
      symlinkSync(outside, join(repo.dir, 'plans'))
      const result = await refused(['3', '--plan-path', 'plans/phase_{phase}.md'])
      expect(result.code).toBe(1)
      expect(result.stderr).toContain('goes through the symbolic link "plans" in the checkout')
      expect(result.stderr).toContain('Change --plan-path.')
    } finally {
      const { rmSync } = await import('node:fs')
      rmSync(outside, { recursive: true, force: true })
    }
  })

  it('a bad path in .github/plan-phase.yml: named as the file’s key, exit 1, the gate never runs', async () => {
    mkdirSync(join(repo.dir, '.github'), { recursive: true })
    writeFileSync(join(repo.dir, '.github', 'plan-phase.yml'), 'plan-path: docs/plan.md\n')
    const result = await refused(['3'])
    expect(result.code).toBe(1)
    expect(result.stderr).toContain(
      'plan-phase: plan-path in .github/plan-phase.yml "docs/plan.md" does not contain {phase}.'
    )
  })

  it.each([
    [['3', '--master-plan', 'missing.md'], 1, 'The master plan (--master-plan) "missing.md" does not exist'],
    [['99'], 1, 'Phase "99" is not in the master plan'],
    [['3.x'], 2, '"3.x" is not a phase id']
  ])('%j: the master plan and the phase are checked first', async (args, code, message) => {
    const result = await refused(args)
    expect(result.code).toBe(code)
    expect(result.stderr).toContain(message)
  })

  it('a master plan without phases names --master-plan, not an input', async () => {
    writeFileSync(join(repo.dir, 'notes.md'), '# Notes\n\nNothing planned here yet.\n')
    const result = await refused(['3', '--master-plan', 'notes.md'])
    expect(result.code).toBe(1)
    expect(result.stderr).toContain('Check --master-plan, or add phase headings to the plan.')
  })

  it('a suite that runs out of time says to raise --test-timeout-minutes', async () => {
    const result = await run([
      '3',
      '--repo',
      repo.dir,
      '--test-command',
      'sleep 60',
      '--test-timeout-minutes',
      '0.02'
    ])
    expect(result.code).toBe(1)
    expect(result.stderr).toContain('raise --test-timeout-minutes if it needs longer')
    expect(result.stderr).not.toContain('`test-timeout-minutes`')
  })
})

describe('plan-phase CLI outside a git repository', () => {
  let repo: TempRepo
  beforeEach(() => {
    repo = copyExample()
  })
  afterEach(() => repo.remove())

  it('plans in the current directory when it holds the master plan', async () => {
    const result = await run(['3', '--no-gate', '--dry-run'], repo.dir)
    expect(result.code).toBe(0)
    expect(result.stdout).toContain('# Phase 3 execution plan: ProviderManager')
  })

  it('--list says the same, with the same exit code, when the master plan is not there', async () => {
    const sub = join(repo.dir, 'llm_router')
    const planned = await run(['3', '--no-gate'], sub)
    const listed = await run(['--list'], sub)
    expect(listed.code).toBe(1)
    expect(listed.stderr).toBe(planned.stderr)
  })

  it('says where it looked, and why not further up, when the master plan is not there', async () => {
    const sub = join(repo.dir, 'llm_router')
    const result = await run(['3', '--no-gate'], sub)
    expect(result.code).toBe(1)
    expect(result.stderr).toBe(
      `plan-phase: The master plan "admin/refactor-providers/master_plan.md" is not in ${realpathSync(sub)}, which is not inside a git repository, so plan-phase could not look for the repository's root. Run plan-phase inside the repository, or pass --repo DIR (and --master-plan PATH).\n`
    )
  })
})
