/**
 * Every input and output of the action, once. `action.yml` must say the same (contract test), and
 * inputs.ts compares input values with these defaults to tell an explicit input from an unset one.
 */
import { DEFAULTS, PERMISSIONS } from './settings.js'

export interface InputSpec {
  readonly name: string
  readonly default: string
  readonly required: boolean
  readonly description: string
}

export interface OutputSpec {
  readonly name: string
  readonly description: string
}

export const INPUTS = {
  token: {
    name: 'token',
    default: '${{ github.token }}',
    required: false,
    description:
      'Token for the GitHub API. Pushes and pull requests made with the default token start no other ' +
      'workflows; pass a GitHub App or personal token when the plan pull request must run CI.'
  },
  phase: {
    name: 'phase',
    default: '',
    required: false,
    description:
      'Phase id for workflow_dispatch runs when the event has no `phase` input, e.g. 3, 2A or 3.10a.'
  },
  command: {
    name: 'command',
    default: DEFAULTS.command,
    required: false,
    description: 'Comment command word; it must start the comment, exactly and case-sensitively.'
  },
  labelPattern: {
    name: 'label-pattern',
    default: DEFAULTS.labelPattern,
    required: false,
    description:
      'Label that triggers a run; <id> stands for the phase id. The bare label (e.g. plan-phase) takes ' +
      'the phase from the issue title ("Phase 3: ...").'
  },
  permission: {
    name: 'permission',
    default: DEFAULTS.permission,
    required: false,
    description:
      `Least repository permission a commenter or labeller needs: ${PERMISSIONS.slice(0, -1).join(', ')} or ${PERMISSIONS.at(-1)}. ` +
      'A commenter below it gets a -1 (thumbs down) reaction and no reply comment.'
  },
  allowForks: {
    name: 'allow-forks',
    default: 'false',
    required: false,
    description:
      'Plan pull requests whose head is in a fork. Only with the two-job staged mode (stage: plan with a ' +
      'read-only token, then stage: publish): the gate runs untrusted code.'
  },
  masterPlan: {
    name: 'master-plan',
    default: DEFAULTS.masterPlanPath,
    required: false,
    description: 'Repository-relative path of the master plan.'
  },
  planPath: {
    name: 'plan-path',
    default: DEFAULTS.planPathTemplate,
    required: false,
    description: 'Where the execution plan is written; repository-relative, must contain {phase}.'
  },
  statusPath: {
    name: 'status-path',
    default: DEFAULTS.statusPathTemplate,
    required: false,
    description: 'Where the status report is written; repository-relative, must contain {phase}.'
  },
  testCommand: {
    name: 'test-command',
    default: DEFAULTS.testCommand,
    required: false,
    description: 'The full test suite, run as argv (no shell). For pytest a JUnit XML report is requested.'
  },
  testTimeoutMinutes: {
    name: 'test-timeout-minutes',
    default: String(DEFAULTS.testTimeoutMinutes),
    required: false,
    description: 'Minutes before the test run is stopped (more than 0, at most 360).'
  },
  testReport: {
    name: 'test-report',
    default: '',
    required: false,
    description: 'Glob of JUnit XML files the test command writes, for runners other than pytest.'
  },
  delivery: {
    name: 'delivery',
    default: DEFAULTS.delivery,
    required: false,
    description:
      'auto: commit onto the pull request for a PR comment, otherwise open or update a pull request; ' +
      'commit or pull-request force one way.'
  },
  branch: {
    name: 'branch',
    default: DEFAULTS.branch,
    required: false,
    description: 'Branch for the plan pull request; must contain {phase}.'
  },
  base: {
    name: 'base',
    default: '',
    required: false,
    description: 'Base branch of the plan pull request; empty means the default branch.'
  },
  stage: {
    name: 'stage',
    default: DEFAULTS.stage,
    required: false,
    description:
      'authorise: check the command and who wrote it before anything is checked out (outputs allowed and ' +
      'head-sha). all: everything in one job. plan: gate and render into output-dir (read-only token). ' +
      'publish: deliver and notify from output-dir.'
  },
  workingDirectory: {
    name: 'working-directory',
    default: '',
    required: false,
    description:
      'Directory inside the repository that holds the project to plan (a monorepo package); paths such as ' +
      'master-plan, plan-path and status-path are relative to it. Empty: the repository root.'
  },
  outputDir: {
    name: 'output-dir',
    default: DEFAULTS.outputDir,
    required: false,
    description:
      'Directory the plan stage writes its documents to and the publish stage reads them from; absolute (for example ' +
      'under the runner temp directory) or relative to the workspace.'
  },
  notifyFromPlan: {
    name: 'notify-from-plan',
    default: 'false',
    required: false,
    description:
      'Let the plan stage react and reply on the trigger itself (needs issues/pull-requests write); by ' +
      'default only the publish stage notifies. Refused for a pull request from a fork.'
  },
  force: {
    name: 'force',
    default: 'false',
    required: false,
    description: 'Plan even when the test gate is red (recorded in plan and status); for workflow_dispatch.'
  },
  maxFailuresInReply: {
    name: 'max-failures-in-reply',
    default: '20',
    required: false,
    description: 'How many failing tests the reply comment lists (0 to 500); the job summary lists all.'
  }
} as const satisfies Record<string, InputSpec>

export const OUTPUTS = {
  phase: { name: 'phase', description: 'The phase id that was planned.' },
  planPath: { name: 'plan-path', description: 'Repository-relative path of the execution plan.' },
  statusPath: { name: 'status-path', description: 'Repository-relative path of the status report.' },
  testsPassed: { name: 'tests-passed', description: 'Tests that passed in the gate.' },
  testsFailed: { name: 'tests-failed', description: 'Tests that failed or errored in the gate.' },
  testsTotal: { name: 'tests-total', description: 'Tests the gate ran.' },
  coverage: {
    name: 'coverage',
    description: "Share of the phase's blocks that appear in the plan (100 expected)."
  },
  pullRequestNumber: { name: 'pull-request-number', description: 'Number of the pull request delivered to.' },
  pullRequestUrl: { name: 'pull-request-url', description: 'URL of the pull request delivered to.' },
  pullRequestOperation: {
    name: 'pull-request-operation',
    description: 'What happened to the pull request: created, updated, unchanged or none.'
  },
  commitSha: { name: 'commit-sha', description: 'SHA of the commit holding the documents.' },
  commitVerified: { name: 'commit-verified', description: 'true when GitHub signed the commit.' },
  allowed: {
    name: 'allowed',
    description:
      'true when the trigger is a command its author may run; false when it was refused or is not a ' +
      'command. After stage authorise, run the next steps only when it is true.'
  },
  headSha: {
    name: 'head-sha',
    description:
      'The commit the run is for; the head of the pull request for a comment on one, otherwise the commit ' +
      'the workflow runs on. After stage authorise, check out exactly this commit.'
  },
  outcome: {
    name: 'outcome',
    description: 'Reason code of the run: planned, unchanged, red-gate, unauthorised, invalid-command, ...'
  }
} as const satisfies Record<string, OutputSpec>

export type InputKey = keyof typeof INPUTS
export type InputName = (typeof INPUTS)[InputKey]['name']
export type OutputKey = keyof typeof OUTPUTS
export type OutputName = (typeof OUTPUTS)[OutputKey]['name']
