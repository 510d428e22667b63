import { describe, expect, it } from '@jest/globals'
import { classifyTitle } from '../../../src/master-plan/context.js'

describe('classifyTitle', () => {
  it('takes sections that state rules for every phase as guidelines', () => {
    for (const title of [
      'Testing Strategy',
      'Error Handling',
      'Backward Compatibility',
      'Coding Conventions',
      'Preserve behaviour'
    ])
      expect(classifyTitle(['Plan', title], title)).toBe('guideline')
  })

  it('takes every section under a principles or guidelines heading as a guideline', () => {
    expect(classifyTitle(['Plan', 'Core Guiding Principles', 'Keep it small'], 'Keep it small')).toBe(
      'guideline'
    )
  })

  it('keeps benefits, risks, examples and the objective as context, whatever else their title says', () => {
    for (const title of [
      'Benefits of New Architecture',
      'Risk Assessment',
      'Example tests',
      'Objective',
      'Success Criteria'
    ])
      expect(classifyTitle(['Plan', title], title)).toBe('context')
  })

  it('tells decisions apart', () => {
    expect(classifyTitle(['Plan', 'Key Design Decisions'], 'Key Design Decisions')).toBe('decision')
  })
})
