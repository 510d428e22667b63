/**
 * The rules every plan-phase workflow we ship or document must follow, checked on the parsed YAML:
 * plan-phase authorises (stage: authorise) before anything of the repository is checked out or run,
 * the repository is checked out only at the commit the authorisation named, the action never runs from
 * a checkout of pull request code, and every job has its own permissions and concurrency.
 *
 * A workflow is a document with `jobs`; a README fragment may be a list of steps, checked as the steps
 * of one job whose authorisation happened above the fragment (each step must then be guarded).
 */

type Json = Record<string, unknown>

export interface Violation {
  readonly rule: string
  readonly where: string
  readonly message: string
}

const ALLOWED_GUARD = (source: string): RegExp =>
  new RegExp(`${source.replace(/[.]/g, '\\.')}\\.outputs\\.allowed\\s*==\\s*'true'`)

function isObject(value: unknown): value is Json {
  return typeof value === 'object' && value !== null && !Array.isArray(value)
}

function text(value: unknown): string {
  return typeof value === 'string' ? value : ''
}

/** `uses:` of plan-phase itself: the published action, or a local path (this repository's own). */
function isPlanPhase(uses: string): boolean {
  return /^[^/@\s]+\/plan-phase@/.test(uses) || uses.startsWith('./')
}

function isCheckout(uses: string): boolean {
  return /^actions\/checkout@/.test(uses)
}

function stageOf(step: Json): string {
  const given = isObject(step.with) ? text(step.with.stage) : ''
  return given || 'all'
}

