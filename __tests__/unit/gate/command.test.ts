import {
  existingJunitPath,
  isPytest,
  parseTestCommand,
  testCommandProblem,
  withJunitReport
} from '../../../src/gate/command.js'
import { childEnvironment } from '../../../src/gate/environment.js'
import { UserError } from '../../../src/errors.js'

function rejection(command: string): UserError {
  try {
    parseTestCommand(command)
  } catch (error: unknown) {
    if (error instanceof UserError) return error
    throw error
  }
  throw new Error(`expected ${command} to be rejected`)
}

describe('parseTestCommand', () => {
  it('splits words like a shell, honouring quotes and escapes', () => {
    expect(parseTestCommand('pytest')).toEqual(['pytest'])
    expect(parseTestCommand('python3 -m pytest -k "a or b" tests/')).toEqual([
      'python3',
      '-m',
      'pytest',
      '-k',
      'a or b',
      'tests/'
    ])
    expect(parseTestCommand(`pytest -k 'not slow' -x`)).toEqual(['pytest', '-k', 'not slow', '-x'])
    expect(parseTestCommand('python3 -c "import sys; print(1)"')).toEqual([
      'python3',
      '-c',
      'import sys; print(1)'
    ])
    expect(parseTestCommand('pytest "a\\"b"')).toEqual(['pytest', 'a"b'])
    expect(parseTestCommand("pytest -k 'test_*'")).toEqual(['pytest', '-k', 'test_*'])
  })

  it('keeps single-quoted or escaped dollars literal and lone dollars as text', () => {
    expect(parseTestCommand("echo '$HOME'")).toEqual(['echo', '$HOME'])
    expect(parseTestCommand('echo \\$HOME')).toEqual(['echo', '$HOME'])
    expect(parseTestCommand('echo cost$')).toEqual(['echo', 'cost$'])
  })

  it.each([
    ['pytest; rm -rf /', '`;`'],
    ['pytest | tee log', '`|`'],
    ['pytest && echo ok', '`&&`'],
    ['pytest > out.txt', '`>`'],
    ['pytest 2>&1', '`>&`'],
    ['pytest &', '`&`'],
    ['pytest $(cat args)', '$(…)'],
    ['pytest "$(cat args)"', '$(…)'],
    ['pytest `cat args`', 'backtick'],
    ['pytest tests/*.py', 'wildcard'],
    ['pytest # comment', 'comment'],
    ['pytest --basetemp=$RUNNER_TEMP', '$RUNNER_TEMP'],
    ['pytest "${HOME}/x"', '$HOME'],
    ['pytest\nrm -rf build', 'line break'],
    ['pytest \\\n  -x', 'line break']
  ])('rejects %s', (command, detail) => {
    const error = rejection(command)
    expect(error.message).toContain(`The test command ${JSON.stringify(command)}`)
    expect(error.message).toContain('without a shell')
    expect(error.message).toContain("bash -c '…'")
    expect(error.message).toContain(detail)
  })

  it('says why a command cannot run without a shell, for the settings reader', () => {
    expect(testCommandProblem('python3 -m pytest -q')).toBeUndefined()
    expect(testCommandProblem('pytest; rm -rf /')).toBe('contains the shell operator `;`')
    expect(testCommandProblem('pytest $HOME')).toContain('`$HOME`')
  })

  it('rejects an empty command', () => {
    expect(rejection('').message).toContain('is empty')
    expect(rejection('   ').message).toContain('The test command "   " is empty')
  })

  it('allows backticks inside single quotes and line breaks inside quotes', () => {
    expect(parseTestCommand("pytest -k 'a`b'")).toEqual(['pytest', '-k', 'a`b'])
    expect(parseTestCommand('python3 -c "import sys\nprint(1)"')).toEqual([
      'python3',
      '-c',
      'import sys\nprint(1)'
    ])
  })

  it('ignores the trailing newline of a YAML block scalar', () => {
    expect(parseTestCommand('pytest -x\n')).toEqual(['pytest', '-x'])
  })
})

