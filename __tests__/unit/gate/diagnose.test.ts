import { diagnose, type GateEvidence } from '../../../src/gate/diagnose.js'
import { fromPyproject, fromPythonVersionFile } from '../../../src/gate/python-version.js'

describe('the Python a repository asks for', () => {
  it.each([
    ['3.12\n', '3.12', ['3.12.0', '3.12.7'], ['3.11.7', '3.13.0']],
    ['# pyenv\n3.11.4\n3.12\n', '3.11.4', ['3.11.4'], ['3.11.5', '3.12.1']],
    ['cpython-3.10\n', '3.10', ['3.10.14'], ['3.1.0', '3.11.0']],
    ['3.13-dev\n', '3.13', ['3.13.0'], ['3.12.9']]
  ])('.python-version %j asks for %s', (text, spec, ok, bad) => {
    const request = fromPythonVersionFile(text)
    expect(request?.spec).toBe(spec)
    expect(request?.source).toBe('.python-version')
    for (const version of ok) expect(request?.satisfiedBy(version)).toBe(true)
    for (const version of bad) expect(request?.satisfiedBy(version)).toBe(false)
  })

  it.each([['system\n'], [''], ['pypy\n']])('.python-version %j asks for nothing', text => {
    expect(fromPythonVersionFile(text)).toBeUndefined()
  })

  it.each([
    ['>=3.12', ['3.12.0', '3.13.1'], ['3.11.9']],
    ['>=3.10, <3.13', ['3.10.0', '3.12.9'], ['3.9.18', '3.13.0']],
    ['~=3.11', ['3.11.0', '3.14.2'], ['3.10.1', '4.0.0']],
    ['~=3.11.2', ['3.11.2', '3.11.9'], ['3.11.1', '3.12.0']],
    ['==3.12.*', ['3.12.3'], ['3.11.3']],
    ['!=3.11.*,>=3.10', ['3.10.2', '3.12.0'], ['3.11.7']],
    ['>3.11', ['3.11.1', '3.12.0'], ['3.11.0']]
  ])('requires-python %j', (spec, ok, bad) => {
    const request = fromPyproject(
      `[build-system]\nrequires = ["hatchling"]\n\n[project]\nname = "x"\nrequires-python = "${spec}"\n`
    )
    expect(request?.spec).toBe(spec)
    expect(request?.source).toBe('requires-python in pyproject.toml')
    for (const version of ok) expect(request?.satisfiedBy(version)).toBe(true)
    for (const version of bad) expect(request?.satisfiedBy(version)).toBe(false)
  })

  it("reads Poetry's python dependency when there is no requires-python", () => {
    const request = fromPyproject('[tool.poetry.dependencies]\npython = "^3.12"\nrequests = "^2"\n')
    expect(request?.spec).toBe('^3.12')
    expect(request?.satisfiedBy('3.13.0')).toBe(true)
    expect(request?.satisfiedBy('3.11.7')).toBe(false)
    expect(request?.satisfiedBy('4.0.0')).toBe(false)
  })

  it('ignores requires-python outside [project] and a specifier it cannot read', () => {
    expect(fromPyproject('[tool.other]\nrequires-python = ">=3.12"\n')).toBeUndefined()
    expect(fromPyproject('[project]\nrequires-python = "any recent one"\n')).toBeUndefined()
  })
})

describe('diagnose', () => {
  const red: GateEvidence = {
    status: 'failed',
    argv: ['python3', '-m', 'pytest'],
    outputTail: '',
    failures: []
  }

  it('says nothing for a green or skipped gate', () => {
    expect(
      diagnose({ ...red, status: 'passed', outputTail: 'x: No module named pytest' }, {}, '/repo')
    ).toEqual([])
    expect(diagnose({ ...red, status: 'skipped' }, {}, '/repo')).toEqual([])
  })

  it('names the first of several modules that could not be imported, with the error line and where it was raised', () => {
    const message = [
      'File "/repo/pkg/__init__.py", line 1',
      'type Number = int | float',
      '^^^^^^',
      'SyntaxError: invalid syntax'
    ].join('\n')
    const failures = [
      { id: 'tests/test_add.py', kind: 'error' as const, message },
      { id: 'tests/test_x.py', kind: 'error' as const, message },
      { id: 'tests/test_y.py::test_fixture', kind: 'error' as const, message: 'fixture boom' }
    ]
    expect(diagnose({ ...red, failures }, {}, '/repo')).toEqual([
      '2 test modules could not be imported; the first, tests/test_add.py: SyntaxError: invalid syntax (pkg/__init__.py, line 1).'
    ])
  })

  it('puts the Python version mismatch before the import error it explains', () => {
    const failures = [
      { id: 'tests/test_a.py', kind: 'error' as const, message: 'SyntaxError: invalid syntax' }
    ]
    const requested = fromPyproject('[project]\nrequires-python = ">=3.12"\n')
    const sentences = diagnose(
      { ...red, failures },
      { interpreter: { command: 'python3', version: '3.11.7' }, ...(requested ? { requested } : {}) },
      '/repo'
    )
    expect(sentences).toEqual([
      'This repository asks for Python >=3.12 (requires-python in pyproject.toml); the gate ran Python 3.11.7 (python3): run plan-phase where a matching Python is set up (for example with actions/setup-python), or point the input `test-command` at one.',
      'tests/test_a.py could not be imported: SyntaxError: invalid syntax.'
    ])
  })

  it('a missing pytest script on PATH, naming the setting the way the run was configured', () => {
    const evidence = { ...red, status: 'not-found' as const, argv: ['pytest', '-q'] }
    expect(diagnose(evidence, {}, '/repo')).toEqual([
      'pytest is not installed here (no `pytest` on PATH): install it with `python3 -m pip install pytest`, or set the input `test-command` to `python3 -m pytest` for a Python that has it.'
    ])
    expect(diagnose(evidence, {}, '/repo', '--test-command')[0]).toContain(
      'or set --test-command to `python3 -m pytest`'
    )
  })
})
