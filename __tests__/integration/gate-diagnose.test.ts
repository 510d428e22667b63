/**
 * Gate diagnostics on real pytest runs: the causes a user needs (pytest missing for the Python that
 * ran, a Python version the repository does not ask for, a module that cannot be imported) named in
 * the gate's summary, which the CLI prints and the reply and job summary show.
 */
import { execFileSync } from 'node:child_process'
import * as os from 'node:os'
import * as path from 'node:path'
import { createLocalExec } from '../../src/adapters/local-exec.js'
import { runGate } from '../../src/gate/run-gate.js'
import { silentReporter } from '../../src/reporter.js'
import { runCli } from '../../src/cli/cli.js'
import { pytestProject, RED_TEST, removeTempDirs, tempDir, tempProject } from '../support/temp.js'

afterAll(removeTempDirs)

const project = (files: Record<string, string>): string => tempProject('plan-phase-diagnose-', files)
/** A project whose pytest rootdir is the directory itself. */
const rootedProject = (files: Record<string, string>): string => pytestProject('plan-phase-diagnose-', files)

async function gate(cwd: string, command: string, env: NodeJS.ProcessEnv = process.env) {
  return runGate(
    { command, cwd, timeoutMinutes: 2, tempDir: tempDir('plan-phase-reports-'), env },
    createLocalExec(),
    silentReporter
  )
}

/**
 * The interpreter itself, not a `python3` shim: pyenv's shim would honour a fixture's `.python-version`
 * and run another Python than the one whose version the tests expect.
 */
const [PYTHON = 'python3', version = ''] = execFileSync(
  'python3',
  ['-c', 'import sys; print(sys.executable); print("%d.%d.%d" % sys.version_info[:3])'],
  { encoding: 'utf8', cwd: os.tmpdir() }
)
  .trim()
  .split('\n')
const [major, minor, micro] = version.split('.').map(Number)
const PYTEST = `${PYTHON} -m pytest -p no:cacheprovider`
const RUNNING = `${major}.${minor}.${micro}`
const GREEN_TEST = 'def test_ok():\n    assert True\n'

describe('gate diagnostics', () => {
  it('a conftest.py importing a missing module: names the file and the error line', async () => {
    const cwd = rootedProject({
      'tests/conftest.py': 'import helpers_that_are_not_installed\n',
      'tests/test_ok.py': GREEN_TEST
    })
    const result = await gate(cwd, PYTEST)
    expect(result.green).toBe(false)
    expect(result.summary).toContain(
      "pytest could not import tests/conftest.py: ModuleNotFoundError: No module named 'helpers_that_are_not_installed'. Install `helpers_that_are_not_installed` for the Python that runs the suite, or fix the import."
    )
  })

  it('a test module importing a missing module: the first failing module and its error', async () => {
    const cwd = rootedProject({
      'tests/test_a.py': 'import yaml_but_misspelled\n\n' + GREEN_TEST,
      'tests/test_b.py': 'from yaml_but_misspelled import x\n\n' + GREEN_TEST,
      'tests/test_ok.py': GREEN_TEST
    })
    const result = await gate(cwd, PYTEST)
    expect(result.summary).toContain(
      "2 test modules could not be imported; the first, tests/test_a.py: ModuleNotFoundError: No module named 'yaml_but_misspelled'."
    )
  })

  const py312 = major === 3 && (minor ?? 0) < 12 ? it : it.skip
  py312(
    'requires-python >=3.12 and 3.12-only syntax under an older Python: says which version it asks for and which ran',
    async () => {
      const cwd = project({
        'pyproject.toml':
          '[project]\nname = "modern"\nversion = "0"\nrequires-python = ">=3.12"\n\n[tool.pytest.ini_options]\n',
        'modern/__init__.py':
          'type Number = int | float\n\ndef first[T](items: list[T]) -> T:\n    return items[0]\n',
        'tests/test_first.py':
          'from modern import first\n\ndef test_first():\n    assert first([1, 2]) == 1\n',
        'tests/test_more.py': 'import modern\n\ndef test_more():\n    assert modern\n'
      })
      const result = await gate(cwd, PYTEST)
      expect(result.summary).toContain(
        `This repository asks for Python >=3.12 (requires-python in pyproject.toml); the gate ran Python ${RUNNING} (${PYTHON}):`
      )
      expect(result.summary).toContain(
        '2 test modules could not be imported; the first, tests/test_first.py: SyntaxError: invalid syntax (modern/__init__.py, line 1).'
      )
    }
  )

  it('.python-version asking for a newer Python than ran, on a red suite', async () => {
    const wanted = `${major}.${(minor ?? 0) + 1}`
    const cwd = rootedProject({ '.python-version': `${wanted}\n`, ...RED_TEST })
    const result = await gate(cwd, PYTEST)
    expect(result.summary).toContain(
      `This repository asks for Python ${wanted} (.python-version); the gate ran Python ${RUNNING} (${PYTHON}):`
    )
  })

  it('a green suite gets no diagnosis, whatever .python-version says', async () => {
    const cwd = rootedProject({
      '.python-version': '2.7\n',
      'tests/test_ok.py': GREEN_TEST
    })
    const result = await gate(cwd, PYTEST)
    expect(result.summary).toBe('All 1 test passed (1 passed, 0 failed, 0 errors, 0 skipped).')
  })

  it('a Python without pytest (a venv without pip): says so, for that Python, and how to install it', async () => {
    const venv = path.join(tempDir('plan-phase-venv-'), 'venv')
    execFileSync(PYTHON, ['-m', 'venv', '--without-pip', venv])
    const python = path.join(venv, 'bin', 'python')
    const cwd = rootedProject({ 'tests/test_ok.py': GREEN_TEST })
    const result = await gate(cwd, `${python} -m pytest`)
    expect(result.green).toBe(false)
    expect(result.summary).toContain(
      `pytest is not installed for ${python} (Python ${RUNNING}): install it with \`${python} -m ensurepip && ${python} -m pip install pytest\` (this environment has no pip), or point the input \`test-command\` at a Python that has pytest.`
    )
  })

  it('no pytest on PATH: says to install it or run it through a Python', async () => {
    const cwd = project({ 'tests/test_ok.py': GREEN_TEST })
    const result = await gate(cwd, 'pytest', { ...process.env, PATH: tempDir('plan-phase-empty-path-') })
    expect(result.status).toBe('not-found')
    expect(result.summary).toContain('pytest is not installed here (no `pytest` on PATH)')
  })

  it('the CLI prints the diagnosis with the red gate', async () => {
    const cwd = rootedProject({
      'tests/conftest.py': 'import helpers_that_are_not_installed\n',
      'tests/test_ok.py': GREEN_TEST,
      'plan.md': '# Plan\n\n## Phase 1: One\n\nDo one thing.\n'
    })
    let stderr = ''
    const write = process.stderr.write.bind(process.stderr)
    process.stderr.write = ((chunk: string | Uint8Array) => (
      (stderr += String(chunk)),
      true
    )) as typeof process.stderr.write
    let code: number
    try {
      code = await runCli(['1', '--repo', cwd, '--master-plan', 'plan.md', '--test-command', PYTEST, '-q'])
    } finally {
      process.stderr.write = write
    }
    expect(code).toBe(1)
    expect(stderr).toContain('The test suite is not green: The test command exited with code 4 (usage error)')
    expect(stderr).toContain(
      "pytest could not import tests/conftest.py: ModuleNotFoundError: No module named 'helpers_that_are_not_installed'."
    )
  })
})
