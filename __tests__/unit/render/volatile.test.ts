import { readFileSync } from 'node:fs'
import { join } from 'node:path'
import { sameDocument, stableForm } from '../../../src/render/volatile.js'
import { PROJECT_ROOT } from '../../support/example-repo.js'

const status = readFileSync(join(PROJECT_ROOT, '__tests__', 'golden', 'example-phase-3-status.md'), 'utf8')

describe('volatile details of the documents', () => {
  it('ignores the timestamp, the tested commit and the duration', () => {
    const later = status
      .replace('| Generated at | 2026-01-02T03:04:05.000Z |', '| Generated at | 2026-02-03T04:05:06.000Z |')
      .replace('| Commit | not a git checkout |', `| Commit | \`${'a'.repeat(40)}\` |`)
    expect(later).not.toBe(status)
    expect(sameDocument(status, later)).toBe(true)
    const withDuration = (seconds: string): string =>
      `| Status | Passed |\n| ✅ passed | 26 | 0 | 0 | 0 | 26 | ${seconds} |\n`
    expect(stableForm(withDuration('0.10 s'))).toBe(stableForm(withDuration('1 min 3 s')))
  })

  it('sees every real change', () => {
    expect(sameDocument(status, status.replace('NOT STARTED', 'IN PROGRESS'))).toBe(false)
    const counts = (passed: number): string => `| ✅ passed | ${passed} | 0 | 0 | 0 | 26 | 0.10 s |\n`
    expect(sameDocument(counts(26), counts(25))).toBe(false)
  })
})
