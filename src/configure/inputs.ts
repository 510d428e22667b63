/**
 * The one settings reader: the action's inputs, the CLI's flags and `.github/plan-phase.yml` go through
 * the same checks (setting-checks.ts), and every refusal names the setting the way its user wrote it
 * (setting-names.ts). Precedence: what the caller gave (an input, a flag) beats the file, which beats
 * the default.
 *
 * "Given", for the action: `@actions/core` hands back action.yml's default as if the user had typed it,
 * so an input counts as set only when its value is non-empty and differs from its registered default
 * (action-io.ts, which the contract test keeps equal to action.yml). Consequence: setting an input to
 * its default value cannot override the file; remove the key from the file instead. For the CLI, a flag
 * is given when it is on the command line, even empty (and then refused as empty).
 */
import { INPUTS } from '../settings/action-io.js'
import { parseConfigFile, type ConfigValues } from '../settings/config-file.js'
import {
  bool,
  branchTemplate,
  commandWord,
  fail,
  failuresInReply,
  labelPattern,
  oneOf,
  outputDirectory,
  outputPath,
  refName,
  relativePath,
  SettingError,
  testCommand,
  timeoutMinutes,
  workingDirectory,
  type Setting
} from './setting-checks.js'
import {
  capitalised,
  CLI_FLAGS,
  settingName,
  type CliFlagKey,
  type SettingKey
} from '../settings/setting-names.js'
import {
  DELIVERIES,
  PERMISSIONS,
  STAGES,
  type ActionSettings,
  type Caller,
  type Delivery,
  type ProjectSettings,
  type SettingOrigins
} from '../settings/settings.js'

export { SettingError } from './setting-checks.js'
export { refProblem } from '../destinations/destinations.js'

type Read = (key: SettingKey) => Setting

/** The values one caller gave; undefined for a setting it did not give. */
type Given = (key: SettingKey) => string | undefined

/**
 * The token alone: it is workflow-only, and the run needs it to read `.github/plan-phase.yml` from the
 * default branch before the other settings can be read.
 */
export function readToken(getInput: (name: string) => string): string {
  const token = reader('action', actionInputs(getInput), {}).read('token')
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
  const { read, origins } = reader('action', actionInputs(getInput), await configValues(await readConfig()))
  const token = readToken(getInput)
  const directory = workingDirectory(read('workingDirectory'))
  const repository = repositorySettings(read, origins, directory)
  return {
    ...repository.project,
    token,
    phase: read('phase').value,
    command: repository.command,
    labelPattern: repository.labelPattern,
    permission: oneOf(read('permission'), PERMISSIONS),
    allowForks: bool(read('allowForks')),
    delivery: repository.delivery,
    branchTemplate: repository.branchTemplate,
    ...(repository.base !== undefined ? { base: repository.base } : {}),
    stage: oneOf(read('stage'), STAGES),
    workingDirectory: directory,
    outputDir: outputDirectory(read('outputDir')),
    notifyFromPlan: bool(read('notifyFromPlan')),
    force: bool(read('force')),
    maxFailuresInReply: failuresInReply(read('maxFailuresInReply'))
  }
}

/** The CLI's flags that carry a setting, by setting: `--plan-path` is `planPath`. */
export type CliSettingFlags = Partial<Record<CliFlagKey, string>>

/**
 * The CLI's settings: its flags, then `.github/plan-phase.yml` from the working tree (`configText`),
 * then the defaults. The file's other keys (delivery, branch…) do nothing in the CLI but are checked
 * all the same: the file means the same whoever reads it.
 */
export async function readCliSettings(
  flags: CliSettingFlags,
  configText: string | undefined
): Promise<ProjectSettings> {
  const given: Given = key => (Object.hasOwn(CLI_FLAGS, key) ? flags[key as CliFlagKey] : undefined)
  const { read, origins } = reader('cli', given, await configValues(configText))
  return repositorySettings(read, origins, '').project
}

async function configValues(text: string | undefined): Promise<ConfigValues> {
  return text === undefined ? {} : parseConfigFile(text)
}

function actionInputs(getInput: (name: string) => string): Given {
  return key => {
    const spec = INPUTS[key]
    const input = getInput(spec.name).trim()
    return input !== '' && input !== spec.default ? input : undefined
  }
}

/** Given value → the file's key → the default; each value with the name its user knows it by. */
function reader(caller: Caller, given: Given, config: ConfigValues): { read: Read; origins: SettingOrigins } {
  const keys = Object.keys(INPUTS) as SettingKey[]
  const inFile = (key: SettingKey): boolean =>
    given(key) === undefined && config[INPUTS[key].name] !== undefined
  const origins: SettingOrigins = { caller, fromFile: keys.filter(inFile).map(key => INPUTS[key].name) }
  const read: Read = key => {
    const spec = INPUTS[key]
    const name = settingName(origins, key)
    const value = given(key)
    if (value !== undefined) return { value, name, inFile: false }
    const fromFile = config[spec.name]
    if (fromFile !== undefined) return { value: String(fromFile).trim(), name, inFile: true }
    // An expression default (`${{ github.token }}`) is expanded by the runner; unexpanded it means nothing.
    return { value: spec.default.startsWith('${{') ? '' : spec.default, name, inFile: false }
  }
  return { read, origins }
}

interface RepositorySettings {
  readonly project: ProjectSettings
  readonly command: string
  readonly labelPattern: string
  readonly delivery: Delivery
  readonly branchTemplate: string
  readonly base?: string
}

/** Every setting `.github/plan-phase.yml` may hold, checked the same way for the action and the CLI. */
function repositorySettings(read: Read, origins: SettingOrigins, directory: string): RepositorySettings {
  const planPath = read('planPath')
  const statusPath = read('statusPath')
  const planPathTemplate = outputPath(planPath, directory, read('workingDirectory'))
  const statusPathTemplate = outputPath(statusPath, directory, read('workingDirectory'))
  if (planPathTemplate === statusPathTemplate) {
    throw new SettingError(
      `${capitalised(statusPath.name)} ${JSON.stringify(statusPath.value)} is the same as ${planPath.name}: ` +
        'both documents would be written to one file. Accepted: a path different from the plan’s.',
      statusPath.inFile
    )
  }
  const testReport = read('testReport')
  const base = read('base')
  return {
    project: {
      masterPlanPath: relativePath(read('masterPlan'), false),
      planPathTemplate,
      statusPathTemplate,
      testCommand: testCommand(read('testCommand')),
      testTimeoutMinutes: timeoutMinutes(read('testTimeoutMinutes')),
      ...(testReport.value ? { testReport: relativePath(testReport, false) } : {}),
      origins
    },
    command: commandWord(read('command')),
    labelPattern: labelPattern(read('labelPattern')),
    delivery: oneOf(read('delivery'), DELIVERIES),
    branchTemplate: branchTemplate(read('branch')),
    ...(base.value ? { base: refName(base) } : {})
  }
}
