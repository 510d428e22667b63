/**
 * Which name of the repository or the phase a sentence of the master plan is about, and what the phase
 * does to it. Pure.
 */
import type { RequirementContext } from './requirements.js'
import { codeNames } from './line-references.js'
import type { Target, TargetAction } from './targets.js'
import { homeOfNew, targetNamed } from './test-files.js'
import { bare } from './test-names.js'

/** Whether the phase changes this code: a target of its own, or a function holding a caller it breaks. */
export function changes(name: string, action: TargetAction, context: RequirementContext): boolean {
  if (targetNamed(context.targets, name) && action !== 'remove') return true
  const callers = context.changedCallers ?? new Set<string>()
  if (callers.has(name) || callers.has(bare(name))) return true
  // A class whose members the phase acts on, or whose methods hold callers it breaks.
  const owners = [...context.targets.map(target => target.name), ...callers].flatMap(qualified =>
    qualified.includes('.') ? [qualified.split('.').slice(-2)[0] ?? ''] : []
  )
  return !name.includes('.') && owners.includes(name)
}

/** The first name the text cites that the phase acts on, else the first code name that is not the language's. */
export function subjectIn(text: string, context: RequirementContext): string | undefined {
  const names = codeNames(text).filter(name => !context.language.isTestName(bare(name)))
  const acted = names.find(name => targetNamed(context.targets, name))
  if (acted) return targetNamed(context.targets, acted)?.name
  return names.find(name => context.language.knownName(name) === undefined && !/\.\w{1,4}$/.test(name))
}

/** The first name a text cites that the phase acts on or that the repository defines in context. */
export function resolveSubject(
  text: string,
  context: RequirementContext
): { name: string; home: string | undefined; action: TargetAction } | undefined {
  const cites = codeNames(text)
  // A class the text names (`BaseExporter` declares `header`): a bare new member of it is its.
  const textClass = cites.map(name => context.classFile?.(name)).find(Boolean)
  for (const cited of cites) {
    if (
      context.language.isTestName(bare(cited)) ||
      context.language.knownName(cited) !== undefined ||
      /\.\w{1,4}$/.test(cited)
    )
      continue
    const target = targetNamed(context.targets, cited)
    // `CsvExporter.header` of a new `header`: the class the text names it with is where it goes.
    const owner = cited.includes('.')
      ? context.classFile?.(cited.split('.')[0] ?? '')
      : target && !target.at && target.kind === 'symbol' && /^[a-z_]/.test(bare(target.name))
        ? textClass
        : undefined
    if (target && target.kind === 'symbol')
      return {
        name: target.name.includes('.') || !owner ? target.name : cited,
        home: target.at?.path ?? owner ?? target.home ?? homeOfNew(context, target),
        action: target.action
      }
    const known = context.mentioned.get(cited) ?? context.mentioned.get(bare(cited))
    if (known) return { name: known.name, home: known.at.path, action: 'change' }
  }
  return undefined
}

export function isMovedOrRemoved(targets: readonly Target[], name: string): boolean {
  const target = targetNamed(targets, name)
  return target !== undefined && (target.action === 'move' || target.action === 'remove')
}

export function actionOf(targets: readonly Target[], name: string): TargetAction {
  return targetNamed(targets, name)?.action ?? 'create'
}
