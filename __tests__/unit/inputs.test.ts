import { INPUTS } from '../../src/settings/action-io.js'
import { UserError } from '../../src/errors.js'
import { readActionSettings, readCliSettings, refProblem, SettingError } from '../../src/configure/inputs.js'
import { DEFAULTS } from '../../src/settings/settings.js'

/** What @actions/core returns: action.yml defaults for every input the workflow did not set. */
function getInputFrom(set: Record<string, string> = {}): (name: string) => string {
  const defaults: Record<string, string> = Object.fromEntries(
    Object.values(INPUTS).map(i => [i.name, i.default])
  )
  defaults.token = 'ghs_token' // the runner expands ${{ github.token }}
  return name => set[name] ?? defaults[name] ?? ''
}

const noFile = async (): Promise<string | undefined> => undefined
const file = (text: string) => async (): Promise<string | undefined> => text

function read(set: Record<string, string> = {}, config = noFile) {
  return readActionSettings(getInputFrom(set), config)
}

async function errorOf(set: Record<string, string>, config = noFile): Promise<string> {
  try {
    await read(set, config)
  } catch (error: unknown) {
    expect(error).toBeInstanceOf(UserError)
    return error instanceof Error ? error.message : String(error)
  }
  throw new Error('expected a UserError')
}

