/** The gate against real pytest and real processes, on fixture projects made per test. */
import * as fs from 'node:fs'
import * as path from 'node:path'
import { setFlagsFromString } from 'node:v8'
import { runInNewContext } from 'node:vm'
import { createLocalExec } from '../../src/adapters/local-exec.js'
import { UserError } from '../../src/errors.js'
import { runGate, type GateOptions } from '../../src/gate/run-gate.js'
import type { Reporter } from '../../src/reporter.js'
import { stopsWithin } from '../support/processes.js'
import { pytestProject, removeTempDirs, tempDir } from '../support/temp.js'

const exec = createLocalExec()

const project = (files: Record<string, string>): string => pytestProject('plan-phase-gate-', files)

interface Recorder extends Reporter {
  readonly output: string[]
  readonly groups: string[]
  readonly warnings: string[]
}

function recorder(): Recorder {
  const output: string[] = []
  const groups: string[] = []
  const warnings: string[] = []
  return {
    output,
    groups,
    warnings,
    info: () => undefined,
    warning: message => warnings.push(message),
    error: () => undefined,
    startGroup: name => groups.push(`start:${name}`),
    endGroup: () => groups.push('end'),
    write: chunk => output.push(typeof chunk === 'string' ? chunk : Buffer.from(chunk).toString())
  }
}

async function gate(cwd: string, command: string, extra: Partial<GateOptions> = {}, reporter = recorder()) {
  const reports = tempDir('plan-phase-reports-')
  const result = await runGate(
    { command, cwd, timeoutMinutes: 1, tempDir: reports, ...extra },
    exec,
    reporter
  )
  // The temporary JUnit report never outlives the run.
  expect(fs.readdirSync(reports)).toEqual([])
  return { result, reporter }
}

function onPath(program: string): boolean {
  return (process.env.PATH ?? '').split(path.delimiter).some(dir => fs.existsSync(path.join(dir, program)))
}

const PYTEST = 'python3 -m pytest'
const CALC = `class TestCalc:
    def test_add(self):
        total = 1 + 2
        assert total == 4

    def test_sub(self):
        assert 2 - 1 == 1
`

afterAll(removeTempDirs)

