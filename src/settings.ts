/** Everything a run needs to know, validated once (inputs.ts for the action, cli.ts for the CLI). */

export type Delivery = 'auto' | 'commit' | 'pull-request'
export type Permission = 'read' | 'triage' | 'write' | 'maintain' | 'admin'
export type Stage = 'all' | 'plan' | 'publish'

/** What planning needs: the same for the action and the CLI. */
export interface PlanningSettings {
  /** Validated phase id, as requested. */
  readonly phase: string
  /** Absolute path of the repository (the workspace). */
  readonly repoDir: string
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
