/**
 * Which Python a repository asks for (`.python-version`, `requires-python` in `pyproject.toml`, Poetry's
 * `python` dependency) and whether a given interpreter version satisfies it. Pure: no I/O.
 */

export interface PythonRequest {
  /** As the repository writes it: `3.12`, `>=3.12`, `^3.12`. */
  readonly spec: string
  /** Where it is written, for the message: `.python-version`, `requires-python in pyproject.toml`. */
  readonly source: string
  /** Whether `version` (e.g. `3.11.7`) satisfies it. */
  satisfiedBy(version: string): boolean
}

type Version = readonly number[]

function parseVersion(text: string): Version | undefined {
  const match = /^(\d+)(?:\.(\d+))?(?:\.(\d+))?/.exec(text.trim())
  if (!match) return undefined
  return match.slice(1).map(part => (part === undefined ? 0 : Number(part)))
}

function compare(a: Version, b: Version): number {
  for (let i = 0; i < 3; i++) {
    const diff = (a[i] ?? 0) - (b[i] ?? 0)
    if (diff !== 0) return diff
  }
  return 0
}

/** `3.12` matches 3.12.x; `3.12.1` matches only 3.12.1. */
function hasPrefix(version: Version, prefix: string): boolean {
  const parts = prefix.split('.').filter(part => part !== '*' && part !== '')
  return parts.every((part, index) => Number(part) === version[index])
}

/** One clause of a PEP 440 specifier (`>=3.12`, `==3.12.*`, `~=3.12`) or a Poetry constraint (`^3.12`, `~3.12`). */
function clause(text: string): ((version: Version) => boolean) | undefined {
  const match = /^(===|~=|==|!=|<=|>=|<|>|\^|~)?\s*v?(\d+(?:\.\d+){0,2})(\.\*)?$/.exec(text.trim())
  if (!match) return undefined
  const [, operator = '==', bound = '', wildcard] = match
  const target = parseVersion(bound)
  if (!target) return undefined
  const parts = bound.split('.').length
  switch (operator) {
    case '==':
    case '===':
      return wildcard || parts < 3 ? v => hasPrefix(v, bound) : v => compare(v, target) === 0
    case '!=':
      return wildcard || parts < 3 ? v => !hasPrefix(v, bound) : v => compare(v, target) !== 0
    case '>=':
      return v => compare(v, target) >= 0
    case '>':
      return v => compare(v, target) > 0
    case '<=':
      return v => compare(v, target) <= 0
    case '<':
      return v => compare(v, target) < 0
    case '~=': {
      // ~=3.12 means >=3.12 and ==3.*; ~=3.12.1 means >=3.12.1 and ==3.12.*
      const prefix = bound.split('.').slice(0, -1).join('.')
      return v => compare(v, target) >= 0 && hasPrefix(v, prefix)
    }
    case '^':
      // Poetry: ^3.12 is >=3.12,<4.0.
      return v => compare(v, target) >= 0 && v[0] === target[0]
    case '~':
      // Poetry: ~3.12 is >=3.12,<3.13; ~3 is >=3,<4.
      return v => compare(v, target) >= 0 && hasPrefix(v, bound.split('.').slice(0, 2).join('.'))
    default:
      return undefined
  }
}

/** A specifier set: clauses joined by `,` (all must hold), alternatives by `||` (Poetry). */
function specifier(text: string): ((version: Version) => boolean) | undefined {
  const alternatives = text.split('||').map(alternative => {
    const clauses = alternative.split(',').map(clause)
    if (clauses.length === 0 || clauses.some(check => check === undefined)) return undefined
    return (version: Version) => clauses.every(check => check?.(version) === true)
  })
  if (alternatives.some(check => check === undefined)) return undefined
  return version => alternatives.some(check => check?.(version) === true)
}

function request(spec: string, source: string, check: (version: Version) => boolean): PythonRequest {
  return {
    spec,
    source,
    satisfiedBy: text => {
      const version = parseVersion(text)
      return version === undefined || check(version)
    }
  }
}

/** The first version `.python-version` names (`3.12`, `3.12.4`, `cpython-3.12`); `system` and others ask nothing. */
export function fromPythonVersionFile(text: string): PythonRequest | undefined {
  const line = text
    .split(/\r?\n/)
    .map(entry => entry.replace(/#.*/, '').trim())
    .find(entry => entry !== '')
  const match =
    line === undefined ? null : /^(?:cpython-?|python-?)?(\d+\.\d+(?:\.\d+)?)(?:$|[-+])/.exec(line)
  if (!match?.[1]) return undefined
  const version = match[1]
  return request(version, '.python-version', v => hasPrefix(v, version))
}

/** `requires-python` of the `[project]` table, else Poetry's `python` dependency. */
export function fromPyproject(text: string): PythonRequest | undefined {
  const project = tableValue(text, 'project', 'requires-python')
  if (project !== undefined) {
    const check = specifier(project)
    return check ? request(project, 'requires-python in pyproject.toml', check) : undefined
  }
  const poetry = tableValue(text, 'tool.poetry.dependencies', 'python')
  if (poetry !== undefined) {
    const check = specifier(poetry)
    return check ? request(poetry, 'the python dependency in pyproject.toml', check) : undefined
  }
  return undefined
}

/**
 * A string value `key = "…"` directly under `[table]`. Enough TOML for the two keys read here: both
 * are plain strings on one line in every pyproject.toml the packaging tools write.
 */
function tableValue(text: string, table: string, key: string): string | undefined {
  let inTable = false
  for (const raw of text.split(/\r?\n/)) {
    const line = raw.trim()
    const header = /^\[([^\]]+)\]\s*(#.*)?$/.exec(line)
    if (header) {
      inTable = header[1]?.trim() === table
      continue
    }
    if (!inTable) continue
    const match = new RegExp(`^["']?${key.replace(/[.-]/g, '\\$&')}["']?\\s*=\\s*(["'])(.*?)\\1`).exec(line)
    if (match) return match[2]?.trim()
  }
  return undefined
}
