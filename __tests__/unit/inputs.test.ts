import { INPUTS } from '../../src/action-io.js'
import { UserError } from '../../src/errors.js'
import { readActionSettings, refProblem } from '../../src/inputs.js'
import { DEFAULTS } from '../../src/settings.js'

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
      maxFailuresInReply: 20
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
    [{ 'status-path': DEFAULTS.planPathTemplate }, 'is the same as plan-path', 'different from plan-path'],
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
