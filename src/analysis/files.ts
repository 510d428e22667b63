/**
 * The files a phase touches, each as it stands now and why it is on the list: named by the phase, home
 * of a target, holding callers of something the phase breaks, a test module to write or that will
 * fail, the module that starts the application, or work of an earlier phase under review. Files that
 * only the general guidelines mention are not on it. Pure.
 */
import type { Language } from '../grounding/language.js'
import type { Grounding } from '../grounding/types.js'
import type { PhaseContent } from '../master-plan/phase-content.js'
import type { Impact } from './impact.js'
import { languageNames } from './phase-names.js'
import type { TestRequirement } from './requirements.js'
import { findFile, type Target } from './targets.js'

export interface PhaseFile {
  readonly path: string
  readonly now: 'exists' | 'to be created' | 'outside the repository' | `created by phase ${string}`
  /** Why it is on the list, in a few words each. */
  readonly why: readonly string[]
  /** The phase only reads it ("Review …", "Examine `x.py` for …"): context, no change expected. */
  readonly readOnly?: true
}

export interface FileInputs {
  readonly content: PhaseContent
  readonly grounding: Grounding
  readonly language: Language
  readonly targets: readonly Target[]
  readonly impact: Impact
  readonly requirements: readonly TestRequirement[]
  readonly entryPoints: readonly string[]
  readonly reviewed: readonly { readonly path: string; readonly phase: string; readonly exists: boolean }[]
  readonly createdEarlier: (name: string) => string | undefined
  /** Every file of the repository. */
  readonly repositoryFiles: ReadonlySet<string>
}

export function phaseFiles(input: FileInputs): PhaseFile[] {
  const files = new Map<
    string,
    { now: PhaseFile['now']; why: string[]; defines: string[]; adds: string[]; uses: string[] }
  >()
  const entry = (path: string, now: PhaseFile['now']) => {
    let known = files.get(path)
    if (!known) {
      known = { now, why: [], defines: [], adds: [], uses: [] }
      files.set(path, known)
    }
    return known
  }
  const add = (list: string[], item: string): void => {
    if (!list.includes(item)) list.push(item)
  }
  const note = (path: string, now: PhaseFile['now'], why: string): void => add(entry(path, now).why, why)
  const state = (path: string): PhaseFile['now'] => {
    const fact = findFile(input.grounding, path)
    if (fact?.outside) return 'outside the repository'
    if (fact?.exists || input.repositoryFiles.has(path)) return 'exists'
    const earlier = input.createdEarlier(path)
    return earlier ? `created by phase ${earlier}` : 'to be created'
  }
  const named = new Map<string, { now: PhaseFile['now']; readOnly: boolean }>()
  for (const name of languageNames(input.content.names, input.language)) {
    if (name.kind !== 'file') continue
    const fact = findFile(input.grounding, name.name)
    if (!fact || fact.isDirectory || named.has(fact.path)) continue
    named.set(fact.path, {
      now: fact.outside ? 'outside the repository' : state(fact.path),
      readOnly: name.readOnly === true
    })
  }
  for (const target of input.targets) {
    if (
      target.kind !== 'file' ||
      target.action === 'change' ||
      (target.action === 'create' && target.state === 'exists')
    )
      continue
    const to = target.destination ? ` to \`${target.destination}\`` : ''
    note(target.name, named.get(target.name)?.now ?? state(target.name), `${target.action}${to}`)
  }
  for (const [path, { now }] of named) note(path, now, 'named by the phase')
  for (const target of input.targets) {
    if (target.kind !== 'symbol') continue
    if (target.at) add(entry(target.at.path, 'exists').defines, `\`${target.name}\``)
    else if (target.home) add(entry(target.home, 'exists').adds, `\`${target.name}\``)
  }
  for (const [stepId, callers] of input.impact.callers) {
    for (const caller of callers) {
      const target = input.targets.find(candidate => candidate.name === caller.target)
      const what = target?.kind === 'symbol' ? caller.target : (target?.module ?? caller.target)
      add(entry(caller.path, 'exists').uses, `\`${what}\` (${stepId})`)
    }
  }
  for (const test of input.impact.tests) note(test.path, 'exists', 'tests expected to fail')
  for (const requirement of input.requirements)
    note(requirement.testFile, state(requirement.testFile), 'tests to write')
  for (const path of input.entryPoints) note(path, 'exists', 'starts the application')
  for (const file of input.reviewed)
    note(file.path, file.exists ? 'exists' : 'to be created', `created or changed by phase ${file.phase}`)
  return [...files].map(([path, { now, why, defines, adds, uses }]) => {
    // Named only where the phase reads it, and nothing else brings it here: context, not a change.
    const readOnly =
      named.get(path)?.readOnly === true &&
      why.length === 1 &&
      defines.length === 0 &&
      adds.length === 0 &&
      uses.length === 0
    if (readOnly)
      return { path, now, why: ['read for context: the phase only reviews it'], readOnly: true as const }
    return {
      path,
      now,
      why: [
        ...why,
        ...(defines.length > 0 ? [`defines ${defines.join(', ')}`] : []),
        ...(adds.length > 0 ? [`gains ${adds.join(', ')}`] : []),
        ...(uses.length > 0 ? [`uses ${uses.join(', ')}`] : [])
      ]
    }
  })
}