describe('readActionSettings', () => {
  it('uses the defaults when nothing is set', async () => {
    expect(await read()).toEqual({
      token: 'ghs_token',
      phase: '',
      command: '/plan-phase',
      labelPattern: 'plan-phase:<id>',
      permission: 'write',
      allowForks: false,
      masterPlanPath: DEFAULTS.masterPlanPath,
      planPathTemplate: DEFAULTS.planPathTemplate,
      statusPathTemplate: DEFAULTS.statusPathTemplate,
      testCommand: 'pytest',
      testTimeoutMinutes: 30,
      delivery: 'auto',
      branchTemplate: 'plan-phase/phase-{phase}',
      stage: 'all',
      workingDirectory: '',
      outputDir: 'plan-phase-output',
      notifyFromPlan: false,
      force: false,
      maxFailuresInReply: 20,
      origins: { caller: 'action', fromFile: [] }
    })
  })

  it('accepts an absolute output-dir (the runner temp dir) and a working-directory inside the repository', async () => {
    const settings = await readActionSettings(
      name =>
        ({ token: 't', 'output-dir': '/runner/temp/plan-phase', 'working-directory': 'packages/app/' })[
          name
        ] ?? '',
      noFile
    )
    expect(settings).toMatchObject({ outputDir: '/runner/temp/plan-phase', workingDirectory: 'packages/app' })
  })

  it('treats empty inputs (no action.yml defaults, e.g. local runs) as unset', async () => {
    const settings = await readActionSettings(name => (name === 'token' ? 't' : ''), noFile)
    expect(settings).toMatchObject({ permission: 'write', testCommand: 'pytest', testTimeoutMinutes: 30 })
  })

  it('lets the file beat defaults and explicit inputs beat the file', async () => {
    const config = file('test-command: pytest -q\ntest-timeout-minutes: 45\ndelivery: pull-request\n')
    expect(await read({}, config)).toMatchObject({
      testCommand: 'pytest -q',
      testTimeoutMinutes: 45,
      delivery: 'pull-request'
    })
    expect(await read({ 'test-command': 'tox', delivery: 'commit' }, config)).toMatchObject({
      testCommand: 'tox',
      delivery: 'commit',
      testTimeoutMinutes: 45
    })
  })

  it.each(['permission: read', 'allow-forks: true'])(
    'refuses %j in the file: who may run it is the workflow’s to say, not the checkout’s',
    async line => {
      const key = line.split(':')[0] ?? ''
      expect(await errorOf({}, file(`${line}\n`))).toContain(
        `.github/plan-phase.yml: "${key}" can only be set as an input in the workflow`
      )
    }
  )

  it('cannot tell an input set to its default from an unset one: the file wins', async () => {
    expect(await read({ 'test-command': 'pytest' }, file('test-command: make test'))).toMatchObject({
      testCommand: 'make test'
    })
  })

  it('passes file errors through', async () => {
    expect(await errorOf({}, file('colour: blue'))).toContain('unknown key "colour"')
  })

  it.each([
    [
      { permission: 'superuser' },
      'input `permission` "superuser" is not a known value',
      'read, triage, write, maintain, admin'
    ],
    [{ delivery: 'email' }, 'input `delivery` "email"', 'auto, commit, pull-request'],
    [{ stage: 'deploy' }, 'input `stage` "deploy"', 'all, plan, publish'],
    [{ 'allow-forks': 'yes' }, 'input `allow-forks` "yes" is not a boolean', 'true or false'],
    [{ force: 'TRUE' }, 'input `force` "TRUE"', 'true or false'],
    [{ 'notify-from-plan': '1' }, 'input `notify-from-plan` "1"', 'true or false'],
    [{ 'test-timeout-minutes': '0' }, 'input `test-timeout-minutes` "0"', 'at most 360'],
    [{ 'test-timeout-minutes': '361' }, '"361"', 'at most 360'],
    [{ 'test-timeout-minutes': 'soon' }, '"soon"', 'more than 0'],
    [{ 'test-timeout-minutes': '-5' }, '"-5"', 'more than 0'],
    [{ 'max-failures-in-reply': '501' }, 'input `max-failures-in-reply` "501"', '0 to 500'],
    [{ 'max-failures-in-reply': '2.5' }, '"2.5"', 'whole number'],
    [
      { 'plan-path': '/etc/plan_{phase}.md' },
      'input `plan-path` "/etc/plan_{phase}.md" is not relative',
      '{phase}'
    ],
    [{ 'plan-path': '../plan_{phase}.md' }, 'leaves the repository', 'repository-relative'],
    [{ 'plan-path': 'docs/../../plan_{phase}.md' }, 'leaves the repository', 'repository-relative'],
    [{ 'plan-path': 'docs/plan.md' }, 'input `plan-path` "docs/plan.md" does not contain {phase}', '{phase}'],
    // A tree path through the API has no "." or empty parts; GitHub would refuse it after the gate ran.
    [{ 'plan-path': './plans/{phase}/plan.md' }, 'has an empty or "." part', 'outside .git/'],
    [{ 'plan-path': '.github/workflow{phase}/plan.yml' }, 'is under .github/', 'outside .git/'],
    [{ 'status-path': 'docs/.git/{phase}.md' }, 'is inside .git/', 'outside .git/'],
    [{ 'plan-path': 'docs/{id}/{phase}.md' }, 'placeholder other than {phase}', '{phase}'],
    [{ 'status-path': 'C:\\status\\{phase}.md' }, 'input `status-path`', 'repository-relative'],
    [
      { 'status-path': DEFAULTS.planPathTemplate },
      'is the same as the input `plan-path`',
      'different from the plan’s'
    ],
    [{ 'test-command': 'pytest; rm -rf /' }, 'contains the shell operator `;`', "bash -c '…'"],
    [{ 'test-command': 'pytest --basetemp=$RUNNER_TEMP' }, '`$RUNNER_TEMP`', 'without a shell'],
    [
      { 'master-plan': '~/plan.md' },
      'input `master-plan` "~/plan.md" is not relative',
      'repository-relative'
    ],
    [{ 'output-dir': 'out\u0007' }, 'input `output-dir`', 'a directory'],
    [{ 'working-directory': '../elsewhere' }, 'input `working-directory`', 'without ".."'],
    [{ 'test-report': '/tmp/*.xml' }, 'input `test-report`', 'repository-relative'],
    [{ branch: 'plan-phase' }, 'input `branch` "plan-phase" does not contain {phase}', '{phase}'],
    [{ branch: 'plan phase/{phase}' }, 'is not a valid branch name for phase 3', 'plan-phase/phase-{phase}'],
    [{ branch: 'plan..{phase}' }, 'contains ".."', '{phase}'],
    [{ branch: 'plan/{phase}/' }, 'empty part', '{phase}'],
    [{ branch: 'plan/{phase}.lock' }, '.lock', '{phase}'],
    [{ branch: 'plan~{phase}' }, 'one of ~^:?*[', '{phase}'],
    [{ branch: 'plan/.{phase}' }, 'starts with "."', '{phase}'],
    [{ base: 'main branch' }, 'input `base` "main branch" is not a valid branch name', 'a branch name'],
    [{ command: '/plan phase' }, 'input `command` "/plan phase" is not a command word', '/plan-phase'],
    [{ command: '> /plan' }, 'input `command`', 'e.g. /plan-phase'],
    [{ 'label-pattern': 'plan-phase' }, 'input `label-pattern` "plan-phase" is not a label pattern', '<id>'],
    [{ 'label-pattern': '<id>:<id>' }, 'is not a label pattern', '<id>'],
    [{ 'label-pattern': '<id>' }, 'is not a label pattern', '<id>'],
    [{ 'label-pattern': `${'x'.repeat(41)}:<id>` }, 'too long', '<id>'],
    [{ token: '' }, 'input `token` is empty', 'a GitHub token']
  ])('rejects %j', async (set, problem, accepted) => {
    const message = await errorOf(set)
    expect(message).toContain(problem)
    expect(message).toContain(`Accepted: `)
    expect(message).toContain(accepted)
  })

  it('names the file key when a bad value came from the file', async () => {
    expect(await errorOf({}, file('delivery: fax'))).toContain('`delivery` in .github/plan-phase.yml "fax"')
  })

  it('records which settings came from the file, so later messages name them as keys', async () => {
    const config = file('test-command: pytest -q\nbranch: plans/{phase}\nbase: trunk\n')
    const settings = await read({ 'test-command': 'tox' }, config)
    expect(settings.origins).toEqual({ caller: 'action', fromFile: ['branch', 'base'] })
  })

  it('starts every refusal with the setting, capitalised, and marks whether it was in the file', async () => {
    const refusal = async (set: Record<string, string>, config = noFile): Promise<unknown> =>
      read(set, config).catch((error: unknown) => error)
    const fromInput = await refusal({ 'plan-path': 'docs/plan.md' })
    expect(fromInput).toBeInstanceOf(SettingError)
    expect(fromInput).toMatchObject({ inFile: false })
    expect((fromInput as Error).message).toMatch(
      /^The input `plan-path` "docs\/plan.md" does not contain \{phase\}/
    )
    expect(await refusal({}, file('plan-path: docs/plan.md'))).toMatchObject({ inFile: true })
  })

  it('accepts valid custom values', async () => {
    const settings = await read({
      permission: 'triage',
      delivery: 'pull-request',
      stage: 'plan',
      'allow-forks': 'true',
      'test-timeout-minutes': '0.5',
      'max-failures-in-reply': '0',
      'plan-path': 'plans/{phase}/plan.md',
      'status-path': 'plans/{phase}/status.md',
      'test-report': 'reports/**/*.xml',
      branch: 'plans/{phase}',
      base: 'release/1.x',
      command: '!plan',
      'label-pattern': 'plan/<id>',
      phase: ' 3 '
    })
    expect(settings).toMatchObject({
      permission: 'triage',
      delivery: 'pull-request',
      stage: 'plan',
      allowForks: true,
      testTimeoutMinutes: 0.5,
      maxFailuresInReply: 0,
      planPathTemplate: 'plans/{phase}/plan.md',
      testReport: 'reports/**/*.xml',
      branchTemplate: 'plans/{phase}',
      base: 'release/1.x',
      command: '!plan',
      labelPattern: 'plan/<id>',
      phase: '3'
    })
  })
})

