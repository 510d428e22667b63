/**
 * Jest global setup: every test run gets its own temporary directory (TMPDIR), so the teardown can tell
 * what the run left behind from what other programs keep in the system's temp dir.
 */
import { mkdtempSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'

export default function setup() {
  const root = mkdtempSync(join(tmpdir(), 'plan-phase-tests-'))
  process.env.PLAN_PHASE_TEST_TMPDIR = root
  process.env.TMPDIR = root
}
