/**
 * Step 3 of the plan, "Review the codebase": the files the phase touches as they stand now and why,
 * then what it acts on — where each target is defined now and how much of the repository uses it. Pure.
 */
import type { Target } from '../analysis/targets.js'
import { code, count, DocumentWriter, table } from './markdown.js'
import type { PlanInput } from './plan-document.js'

export function stepThree(out: DocumentWriter, input: PlanInput): void {
  const { analysis } = input
  out.block('## Step 3 — Review the codebase')
  const touched = analysis.files.filter(file => !file.readOnly)
  const read = analysis.files.filter(file => file.readOnly)
  if (touched.length === 0)
    out.block('_The phase names no file to change, and nothing it acts on is in the repository yet._')
  else {
    out.block('The files this phase touches, as they stand now:')
    out.block(
      table(
        ['File', 'Now', 'Why'],
        touched.map(file => [code(file.path), file.now, file.why.join('; ')])
      )
    )
  }
  if (read.length > 0)
    out.block(
      `Read for context — the phase reviews ${read.length === 1 ? 'it' : 'them'}, no change expected: ${read.map(file => code(file.path)).join(', ')}.`
    )
  if (analysis.reviewed.length > 0) {
    out.block(
      'This phase names no code of its own: it works on what the earlier phases built, listed above with the phase that built each.'
    )
  }
  if (analysis.fromEarlier.length > 0) {
    out.block(
      `Created by earlier phases and not in the repository yet (check those phases are done): ${analysis.fromEarlier
        .map(item => `${code(item.name)} (phase ${item.phase})`)
        .join(', ')}.`
    )
  }
  if (analysis.entryPoints.length > 0) {
    out.block(
      `The application starts from ${analysis.entryPoints.map(code).join(', ')}: run it there when a step asks to start it.`
    )
  }
  const targets = analysis.targets.filter(target => target.kind === 'symbol' || target.action !== 'change')
  if (targets.length === 0) return
  out.block('What the phase acts on, where it is now, and what uses it:')
  out.block(
    table(
      ['Name', 'Step', 'Action', 'Where it is now', 'Used by'],
      targets.map(target => [
        code(target.name),
        target.stepIds.join(', '),
        action(target),
        where(target),
        usedBy(input, target)
      ])
    )
  )
}

function action(target: Target): string {
  const to = target.destination ? ` → ${code(target.destination)}` : ''
  if (target.action === 'change' && target.signature) return 'change signature'
  // "Create `tests/test_x.py`" when it is there already: the developer extends it, never starts over.
  if (target.action === 'create' && target.state === 'exists') return 'create (exists: extend it)'
  return `${target.action}${to}`
}

export function where(target: Target): string {
  switch (target.state) {
    case 'exists': {
      const at = target.at
      if (!at) return 'exists'
      return target.kind === 'symbol' ? code(`${at.path}:${at.line}`) : code(at.path)
    }
    case 'new':
      if (target.createdBy) return `created by phase ${target.createdBy}`
      return target.home ? `new in this phase, in ${code(target.home)}` : 'new in this phase'
    case 'outside':
      return 'outside the repository'
    case 'ambiguous':
      return 'defined in several places: the master plan does not say which'
    default:
      return 'not found'
  }
}

function usedBy(input: PlanInput, target: Target): string {
  const uses = input.analysis.uses.get(target.name)
  if (!uses || uses.uses === 0) return '—'
  const tests = uses.tests > 0 ? `, ${uses.tests} in tests` : ''
  return `${count(uses.uses, 'use')} in ${count(uses.files, 'file')}${tests}`
}