async function cliErrorOf(
  flags: Parameters<typeof readCliSettings>[0],
  config?: string
): Promise<SettingError> {
  try {
    await readCliSettings(flags, config)
  } catch (error: unknown) {
    if (error instanceof SettingError) return error
    throw error
  }
  throw new Error('expected a SettingError')
}

describe('readCliSettings', () => {
  it('uses the defaults, then the file, then the flags', async () => {
    expect(await readCliSettings({}, undefined)).toEqual({
      masterPlanPath: DEFAULTS.masterPlanPath,
      planPathTemplate: DEFAULTS.planPathTemplate,
      statusPathTemplate: DEFAULTS.statusPathTemplate,
      testCommand: 'pytest',
      testTimeoutMinutes: 30,
      origins: { caller: 'cli', fromFile: [] }
    })
    const config = 'test-command: pytest -q\ntest-timeout-minutes: 45\ntest-report: out/*.xml\n'
    expect(await readCliSettings({ testCommand: 'tox' }, config)).toMatchObject({
      testCommand: 'tox',
      testTimeoutMinutes: 45,
      testReport: 'out/*.xml',
      origins: { caller: 'cli', fromFile: ['test-timeout-minutes', 'test-report'] }
    })
  })

  it('takes a flag given empty as given, and refuses it', async () => {
    expect((await cliErrorOf({ masterPlan: '' }, 'master-plan: plan.md\n')).message).toContain(
      '--master-plan "" is empty'
    )
  })

  it('checks the file’s other keys too: the file means the same whoever reads it', async () => {
    const error = await cliErrorOf({}, 'delivery: fax\n')
    expect(error.message).toBe(
      'delivery in .github/plan-phase.yml "fax" is not a known value. Accepted: auto, commit, pull-request.'
    )
    expect(error.inFile).toBe(true)
  })

  it('refuses what the action refuses, before anything runs: paths out of the repository, into .git/ or .github/, without {phase}', async () => {
    for (const [flags, problem] of [
      [{ planPath: '../plans/{phase}.md' }, '--plan-path "../plans/{phase}.md" leaves the repository'],
      [{ planPath: '.git/{phase}.md' }, '--plan-path ".git/{phase}.md" is inside .git/'],
      [
        { statusPath: '.github/workflows/{phase}.yml' },
        '--status-path ".github/workflows/{phase}.yml" is under .github/'
      ],
      [{ planPath: 'docs/plan.md' }, '--plan-path "docs/plan.md" does not contain {phase}'],
      [{ testTimeoutMinutes: 'soon' }, '--test-timeout-minutes "soon" is not a valid number of minutes'],
      [
        { testCommand: 'pytest | tee log' },
        '--test-command "pytest | tee log" contains the shell operator `|`'
      ]
    ] as const) {
      const error = await cliErrorOf(flags)
      expect(error.message).toContain(problem)
      expect(error.inFile).toBe(false)
    }
  })
})

