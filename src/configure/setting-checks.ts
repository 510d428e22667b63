/**
 * The checks every setting goes through, whoever gave it (an action input, a CLI flag, a key of
 * `.github/plan-phase.yml`). Every refusal is a SettingError of one shape: the setting as its user wrote
 * it, the value quoted, what is wrong, and what is accepted. Pure.
 *
 * Path decisions: all paths are repository-relative POSIX paths (no leading `/`, `~`, drive letter or
 * `\`, no `..` segment). `plan-path` and `status-path` must contain `{phase}` and differ: a constant
 * path would make every phase overwrite the previous phase's documents on the same branch.
 */
import { documentPathProblem, refProblem } from '../destinations/destinations.js'
import { UserError } from '../errors.js'
import { SHELL_HINT, testCommandProblem } from '../gate/command.js'
import { capitalised } from '../settings/setting-names.js'
import { fillTemplate } from '../settings/settings.js'
import { ID_PLACEHOLDER, splitLabelPattern } from '../trigger/label.js'

/** Phase ids used to try templates: plain, lettered, dotted, a lone letter. */
const SAMPLE_PHASES = ['3', '2A', '3.10a', 'A']
const MAX_TIMEOUT_MINUTES = 360
const MAX_FAILURES_IN_REPLY = 500

/** A value and how its user named it, for messages. */
export interface Setting {
  readonly value: string
  /** `the input \`plan-path\``, `--plan-path`, or the file's key (setting-names.ts). */
  readonly name: string
  /** The value came from `.github/plan-phase.yml`. */
  readonly inFile: boolean
}

/**
 * A setting that cannot be used. `inFile` tells the CLI a mistake on its command line (a usage error)
 * from one in the repository's file.
 */
export class SettingError extends UserError {
  constructor(
    message: string,
    readonly inFile: boolean
  ) {
    super(message)
    this.name = 'SettingError'
  }
}

function quote(value: string): string {
  const shown = value.length > 100 ? `${value.slice(0, 100)}…` : value
  return JSON.stringify(shown)
}

export function fail(setting: Setting, problem: string, accepted: string, showValue = true): never {
  const value = showValue ? ` ${quote(setting.value)}` : ''
  throw new SettingError(
    `${capitalised(setting.name)}${value} ${problem}. Accepted: ${accepted}.`,
    setting.inFile
  )
}

export function oneOf<T extends string>(setting: Setting, values: readonly T[]): T {
  const found = values.find(value => value === setting.value)
  if (found === undefined) fail(setting, 'is not a known value', values.join(', '))
  return found
}

export function bool(setting: Setting): boolean {
  if (setting.value === 'true') return true
  if (setting.value === 'false') return false
  return fail(setting, 'is not a boolean', 'true or false')
}

export function timeoutMinutes(setting: Setting): number {
  const minutes = /^\d+(?:\.\d+)?$/.test(setting.value) ? Number(setting.value) : NaN
  if (!(minutes > 0 && minutes <= MAX_TIMEOUT_MINUTES)) {
    fail(
      setting,
      'is not a valid number of minutes',
      `a number more than 0 and at most ${MAX_TIMEOUT_MINUTES}`
    )
  }
  return minutes
}

export function failuresInReply(setting: Setting): number {
  const count = /^\d{1,6}$/.test(setting.value) ? Number(setting.value) : NaN
  if (!(count <= MAX_FAILURES_IN_REPLY)) {
    fail(setting, 'is not a valid count', `a whole number from 0 to ${MAX_FAILURES_IN_REPLY}`)
  }
  return count
}

/** A command the gate can run without a shell: checked here, so a bad one costs no master-plan read. */
export function testCommand(setting: Setting): string {
  const accepted = `a command line that runs the tests without a shell, e.g. pytest -q (${SHELL_HINT})`
  if (setting.value === '') fail(setting, 'is empty', accepted)
  const problem = testCommandProblem(setting.value)
  if (problem !== undefined) fail(setting, problem, accepted)
  return setting.value
}

