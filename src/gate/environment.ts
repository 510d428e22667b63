/**
 * The environment the test suite runs with. The suite is repository code, possibly changed by the
 * very pull request that asked for a plan, so it must not see the credentials the action holds.
 */

/** Removed by exact name (compared case-insensitively: Windows environments are case-insensitive). */
const SECRET_NAMES = new Set([
  // The workflow token as most workflows expose it, and the name the gh CLI reads.
  'GITHUB_TOKEN',
  'GH_TOKEN',
  // gh CLI's names for a GitHub Enterprise Server token.
  'GH_ENTERPRISE_TOKEN',
  'GITHUB_ENTERPRISE_TOKEN',
  // Runner service credentials (artifacts, cache, OIDC): with them a test could mint an OIDC token
  // for the repository or poison the cache of other workflows.
  'ACTIONS_RUNTIME_TOKEN',
  'ACTIONS_ID_TOKEN_REQUEST_TOKEN',
  'ACTIONS_ID_TOKEN_REQUEST_URL',
  'ACTIONS_RUNTIME_URL',
  'ACTIONS_RESULTS_URL',
  'ACTIONS_CACHE_URL',
  // Runner file commands: writing to these files sets environment variables, PATH entries, outputs
  // or state for the steps after this one, which is the file-based twin of the `::set-env::`
  // workflow commands we make inert in the log.
  'GITHUB_ENV',
  'GITHUB_PATH',
  'GITHUB_OUTPUT',
  'GITHUB_STATE',
  'GITHUB_STEP_SUMMARY'
])

/**
 * Removed by pattern:
 * - `INPUT_*`: the action's inputs, among them the `token` input (a PAT or app token).
 * - `GITHUB_*TOKEN*`, `GH_*TOKEN*`, `ACTIONS_*TOKEN*`: any other GitHub or runner credential a
 *   workflow or a future runner exports under the platform's prefixes (e.g. `GITHUB_APP_TOKEN`).
 * - `ACTIONS_*_URL`: runner service endpoints; only useful together with the runtime token.
 * The suite's own secrets (`CODECOV_TOKEN`, `DATABASE_URL`, …) are kept: the workflow author put
 * them there for the tests.
 */
const SECRET_PATTERNS: readonly RegExp[] = [
  /^INPUT_/i,
  /^(GITHUB|GH|ACTIONS)_(.*_)?TOKEN(_.*)?$/i,
  /^ACTIONS_.*_URL$/i
]

/** Python output is unbuffered so the log streams live and a killed suite leaves its last lines. */
const PYTHON_DEFAULTS: Readonly<Record<string, string>> = {
  PYTHONDONTWRITEBYTECODE: '1',
  PYTHONUNBUFFERED: '1'
}

export function isSecretVariable(name: string): boolean {
  return SECRET_NAMES.has(name.toUpperCase()) || SECRET_PATTERNS.some(pattern => pattern.test(name))
}

export function childEnvironment(parent: NodeJS.ProcessEnv): Record<string, string> {
  const env: Record<string, string> = {}
  for (const [name, value] of Object.entries(parent)) {
    if (value === undefined || isSecretVariable(name)) continue
    env[name] = value
  }
  return { ...env, ...PYTHON_DEFAULTS }
}
