/**
 * Finds every process a gate run started, including those that left its process group (`setsid`, a
 * double fork): each inherits the run's marker variable, and Linux shows a process's environment in
 * `/proc/<pid>/environ`. Where there is no `/proc` (macOS, Windows) nothing is found and only the
 * process group is reached. A process that execs with a cleared environment, overwrites its environment
 * in memory, or runs as another user (sudo, setuid) is not found either.
 */
import { randomBytes } from 'node:crypto'
import { readdirSync, readFileSync } from 'node:fs'

/** Prefix of the marker variables; each run's name is unique, so nested gates keep every outer marker. */
const MARKER_PREFIX = 'PLAN_PHASE_GATE_'
/** Stop-and-rescan rounds before the kill: each round catches the children forked before the last one. */
const MAX_ROUNDS = 50

export interface GateMarker {
  /** The environment variable every process of the run inherits (its value is `1`). */
  readonly name: string
}

export function newGateMarker(): GateMarker {
  return { name: `${MARKER_PREFIX}${randomBytes(12).toString('hex')}` }
}

/** Pids (other than this process) whose environment carries the marker; empty without `/proc`. */
export function markedProcesses(marker: GateMarker, proc = '/proc'): number[] {
  let entries: string[]
  try {
    entries = readdirSync(proc)
  } catch {
    return []
  }
  const needle = Buffer.from(`${marker.name}=`)
  const found: number[] = []
  for (const entry of entries) {
    if (!/^\d+$/.test(entry)) continue
    const pid = Number(entry)
    if (pid === process.pid) continue
    let environ: Buffer
    try {
      // Only our own user's processes are readable (root reads all): others fail and are skipped.
      environ = readFileSync(`${proc}/${entry}/environ`)
    } catch {
      continue
    }
    if (hasVariable(environ, needle)) found.push(pid)
  }
  return found
}

/** `NAME=` at the start of the block or right after a NUL separator. */
function hasVariable(environ: Buffer, needle: Buffer): boolean {
  for (let at = environ.indexOf(needle); at !== -1; at = environ.indexOf(needle, at + 1)) {
    if (at === 0 || environ[at - 1] === 0) return true
  }
  return false
}

function send(pid: number, signal: NodeJS.Signals): void {
  try {
    process.kill(pid, signal)
  } catch {
    // Gone already, or not ours to signal.
  }
}

/** Asks every marked process to stop (SIGTERM); returns the pids signalled. */
export function terminateMarked(marker: GateMarker): number[] {
  const pids = markedProcesses(marker)
  for (const pid of pids) send(pid, 'SIGTERM')
  return pids
}

/**
 * Kills every marked process. They are frozen first (SIGSTOP) and the scan repeated until it finds no
 * new one, so a process forking in a loop cannot stay one step ahead of the kill.
 */
export function killMarked(marker: GateMarker): number[] {
  const frozen = new Set<number>()
  for (let round = 0; round < MAX_ROUNDS; round++) {
    const fresh = markedProcesses(marker).filter(pid => !frozen.has(pid))
    if (fresh.length === 0) break
    for (const pid of fresh) {
      send(pid, 'SIGSTOP')
      frozen.add(pid)
    }
  }
  for (const pid of frozen) send(pid, 'SIGKILL')
  return [...frozen]
}