describe('runGate with pytest', () => {
  const green = {
    'tests/test_green.py': `import pytest\n\ndef test_a():\n    pass\n\ndef test_b():\n    assert True\n\n@pytest.mark.skip(reason="later")\ndef test_c():\n    pass\n`
  }

  it('passes a green suite with the right counts', async () => {
    const { result, reporter } = await gate(project(green), PYTEST)
    expect(result).toMatchObject({ status: 'passed', green: true, source: 'junit', exitCode: 0 })
    expect(result).toMatchObject({ passed: 2, failed: 0, errors: 0, skipped: 1, total: 3, failures: [] })
    expect(result.argv.slice(0, 3)).toEqual(['python3', '-m', 'pytest'])
    expect(result.argv[3]).toMatch(/^--junitxml=.*plan-phase-junit-.*\.xml$/)
    expect(result.summary).toContain('All 3 tests passed')
    expect(result.durationSeconds).toBeGreaterThan(0)
    expect(reporter.groups).toEqual([`start:Test suite: ${PYTEST}`, 'end'])
  })

  const bare = onPath('pytest') ? it : it.skip
  bare('recognises a bare `pytest` on PATH', async () => {
    const { result } = await gate(project(green), 'pytest -q')
    expect(result).toMatchObject({ status: 'passed', source: 'junit', passed: 2, skipped: 1 })
  })

  it('lists a failing test with its id, message, file and line', async () => {
    const cwd = project({ 'tests/test_calc.py': CALC })
    const { result } = await gate(cwd, PYTEST)
    expect(result).toMatchObject({
      status: 'failed',
      green: false,
      passed: 1,
      failed: 1,
      errors: 0,
      total: 2
    })
    expect(result.failures).toHaveLength(1)
    expect(result.failures[0]).toMatchObject({
      id: 'tests/test_calc.py::TestCalc::test_add',
      file: 'tests/test_calc.py',
      line: 4,
      kind: 'failure'
    })
    expect(result.failures[0]?.message).toContain('assert 3 == 4')
    expect(result.summary).toContain('1 failed')
  })

  it('reads file and line the same way from an xunit1 report', async () => {
    const { result } = await gate(project({ 'tests/test_calc.py': CALC }), `${PYTEST} -o junit_family=xunit1`)
    expect(result.failures[0]).toMatchObject({ id: 'tests/test_calc.py::TestCalc::test_add', line: 4 })
  })

  it('turns a collection error into a red gate that names the module', async () => {
    const cwd = project({
      'tests/test_calc.py': CALC,
      'tests/test_broken.py': 'import nonexistent_module_xyz\n'
    })
    const { result } = await gate(cwd, PYTEST)
    expect(result).toMatchObject({ status: 'failed', green: false, source: 'junit' })
    expect(result.errors).toBeGreaterThanOrEqual(1)
    const error = result.failures.find(failure => failure.kind === 'error')
    expect(error).toMatchObject({ id: 'tests/test_broken.py', file: 'tests/test_broken.py', line: 1 })
    expect(error?.message).toContain("No module named 'nonexistent_module_xyz'")
  })

  it('reports no tests when pytest collects nothing', async () => {
    const { result } = await gate(project({ 'tests/helpers.py': 'X = 1\n' }), PYTEST)
    expect(result).toMatchObject({ status: 'no-tests', green: false, exitCode: 5, total: 0 })
    expect(result.summary).toContain('collected no tests')
  })

  it('falls back to the exit code when pytest writes no report', async () => {
    const { result } = await gate(project(green), `${PYTEST} --no-such-option`)
    expect(result).toMatchObject({ status: 'failed', source: 'exit-code', exitCode: 4, total: 0 })
    expect(result.summary).toContain('usage error')
    expect(result.summary).toContain('counts are unknown')
  })

  it('kills a hanging suite and its subprocesses at the timeout', async () => {
    const cwd = project({
      'tests/test_hang.py': `import os, subprocess, time

def test_hang():
    child = subprocess.Popen(['sleep', '60'])
    with open('pids.txt', 'w') as f:
        f.write(f'{os.getpid()} {child.pid}')
    time.sleep(60)
`
    })
    const started = Date.now()
    // pytest needs about a second to start on a slow runner; 3 s leaves it time to write its pids.
    const { result } = await gate(cwd, PYTEST, { timeoutMinutes: 0.05 })
    expect(Date.now() - started).toBeLessThan(15_000)
    expect(result).toMatchObject({ status: 'timed-out', green: false, exitCode: null, source: 'none' })
    expect(result.summary).toContain('test-timeout-minutes')
    const pids = fs.readFileSync(path.join(cwd, 'pids.txt'), 'utf8').split(' ').map(Number)
    expect(pids).toHaveLength(2)
    // SIGKILL is sent to the whole group at once; on a loaded machine a member may need a moment to die.
    for (const pid of pids) expect(await stopsWithin(pid, 3000)).toBe(true)
  })

  it('runs the suite without the action credentials in its environment', async () => {
    const secrets = {
      GITHUB_TOKEN: 'ghs_secret_value',
      GH_TOKEN: 'gh_secret_value',
      INPUT_TOKEN: 'input_secret_value',
      ACTIONS_RUNTIME_TOKEN: 'runtime_secret_value',
      ACTIONS_ID_TOKEN_REQUEST_URL: 'https://oidc.example/secret'
    }
    const cwd = project({
      'tests/test_env.py': `import os

def test_env():
    print(sorted(os.environ.items()))
    for name in ${JSON.stringify(Object.keys(secrets))}:
        assert name not in os.environ, name
    assert not [name for name in os.environ if name.startswith('INPUT_')]
    assert os.environ['PYTHONDONTWRITEBYTECODE'] == '1'
    assert os.environ['KEEP_ME'] == 'kept'
`
    })
    const { result } = await gate(cwd, `${PYTEST} -s`, {
      env: { ...process.env, ...secrets, KEEP_ME: 'kept' }
    })
    expect(result).toMatchObject({ status: 'passed', passed: 1 })
    expect(result.outputTail).toContain("('KEEP_ME', 'kept')")
    for (const value of Object.values(secrets)) expect(result.outputTail).not.toContain(value)
  })
})

