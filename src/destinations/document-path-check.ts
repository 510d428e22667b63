/**
 * Where the documents will be written, checked with the phase filled in and before the gate runs: never
 * in `.git/` or `.github/` (destinations.ts), never through a link in the checkout. The action and the
 * CLI both run it; a refusal names the path's setting the way its user wrote it.
 */
import { lstat } from 'node:fs/promises'
import { join } from 'node:path'
import { documentPathProblem } from './destinations.js'
import { inRepository } from './document-paths.js'
import type { PhaseId } from '../master-plan/phase-id.js'
import { UserError } from '../errors.js'
import { settingName, type SettingKey } from '../settings/setting-names.js'
import type { SettingOrigins } from '../settings/settings.js'

export interface Destinations {
  /** The master plan's own id (see PhaseId): what fills the paths and the branch. */
  readonly phase: PhaseId
  /** Paths relative to working-directory, as planning fills them in. */
  readonly planPath: string
  readonly statusPath: string
}

export interface DocumentPathContext {
  /** Repository-relative directory of the project; '' for the repository root. */
  readonly workingDirectory: string
  /** How the paths were given, for messages. */
  readonly origins: SettingOrigins
  /** The repository's checkout, when this job has one: links in it are refused too. */
  readonly checkout?: string
}

/**
 * The documents' repository paths with the phase filled in: never in `.git/` or `.github/`, never
 * through a link in the checkout. The action and the CLI both run it before the gate.
 */
export async function checkDocumentPaths(
  documents: Destinations,
  context: DocumentPathContext
): Promise<void> {
  const paths: [SettingKey, string, string][] = [
    ['planPath', 'plan', documents.planPath],
    ['statusPath', 'status file', documents.statusPath]
  ]
  for (const [key, what, path] of paths) {
    const repositoryPath = inRepository(context.workingDirectory, path)
    const refuse = (problem: string): never => {
      throw new UserError(
        `The ${what} path for phase ${documents.phase}, "${repositoryPath}", ${problem}; nothing was run. ` +
          `Change ${settingName(context.origins, key)}.`
      )
    }
    const problem = documentPathProblem(repositoryPath)
    if (problem) refuse(problem)
    if (context.checkout) {
      const linked = await linkOnPath(context.checkout, repositoryPath)
      if (linked) refuse(linked)
    }
  }
}

/** Why the path cannot be written in the checkout: a part of it is a link, or it is a directory. */
async function linkOnPath(root: string, path: string): Promise<string | undefined> {
  const parts = path.split('/')
  for (let index = 1; index <= parts.length; index++) {
    const prefix = parts.slice(0, index).join('/')
    let stats
    try {
      stats = await lstat(join(root, prefix))
    } catch {
      return undefined
    }
    if (stats.isSymbolicLink())
      return index === parts.length
        ? 'is a symbolic link in the checkout'
        : `goes through the symbolic link "${prefix}" in the checkout`
    if (index === parts.length && stats.isDirectory()) return 'is a directory in the checkout'
  }
  return undefined
}
