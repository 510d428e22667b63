/**
 * A pytest suite whose conftest starts two processes that leave pytest's process group: one with
 * `setsid`, one by a double fork (reparented away from the suite). Each keeps printing `::warning::`
 * workflow commands, so one that outlives the gate would print them after the gate's stop-commands
 * block has ended. Their pids, and pytest's, are written to `pidDir`.
 */
import { readFileSync } from 'node:fs'
import { join } from 'node:path'

export interface DaemonSuiteOptions {
  /** Where each daemon writes its pid (a file named after it). */
  readonly pidDir: string
  /**
   * `inherit`: the daemons print to the stdout they inherited from pytest (the gate's pipe).
   * `runner-log`: to the stdout of pytest's parent, the action itself: what the runner reads as the log.
   */
  readonly output: 'inherit' | 'runner-log'
  /**
   * Once the daemons run, the session prints `SUITE-SLEEPING` to the gate's pipe (pytest captures what
   * tests print) and sleeps this long: a suite to cancel mid-run.
   */
  readonly sleepSeconds?: number
}

export const DAEMON_NAMES = ['setsid', 'double-fork'] as const

export function daemonSuite(options: DaemonSuiteOptions): Record<string, string> {
  const target =
    options.output === 'runner-log' ? "os.open(f'/proc/{os.getppid()}/fd/1', os.O_WRONLY)" : 'os.dup(1)'
  const conftest = `import os, time

PID_DIR = ${JSON.stringify(options.pidDir)}


def _print_forever(name, fd):
    # Bounded, so a leftover from a failed test ends by itself after a minute.
    for i in range(1200):
        try:
            os.write(fd, f'::warning::daemon {name} is still running ({i})\\n'.encode())
        except OSError:
            pass
        time.sleep(0.05)


def _start(name, double_fork, fd):
    pid = os.fork()
    if pid == 0:
        try:
            os.setsid()
            if double_fork and os.fork() > 0:
                os._exit(0)
            with open(os.path.join(PID_DIR, name), 'w') as f:
                f.write(str(os.getpid()))
            _print_forever(name, fd)
        finally:
            os._exit(0)
    if double_fork:
        os.waitpid(pid, 0)


def pytest_sessionstart(session):
    os.makedirs(PID_DIR, exist_ok=True)
    with open(os.path.join(PID_DIR, 'pytest'), 'w') as f:
        f.write(str(os.getpid()))
    fd = ${target}
    _start('setsid', False, fd)
    _start('double-fork', True, fd)
    deadline = time.time() + 10
    while len(os.listdir(PID_DIR)) < 3 and time.time() < deadline:
        time.sleep(0.02)
    if ${options.sleepSeconds ?? 0} > 0:
        os.write(1, b'SUITE-SLEEPING\\n')
        time.sleep(${options.sleepSeconds ?? 0})
`
  const test = `import os


def test_daemons_started():
    assert sorted(os.listdir(${JSON.stringify(options.pidDir)})) == ['double-fork', 'pytest', 'setsid']
`
  return { 'conftest.py': conftest, 'tests/test_daemons.py': test }
}

/** The pids of pytest and of the two daemons (the double fork's is the grandchild that kept running). */
export function suitePids(pidDir: string): Record<'pytest' | (typeof DAEMON_NAMES)[number], number> {
  const pid = (name: string): number => Number(readFileSync(join(pidDir, name), 'utf8'))
  return { pytest: pid('pytest'), setsid: pid('setsid'), 'double-fork': pid('double-fork') }
}

/** Running: signal 0 reaches it and it is not a zombie nobody reaped (PID 1 in a container may not). */
export function isRunning(pid: number): boolean {
  try {
    process.kill(pid, 0)
  } catch {
    return false
  }
  try {
    return !/^\d+ \(.*\) Z/.test(readFileSync(`/proc/${pid}/stat`, 'utf8'))
  } catch {
    return true
  }
}

/** Ends leftovers of a failed test, so they do not print into later ones. */
export function killAll(pids: readonly number[]): void {
  for (const pid of pids) {
    try {
      process.kill(pid, 'SIGKILL')
    } catch {
      // Gone.
    }
  }
}
