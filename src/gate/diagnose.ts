/**
 * Why a suite did not come out green, when the cause is one a user can fix without reading the log:
 * pytest is not installed for the Python that ran, the repository asks for another Python version, a
 * module (or conftest.py) could not be imported at collection. The sentences are appended to the gate's
 * summary, which the CLI prints and the reply and job summary show.
 *
 * `diagnose` is pure; `diagnosisFor` gathers what it needs: the repository's version files and, only
 * when the output does not say, the interpreter's version (one short probe of the Python that ran).
 */
import { constants } from 'node:fs'
import { lstat, open } from 'node:fs/promises'
import * as path from 'node:path'
import type { Exec } from '../adapters/exec.js'
import { inputName } from '../settings/setting-names.js'
import { fromPyproject, fromPythonVersionFile, type PythonRequest } from './python-version.js'
import type { FailedTest, GateStatus } from './result.js'

/** What the gate saw. */
export interface GateEvidence {
  readonly status: GateStatus
  /** The argv that ran. */
  readonly argv: readonly string[]
  /** Bounded tail of the suite's combined output. */
  readonly outputTail: string
  /** Failing tests from the JUnit report, if there was one. */
  readonly failures: readonly FailedTest[]
}

/** The Python that ran the suite, as far as it is known. */
export interface Interpreter {
  /** How it was named (`python3`, `/venv/bin/python`), when the suite was started through it. */
  readonly command?: string
  /** `3.11.7`, when known. */
  readonly version?: string
  /** Whether pip is importable in it, when known. */
  readonly hasPip?: boolean
}

export interface PythonFacts {
  readonly interpreter?: Interpreter
  readonly requested?: PythonRequest
}

const PYTEST_MISSING = /^(.*?): No module named pytest\s*$/m
const PYTEST_HEADER = /^platform \S+ -- Python (\d+\.\d+\.\d+)/m
const CONFTEST_IMPORT = /^ImportError while loading conftest '([^']+)'\./m
const ERROR_LINE = /^(?:[A-Za-z_][\w.]*\.)?[A-Z]\w*(?:Error|Exception|Exit)\b.*$/
const COLLECTING = /^_+ ERROR collecting (\S+) _+$/m

/** Sentences that explain the failure, most basic cause first; empty when nothing is recognised. */
export function diagnose(
  evidence: GateEvidence,
  facts: PythonFacts,
  cwd: string,
  testCommand = inputName('testCommand')
): string[] {
  if (evidence.status === 'passed' || evidence.status === 'skipped') return []
  const sentences: string[] = []
  const missing = pytestMissing(evidence, facts.interpreter, testCommand)
  if (missing) sentences.push(missing)
  const { interpreter, requested } = facts
  if (!missing && requested && interpreter?.version && !requested.satisfiedBy(interpreter.version)) {
    sentences.push(
      `This repository asks for Python ${requested.spec} (${requested.source}); the gate ran Python ${interpreter.version}${interpreter.command ? ` (${interpreter.command})` : ''}: run plan-phase where a matching Python is set up (for example with actions/setup-python), or point ${testCommand} at one.`
    )
  }
  if (!missing) {
    const imports = importFailure(evidence, cwd)
    if (imports) sentences.push(imports)
  }
  return sentences
}

function pytestMissing(
  evidence: GateEvidence,
  interpreter: Interpreter | undefined,
  testCommand: string
): string | undefined {
  const program = path.basename(evidence.argv[0] ?? '')
  if (evidence.status === 'not-found' && /^(py\.?test)(\.exe)?$/.test(program)) {
    return `pytest is not installed here (no \`pytest\` on PATH): install it with \`python3 -m pip install pytest\`, or set ${testCommand} to \`python3 -m pytest\` for a Python that has it.`
  }
  const match = PYTEST_MISSING.exec(evidence.outputTail)
  if (!match) return undefined
  const python = interpreter?.command ?? match[1] ?? 'python'
  const which = interpreter?.version ? `${python} (Python ${interpreter.version})` : python
  const install =
    interpreter?.hasPip === false
      ? `\`${python} -m ensurepip && ${python} -m pip install pytest\` (this environment has no pip)`
      : `\`${python} -m pip install pytest\``
  return `pytest is not installed for ${which}: install it with ${install}, or point ${testCommand} at a Python that has pytest.`
}

/** The first module pytest could not import, with the line that says why. */
function importFailure(evidence: GateEvidence, cwd: string): string | undefined {
  const conftest = CONFTEST_IMPORT.exec(evidence.outputTail)
  if (conftest?.[1]) {
    const after = evidence.outputTail.slice(conftest.index)
    return `pytest could not import ${shown(conftest[1], cwd)}: ${errorLine(raisedLines(after)) ?? 'see the log'}.${installHint(after)}`
  }
  // A collection error is an error whose id is the module file itself (no `::test`).
  const collection = evidence.failures.filter(
    failure => failure.kind === 'error' && !failure.id.includes('::') && failure.id.endsWith('.py')
  )
  const first = collection[0]
  if (first) {
    const lines = first.message.split('\n')
    const where = location(lines, cwd)
    const reason = errorLine(lines) ?? lines.at(-1) ?? 'see the log'
    const count =
      collection.length === 1
        ? `${first.id} could not be imported`
        : `${collection.length} test modules could not be imported; the first, ${first.id}`
    return `${count}: ${reason}${where ? ` (${where})` : ''}.${installHint(first.message)}`
  }
  // No report (pytest stopped before writing one): the log's own heading names the module.
  const heading = COLLECTING.exec(evidence.outputTail)
  if (heading?.[1]) {
    const after = evidence.outputTail.slice(heading.index)
    return `${heading[1]} could not be imported: ${errorLine(raisedLines(after)) ?? 'see the log'}.${installHint(after)}`
  }
  return undefined
}

