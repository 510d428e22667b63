/**
 * One table of setting names, two vocabularies: a message names a setting the way its user wrote it.
 * The action's user wrote an input (`the input \`master-plan\``), the CLI's user a flag
 * (`--master-plan`), and either may have written a key of `.github/plan-phase.yml`
 * (`\`master-plan\` in .github/plan-phase.yml`). Every user-facing message that names a setting takes
 * the name from here. Pure.
 */
import { INPUTS, type InputKey } from './action-io.js'
import { CONFIG_FILE } from './config-file.js'
import type { Caller, SettingOrigins } from './settings.js'

export type SettingKey = InputKey

/** The CLI's flag for each setting it takes; the other settings reach the CLI only through the file. */
export const CLI_FLAGS = {
  masterPlan: '--master-plan',
  planPath: '--plan-path',
  statusPath: '--status-path',
  testCommand: '--test-command',
  testTimeoutMinutes: '--test-timeout-minutes',
  testReport: '--test-report'
} as const satisfies Partial<Record<SettingKey, `--${string}`>>

export type CliFlagKey = keyof typeof CLI_FLAGS

/** Origins for settings nobody chose: every setting is named in the caller's own word. */
export function callerOrigins(caller: Caller): SettingOrigins {
  return { caller, fromFile: [] }
}

/** How the user wrote `key`: as a key of the file when its value came from there, else as an input or flag. */
export function settingName(origins: SettingOrigins, key: SettingKey): string {
  const name = INPUTS[key].name
  if (origins.fromFile.includes(name)) return fileKeyName(origins.caller, name)
  if (origins.caller === 'action') return `the input \`${name}\``
  return Object.hasOwn(CLI_FLAGS, key) ? CLI_FLAGS[key as CliFlagKey] : fileKeyName('cli', name)
}

/**
 * How the plan and status documents name a setting: by its own name, which is the input, the key of the
 * file and the flag without its dashes. The documents must not depend on which front end wrote them.
 */
export function documentSettingName(key: SettingKey): string {
  return `\`${INPUTS[key].name}\``
}

/** A workflow-only input (token, permission, output-dir…): the action's own word, whoever asks. */
export function inputName(key: SettingKey): string {
  return settingName(callerOrigins('action'), key)
}

/** The name at the start of a sentence. */
export function capitalised(name: string): string {
  return name.replace(/^the /, 'The ')
}

function fileKeyName(caller: Caller, name: string): string {
  // Replies and summaries are Markdown, where a code span marks the key; a terminal shows it as written.
  return caller === 'action' ? `\`${name}\` in ${CONFIG_FILE}` : `${name} in ${CONFIG_FILE}`
}
