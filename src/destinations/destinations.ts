/**
 * Where a run writes, checked with the phase filled in: `.github/workflow{phase}/plan.yml` is harmless
 * for phase 3 and a workflow for phase `s`. Pure: the checkout and GitHub are asked by the caller
 * (see pipeline's destination check), which runs these before the gate, so a bad destination costs
 * no test run and no write.
 */
/**
 * Why plan-phase must not write a document at this repository path, or undefined when it may. Never
 * inside `.git` (git's own data, a nested repository) nor anywhere under `.github/` (workflows,
 * actions, and `.github/plan-phase.yml` itself, which decides how plan-phase runs). Case-insensitive:
 * macOS and Windows checkouts resolve `.GitHub` to the same directory.
 */
export function documentPathProblem(path: string): string | undefined {
  if (path === '' || /^[/~\\]|^[A-Za-z]:/.test(path)) return 'is not a path relative to the repository'
  if (path.includes('\\')) return 'uses "\\" (paths use "/")'
  if (/\p{Cc}/u.test(path)) return 'contains control characters'
  const parts = path.split('/')
  if (parts.includes('..')) return 'leaves the repository through ".."'
  if (parts.some(part => part === '' || part === '.')) return 'has an empty or "." part'
  if (parts.some(part => part.toLowerCase() === '.git')) return 'is inside .git/'
  if (parts[0]?.toLowerCase() === '.github')
    return 'is under .github/, where workflows, actions and plan-phase’s own configuration live'
  return undefined
}

export interface BranchContext {
  /** The repository's default branch, when known. */
  readonly defaultBranch?: string
  /** The base the plan pull request would target. */
  readonly base?: string
  /** The branch of the pull request the command was written on. */
  readonly pullRequestBranch?: string
}

/**
 * Why `branch` must not be the plan pull request's branch, or undefined when it may: it must be a
 * valid branch name and none of the branches plan-phase would otherwise move by mistake.
 */
export function planBranchProblem(branch: string, context: BranchContext): string | undefined {
  const invalid = refProblem(branch)
  if (invalid) return `is not a valid branch name: ${invalid}`
  if (/^(refs\/|HEAD$)/i.test(branch)) return 'is not a branch name (it starts with refs/ or is HEAD)'
  const same = (other: string | undefined): boolean =>
    other !== undefined && other.toLowerCase() === branch.toLowerCase()
  if (same(context.defaultBranch)) return 'is the default branch'
  if (same(context.base)) return 'is the base branch of the plan pull request'
  if (same(context.pullRequestBranch)) return 'is the branch of the pull request the command was written on'
  return undefined
}

/** Why `name` is not a valid git ref name (git check-ref-format), or undefined when it is. */
export function refProblem(name: string): string | undefined {
  if (name === '' || name === '@') return 'it is empty or "@"'
  if (name.includes('..')) return 'it contains ".."'
  if (/[\p{Cc} ~^:?*[\\]/u.test(name)) return 'it contains a space, a control character or one of ~^:?*[\\'
  if (name.includes('@{')) return 'it contains "@{"'
  if (name.startsWith('/') || name.endsWith('/') || name.includes('//'))
    return 'it has an empty part between "/"'
  if (name.endsWith('.')) return 'it ends with "."'
  for (const part of name.split('/')) {
    if (part.startsWith('.')) return `its part "${part}" starts with "."`
    if (part.endsWith('.lock')) return `its part "${part}" ends with ".lock"`
  }
  return undefined
}