/** pytest's `E   ` lines: what was raised. */
function raisedLines(text: string): string[] {
  return text
    .split(/\r?\n/)
    .filter(line => /^E {2,}/.test(line))
    .map(line => line.replace(/^E {2,}/, '').trimEnd())
}

function errorLine(lines: readonly string[]): string | undefined {
  return lines.map(line => line.trim()).find(line => ERROR_LINE.test(line))
}

/** `File "/repo/pkg/__init__.py", line 1` of a SyntaxError, as `pkg/__init__.py, line 1`. */
function location(lines: readonly string[], cwd: string): string | undefined {
  for (const line of lines) {
    const match = /^\s*File "([^"]+)", line (\d+)/.exec(line)
    if (match?.[1]) return `${shown(match[1], cwd)}, line ${match[2]}`
  }
  return undefined
}

function installHint(text: string): string {
  const module = /ModuleNotFoundError: No module named '([\w.]+)'/.exec(text)?.[1]
  return module
    ? ` Install \`${module.split('.')[0]}\` for the Python that runs the suite, or fix the import.`
    : ''
}

function shown(file: string, cwd: string): string {
  const relative = path.relative(cwd, path.resolve(cwd, file))
  return relative.startsWith('..') || path.isAbsolute(relative) ? file : relative.split(path.sep).join('/')
}

export interface DiagnoseContext {
  readonly cwd: string
  readonly exec: Exec
  /** The suite's own environment (the probe finds the same interpreter on the same PATH). */
  readonly env: Readonly<Record<string, string>>
}

/**
 * Gathers the facts once; the sentences then name the test command's setting as asked (a run's
 * messages and its documents name it differently).
 */
export async function diagnosisFor(
  evidence: GateEvidence,
  context: DiagnoseContext
): Promise<(testCommand: string) => string[]> {
  if (evidence.status === 'passed' || evidence.status === 'skipped') return () => []
  const requested = await requestedPython(context.cwd)
  const interpreter = await interpreterFacts(evidence, requested !== undefined, context)
  const facts = { ...(interpreter ? { interpreter } : {}), ...(requested ? { requested } : {}) }
  return testCommand => diagnose(evidence, facts, context.cwd, testCommand)
}

async function requestedPython(cwd: string): Promise<PythonRequest | undefined> {
  const read = (name: string): Promise<string | undefined> => readSmallFile(path.join(cwd, name))
  const versionFile = await read('.python-version')
  const fromFile = versionFile === undefined ? undefined : fromPythonVersionFile(versionFile)
  if (fromFile) return fromFile
  const pyproject = await read('pyproject.toml')
  return pyproject === undefined ? undefined : fromPyproject(pyproject)
}

const PROBE = [
  'import importlib.util, sys',
  'print("%d.%d.%d" % sys.version_info[:3])',
  'print(importlib.util.find_spec("pip") is not None)'
].join('; ')

/**
 * The interpreter that ran the suite: named by Python's own "No module named pytest" line, or the
 * command itself when it is a Python. Its version comes from pytest's header when the output has it,
 * else from one probe — made only when a version request or a missing pytest makes it matter.
 */
async function interpreterFacts(
  evidence: GateEvidence,
  versionMatters: boolean,
  context: DiagnoseContext
): Promise<Interpreter | undefined> {
  const missingFor = PYTEST_MISSING.exec(evidence.outputTail)?.[1]
  const first = evidence.argv[0] ?? ''
  // Only the configured command is ever probed; a path in the suite's output is only shown.
  const python = /^python[\d.]*(\.exe)?$/i.test(path.basename(first)) ? first : undefined
  const header = PYTEST_HEADER.exec(evidence.outputTail)?.[1]
  if (header && !missingFor) return { ...(python ? { command: python } : {}), version: header }
  if (python === undefined) return missingFor ? { command: missingFor } : undefined
  if (!versionMatters && !missingFor) return { command: python }
  const probe = await context.exec
    .run({
      argv: [python, '-c', PROBE],
      cwd: context.cwd,
      env: context.env,
      timeoutMs: 15_000,
      tailBytes: 1024
    })
    .catch(() => undefined)
  const [version, pip] = (probe?.exitCode === 0 ? probe.tail : '').trim().split(/\r?\n/)
  const shownAs = missingFor ?? python
  if (!version || !/^\d+\.\d+\.\d+$/.test(version)) return { command: shownAs }
  return { command: shownAs, version, hasPip: pip === 'True' }
}

const MAX_VERSION_FILE_BYTES = 256 * 1024

/**
 * A small regular file of the repository, or undefined: repository content is untrusted, so no links
 * (a `.python-version` pointing at a secret must not end up in a reply), no FIFOs, nothing large.
 */
async function readSmallFile(file: string): Promise<string | undefined> {
  const stats = await lstat(file).catch(() => undefined)
  if (!stats?.isFile() || stats.size > MAX_VERSION_FILE_BYTES) return undefined
  const flags = constants.O_RDONLY | (constants.O_NOFOLLOW ?? 0) | (constants.O_NONBLOCK ?? 0)
  const handle = await open(file, flags).catch(() => undefined)
  if (!handle) return undefined
  try {
    const opened = await handle.stat()
    if (!opened.isFile() || opened.size > MAX_VERSION_FILE_BYTES) return undefined
    const buffer = Buffer.alloc(opened.size)
    const { bytesRead } = await handle.read(buffer, 0, buffer.length, 0)
    return buffer.subarray(0, bytesRead).toString('utf8')
  } catch {
    return undefined
  } finally {
    await handle.close()
  }
}
