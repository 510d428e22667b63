// How a case's truth is decided: not guessed, measured. A case holds the repository before a phase
// (`before/`) and after a developer implemented it (`after/`). This script copies both to a scratch
// directory and runs their suites with real pytest (both must be green), then runs the suite of
// `before/` against the code of `after/` — the tests that fail there are the tests the phase breaks —
// and diffs the trees: the Python files the implementation changed, and the lines of the code (not
// the tests) it changed, from which a case's broken callers are chosen.
//
// Usage: node scripts/cases/derive-truth.mjs <case dir> [--json]
import { spawnSync } from 'node:child_process'
import { cpSync, existsSync, mkdtempSync, readdirSync, readFileSync, rmSync, statSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join, relative } from 'node:path'
import { fileURLToPath } from 'node:url'

const CACHES = /(^|\/)(__pycache__|\.pytest_cache)(\/|$)/

/**
 * A test module: what the hybrid run keeps from `before/`. Support files of the suite (`conftest.py`,
 * helpers) are code the tests call, so they come from `after/` like any caller, and their changed
 * lines count among the callers.
 */
export function isTestFile(path) {
  const name = path.slice(path.lastIndexOf('/') + 1)
  return /^test_.*\.py$/.test(name) || /_test\.py$/.test(name)
}

export function listTree(dir, root = dir, out = []) {
  for (const name of readdirSync(dir)) {
    const path = join(dir, name)
    const rel = relative(root, path).split('\\').join('/')
    if (CACHES.test(rel)) continue
    if (statSync(path).isDirectory()) listTree(path, root, out)
    else out.push(rel)
  }
  return out.sort()
}

function copyTree(from, to) {
  cpSync(from, to, { recursive: true, filter: source => !CACHES.test(source.split('\\').join('/')) })
}

/** Failing and erroring test ids of one pytest run (`path::Class::test`, or the module for a collection error). */
export function runPytest(dir, pytestDir = '.') {
  const cwd = join(dir, pytestDir)
  const run = spawnSync(
    'python3',
    ['-m', 'pytest', '-q', '-rfE', '-p', 'no:cacheprovider', '--continue-on-collection-errors'],
    {
      cwd,
      encoding: 'utf8',
      env: { ...process.env, PYTHONDONTWRITEBYTECODE: '1' }
    }
  )
  const prefix = pytestDir === '.' ? '' : `${pytestDir.replace(/\/$/, '')}/`
  const failing = new Set()
  for (const line of run.stdout.split('\n')) {
    const match = /^(?:FAILED|ERROR) (\S+?)(?: - .*)?$/.exec(line)
    if (match) failing.add(`${prefix}${match[1]}`)
  }
  const passed = Number(/(\d+) passed/.exec(run.stdout)?.[1] ?? 0)
  return { status: run.status, failing: [...failing].sort(), passed, output: run.stdout + run.stderr }
}

/** Lines of `before/` that the implementation removed or rewrote, per changed Python file. */
function changedLines(beforeDir, afterDir, path) {
  const left = join(beforeDir, path)
  const right = join(afterDir, path)
  if (!existsSync(left)) return []
  if (!existsSync(right)) return ['*']
  const diff = spawnSync('git', ['diff', '--no-index', '-U0', '--', left, right], { encoding: 'utf8' })
  const lines = []
  for (const match of diff.stdout.matchAll(/^@@ -(\d+)(?:,(\d+))? \+/gm)) {
    const start = Number(match[1])
    const count = match[2] === undefined ? 1 : Number(match[2])
    for (let line = start; line < start + count; line++) lines.push(line)
  }
  return lines
}

export function deriveTruth(caseDir) {
  const truthFile = join(caseDir, 'truth.json')
  const pytestDir = existsSync(truthFile)
    ? (JSON.parse(readFileSync(truthFile, 'utf8')).pytestDir ?? '.')
    : '.'
  const before = join(caseDir, 'before')
  const after = join(caseDir, 'after')
  const scratch = mkdtempSync(join(tmpdir(), 'plan-phase-case-'))
  try {
    const runs = {}
    for (const [label, source] of [
      ['before', before],
      ['after', after]
    ]) {
      const dir = join(scratch, label)
      copyTree(source, dir)
      runs[label] = runPytest(dir, pytestDir)
    }
    // The suite of before/ over the code of after/.
    const hybrid = join(scratch, 'hybrid')
    copyTree(before, hybrid)
    const beforeFiles = listTree(before)
    const afterFiles = listTree(after)
    for (const path of beforeFiles)
      if (!isTestFile(path) && !afterFiles.includes(path)) rmSync(join(hybrid, path))
    for (const path of afterFiles) {
      if (isTestFile(path)) continue
      cpSync(join(after, path), join(hybrid, path))
    }
    runs.hybrid = runPytest(hybrid, pytestDir)
    const all = [...new Set([...beforeFiles, ...afterFiles])].filter(path => path.endsWith('.py'))
    const changed = all.filter(path => {
      const a = join(before, path)
      const b = join(after, path)
      return !existsSync(a) || !existsSync(b) || readFileSync(a, 'utf8') !== readFileSync(b, 'utf8')
    })
    const codeLines = {}
    for (const path of changed) {
      if (isTestFile(path)) continue
      const lines = changedLines(before, after, path)
      if (lines.length > 0) codeLines[path] = lines
    }
    return {
      green: { before: runs.before.status === 0, after: runs.after.status === 0 },
      passed: { before: runs.before.passed, after: runs.after.passed },
      changed: changed.sort(),
      brokenTests: runs.hybrid.failing,
      changedCodeLines: codeLines,
      output: { before: runs.before.output, after: runs.after.output, hybrid: runs.hybrid.output }
    }
  } finally {
    rmSync(scratch, { recursive: true, force: true })
  }
}

const invokedDirectly = process.argv[1] && fileURLToPath(import.meta.url) === process.argv[1]
if (invokedDirectly) {
  const dir = process.argv[2]
  if (!dir) {
    console.error('usage: node scripts/cases/derive-truth.mjs <case dir>')
    process.exit(2)
  }
  const result = deriveTruth(dir)
  const { output, ...rest } = result
  if (!result.green.before || !result.green.after)
    console.error(`not green:\n${!result.green.before ? output.before : output.after}`)
  console.log(JSON.stringify(rest, null, 2))
  process.exit(result.green.before && result.green.after ? 0 : 1)
}
