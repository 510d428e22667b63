/** Everything a run needs to know, validated once (inputs.ts for the action, cli.ts for the CLI). */

export type Delivery = 'auto' | 'commit' | 'pull-request'
export type Permission = 'read' | 'triage' | 'write' | 'maintain' | 'admin'
export type Stage = 'authorise' | 'all' | 'plan' | 'publish'

/** What planning needs: the same for the action and the CLI. */
export interface PlanningSettings {
  /** Validated phase id, as requested. */
  readonly phase: string
  /** Repository-relative path of the master plan. */
  readonly masterPlanPath: string
  /** Template with `{phase}`, repository-relative. */
  readonly planPathTemplate: string
  readonly statusPathTemplate: string
  /** The test command, run as argv (no shell). */
  readonly testCommand: string
  readonly testTimeoutMinutes: number
  /** Glob of JUnit XML files for runners other than pytest. */
  readonly testReport?: string
  /** false only for the CLI's --no-gate. */
  readonly gate: boolean
  /** Override a red gate; recorded in plan and status. */
  readonly force: boolean
  /** Who asked for --force (login), for the record. */
  readonly actor?: string
  /** Rewrite only the status file from evidence. */
  readonly statusOnly: boolean
}

/** What the action's inputs (and `.github/plan-phase.yml`) configure, validated once by inputs.ts. */
export interface ActionSettings {
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
  /** Repository-relative path of the master plan. */
  readonly masterPlanPath: string
  /** Repository-relative template of the plan path; contains `{phase}`. */
  readonly planPathTemplate: string
  /** Repository-relative template of the status path; contains `{phase}`. */
  readonly statusPathTemplate: string
  /** The test command, run as argv (no shell). */
  readonly testCommand: string
  /** Minutes before the test run is stopped; 0 < n <= 360. */
  readonly testTimeoutMinutes: number
  /** Relative glob of JUnit XML files; undefined when unset. */
  readonly testReport?: string
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

export const DEFAULTS = {
  masterPlanPath: 'admin/refactor-providers/master_plan.md',
  planPathTemplate: 'admin/refactor-providers/action/phase_{phase}_execution_plan.md',
  statusPathTemplate: 'admin/status/phase_{phase}_execution_plan.md',
  testCommand: 'pytest',
  testTimeoutMinutes: 30,
  command: '/plan-phase',
  labelPattern: 'plan-phase:<id>',
  permission: 'write' as Permission,
  delivery: 'auto' as Delivery,
  branch: 'plan-phase/phase-{phase}',
  stage: 'all' as Stage,
  outputDir: 'plan-phase-output'
} as const

export function fillTemplate(template: string, phase: string): string {
  return template.replace(/\{phase\}/g, phase)
}
