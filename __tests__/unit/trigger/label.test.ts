import { parseLabel, phaseFromTitle, splitLabelPattern } from '../../../src/trigger/label.js'

describe('parseLabel', () => {
  it.each([
    ['plan-phase:3', '3'],
    ['plan-phase:2A', '2A'],
    ['plan-phase:3.10a', '3.10a'],
    ['plan-phase:A', 'A'],
    ['Plan-Phase:4', '4']
  ])('reads %j as phase %s', (label, phase) => {
    expect(parseLabel(label, 'Anything')).toEqual({ kind: 'command', phase, fromTitle: false })
  })

  it.each(['bug', 'plan-phase:', 'plan-phase-3', 'plan-phases', 'plan', 'phase:3', 'xplan-phase:3'])(
    '%j is not a command',
    label => {
      expect(parseLabel(label, 'Phase 3: Providers')).toEqual({ kind: 'not-a-command' })
    }
  )

  it.each(['plan-phase:3;', 'plan-phase:-1', 'plan-phase:../x', 'plan-phase:３', 'plan-phase:99999999'])(
    'rejects the label %j with a bad phase id',
    label => {
      const result = parseLabel(label, 'Phase 3: x')
      expect(result.kind).toBe('invalid')
      if (result.kind !== 'invalid') return
      expect(result.message).toContain('is not a valid phase id')
      expect(result.message).toContain('`plan-phase:3`')
      expect(result.message).toContain('digits with optional dotted parts')
    }
  )

  it.each([
    ['Phase 3: Provider manager', '3'],
    ['phase 2A - Split the registry', '2A'],
    ['[Phase 3] Provider manager', '3'],
    ['[RFC] Phase 4.1: Something', '4.1'],
    ['  PHASE 7 — Cleanup', '7'],
    ['Phase A: Appendix', 'A']
  ])('the bare label takes the phase from the title %j', (title, phase) => {
    expect(parseLabel('plan-phase', title)).toEqual({ kind: 'command', phase, fromTitle: true })
    expect(parseLabel('Plan-Phase', title)).toMatchObject({ kind: 'command', phase })
  })

  it('asks for a phase title or a phase label when the title names none', () => {
    const result = parseLabel('plan-phase', 'Spelling error in the README file')
    expect(result.kind).toBe('invalid')
    if (result.kind !== 'invalid') return
    expect(result.message).toContain('`Spelling error in the README file` names no phase')
    expect(result.message).toContain('"Phase 3: …"')
    expect(result.message).toContain('`plan-phase:3`')
  })

  it('follows a custom pattern', () => {
    expect(parseLabel('plan/5', '', 'plan/<id>')).toEqual({ kind: 'command', phase: '5', fromTitle: false })
    expect(parseLabel('phase-5-plan', '', 'phase-<id>-plan')).toMatchObject({ kind: 'command', phase: '5' })
    expect(parseLabel('plan', 'Phase 6: x', 'plan/<id>')).toMatchObject({ phase: '6', fromTitle: true })
    expect(parseLabel('plan-phase:5', '', 'plan/<id>')).toEqual({ kind: 'not-a-command' })
  })
})

describe('splitLabelPattern', () => {
  it('derives the bare label by dropping <id> and its separator', () => {
    expect(splitLabelPattern('plan-phase:<id>')).toEqual({
      prefix: 'plan-phase:',
      suffix: '',
      bare: 'plan-phase'
    })
    expect(splitLabelPattern('<id>:plan').bare).toBe('plan')
    expect(splitLabelPattern('phase-<id>-plan').bare).toBe('phase')
  })
})

describe('phaseFromTitle', () => {
  it('finds no phase in titles that merely mention one', () => {
    expect(phaseFromTitle('Fix the phase 3 tests')).toBeUndefined()
    expect(phaseFromTitle('Phases overview')).toBeUndefined()
    expect(phaseFromTitle('')).toBeUndefined()
  })
})
