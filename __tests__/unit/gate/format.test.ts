import { failureList, formatDuration, gateTable } from '../../../src/gate/format.js'
import { skippedGate, type FailedTest, type GateResult } from '../../../src/gate/result.js'

function result(overrides: Partial<GateResult>): GateResult {
  return {
    status: 'failed',
    green: false,
    argv: ['pytest'],
    command: 'pytest',
    exitCode: 1,
    passed: 3,
    failed: 1,
    errors: 1,
    skipped: 2,
    total: 7,
    durationSeconds: 4.5,
    failures: [],
    source: 'junit',
    outputTail: '',
    summary: '',
    ...overrides
  }
}

function failure(id: string, message: string, extra: Partial<FailedTest> = {}): FailedTest {
  return { id, message, kind: 'failure', ...extra }
}

describe('gateTable', () => {
  it('shows status, counts and duration', () => {
    const table = gateTable(result({}))
    expect(table.split('\n')).toEqual([
      '| Status | Passed | Failed | Errors | Skipped | Total | Duration |',
      '| :-- | --: | --: | --: | --: | --: | --: |',
      '| ❌ failed | 3 | 1 | 1 | 2 | 7 | 4.50 s |'
    ])
    expect(gateTable(result({ status: 'passed', green: true }))).toContain('✅ passed')
  })

  it('shows unknown counts as a dash when there was no report', () => {
    const row = gateTable(result({ source: 'exit-code', durationSeconds: 125 })).split('\n')[2]
    expect(row).toBe('| ❌ failed | — | — | — | — | — | 2 min 5 s |')
    expect(gateTable(skippedGate('pytest'))).toContain('| ⏭️ not run | — | — | — | — | — | — |')
  })
})

describe('formatDuration', () => {
  it.each([
    [0.123, '0.12 s'],
    [12.34, '12.3 s'],
    [60, '1 min 0 s'],
    [3661, '61 min 1 s']
  ])('%d seconds → %s', (seconds, text) => {
    expect(formatDuration(seconds)).toBe(text)
  })
})

describe('failureList', () => {
  it('lists failing tests with location and message as code', () => {
    const list = failureList(
      result({
        failed: 1,
        errors: 1,
        failures: [
          failure('tests/test_x.py::TestA::test_b', 'assert 1 == 2', { file: 'tests/test_x.py', line: 8 }),
          failure('tests/test_broken.py', 'ModuleNotFoundError: x', {
            kind: 'error',
            file: 'tests/test_broken.py'
          })
        ]
      }),
      10
    )
    expect(list.split('\n')).toEqual([
      '- `tests/test_x.py::TestA::test_b` (`tests/test_x.py:8`) — failed: `assert 1 == 2`',
      '- `tests/test_broken.py` — error: `ModuleNotFoundError: x`'
    ])
  })

  it('keeps hostile messages inert', () => {
    const list = failureList(
      result({
        failed: 1,
        errors: 0,
        failures: [failure('t[`x`]', '<img src=x> `code` @team/admins [link](http://e)')]
      }),
      5
    )
    expect(list).toBe('- ``t[`x`]`` — failed: ``<img src=x> `code` @\u200dteam/admins [link](http://e)``')
    expect(list).not.toMatch(/@(?!\u200d)/)
  })

  it('puts multi-line messages in a fenced block inside the item', () => {
    const list = failureList(
      result({ failed: 1, errors: 0, failures: [failure('t', 'line one\n```\nline @two')] }),
      5
    )
    expect(list).toBe('- `t` — failed:\n\n  ````\n  line one\n  ```\n  line @\u200dtwo\n  ````')
  })

  it('bounds the list and says how many more failed', () => {
    const failures = Array.from({ length: 5 }, (_, i) => failure(`t${i}`, `m${i}`))
    const list = failureList(result({ failed: 12, errors: 0, failures }), 2)
    expect(list.split('\n')).toEqual(['- `t0` — failed: `m0`', '- `t1` — failed: `m1`', '- … and 10 more'])
  })

  it('is empty when nothing failed', () => {
    expect(failureList(result({ failed: 0, errors: 0 }), 5)).toBe('')
  })

  it('bounds long messages', () => {
    const [line] = failureList(result({ failures: [failure('t', 'x'.repeat(5000))] }), 1).split('\n')
    expect(line?.length).toBeLessThan(600)
    expect(line).toContain('…')
  })
})