describe('isPytest', () => {
  it.each([
    [['pytest']],
    [['py.test', '-x']],
    [['/usr/local/bin/pytest']],
    [['C:\\Python\\Scripts\\pytest.exe']],
    [['python', '-m', 'pytest']],
    [['python3', '-m', 'pytest', '-q']],
    [['python3.12', '-u', '-m', 'pytest']],
    [['python3', '-X', 'dev', '-m', 'pytest']],
    [['.venv/bin/python', '-m', 'pytest']],
    [['uv', 'run', 'pytest']],
    [['uv', 'run', '--frozen', '--with', 'requests', 'pytest', '-x']],
    [['uv', 'run', 'python', '-m', 'pytest']],
    [['poetry', 'run', 'pytest']],
    [['pipenv', 'run', 'pytest']],
    [['coverage', 'run', '-m', 'pytest']],
    [['python', '-m', 'coverage', 'run', '-m', 'pytest']]
  ])('recognises %j', argv => {
    expect(isPytest(argv)).toBe(true)
  })

  it.each([
    [['python3', '-c', 'import pytest']],
    [['python3', 'pytest.py']],
    [['npm', 'test']],
    [['tox']],
    [['make', 'test']],
    [['uv', 'sync']],
    [['uv', 'run', '--with', 'pytest', 'mytool']],
    [['coverage', 'report']],
    [[]]
  ])('does not take %j for pytest', argv => {
    expect(isPytest(argv)).toBe(false)
  })
})

describe('withJunitReport', () => {
  it('appends the report flag', () => {
    expect(withJunitReport(['pytest', '-q'], '/tmp/r.xml')).toEqual({
      argv: ['pytest', '-q', '--junitxml=/tmp/r.xml'],
      reportPath: '/tmp/r.xml',
      owned: true
    })
  })

  it('puts the flag before `--` so it is not read as a test path', () => {
    expect(withJunitReport(['pytest', '--', 'tests'], 'r.xml').argv).toEqual([
      'pytest',
      '--junitxml=r.xml',
      '--',
      'tests'
    ])
  })

  it.each([
    [['pytest', '--junitxml=out/j.xml'], 'out/j.xml'],
    [['pytest', '--junitxml', 'out/j.xml'], 'out/j.xml'],
    [['pytest', '--junit-xml=a.xml'], 'a.xml'],
    [['pytest', '--junit-xml', 'a.xml', '--junitxml=b.xml'], 'b.xml']
  ])('reads the report the user asked for in %j', (argv, expected) => {
    expect(existingJunitPath(argv)).toBe(expected)
    expect(withJunitReport(argv, '/tmp/ours.xml')).toEqual({ argv, reportPath: expected, owned: false })
  })
})

describe('childEnvironment', () => {
  it('drops credentials and runner file commands, keeps the rest, and sets Python defaults', () => {
    const env = childEnvironment({
      PATH: '/usr/bin',
      HOME: '/home/runner',
      GITHUB_TOKEN: 'x',
      GH_TOKEN: 'x',
      github_token: 'x',
      INPUT_TOKEN: 'x',
      'INPUT_TEST-COMMAND': 'x',
      ACTIONS_RUNTIME_TOKEN: 'x',
      ACTIONS_ID_TOKEN_REQUEST_TOKEN: 'x',
      ACTIONS_ID_TOKEN_REQUEST_URL: 'x',
      ACTIONS_RUNTIME_URL: 'x',
      ACTIONS_RESULTS_URL: 'x',
      ACTIONS_CACHE_URL: 'x',
      GITHUB_APP_TOKEN: 'x',
      GITHUB_ENV: '/tmp/env',
      GITHUB_OUTPUT: '/tmp/out',
      GITHUB_PATH: '/tmp/path',
      GITHUB_STATE: '/tmp/state',
      GITHUB_STEP_SUMMARY: '/tmp/summary',
      GITHUB_REPOSITORY: 'o/r',
      GITHUB_WORKSPACE: '/w',
      CODECOV_TOKEN: 'kept',
      PYTHONUNBUFFERED: '0',
      UNSET: undefined
    })
    expect(env).toEqual({
      PATH: '/usr/bin',
      HOME: '/home/runner',
      GITHUB_REPOSITORY: 'o/r',
      GITHUB_WORKSPACE: '/w',
      CODECOV_TOKEN: 'kept',
      PYTHONDONTWRITEBYTECODE: '1',
      PYTHONUNBUFFERED: '1'
    })
  })
})