describe('one message table, two vocabularies', () => {
  // The same mistake made through each way of giving a setting.
  const mistakes = [
    {
      input: 'plan-path',
      flag: 'planPath',
      value: 'docs/plan.md',
      yaml: 'docs/plan.md',
      problem: '"docs/plan.md" does not contain {phase}'
    },
    {
      input: 'master-plan',
      flag: 'masterPlan',
      value: '/etc/plan.md',
      yaml: '/etc/plan.md',
      problem: '"/etc/plan.md" is not relative'
    },
    {
      input: 'test-timeout-minutes',
      flag: 'testTimeoutMinutes',
      value: '0',
      yaml: '0',
      problem: '"0" is not a valid number of minutes'
    },
    {
      input: 'test-command',
      flag: 'testCommand',
      value: 'make test && x',
      yaml: "'make test && x'",
      problem: '"make test && x" contains the shell operator `&&`'
    }
  ] as const

  it.each(mistakes)('$input: the action names the input, the CLI the flag', async mistake => {
    const action = await errorOf({ [mistake.input]: mistake.value })
    const cli = (await cliErrorOf({ [mistake.flag]: mistake.value })).message
    expect(action).toContain(`The input \`${mistake.input}\` ${mistake.problem}`)
    expect(cli).toMatch(new RegExp(`^--${mistake.input} `))
    expect(cli).toContain(`--${mistake.input} ${mistake.problem}`)
    expect(cli).not.toContain('input')
  })

  it.each(mistakes)('$input in .github/plan-phase.yml: both name the key', async mistake => {
    const yaml = `${mistake.input}: ${mistake.yaml}\n`
    expect(await errorOf({}, file(yaml))).toContain(
      `\`${mistake.input}\` in .github/plan-phase.yml ${mistake.problem}`
    )
    const cli = (await cliErrorOf({}, yaml)).message
    expect(cli).toContain(`${mistake.input} in .github/plan-phase.yml ${mistake.problem}`)
    expect(cli).not.toContain('input')
  })
})

describe('refProblem', () => {
  it('accepts ordinary branch names and rejects what git check-ref-format rejects', () => {
    expect(refProblem('plan-phase/phase-3.10a')).toBeUndefined()
    for (const bad of [
      '',
      '@',
      'a..b',
      'a b',
      'a:b',
      'a?',
      'a*',
      'a[b',
      'a\\b',
      'a@{1}',
      '/a',
      'a/',
      'a//b',
      'a.',
      '.a',
      'a/b.lock',
      'a\u0007'
    ]) {
      expect(refProblem(bad)).toBeDefined()
    }
  })
})
