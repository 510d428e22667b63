/**
 * Where one phase's documents go, built once from the phase's canonical id: the plan and status paths
 * (in the project, and in the repository with working-directory applied) and the plan branch. `03` and
 * `3` name the same phase, so they name the same files and the same branch. Pure.
 */
import type { PhaseId } from '../master-plan/phase-id.js'
import { DEFAULTS, fillTemplate } from '../settings/settings.js'

export interface DocumentPathSettings {
  /** Project-relative template with `{phase}`. */
  readonly planPathTemplate: string
  readonly statusPathTemplate: string
  /** Branch template with `{phase}`; the default branch template when absent (the CLI has none). */
  readonly branchTemplate?: string
  /** Repository-relative directory of the project; '' or absent for the repository root. */
  readonly workingDirectory?: string
}

export interface DocumentPaths {
  /** Repository-relative (working-directory applied): what is committed, replied and output. */
  readonly plan: string
  readonly status: string
  /** Relative to the project directory: where planning and the CLI read and write. */
  readonly planInProject: string
  readonly statusInProject: string
  /** The plan pull request's branch. */
  readonly branch: string
}

export function documentPaths(settings: DocumentPathSettings, phase: PhaseId): DocumentPaths {
  const planInProject = fillTemplate(settings.planPathTemplate, phase)
  const statusInProject = fillTemplate(settings.statusPathTemplate, phase)
  return {
    plan: inRepository(settings.workingDirectory, planInProject),
    status: inRepository(settings.workingDirectory, statusInProject),
    planInProject,
    statusInProject,
    branch: fillTemplate(settings.branchTemplate ?? DEFAULTS.branch, phase)
  }
}

/** A project path as a repository path: under working-directory when one is set. */
export function inRepository(workingDirectory: string | undefined, path: string): string {
  return workingDirectory ? `${workingDirectory}/${path}` : path
}
