/**
 * The only place the action's inputs are read and validated. Precedence: an explicit input beats
 * `.github/plan-phase.yml`, which beats the default.
 *
 * "Explicit": `@actions/core` hands back action.yml's default as if the user had typed it, so an
 * input counts as set only when its value is non-empty and differs from its registered default
 * (action-io.ts, which the contract test keeps equal to action.yml). Consequence: setting an input to
 * its default value cannot override the file; remove the key from the file instead.
 *
 * Every error is a UserError of one shape: where (input or file key), what is wrong, the value
 * quoted, and what is accepted.
 *
 * Path decisions: all paths are repository-relative POSIX paths (no leading `/`, `~`, drive letter or
 * `\`, no `..` segment). `plan-path` and `status-path` must contain `{phase}` and differ: a constant
 * path would make every phase overwrite the previous phase's documents on the same branch.
 */
import { INPUTS, type InputSpec } from './action-io.js'
import { CONFIG_FILE, parseConfigFile, type ConfigValues } from './config-file.js'
import { documentPathProblem, refProblem } from './destinations.js'
import { UserError } from './errors.js'
import { fillTemplate, type ActionSettings, type Delivery, type Permission, type Stage } from './settings.js'
import { ID_PLACEHOLDER, splitLabelPattern } from './trigger/label.js'

const PERMISSIONS: readonly Permission[] = ['read', 'triage', 'write', 'maintain', 'admin']
const DELIVERIES: readonly Delivery[] = ['auto', 'commit', 'pull-request']
const STAGES: readonly Stage[] = ['authorise', 'all', 'plan', 'publish']
/** Phase ids used to try templates: plain, lettered, dotted, a lone letter. */
const SAMPLE_PHASES = ['3', '2A', '3.10a', 'A']
const MAX_TIMEOUT_MINUTES = 360
const MAX_FAILURES_IN_REPLY = 500

/** A value and where it came from, for messages. */
interface Setting {
  readonly value: string
  readonly where: string
}

/**
 * The token alone: it is workflow-only, and the run needs it to read `.github/plan-phase.yml` from the
 * default branch before the other settings can be read.
 */
export function readToken(getInput: (name: string) => string): string {
  const token = resolve(INPUTS.token, getInput(INPUTS.token.name), {})
  if (token.value === '') fail(token, 'is empty', 'a GitHub token, e.g. ${{ github.token }}', false)
  return token.value
}

/**
 * `readConfig` hands back the text of `.github/plan-phase.yml` (the action reads it from the default
 * branch through the API; never from the checkout, which a pull request can change).
 */
export async function readActionSettings(
  getInput: (name: string) => string,
  readConfig: () => Promise<string | undefined>
): Promise<ActionSettings> {
  const text = await readConfig()
  const config = text === undefined ? {} : parseConfigFile(text)
  const read = (spec: InputSpec): Setting => resolve(spec, getInput(spec.name), config)

  const token = { value: readToken(getInput) }
  const directory = workingDirectory(read(INPUTS.workingDirectory))
  const planPathTemplate = outputPath(read(INPUTS.planPath), directory)
  const statusPathTemplate = outputPath(read(INPUTS.statusPath), directory)
  if (planPathTemplate === statusPathTemplate) {
    fail(read(INPUTS.statusPath), 'is the same as plan-path', 'a path different from plan-path')
  }
  const testReport = read(INPUTS.testReport)
  const base = read(INPUTS.base)

  return {
    token: token.value,
    phase: read(INPUTS.phase).value,
    command: commandWord(read(INPUTS.command)),
    labelPattern: labelPattern(read(INPUTS.labelPattern)),
    permission: oneOf(read(INPUTS.permission), PERMISSIONS),
    allowForks: bool(read(INPUTS.allowForks)),
    masterPlanPath: relativePath(read(INPUTS.masterPlan), false),
    planPathTemplate,
    statusPathTemplate,
    testCommand: nonEmpty(read(INPUTS.testCommand), 'a command line, e.g. pytest -q'),
    testTimeoutMinutes: timeoutMinutes(read(INPUTS.testTimeoutMinutes)),
    ...(testReport.value ? { testReport: relativePath(testReport, false) } : {}),
    delivery: oneOf(read(INPUTS.delivery), DELIVERIES),
    branchTemplate: branchTemplate(read(INPUTS.branch)),
    ...(base.value ? { base: refName(base) } : {}),
    stage: oneOf(read(INPUTS.stage), STAGES),
    workingDirectory: directory,
    outputDir: outputDirectory(read(INPUTS.outputDir)),
    notifyFromPlan: bool(read(INPUTS.notifyFromPlan)),
    force: bool(read(INPUTS.force)),
    maxFailuresInReply: failuresInReply(read(INPUTS.maxFailuresInReply))
  }
}

