/** Gate results of a test's own, for the pure code that reads them (no suite runs). */
import type { FailedTest, GateResult } from '../../src/gate/result.js'

/** A green run of three tests; `overrides` change any field. */
export function greenGate(overrides: Partial<GateResult> = {}): GateResult {
  return {
    status: 'passed',
    green: true,
    argv: ['pytest'],
    command: 'pytest',
    exitCode: 0,
    passed: 3,
    failed: 0,
    errors: 0,
    skipped: 0,
    total: 3,
    durationSeconds: 1,
    failures: [],
    source: 'junit',
    outputTail: '',
    summary: 'All 3 tests passed.',
    ...overrides
  }
}

/** A red run (pytest exited 1, its report read); give the counts and failures in `overrides`. */
export function redGate(overrides: Partial<GateResult> = {}): GateResult {
  return greenGate({ status: 'failed', green: false, exitCode: 1, summary: 'Tests failed.', ...overrides })
}

/** `count` failing tests `test_0`, `test_1`, … in `file`, each with `message(i)` on line `line(i)`. */
export function failingTests(
  file: string,
  count: number,
  message: (index: number) => string,
  line: (index: number) => number = index => index + 1
): FailedTest[] {
  return Array.from({ length: count }, (_, index) => ({
    id: `${file}::test_${index}`,
    message: message(index),
    file,
    line: line(index),
    kind: 'failure' as const
  }))
}
