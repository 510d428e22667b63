/**
 * The gate ends every process the suite started, those that left its process group too, and stops at
 * once when the job is cancelled. Real pytest, real daemons (setsid and a double fork).
 */
import * as fs from 'node:fs'
import * as os from 'node:os'
import * as path from 'node:path'
import { createLocalExec } from '../../src/adapters/local-exec.js'
import { killMarked, markedProcesses, newGateMarker } from '../../src/adapters/process-sweep.js'
import { CancelledError } from '../../src/cancellation.js'
import { runGate } from '../../src/gate/run-gate.js'
import type { Reporter } from '../../src/reporter.js'
import { daemonSuite, isRunning, killAll, suitePids } from '../support/daemon-suite.js'

const made: string[] = []
const leftovers: number[] = []

function tempDir(prefix: string): string {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), prefix))
  made.push(dir)
  return dir
}

function project(files: Record<string, string>): string {
  const dir = tempDir('plan-phase-gate-daemons-')
  fs.writeFileSync(path.join(dir, 'pytest.ini'), '[pytest]\n')
  for (const [name, content] of Object.entries(files)) {
    fs.mkdirSync(path.dirname(path.join(dir, name)), { recursive: true })
    fs.writeFileSync(path.join(dir, name), content)
  }
  return dir
}

function recorder(onWrite: (log: string) => void = () => undefined): Reporter & { output: string[] } {
  const output: string[] = []
  return {
    output,
    info: () => undefined,
    warning: () => undefined,
    error: () => undefined,
    startGroup: () => undefined,
    endGroup: () => undefined,
    write: chunk => {
      output.push(chunk)
      onWrite(output.join(''))
    }
  }
}

const sleep = (ms: number): Promise<void> => new Promise(resolve => setTimeout(resolve, ms))

/** SIGKILL is delivered at once, but a loaded machine may take a moment to tear a process down. */
async function stopsWithin(pid: number, ms: number): Promise<boolean> {
  const deadline = Date.now() + ms
  while (isRunning(pid)) {
    if (Date.now() > deadline) return false
    await sleep(25)
  }
  return true
}

/** The log after the gate's `::<token>::` line, which switches workflow commands back on. */
function afterBlock(log: string): string {
  const token = /^::stop-commands::([0-9a-f-]{36})$/m.exec(log)?.[1]
  expect(token).toBeDefined()
  const end = log.lastIndexOf(`::${token}::\n`)
  expect(end).toBeGreaterThan(-1)
  return log.slice(end + `::${token}::\n`.length)
}

afterAll(() => {
  killAll(leftovers)
  for (const dir of made) fs.rmSync(dir, { recursive: true, force: true })
})

const onLinux = process.platform === 'linux' ? describe : describe.skip

onLinux('the gate and the processes a suite leaves behind', () => {
  it('ends a setsid daemon and a double-forked one when the suite passes; nothing prints after the gate', async () => {
    const pidDir = tempDir('plan-phase-pids-')
    const cwd = project(daemonSuite({ pidDir, output: 'inherit' }))
    const reporter = recorder()
    const result = await runGate(
      { command: 'python3 -m pytest', cwd, timeoutMinutes: 1, tempDir: tempDir('plan-phase-reports-') },
      createLocalExec(),
      reporter
    )
    const pids = Object.values(suitePids(pidDir))
    leftovers.push(...pids)
    expect(result).toMatchObject({ status: 'passed', passed: 1 })
    const log = reporter.output.join('')
    // They did run, and what they printed while the suite ran stayed inside the block.
    expect(log).toContain('::warning::daemon setsid is still running')
    expect(log).toContain('::warning::daemon double-fork is still running')
    expect(afterBlock(log)).toBe('')
    for (const pid of pids) expect(await stopsWithin(pid, 1000)).toBe(true)
    const written = reporter.output.length
    await sleep(300)
    expect(reporter.output.length).toBe(written)
  })

  it('stops the suite and its daemons at once when the job is cancelled', async () => {
    const pidDir = tempDir('plan-phase-pids-')
    const cwd = project(daemonSuite({ pidDir, output: 'inherit', sleepSeconds: 60 }))
    const cancel = new AbortController()
    const reporter = recorder(log => {
      if (log.includes('SUITE-SLEEPING')) cancel.abort()
    })
    const started = Date.now()
    const gate = runGate(
      {
        command: 'python3 -m pytest',
        cwd,
        timeoutMinutes: 1,
        tempDir: tempDir('plan-phase-reports-'),
        signal: cancel.signal
      },
      createLocalExec(),
      reporter
    )
    await expect(gate).rejects.toThrow(CancelledError)
    await expect(gate).rejects.toThrow('The job was cancelled while the test suite ran')
    const pids = Object.values(suitePids(pidDir))
    leftovers.push(...pids)
    expect(cancel.signal.aborted).toBe(true)
    // The suite sleeps for a minute: only the cancellation ended it.
    expect(Date.now() - started).toBeLessThan(20_000)
    for (const pid of pids) expect(await stopsWithin(pid, 1000)).toBe(true)
    expect(afterBlock(reporter.output.join(''))).toBe('')
  })

  it('does not start a suite when the job is already cancelled', async () => {
    const cancel = new AbortController()
    cancel.abort()
    const marker = path.join(tempDir('plan-phase-not-run-'), 'ran')
    const gate = runGate(
      {
        command: `python3 -c "open('${marker}', 'w').close()"`,
        cwd: tempDir('plan-phase-cwd-'),
        timeoutMinutes: 1,
        tempDir: tempDir('plan-phase-reports-'),
        signal: cancel.signal
      },
      createLocalExec(),
      recorder()
    )
    await expect(gate).rejects.toThrow(CancelledError)
    expect(fs.existsSync(marker)).toBe(false)
  })
})

onLinux('killMarked', () => {
  it('finds processes by the marker in their environment and kills a process that keeps forking', async () => {
    const marker = newGateMarker()
    const { spawn } = await import('node:child_process')
    // Each generation forks the next and exits: the group and the parent chain are gone at once.
    const script = `import os, time
while True:
    if os.fork() > 0:
        os._exit(0)
    os.setsid()
    time.sleep(0.01)
`
    const child = spawn('python3', ['-c', script], {
      env: { ...process.env, [marker.name]: '1' },
      stdio: 'ignore',
      detached: true
    })
    child.unref()
    let found: number[] = []
    for (let i = 0; i < 40 && found.length === 0; i++) {
      await sleep(25)
      found = markedProcesses(marker)
    }
    expect(found.length).toBeGreaterThan(0)
    const killed = killMarked(marker)
    leftovers.push(...killed)
    expect(killed.length).toBeGreaterThan(0)
    await sleep(200)
    expect(markedProcesses(marker).filter(isRunning)).toEqual([])
    // Unrelated processes (this one, the test runner) carry no marker and are never touched.
    expect(killed).not.toContain(process.pid)
  })
})