describe('runGate with other commands', () => {
  it('reports a command that does not exist', async () => {
    const { result } = await gate(project({}), 'definitely-not-a-command-4242 --flag')
    expect(result).toMatchObject({ status: 'not-found', green: false, exitCode: null, source: 'none' })
    expect(result.summary).toContain('definitely-not-a-command-4242')
    expect(result.summary).toContain('not found')
    expect(result.summary).toContain('`test-command`')
  })

  it('rejects shell syntax before running anything', async () => {
    await expect(gate(project({}), 'pytest && rm -rf /')).rejects.toThrow(UserError)
  })

  it('keeps only a bounded tail and bounded memory for a suite printing 60 MB', async () => {
    const tailBytes = 64 * 1024
    let written = 0
    let peak = 0
    // What the gate holds, not what the collector has yet to free: each sample follows a full collection.
    setFlagsFromString('--expose-gc')
    const collect = runInNewContext('gc') as () => void
    const live = (): number => {
      collect()
      // Output arrives as Buffers: their bytes live outside the heap.
      const { heapUsed, external } = process.memoryUsage()
      return heapUsed + external
    }
    // Sampled as the output passes 15, 30 and 45 MB: kept output would be held there. A few full
    // collections, not a timer's worth, so a loaded machine does not stall the stream.
    const marks = [15, 30, 45].map(mb => mb * 1024 * 1024)
    const reporter = {
      ...recorder(),
      write: (chunk: string | Uint8Array) => {
        written += chunk.length
        if (marks.length > 0 && written >= (marks[0] ?? 0)) {
          marks.shift()
          peak = Math.max(peak, live())
        }
      }
    }
    const before = live()
    const command = `python3 -c "import sys; w = sys.stdout.buffer.write; line = b'x' * 1023 + b'\\n'; [w(line) for _ in range(61440)]"`
    const { result } = await gate(project({}), command, { tailBytes }, reporter)
    expect(marks).toEqual([])
    expect(result).toMatchObject({ status: 'passed', source: 'exit-code', exitCode: 0 })
    expect(result.summary).toContain('counts are unknown because no JUnit report was found')
    expect(result.summary).toContain('`test-report`')
    expect(written).toBeGreaterThanOrEqual(60 * 1024 * 1024)
    expect(Buffer.byteLength(result.outputTail)).toBeLessThanOrEqual(tailBytes)
    expect(result.outputTail.length).toBeLessThanOrEqual(tailBytes)
    // Keeping the output holds 60 MB; the tail and the chunks in flight stay under 15 in a loaded run.
    expect(peak - before).toBeLessThan(30 * 1024 * 1024)
  })

  it('keeps exactly the last bytes, starting on a character boundary', async () => {
    const ascii = await gate(project({}), `python3 -c "print(' '.join(str(i) for i in range(100000)))"`, {
      tailBytes: 1000
    })
    const expected = `${Array.from({ length: 100000 }, (_, i) => String(i)).join(' ')}\n`
    expect(ascii.result.outputTail).toBe(expected.slice(-1000))
    // 'é' is two bytes: an odd tail starts half-way through one, which is dropped, not garbled.
    const wide = await gate(project({}), `python3 -c "print('é' * 5000, end='')"`, { tailBytes: 101 })
    expect(wide.result.outputTail).toBe('é'.repeat(50))
  })

  it('passes valid UTF-8 to the log byte for byte, a character cut between two reads included', async () => {
    // 3-byte characters: 64 KiB reads cut one of them at almost every read's end.
    const command = `python3 -c "import sys; w = sys.stdout.buffer.write; [w(('€' * 1000 + '\\n').encode()) for _ in range(200)]"`
    const { result, reporter } = await gate(project({}), command)
    expect(result.status).toBe('passed')
    const log = reporter.output.join('')
    const body = log.slice(log.indexOf('\n') + 1, log.lastIndexOf('::'))
    expect(body.slice(0, body.lastIndexOf('\n') + 1)).toBe(`${'€'.repeat(1000)}\n`.repeat(200))
    expect(log).not.toContain('\ufffd')
  })

  it('decodes invalid UTF-8 leniently', async () => {
    const command = `python3 -c "import sys; sys.stdout.buffer.write(bytes([104, 105, 255, 254, 10]))"`
    const { result, reporter } = await gate(project({}), command)
    expect(result.status).toBe('passed')
    expect(result.outputTail).toContain('hi\ufffd')
    expect(reporter.output.join('')).toContain('hi\ufffd')
  })

  it('makes workflow commands in the output inert with a one-off stop-commands token', async () => {
    const command = `python3 -c "print('::error::x'); print('::set-output name=a::b', end='')"`
    const { reporter } = await gate(project({}), command)
    const log = reporter.output.join('')
    const start = /^::stop-commands::([0-9a-f-]{36})\n/.exec(log)
    expect(start).not.toBeNull()
    const token = start?.[1] ?? ''
    expect(log.endsWith(`\n::${token}::\n`)).toBe(true)
    const inner = log.slice(start?.[0].length, log.length - `::${token}::\n`.length)
    expect(inner).toContain('::error::x')
    expect(inner).toContain('::set-output name=a::b')
    expect(log.indexOf('::error::x')).toBeGreaterThan(log.indexOf(`::stop-commands::${token}`))
    expect(log.lastIndexOf('::set-output')).toBeLessThan(log.lastIndexOf(`::${token}::`))
  })
})