export function commandWord(setting: Setting): string {
  if (!/^[/!.]?[A-Za-z0-9][A-Za-z0-9_.:-]{0,48}$/.test(setting.value)) {
    fail(
      setting,
      'is not a command word',
      'one word of letters, digits, "-", "_", ".", ":", optionally after "/", "!" or ".", e.g. /plan-phase'
    )
  }
  return setting.value
}

export function labelPattern(setting: Setting): string {
  const accepted =
    'a label with exactly one <id> and some fixed text, at most 40 characters besides <id>, e.g. plan-phase:<id>'
  const pattern = setting.value
  const fixed = pattern.split(ID_PLACEHOLDER)
  if (fixed.length !== 2 || pattern !== pattern.trim() || splitLabelPattern(pattern).bare === '') {
    fail(setting, 'is not a label pattern', accepted)
  }
  if (fixed.join('').length > 40) fail(setting, 'is too long for a label', accepted)
  return pattern
}

/** Repository-relative POSIX path; templates must contain `{phase}` and no other placeholder. */
export function relativePath(setting: Setting, template: boolean): string {
  const path = setting.value
  const accepted = template
    ? 'a repository-relative path containing {phase}, without "..", e.g. docs/phase_{phase}.md'
    : 'a repository-relative path without "..", e.g. docs/plan.md'
  if (path === '') fail(setting, 'is empty', accepted)
  if (/^[/~\\]|^[A-Za-z]:/.test(path)) fail(setting, 'is not relative to the repository', accepted)
  if (path.includes('\\')) fail(setting, 'uses "\\" (paths use "/")', accepted)
  if (/\p{Cc}/u.test(path)) fail(setting, 'contains control characters', accepted)
  if (path.split('/').includes('..')) fail(setting, 'leaves the repository through ".."', accepted)
  if (template) {
    if (!path.includes('{phase}')) fail(setting, 'does not contain {phase}', accepted)
    if (/[{}]/.test(fillTemplate(path, '3'))) fail(setting, 'has a placeholder other than {phase}', accepted)
  }
  return path
}

/**
 * A document template: besides being a valid template, its repository path (below the working
 * directory) must stay out of `.git/` and `.github/` for every kind of phase id; delivery commits
 * through the API, where nothing else would stop it, and a workflow file there would run with the
 * repository's secrets. The run checks the path again once the real phase is filled in, before the gate
 * (destination-check.ts).
 */
export function outputPath(setting: Setting, directory: string, directorySetting: Setting): string {
  const path = relativePath(setting, true)
  for (const phase of SAMPLE_PHASES) {
    const filled = fillTemplate(path, phase)
    const problem = documentPathProblem(directory ? `${directory}/${filled}` : filled)
    if (problem !== undefined) {
      const under = directory ? ` under ${directorySetting.name} ${quote(directory)}` : ''
      fail(
        setting,
        `${problem} (with phase ${phase}${under})`,
        'a repository-relative path containing {phase} outside .git/ and .github/, e.g. docs/phase_{phase}.md'
      )
    }
  }
  return path
}

export function workingDirectory(setting: Setting): string {
  if (setting.value === '' || setting.value === '.') return ''
  return relativePath(setting, false).replace(/\/+$/, '')
}

/** The hand-over directory usually lives in the runner's temp dir, outside the repository. */
export function outputDirectory(setting: Setting): string {
  const accepted = 'a directory, e.g. ${{ runner.temp }}/plan-phase'
  if (setting.value === '') fail(setting, 'is empty', accepted)
  if (/\p{Cc}/u.test(setting.value)) fail(setting, 'contains control characters', accepted)
  return setting.value
}

export function branchTemplate(setting: Setting): string {
  const accepted = 'a branch name containing {phase}, e.g. plan-phase/phase-{phase}'
  if (!setting.value.includes('{phase}')) fail(setting, 'does not contain {phase}', accepted)
  for (const phase of SAMPLE_PHASES) {
    const problem = refProblem(fillTemplate(setting.value, phase))
    if (problem) fail(setting, `is not a valid branch name for phase ${phase}: ${problem}`, accepted)
  }
  return setting.value
}

export function refName(setting: Setting): string {
  const problem = refProblem(setting.value)
  if (problem) fail(setting, `is not a valid branch name: ${problem}`, 'a branch name such as main')
  return setting.value
}