/** `./a/b/` → `a/b`; `./` → ''. */
function localPath(uses: string): string {
  return uses.replace(/^\.\//, '').replace(/\/+$/, '')
}

function covers(checkoutPath: string, path: string): boolean {
  return checkoutPath === '' || path === checkoutPath || path.startsWith(`${checkoutPath}/`)
}

/** The expression `${{ <source>.outputs.head-sha }}`, exactly. */
function pinnedTo(ref: string, source: string): boolean {
  return ref.replace(/\s+/g, '') === `\${{${source}.outputs.head-sha}}`
}

interface Authorisation {
  /** `steps.<id>` or `needs.<job>`: where allowed and head-sha come from. */
  readonly source: string
  /** The steps after it must each carry the `allowed` guard (one-job form). */
  readonly perStep: boolean
}

function hasPlanPhaseStep(document: unknown): boolean {
  const steps = (job: unknown): unknown[] => (isObject(job) && Array.isArray(job.steps) ? job.steps : [])
  const all = Array.isArray(document)
    ? document
    : isObject(document) && isObject(document.jobs)
      ? Object.values(document.jobs).flatMap(steps)
      : steps(document)
  return all.some(step => isObject(step) && isPlanPhase(text(step.uses)))
}

/** Every violation of the rules in one workflow (or README fragment); [] when it is safe. */
export function checkWorkflow(document: unknown, name: string): Violation[] {
  if (!hasPlanPhaseStep(document)) return []
  if (Array.isArray(document)) {
    // Steps shown out of their job: the authorisation happened above them, so each must be guarded.
    return checkSteps(document, `${name} (steps)`, { source: 'steps.', perStep: true }, true)
  }
  if (isObject(document) && Array.isArray(document.steps) && document.jobs === undefined) {
    // One job's steps, whole: they must authorise themselves.
    return checkSteps(document.steps, `${name} (steps)`, undefined, false)
  }
  const violations: Violation[] = []
  const add = (rule: string, where: string, message: string): void => {
    violations.push({ rule, where, message })
  }
  if (!isObject(document) || !isObject(document.jobs)) {
    add('shape', name, 'not a workflow (no jobs) nor a list of steps')
    return violations
  }
  if (document.concurrency !== undefined)
    add('job-concurrency', name, 'a workflow-level concurrency group lets any unrelated event cancel a run')
  const jobs = document.jobs
  // Jobs whose outputs carry an authorisation: an authorise step with an id, mapped to the job's outputs.
  const authorisers = new Set<string>()
  for (const [jobName, job] of Object.entries(jobs)) {
    if (!isObject(job) || !Array.isArray(job.steps) || !isObject(job.outputs)) continue
    const step = job.steps.find(
      candidate =>
        isObject(candidate) && isPlanPhase(text(candidate.uses)) && stageOf(candidate) === 'authorise'
    )
    const id = isObject(step) ? text(step.id) : ''
    const outputs = job.outputs
    if (
      id &&
      pinnedTo(text(outputs['head-sha']), `steps.${id}`) &&
      text(outputs.allowed).includes(`steps.${id}.outputs.allowed`)
    )
      authorisers.add(jobName)
  }
  for (const [jobName, job] of Object.entries(jobs)) {
    const where = `${name} › ${jobName}`
    if (!isObject(job)) continue
    const permissions = job.permissions
    if (!isObject(permissions))
      add('job-permissions', where, 'every job sets its own permissions: (least privilege)')
    else if (authorisers.has(jobName)) {
      // Authorising reads the settings and the pull request, and reacts or replies on an issue's or a
      // pull request's comment: nothing more (never contents: write).
      const extra = Object.entries(permissions).filter(
        ([scope, level]) =>
          level !== 'none' &&
          !(level === 'read' || ((scope === 'issues' || scope === 'pull-requests') && level === 'write'))
      )
      if (extra.length > 0)
        add(
          'job-permissions',
          where,
          `the authorise job needs read access and write on issues and pull requests, not ${extra.map(([scope, level]) => `${scope}: ${String(level)}`).join(', ')}`
        )
    }
    const concurrency = job.concurrency
    if (!isObject(concurrency) || !text(concurrency.group) || concurrency['cancel-in-progress'] !== false)
      add('job-concurrency', where, 'a job-level concurrency group with cancel-in-progress: false')
    const keys = Object.keys(job)
    if (keys.includes('if') && keys.indexOf('concurrency') < keys.indexOf('if'))
      add(
        'job-concurrency',
        where,
        'concurrency comes after the job’s if:, so unrelated events never join the group'
      )
    const needs = Array.isArray(job.needs) ? job.needs.map(text) : [text(job.needs)]
    const guard = text(job.if)
    const upstream = needs.find(need => authorisers.has(need) && ALLOWED_GUARD(`needs.${need}`).test(guard))
    const authorised = upstream ? { source: `needs.${upstream}`, perStep: false } : undefined
    violations.push(...checkSteps(Array.isArray(job.steps) ? job.steps : [], where, authorised, false))
  }
  return violations
}

/**
 * The steps in order: before authorisation only the action's own checkout (from the default branch,
 * into a path of its own) and the authorise step; after it, every checkout of the repository pinned to
 * the authorised head-sha, each step guarded by `allowed` in the one-job form, and `uses: ./…` only
 * from a checkout of the default branch.
 */
function checkSteps(
  steps: unknown[],
  where: string,
  upstream: Authorisation | undefined,
  fragment: boolean
): Violation[] {
  const violations: Violation[] = []
  const add = (rule: string, at: string, message: string): void => {
    violations.push({ rule, where: at, message })
  }
  let authorised = upstream
  /** What is checked out where: the action from the default branch (trusted), or repository code. */
  let checkouts: { path: string; trusted: boolean }[] = []
  steps.forEach((raw, index) => {
    if (!isObject(raw)) return
    const step = raw
    const uses = text(step.uses)
    const at = `${where} › step ${index + 1}${step.name ? ` (${text(step.name)})` : uses ? ` (${uses})` : ''}`
    const guarded = (): boolean =>
      !authorised?.perStep ||
      (fragment ? /outputs\.allowed\s*==\s*'true'/ : ALLOWED_GUARD(authorised.source)).test(text(step.if))
    const requireAuthorised = (what: string): void => {
      if (!authorised && !fragment)
        add('authorise-first', at, `${what} before plan-phase authorised the command`)
      else if (!guarded())
        add(
          'authorise-first',
          at,
          `${what} without \`if: ${authorised?.source ?? 'steps.<id>'}.outputs.allowed == 'true'\``
        )
    }
    const withs = isObject(step.with) ? step.with : {}
    if (isCheckout(uses)) {
      const path = text(withs.path).replace(/^\.\//, '').replace(/\/+$/, '')
      const ref = text(withs.ref).replace(/\s+/g, '')
      const actionOnly = path !== '' && ref === '${{github.event.repository.default_branch}}'
      if (actionOnly) {
        if (authorised && !guarded()) requireAuthorised('a checkout')
        checkouts = [...checkouts.filter(entry => entry.path !== path), { path, trusted: true }]
        return
      }
      requireAuthorised('a checkout of the repository')
      if (!authorised || !pinnedTo(text(withs.ref), authorised.source))
        add(
          'pinned-checkout',
          at,
          `the repository is checked out only at \`\${{ ${authorised?.source ?? 'steps.<id>'}.outputs.head-sha }}\``
        )
      // actions/checkout empties the directory it checks out into: what was there is gone.
      checkouts = [...checkouts.filter(entry => !covers(path, entry.path)), { path, trusted: false }]
      return
    }
    if (isPlanPhase(uses)) {
      if (uses.startsWith('./')) {
        const path = localPath(uses)
        const from = checkouts
          .filter(entry => covers(entry.path, path))
          .sort((a, b) => b.path.length - a.path.length)[0]
        if (!from?.trusted)
          add(
            'trusted-action',
            at,
            `\`uses: ${uses}\` runs the action from ${from ? 'a checkout of repository code' : 'nothing checked out'}; check it out from the default branch into its own path`
          )
      }
      if (stageOf(step) === 'authorise') {
        if (authorised && !fragment) add('authorise-first', at, 'authorised twice')
        const id = text(step.id)
        if (!id)
          add(
            'authorise-first',
            at,
            'the authorise step needs an id, so later steps can read allowed and head-sha'
          )
        authorised = { source: `steps.${id}`, perStep: true }
        return
      }
      requireAuthorised(`plan-phase (stage ${stageOf(step)})`)
      return
    }
    if (step.run !== undefined) {
      requireAuthorised('a run: step')
      return
    }
    requireAuthorised(`\`${uses || 'a step'}\``)
  })
  return violations
}