describe('runGate with test-report', () => {
  const writer = `import os, sys
os.makedirs('reports', exist_ok=True)
with open('reports/junit-unit.xml', 'w') as f:
    f.write('<testsuite time="1"><testcase classname="Sum" name="adds"/><testcase classname="Sum" name="subtracts"><failure message="expected 1, got 2"/></testcase></testsuite>')
with open('reports/junit-e2e.xml', 'w') as f:
    f.write('<testsuites><testsuite time="2"><testcase classname="Flow" name="logs in"/></testsuite></testsuites>')
sys.exit(1)
`

  it('merges the reports matching the glob and ignores stale ones', async () => {
    const cwd = project({
      'gen.py': writer,
      'reports/old/junit-stale.xml': '<testsuite><testcase name="old"/></testsuite>'
    })
    const old = new Date(Date.now() - 3_600_000)
    fs.utimesSync(path.join(cwd, 'reports/old/junit-stale.xml'), old, old)
    const { result, reporter } = await gate(cwd, 'python3 gen.py', { reportGlob: 'reports/**/junit-*.xml' })
    expect(result).toMatchObject({
      status: 'failed',
      source: 'junit',
      passed: 2,
      failed: 1,
      total: 3,
      durationSeconds: 3
    })
    expect(result.failures).toEqual([{ id: 'Sum::subtracts', message: 'expected 1, got 2', kind: 'failure' }])
    expect(reporter.warnings.join('\n')).toContain('junit-stale.xml')
  })

  it('falls back to the exit code when a report is malformed', async () => {
    const cwd = project({ 'gen.py': "open('report.xml', 'w').write('<testsuite><testcase>')\n" })
    const { result } = await gate(cwd, 'python3 gen.py', { reportGlob: '*.xml' })
    expect(result).toMatchObject({ status: 'passed', source: 'exit-code', total: 0 })
    expect(result.summary).toContain('could not be read')
  })

  it('refuses a glob that leaves the working directory', async () => {
    await expect(gate(project({}), 'python3 -V', { reportGlob: '../*.xml' })).rejects.toThrow('`test-report`')
  })
})
