/**
 * Where a phase's tests go: the test module of the source file under test (the repository's own, see
 * test-homes.ts, else its layout), under a renamed file's new name; a code sample's home; the module
 * of the first file the phase changes when nothing names one. Pure.
 */
import type { PhaseSample } from './samples.js'
import type { RequirementContext } from './requirements.js'
import type { Target } from './targets.js'
import { testFileIn } from './test-items.js'
import { bare, subjectWord } from './test-names.js'
import type { Language } from '../grounding/language.js'

export function testFileFor(home: string | undefined, context: RequirementContext): string | undefined {
  if (!home || !context.language.isSourcePath(home)) return undefined
  const source = renamed(context, home)
  const house = source === home ? context.testHome?.(source) : undefined
  return renamed(context, house ?? context.language.testFileFor(source, context.layout))
}

/** A file this phase renames or moves is written to under its new name. */
export function renamed(context: RequirementContext, path: string): string {
  const target = context.targets.find(
    candidate =>
      candidate.kind === 'file' &&
      candidate.name === path &&
      (candidate.action === 'rename' || candidate.action === 'move')
  )
  return target?.destination ?? path
}

/** Whether the master plan names a test of this subject (`test_resolve_by_alias` for `resolve`). */
export function namedByPlan(names: ReadonlySet<string>, subject: string, language: Language): boolean {
  const stem = language.testName([subjectWord(subject)])
  for (const name of names) if (name === stem || name.startsWith(`${stem}_`)) return true
  return false
}

/** The test module of the first source file the phase creates or changes; the layout's default otherwise. */
export function primaryTestFile(context: RequirementContext): string {
  const named = context.testItems.map(unit => testFileIn(unit.text, context)).find(Boolean)
  if (named) return named
  for (const target of context.targets) {
    const home = target.at?.path ?? target.home ?? (target.kind === 'file' ? target.name : undefined)
    const file = testFileFor(home, context)
    if (file && (target.action === 'create' || target.action === 'change')) return file
  }
  // The source files the phase names, changed or not: its tests go with the first of them.
  for (const name of context.content.names) {
    if (name.kind !== 'file' || context.language.isTestPath(name.name)) continue
    const file = testFileFor(known(context, name.name), context)
    if (file) return file
  }
  return context.language.testModuleFor(['phase', context.content.selection.requested], context.layout)
}

/**
 * Where a sample's code goes: the file its first line names (`# app/api.py`), else the file the text
 * right before it names ("Implement the endpoints (`app/api/health.py`)"), else the source file its step
 * creates or changes, else where its class lives now.
 */
export function sampleHome(context: RequirementContext, sample: PhaseSample): string | undefined {
  const { language } = context
  const isSource = (path: string): boolean => language.isSourcePath(path) && !language.isTestPath(path)
  const firstLine = sample.unit.text.split('\n')[0] ?? ''
  const inComment = [...firstLine.matchAll(SOURCE_PATH)].map(match => match[0]).find(isSource)
  if (inComment) return known(context, inComment)
  const units = context.content.units
  for (let index = units.indexOf(sample.unit) - 1; index >= 0; index--) {
    const unit = units[index]
    if (!unit || unit.kind === 'code') break
    const named = [...unit.text.matchAll(SOURCE_PATH)].map(match => match[0]).filter(isSource)
    const last = named[named.length - 1]
    if (last) return known(context, last)
  }
  const inStep = context.targets.filter(
    target => target.kind === 'file' && sample.stepId !== undefined && target.stepIds.includes(sample.stepId)
  )
  const file = inStep.find(target => isSource(target.name))
  if (file) return file.name
  for (const cls of sample.definitions.classes) {
    const target = targetNamed(context.targets, cls.name)
    if (target?.at) return target.at.path
  }
  for (const fn of sample.definitions.functions) {
    const target = targetNamed(context.targets, fn.name)
    if (target?.at) return target.at.path
  }
  return undefined
}

const SOURCE_PATH = /[\w./-]*\w\.[A-Za-z]{1,4}\b/g

/** A path as the phase's targets spell it (the bare `api.py` the text wrote is `pkg/api.py`). */
export function known(context: RequirementContext, path: string): string {
  const clean = path.replace(/^\.?\//, '')
  const target = context.targets.find(
    candidate =>
      candidate.kind === 'file' && (candidate.name === clean || candidate.name.endsWith(`/${clean}`))
  )
  return target?.name ?? clean
}

/** A new name lives in the source file its step creates or changes. */
export function homeOfNew(context: RequirementContext, target: Target): string | undefined {
  if (target.home) return target.home
  const owner = target.name.includes('.')
    ? targetNamed(context.targets, target.name.split('.')[0] ?? '')
    : undefined
  if (owner?.at) return owner.at.path
  const file = context.targets.find(
    other =>
      other.kind === 'file' &&
      context.language.isSourcePath(other.name) &&
      !context.language.isTestPath(other.name) &&
      other.stepIds.some(id => target.stepIds.includes(id))
  )
  return file?.name
}

/** The target a name cites: by its full name, else a symbol of the same last part. */
export function targetNamed(targets: readonly Target[], name: string): Target | undefined {
  const wanted = bare(name)
  return (
    targets.find(target => target.name === name) ??
    targets.find(target => target.kind === 'symbol' && bare(target.name) === wanted)
  )
}
