/**
 * Everything a run needs to know, validated once by the one reader (inputs.ts): the action's inputs,
 * the CLI's flags and `.github/plan-phase.yml` go through the same checks.
 */

export const DELIVERIES = ['auto', 'commit', 'pull-request'] as const
export type Delivery = (typeof DELIVERIES)[number]
/** Lowest to highest: a commenter needs at least the configured level. */
export const PERMISSIONS = ['read', 'triage', 'write', 'maintain', 'admin'] as const
export type Permission = (typeof PERMISSIONS)[number]
export const STAGES = ['authorise', 'all', 'plan', 'publish'] as const
export type Stage = (typeof STAGES)[number]
/** Who reads the settings, and so how messages name them: action inputs or CLI flags. */
export const CALLERS = ['action', 'cli'] as const
export type Caller = (typeof CALLERS)[number]

/**
 * Where the settings came from, so that a message names each one the way the user wrote it
 * (setting-names.ts): the caller's own word (an input, a flag) or a key of `.github/plan-phase.yml`.
 */
export interface SettingOrigins {
  readonly caller: Caller
  /** File keys (input names) whose value came from `.github/plan-phase.yml`. */
  readonly fromFile: readonly string[]
}

/** What the repository configures for planning: the same for the action and the CLI. */
export interface ProjectSettings {
  /** Repository-relative path of the master plan. */
  readonly masterPlanPath: string
  /** Repository-relative template of the plan path; contains `{phase}`. */
  readonly planPathTemplate: string
  /** Repository-relative template of the status path; contains `{phase}`. */
  readonly statusPathTemplate: string
  /** The test command, run as argv (no shell); it splits into arguments (checked when read). */
  readonly testCommand: string
  /** Minutes before the test run is stopped; 0 < n <= 360. */
  readonly testTimeoutMinutes: number
  /** Relative glob of JUnit XML files for runners other than pytest; undefined when unset. */
  readonly testReport?: string
  /** How each setting was given, for messages. */
  readonly origins: SettingOrigins
}

/** What planning needs: the project's settings and this run's request. */
export interface PlanningSettings extends ProjectSettings {
  /** Validated phase id, as requested. */
  readonly phase: string
  /** false only for the CLI's --no-gate. */
  readonly gate: boolean
  /** Override a red gate; recorded in plan and status. */
  readonly force: boolean
  /** Who asked for --force (login), for the record. */
  readonly actor?: string
  /** Rewrite only the status file from evidence. */
  readonly statusOnly: boolean
}

/** What the action's inputs (and `.github/plan-phase.yml`) configure besides the project's settings. */
export interface ActionSettings extends ProjectSettings {
  /** GitHub API token (input `token`, default the workflow's token). */
  readonly token: string
  /** Input `phase`, trimmed; '' when unset. Validated by the trigger layer (a bad id is invalid-command). */
  readonly phase: string
  /** Comment command word, e.g. `/plan-phase`. */
  readonly command: string
  /** Label pattern with one `<id>` placeholder, e.g. `plan-phase:<id>`. */
  readonly labelPattern: string
  /** Least permission a commenter or labeller needs. */
  readonly permission: Permission
  /** Plan pull requests whose head is in a fork (staged mode only). */
  readonly allowForks: boolean
  /** How the documents are delivered. */
  readonly delivery: Delivery
  /** Branch template for the plan pull request; contains `{phase}`. */
  readonly branchTemplate: string
  /** Base branch of the plan pull request; undefined means the default branch. */
  readonly base?: string
  /** Which part of the run this job does. */
  readonly stage: Stage
  /** Repository-relative directory of the project to plan; '' for the repository root. */
  readonly workingDirectory: string
  /** Where the plan stage leaves documents for the publish stage: absolute, or relative to the workspace. */
  readonly outputDir: string
  /** The plan stage reacts and replies itself. */
  readonly notifyFromPlan: boolean
  /** Input `force`: override a red gate (workflow_dispatch). */
  readonly force: boolean
  /** How many failing tests the reply lists; 0 <= n <= 500. */
  readonly maxFailuresInReply: number
}

/** The project's part of any settings, without the rest (an action's settings carry much more). */
export function projectSettings(settings: ProjectSettings): ProjectSettings {
  return {
    masterPlanPath: settings.masterPlanPath,
    planPathTemplate: settings.planPathTemplate,
    statusPathTemplate: settings.statusPathTemplate,
    testCommand: settings.testCommand,
    testTimeoutMinutes: settings.testTimeoutMinutes,
    ...(settings.testReport !== undefined ? { testReport: settings.testReport } : {}),
    origins: settings.origins
  }
}

export const DEFAULTS = {
  masterPlanPath: 'admin/refactor-providers/master_plan.md',
  planPathTemplate: 'admin/refactor-providers/action/phase_{phase}_execution_plan.md',
  statusPathTemplate: 'admin/status/phase_{phase}_execution_plan.md',
  testCommand: 'pytest',
  testTimeoutMinutes: 30,
  command: '/plan-phase',
  labelPattern: 'plan-phase:<id>',
  permission: 'write' satisfies Permission,
  delivery: 'auto' satisfies Delivery,
  branch: 'plan-phase/phase-{phase}',
  stage: 'all' satisfies Stage,
  outputDir: 'plan-phase-output'
} as const

export function fillTemplate(template: string, phase: string): string {
  return template.replace(/\{phase\}/g, phase)
}
