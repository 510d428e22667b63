/**
 * Temp dirs and small fixture projects for a test file. Jest loads this module once per test file, so
 * `removeTempDirs()` (called from the file's `afterAll`) removes exactly the dirs that file made; the
 * global teardown still fails the run if anything is left behind.
 */
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { dirname, join } from 'node:path'

const made: string[] = []

/** A fresh directory under the run's TMPDIR, removed by `removeTempDirs()`. */
export function tempDir(prefix = 'plan-phase-'): string {
  const dir = mkdtempSync(join(tmpdir(), prefix))
  made.push(dir)
  return dir
}

export function removeTempDirs(): void {
  for (const dir of made.splice(0)) rmSync(dir, { recursive: true, force: true })
}

/** Writes each file (posix path relative to `root` → content), making its folders; returns `root`. */
export function writeFiles(root: string, files: Record<string, string | Uint8Array>): string {
  for (const [name, content] of Object.entries(files)) {
    mkdirSync(dirname(join(root, name)), { recursive: true })
    writeFileSync(join(root, name), content)
  }
  return root
}

/** A temp dir holding `files`. */
export function tempProject(prefix: string, files: Record<string, string>): string {
  return writeFiles(tempDir(prefix), files)
}

/** A temp project whose pytest rootdir is the directory itself (a `pytest.ini` unless `files` has one). */
export function pytestProject(prefix: string, files: Record<string, string>): string {
  return tempProject(prefix, { 'pytest.ini': '[pytest]\n', ...files })
}

/** A test module with one failing test: a red suite. */
export const RED_TEST = { 'tests/test_red.py': 'def test_red():\n    assert 1 == 2\n' } as const
