/**
 * `test-command` is split into an argument list like a shell would split words, and then run
 * without a shell. Anything only a shell could give meaning to is rejected rather than silently
 * passed on as literal text.
 *
 * Variables: `$NAME` / `${NAME}` outside single quotes is rejected (a shell would expand it, we
 * cannot without a shell, and passing the literal text would surprise); `'$NAME'` and `\$NAME` are
 * literal text as in a shell. Tilde and brace expansion are not performed: `~` and `{a,b}` are
 * literal text.
 */
import { parse } from 'shell-quote'
import { UserError } from '../errors.js'

// shell-quote hands variable names to the env getter; this marker lets us see where it did.
const VARIABLE_MARK = '\u0000plan-phase-variable\u0000'

export const SHELL_HINT = "if you really need a shell, write it explicitly, e.g. `bash -c '…'`"

/** A test command that cannot run without a shell; `reason` says why, for the settings reader's message. */
export class TestCommandError extends UserError {
  constructor(
    command: string,
    readonly reason: string
  ) {
    super(
      `The test command ${JSON.stringify(command)} ${reason}. It is run as an argument list without a ` +
        `shell; ${SHELL_HINT}.`
    )
    this.name = 'TestCommandError'
  }
}

function commandError(command: string, reason: string): TestCommandError {
  return new TestCommandError(command, reason)
}

/** Why `command` cannot be run as an argument list, or undefined when it can. */
export function testCommandProblem(command: string): string | undefined {
  try {
    parseTestCommand(command)
    return undefined
  } catch (error) {
    if (error instanceof TestCommandError) return error.reason
    throw error
  }
}

/** Shell syntax that shell-quote passes through as plain text: backticks and line breaks. */
function unquotedHazard(command: string): string | undefined {
  let quote: '"' | "'" | undefined
  for (let i = 0; i < command.length; i++) {
    const char = command[i]
    if (quote === "'") {
      if (char === "'") quote = undefined
    } else if (char === '\\') {
      if (/[\r\n]/.test(command[i + 1] ?? '')) return 'continues over a line break; put it on one line'
      i++
    } else if (char === '`') {
      return 'uses backtick command substitution'
    } else if (char === '"') {
      quote = quote === '"' ? undefined : '"'
    } else if (char === "'" && quote === undefined) {
      quote = "'"
    } else if ((char === '\n' || char === '\r') && quote === undefined) {
      return 'contains a line break, which a shell would run as a second command'
    }
  }
  return undefined
}

export function parseTestCommand(command: string): string[] {
  // YAML block scalars (`test-command: |`) end in a newline that is not part of the command.
  const text = command.trim()
  if (text === '') throw commandError(command, 'is empty; give the command that runs the tests')
  const hazard = unquotedHazard(text)
  if (hazard !== undefined) throw commandError(command, hazard)
  const entries = parse(text, name => `${VARIABLE_MARK}${name}${VARIABLE_MARK}`)
  const argv: string[] = []
  for (const [index, entry] of entries.entries()) {
    if (typeof entry !== 'string') {
      if ('comment' in entry) throw commandError(command, 'contains a `#` comment')
      if (entry.op === 'glob') {
        throw commandError(
          command,
          `contains the wildcard pattern \`${entry.pattern}\`; quote it or list the files`
        )
      }
      const previous = entries[index - 1]
      if (
        entry.op === '(' &&
        typeof previous === 'string' &&
        previous.endsWith(`${VARIABLE_MARK}${VARIABLE_MARK}`)
      ) {
        throw commandError(command, 'uses `$(…)` command substitution')
      }
      throw commandError(command, `contains the shell operator \`${entry.op}\``)
    }
    argv.push(literalArgument(command, entry))
  }
  if (argv.length === 0) throw commandError(command, 'is empty; give the command that runs the tests')
  return argv
}

