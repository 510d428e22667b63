/** Processes a test started or expects gone: alive or not, waited for, killed; and the runner's log. */
import { readFileSync } from 'node:fs'

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

export const sleep = (ms: number): Promise<void> => new Promise(resolve => setTimeout(resolve, ms))

/** SIGKILL is delivered at once, but a loaded machine may take a moment to tear a process down. */
export async function stopsWithin(pid: number, ms: number): Promise<boolean> {
  const deadline = Date.now() + ms
  while (isRunning(pid)) {
    if (Date.now() > deadline) return false
    await sleep(25)
  }
  return true
}

/**
 * The log after the gate's closing `::<token>::` line, which switches workflow commands back on: what
 * the runner reads as commands again.
 */
export function afterStopCommands(log: string): string {
  const token = /^::stop-commands::([0-9a-f-]{36})$/m.exec(log)?.[1]
  expect(token).toBeDefined()
  const end = log.lastIndexOf(`::${token}::\n`)
  expect(end).toBeGreaterThan(-1)
  return log.slice(end + `::${token}::\n`.length)
}
