/**
 * Ctrl-C on the CLI: the test suite runs in a process group of its own, which a terminal's SIGINT does
 * not reach, so the CLI itself must stop it — and everything it started — and write nothing.
 */
import { spawn } from 'node:child_process'
import { existsSync, readFileSync, writeFileSync } from 'node:fs'
import { join } from 'node:path'
import { copyExample, PROJECT_ROOT, type TempRepo } from '../support/example-repo.js'

const CLI = join(PROJECT_ROOT, 'dist', 'cli', 'index.js')
const PLAN = 'admin/refactor-providers/action/phase_3_execution_plan.md'

let repo: TempRepo
beforeEach(() => {
  repo = copyExample({ git: true })
})
afterEach(() => repo.remove())

function alive(pid: number): boolean {
  try {
    process.kill(pid, 0)
    return true
  } catch {
    return false
  }
}

it('SIGINT while the suite runs: the suite and its children end, nothing is written, exit 1 with a sentence', async () => {
  // The "suite" records its own pid and a child's, then sleeps far longer than the test waits.
  const pids = join(repo.dir, 'pids.txt')
  writeFileSync(
    join(repo.dir, 'slow_suite.py'),
    [
      'import os, subprocess, sys, time',
      'child = subprocess.Popen([sys.executable, "-c", "import time; time.sleep(120)"])',
      `open(${JSON.stringify(pids)}, "w").write(f"{os.getpid()} {child.pid}")`,
      'time.sleep(120)'
    ].join('\n')
  )
  const cli = spawn(
    process.execPath,
    [CLI, '3', '--repo', repo.dir, '--test-command', 'python3 slow_suite.py'],
    { stdio: ['ignore', 'pipe', 'pipe'] }
  )
  let stderr = ''
  cli.stderr.on('data', chunk => (stderr += String(chunk)))
  const exited = new Promise<number | null>(resolve => cli.on('close', code => resolve(code)))
  const deadline = Date.now() + 30_000
  while (!existsSync(pids) || readFileSync(pids, 'utf8').split(' ').length < 2) {
    if (Date.now() > deadline) throw new Error(`the suite never started: ${stderr}`)
    await new Promise(resolve => setTimeout(resolve, 50))
  }
  const [suite, child] = readFileSync(pids, 'utf8').split(' ').map(Number) as [number, number]
  cli.kill('SIGINT')
  const code = await exited
  expect(code).toBe(1)
  expect(stderr).toMatch(/^plan-phase: cancelled\. .*stopped.* Nothing was written\.$/m)
  expect(existsSync(join(repo.dir, PLAN))).toBe(false)
  // Each gets a moment to be reaped on a loaded machine; a survivor of the 120 s sleep still fails.
  for (const pid of [suite, child]) {
    const until = Date.now() + 3_000
    while (alive(pid) && Date.now() < until) await new Promise(resolve => setTimeout(resolve, 50))
    expect(alive(pid)).toBe(false)
  }
})
