/**
 * Jest global teardown: a test that makes a temporary directory removes it. Anything left in this run's
 * TMPDIR fails the run, by name, and is removed so it never piles up. pytest keeps its own `pytest-of-*`
 * base directories by design (the suites under test use `tmp_path`), and Node 22+ keeps its module compile
 * cache in `node-compile-cache` (npm and npx enable it); they go with the run's directory.
 */
import { readdirSync, rmSync } from 'node:fs'

const KEPT_BY_TOOLS = ['pytest-of-', 'node-compile-cache']

export default function teardown() {
  const root = process.env.PLAN_PHASE_TEST_TMPDIR
  if (!root) return
  const left = readdirSync(root).filter(name => !KEPT_BY_TOOLS.some(prefix => name.startsWith(prefix)))
  rmSync(root, { recursive: true, force: true })
  if (left.length > 0) {
    const shown = left.slice(0, 20).join(', ') + (left.length > 20 ? `, … (${left.length} in all)` : '')
    throw new Error(
      `Tests left ${left.length} temporary file(s) or directory(ies) behind: ${shown}. Remove them in afterEach/afterAll.`
    )
  }
}