function literalArgument(command: string, word: string): string {
  const parts = word.split(VARIABLE_MARK)
  // Odd indexes are variable names; a lone `$` (empty name) is literal text in a shell too.
  let text = ''
  for (let i = 0; i < parts.length; i++) {
    const part = parts[i] ?? ''
    if (i % 2 === 0) {
      text += part
    } else if (part === '') {
      if ((parts[i + 1] ?? '').startsWith('('))
        throw commandError(command, 'uses `$(…)` command substitution')
      text += '$'
    } else {
      throw commandError(
        command,
        `refers to the environment variable \`$${part}\`, which would not be expanded`
      )
    }
  }
  return text
}

const WRAPPERS = new Set(['uv', 'poetry', 'pipenv', 'pdm', 'hatch', 'rye'])
// Wrapper options that take a separate value, so the value is not mistaken for the command.
const WRAPPER_VALUE_OPTIONS = new Set([
  '--with',
  '--with-requirements',
  '--python',
  '-p',
  '--group',
  '--extra',
  '--package',
  '--env-file',
  '--directory',
  '--project',
  '-C',
  '-e',
  '--env',
  '--index',
  '--rcfile',
  '--source',
  '--include',
  '--omit',
  '--data-file',
  '--context',
  // python's own
  '-X',
  '-W'
])

function basename(program: string): string {
  const name = program.split(/[\\/]/).pop() ?? program
  return name.replace(/\.exe$/i, '').toLowerCase()
}

function isPython(program: string): boolean {
  return /^python(\d+(\.\d+)*)?$/.test(basename(program))
}

/** First argument after options (skipping the values of options known to take one). */
function commandStart(argv: readonly string[], from: number): number {
  let i = from
  while (i < argv.length && (argv[i] ?? '').startsWith('-') && argv[i] !== '-m') {
    i += WRAPPER_VALUE_OPTIONS.has(argv[i] ?? '') ? 2 : 1
  }
  return i
}

/**
 * pytest itself, `python -m pytest`, `coverage run -m pytest`, and project-tool wrappers such as
 * `uv run pytest` or `poetry run python -m pytest`.
 */
export function isPytest(argv: readonly string[]): boolean {
  const program = argv[0]
  if (program === undefined) return false
  const name = basename(program)
  if (name === 'pytest' || name === 'py.test') return true
  if (isPython(program) || name === 'coverage') {
    const start = name === 'coverage' ? (argv[1] === 'run' ? 2 : -1) : 1
    if (start < 0) return false
    const i = commandStart(argv, start)
    return argv[i] === '-m' && isPytest(argv.slice(i + 1))
  }
  if (WRAPPERS.has(name) && argv[1] === 'run') return isPytest(argv.slice(commandStart(argv, 2)))
  return false
}

const JUNIT_OPTIONS = ['--junitxml', '--junit-xml']

/** The report path the user already asked pytest for, if any (the last one wins, as in pytest). */
export function existingJunitPath(argv: readonly string[]): string | undefined {
  let found: string | undefined
  for (let i = 0; i < argv.length; i++) {
    const arg = argv[i] ?? ''
    if (arg === '--') break
    for (const option of JUNIT_OPTIONS) {
      if (arg === option && argv[i + 1] !== undefined) found = argv[i + 1]
      else if (arg.startsWith(`${option}=`)) found = arg.slice(option.length + 1)
    }
  }
  return found
}

export interface JunitRequest {
  readonly argv: string[]
  /** Where to read the report; relative paths are relative to the command's working directory. */
  readonly reportPath: string
  /** True when the path is ours (a temporary file to remove), false when the user chose it. */
  readonly owned: boolean
}

export function withJunitReport(argv: readonly string[], reportPath: string): JunitRequest {
  const existing = existingJunitPath(argv)
  if (existing !== undefined) return { argv: [...argv], reportPath: existing, owned: false }
  const separator = argv.indexOf('--')
  const flag = `--junitxml=${reportPath}`
  // Options after `--` would be taken as test paths.
  const next = separator < 0 ? [...argv, flag] : [...argv.slice(0, separator), flag, ...argv.slice(separator)]
  return { argv: next, reportPath, owned: true }
}
