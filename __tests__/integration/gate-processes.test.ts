/**
 * The gate ends every process the suite started, those that left its process group too, and stops at
 * once when the job is cancelled. Real pytest, real daemons (setsid and a double fork).
 */
import * as fs from 'node:fs'
import * as path from 'node:path'
import { createLocalExec, type ProcessReach } from '../../src/adapters/local-exec.js'
import {
  killMarked,
  markedProcesses,
  newGateMarker,
  terminateMarked
} from '../../src/adapters/process-sweep.js'
import { CancelledError } from '../../src/cancellation.js'
import { runGate } from '../../src/gate/run-gate.js'
import type { Reporter } from '../../src/reporter.js'
import { daemonSuite, suitePids } from '../support/daemon-suite.js'
import { afterStopCommands, isRunning, killAll, sleep, stopsWithin } from '../support/processes.js'
import { pytestProject, removeTempDirs, tempDir } from '../support/temp.js'

const leftovers: number[] = []

const project = (files: Record<string, string>): string => pytestProject('plan-phase-gate-daemons-', files)

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
      output.push(typeof chunk === 'string' ? chunk : Buffer.from(chunk).toString())
      onWrite(output.join(''))
    }
  }
}

afterAll(() => {
  killAll(leftovers)
  removeTempDirs()
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
    expect(afterStopCommands(log)).toBe('')
    for (const pid of pids) expect(await stopsWithin(pid, 1000)).toBe(true)
    const written = reporter.output.length
    await sleep(300)
    expect(reporter.output.length).toBe(written)
  })

  /** The real signals, counted: which of them a run sent, in order. */
  function countingReach(): ProcessReach & { sent: string[] } {
    const sent: string[] = []
    return {
      sent,
      signalGroup: (pid, signal) => {
        sent.push(`group ${signal}`)
        if (pid !== undefined) {
          try {
            process.kill(-pid, signal)
          } catch {
            // Already gone.
          }
        }
      },
      terminateMarked: marker => (sent.push('marked SIGTERM'), terminateMarked(marker)),
      killMarked: marker => (sent.push('marked SIGKILL'), killMarked(marker))
    }
  }

  it('sweeps once when the suite ends, and still ends the daemons it left', async () => {
    const pidDir = tempDir('plan-phase-pids-')
    const cwd = project(daemonSuite({ pidDir, output: 'inherit' }))
    const reach = countingReach()
    const result = await runGate(
      { command: 'python3 -m pytest', cwd, timeoutMinutes: 1, tempDir: tempDir('plan-phase-reports-') },
      createLocalExec(reach),
      recorder()
    )
    const pids = Object.values(suitePids(pidDir))
    leftovers.push(...pids)
    expect(result).toMatchObject({ status: 'passed', passed: 1 })
    expect(reach.sent).toEqual(['group SIGKILL', 'marked SIGKILL'])
    for (const pid of pids) expect(await stopsWithin(pid, 1000)).toBe(true)
  })

  it('a suite that ignores SIGTERM past its timeout: asked once, killed once, nothing left', async () => {
    const reach = countingReach()
    const pidFile = path.join(tempDir('plan-phase-pids-'), 'child')
    // The suite and a child of its own that also ignores SIGTERM.
    const script = [
      'import os, signal, subprocess, sys, time',
      'signal.signal(signal.SIGTERM, signal.SIG_IGN)',
      `child = subprocess.Popen([sys.executable, "-c", "import signal, time; signal.signal(signal.SIGTERM, signal.SIG_IGN); time.sleep(60)"])`,
      `open(${JSON.stringify(pidFile)}, "w").write(str(child.pid))`,
      'print("ready", flush=True)',
      'time.sleep(60)'
    ].join('\n')
    const result = await createLocalExec(reach).run({
      argv: ['python3', '-c', script],
      cwd: tempDir('plan-phase-cwd-'),
      env: { ...process.env } as Record<string, string>,
      timeoutMs: 500,
      tailBytes: 1024
    })
    const child = Number(fs.readFileSync(pidFile, 'utf8'))
    leftovers.push(child)
    expect(result).toMatchObject({ timedOut: true, signal: 'SIGKILL' })
    expect(reach.sent).toEqual(['group SIGTERM', 'marked SIGTERM', 'group SIGKILL', 'marked SIGKILL'])
    expect(await stopsWithin(child, 1000)).toBe(true)
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
    expect(afterStopCommands(reporter.output.join(''))).toBe('')
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
