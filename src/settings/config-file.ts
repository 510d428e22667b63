/**
 * `.github/plan-phase.yml`: repository defaults for the inputs. Parsed with yaml, validated strictly:
 * an unknown key or a wrong type is an error that names the key. Inputs beat the file beat defaults.
 * The action reads it from the default branch through the API, never from the checkout: a pull request
 * must not choose where or how plan-phase writes, or what its gate runs. The CLI reads the working tree
 * (a local user's own repository).
 */
import type { InputName } from './action-io.js'
import { UserError } from '../errors.js'

export const CONFIG_FILE = '.github/plan-phase.yml'

type Kind = 'string' | 'number' | 'boolean'

/** Every key the file may set, with its type; the names are the action's input names. */
export const CONFIG_KEYS: Readonly<Partial<Record<InputName, Kind>>> = {
  'master-plan': 'string',
  'plan-path': 'string',
  'status-path': 'string',
  'test-command': 'string',
  'test-timeout-minutes': 'number',
  'test-report': 'string',
  command: 'string',
  'label-pattern': 'string',
  delivery: 'string',
  branch: 'string',
  base: 'string'
}

/**
 * Inputs that decide who may run plan-phase and on whose code. They belong next to the job's
 * `permissions:` in the workflow, where a reviewer sees both together; the file must not lower the bar
 * a commenter is checked against, or let a fork's code run next to a write token.
 */
export const WORKFLOW_ONLY_KEYS: ReadonlySet<string> = new Set<InputName>(['permission', 'allow-forks'])

export type ConfigValues = Readonly<Record<string, string | number | boolean>>

/** Loaded only when a repository has the file: most runs never parse YAML. */
export async function parseConfigFile(text: string, path = CONFIG_FILE): Promise<ConfigValues> {
  const { parse } = await import('yaml')
  let data: unknown
  try {
    data = parse(text, { prettyErrors: true, uniqueKeys: true, maxAliasCount: 10 })
  } catch (error) {
    const detail = error instanceof Error ? error.message.split('\n')[0] : String(error)
    throw new UserError(`${path} is not valid YAML: ${detail}`)
  }
  if (data === null || data === undefined) return {}
  if (typeof data !== 'object' || Array.isArray(data)) {
    throw new UserError(`${path} must be a mapping of input names to values, e.g. "test-command: pytest -q".`)
  }
  const values: Record<string, string | number | boolean> = {}
  for (const [key, value] of Object.entries(data as Record<string, unknown>)) {
    if (WORKFLOW_ONLY_KEYS.has(key)) {
      throw new UserError(
        `${path}: "${key}" can only be set as an input in the workflow: it decides who may run plan-phase ` +
          "and on whose code, which belongs next to the job's permissions."
      )
    }
    // Own keys only: `constructor` or `toString` must not find Object.prototype's members.
    const kind = Object.hasOwn(CONFIG_KEYS, key) ? CONFIG_KEYS[key as InputName] : undefined
    if (!kind) {
      throw new UserError(
        `${path}: unknown key "${key}". Known keys: ${Object.keys(CONFIG_KEYS).join(', ')}.`
      )
    }
    if (typeof value !== kind) {
      throw new UserError(`${path}: key "${key}" must be a ${kind}, got ${JSON.stringify(value)}.`)
    }
    values[key] = value as string | number | boolean
  }
  return values
}