/** Explicit input (non-empty, not the default) → the file's key → the default. */
function resolve(spec: InputSpec, raw: string, config: ConfigValues): Setting {
  const input = raw.trim()
  const where = `input \`${spec.name}\``
  if (input !== '' && input !== spec.default) return { value: input, where }
  const fromFile = config[spec.name]
  if (fromFile !== undefined)
    return { value: String(fromFile).trim(), where: `\`${spec.name}\` in ${CONFIG_FILE}` }
  // An expression default (`${{ github.token }}`) is expanded by the runner; unexpanded it means nothing.
  return { value: spec.default.startsWith('${{') ? '' : spec.default, where }
}

function quote(value: string): string {
  const shown = value.length > 100 ? `${value.slice(0, 100)}…` : value
  return JSON.stringify(shown)
}

function fail(setting: Setting, problem: string, accepted: string, showValue = true): never {
  const value = showValue ? ` ${quote(setting.value)}` : ''
  throw new UserError(`${setting.where}${value} ${problem}. Accepted: ${accepted}.`)
}

function oneOf<T extends string>(setting: Setting, values: readonly T[]): T {
  const found = values.find(value => value === setting.value)
  if (found === undefined) fail(setting, 'is not a known value', values.join(', '))
  return found
}

function bool(setting: Setting): boolean {
  if (setting.value === 'true') return true
  if (setting.value === 'false') return false
  return fail(setting, 'is not a boolean', 'true or false')
}

function nonEmpty(setting: Setting, accepted: string): string {
  if (setting.value === '') fail(setting, 'is empty', accepted)
  return setting.value
}

function timeoutMinutes(setting: Setting): number {
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

function failuresInReply(setting: Setting): number {
  const count = /^\d{1,6}$/.test(setting.value) ? Number(setting.value) : NaN
  if (!(count <= MAX_FAILURES_IN_REPLY)) {
    fail(setting, 'is not a valid count', `a whole number from 0 to ${MAX_FAILURES_IN_REPLY}`)
  }
  return count
}

function commandWord(setting: Setting): string {
  if (!/^[/!.]?[A-Za-z0-9][A-Za-z0-9_.:-]{0,48}$/.test(setting.value)) {
    fail(
      setting,
      'is not a command word',
      'one word of letters, digits, "-", "_", ".", ":", optionally after "/", "!" or ".", e.g. /plan-phase'
    )
  }
  return setting.value
}

function labelPattern(setting: Setting): string {
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
function relativePath(setting: Setting, template: boolean): string {
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
 * A document template: besides being a valid template, its repository path (below `working-directory`)
 * must stay out of `.git/` and `.github/` for every kind of phase id; delivery commits through the API,
 * where nothing else would stop it, and a workflow file there would run with the repository's secrets.
 * The run checks the path again once the real phase is filled in (destinations.ts).
 */
function outputPath(setting: Setting, directory: string): string {
  const path = relativePath(setting, true)
  for (const phase of SAMPLE_PHASES) {
    const filled = fillTemplate(path, phase)
    const problem = documentPathProblem(directory ? `${directory}/${filled}` : filled)
    if (problem !== undefined) {
      fail(
        setting,
        `${problem} (with phase ${phase}${directory ? ` in working-directory ${directory}` : ''})`,
        'a repository-relative path containing {phase} outside .git/ and .github/, e.g. docs/phase_{phase}.md'
      )
    }
  }
  return path
}

function workingDirectory(setting: Setting): string {
  if (setting.value === '' || setting.value === '.') return ''
  return relativePath(setting, false).replace(/\/+$/, '')
}

/** The hand-over directory usually lives in the runner's temp dir, outside the repository. */
function outputDirectory(setting: Setting): string {
  const accepted = 'a directory, e.g. ${{ runner.temp }}/plan-phase'
  if (setting.value === '') fail(setting, 'is empty', accepted)
  if (/\p{Cc}/u.test(setting.value)) fail(setting, 'contains control characters', accepted)
  return setting.value
}

function branchTemplate(setting: Setting): string {
  const accepted = 'a branch name containing {phase}, e.g. plan-phase/phase-{phase}'
  if (!setting.value.includes('{phase}')) fail(setting, 'does not contain {phase}', accepted)
  for (const phase of SAMPLE_PHASES) {
    const problem = refProblem(fillTemplate(setting.value, phase))
    if (problem) fail(setting, `is not a valid branch name for phase ${phase}: ${problem}`, accepted)
  }
  return setting.value
}

function refName(setting: Setting): string {
  const problem = refProblem(setting.value)
  if (problem) fail(setting, `is not a valid branch name: ${problem}`, 'a branch name such as main')
  return setting.value
}

export { refProblem }
