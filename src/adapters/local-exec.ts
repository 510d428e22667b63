/**
 * Runs the test suite as a child process. Not @actions/exec: it cannot kill a whole process group
 * (a test runner's workers would outlive a timeout) and it accumulates all output in memory. When the
 * run ends (the suite exits, times out or is cancelled) every process it started is ended: its process
 * group, and on Linux whatever left the group too (see process-sweep.ts).
 */
import { spawn } from 'node:child_process'
import { existsSync } from 'node:fs'
import { errorMessage } from '../errors.js'
import type { Exec, ExecRequest, ExecResult } from './exec.js'
import { killMarked, newGateMarker, terminateMarked, type GateMarker } from './process-sweep.js'

/** Time between SIGTERM and SIGKILL, and how long to wait for pipes held open by leftovers. */
const GRACE_MS = 2000
/** The same after a cancellation: the runner allows 7.5 s before it escalates (see cancellation.ts). */
const CANCEL_GRACE_MS = 1000
/** setTimeout fires at once for delays beyond 2^31-1 ms (about 24.8 days). */
const MAX_TIMER_MS = 2 ** 31 - 1
/**
 * Log output this process may hold unwritten before the suite is made to wait. Node writes to a pipe
 * asynchronously: when the reader (the runner, a terminal, `| less`) is slower than the suite, every
 * chunk not yet written stays in memory, and a suite printing 500 MB would take 500 MB with it.
 */
const MAX_LOG_BACKLOG_BYTES = 4 * 1024 * 1024

/** This process's log stream that is too far behind (the action logs to stdout, the CLI to stderr). */
function laggingLog(): NodeJS.WriteStream | undefined {
  return [process.stdout, process.stderr].find(
    stream => stream.writableNeedDrain && stream.writableLength > MAX_LOG_BACKLOG_BYTES
  )
}

/** A fixed-size ring of the most recent bytes: memory stays at `capacity` however much is written. */
export class TailBuffer {
  private readonly capacity: number
  private readonly ring: Buffer
  private start = 0
  private length = 0
  total = 0

  constructor(capacity: number) {
    this.capacity = Number.isFinite(capacity) ? Math.max(0, Math.floor(capacity)) : 0
    this.ring = Buffer.alloc(this.capacity)
  }

  push(chunk: Buffer): void {
    this.total += chunk.length
    const capacity = this.capacity
    if (capacity <= 0) return
    if (chunk.length >= capacity) {
      chunk.copy(this.ring, 0, chunk.length - capacity)
      this.start = 0
      this.length = capacity
      return
    }
    const end = (this.start + this.length) % capacity
    const first = Math.min(chunk.length, capacity - end)
    chunk.copy(this.ring, end, 0, first)
    chunk.copy(this.ring, 0, first)
    const overflow = Math.max(0, this.length + chunk.length - capacity)
    this.start = (this.start + overflow) % capacity
    this.length = Math.min(capacity, this.length + chunk.length)
  }

  bytes(): Buffer {
    const end = this.start + this.length
    if (end <= this.capacity) return Buffer.from(this.ring.subarray(this.start, end))
    return Buffer.concat([this.ring.subarray(this.start), this.ring.subarray(0, end - this.capacity)])
  }

  /** Lenient UTF-8: starts on a character boundary, invalid bytes become U+FFFD. */
  text(): string {
    const bytes = this.bytes()
    let skip = 0
    // Up to three continuation bytes (10xxxxxx) can be the rest of a character cut off by the ring.
    while (skip < 3 && skip < bytes.length && ((bytes[skip] ?? 0) & 0xc0) === 0x80) skip++
    return new TextDecoder('utf-8', { fatal: false }).decode(bytes.subarray(skip))
  }
}

function spawnFailure(program: string, error: unknown): string {
  const code = typeof error === 'object' && error !== null && 'code' in error ? error.code : undefined
  if (code === 'ENOENT') return `\`${program}\` was not found (it is not installed or not on PATH)`
  if (code === 'EACCES') return `\`${program}\` could not be executed (permission denied)`
  return `\`${program}\` could not be started: ${errorMessage(error)}`
}

function killGroup(pid: number | undefined, signal: NodeJS.Signals): void {
  if (pid === undefined) return
  try {
    // Negative pid: the whole group the detached child leads, its workers and subprocesses too.
    process.kill(process.platform === 'win32' ? pid : -pid, signal)
  } catch {
    // Already gone.
  }
}

/** How a run reaches the processes it started: its process group, and on Linux the marked ones. */
export interface ProcessReach {
  readonly signalGroup: (pid: number | undefined, signal: NodeJS.Signals) => void
  readonly terminateMarked: (marker: GateMarker) => unknown
  readonly killMarked: (marker: GateMarker) => unknown
}

const PROCESS_REACH: ProcessReach = { signalGroup: killGroup, terminateMarked, killMarked }

function run(request: ExecRequest, reach: ProcessReach): Promise<ExecResult> {
  const started = Date.now()
  const tail = new TailBuffer(request.tailBytes)
  const program = request.argv[0] ?? ''
  const finish = (fields: Partial<ExecResult>): ExecResult => ({
    exitCode: null,
    signal: null,
    timedOut: false,
    cancelled: false,
    tail: tail.text(),
    totalBytes: tail.total,
    durationMs: Date.now() - started,
    ...fields
  })
  if (program === '') return Promise.resolve(finish({ spawnError: 'the command is empty' }))
  // Node reports a missing cwd as ENOENT of the program, which would blame the wrong thing.
  if (!existsSync(request.cwd)) {
    return Promise.resolve(finish({ spawnError: `the working directory ${request.cwd} does not exist` }))
  }
  if (request.signal?.aborted) return Promise.resolve(finish({ cancelled: true }))
  const marker = newGateMarker()
  return new Promise(resolve => {
    let timedOut = false
    let cancelled = false
    let settled = false
    const timers: NodeJS.Timeout[] = []
    const onAbort = (): void => {
      cancelled = true
      stop(CANCEL_GRACE_MS)
    }
    const settle = (result: ExecResult): void => {
      if (settled) return
      settled = true
      timers.forEach(clearTimeout)
      request.signal?.removeEventListener('abort', onAbort)
      resolve(result)
    }
    const ended = (code: number | null, signal: string | null): ExecResult =>
      finish({ exitCode: code, signal, timedOut, cancelled })
    let child: ReturnType<typeof spawn>
    try {
      child = spawn(program, request.argv.slice(1), {
        cwd: request.cwd,
        env: { ...request.env, [marker.name]: '1' },
        detached: true,
        stdio: ['ignore', 'pipe', 'pipe'],
        windowsHide: true
      })
    } catch (error: unknown) {
      settle(finish({ spawnError: spawnFailure(program, error) }))
      return
    }
    // Backpressure: while the log catches up, the suite's pipes are not read, so it blocks on its writes.
    let paused = false
    const afterPause: (() => void)[] = []
    const resume = (): void => {
      if (!paused) return
      paused = false
      child.stdout?.resume()
      child.stderr?.resume()
      afterPause.splice(0).forEach(run => run())
    }
    const onData = (chunk: Buffer): void => {
      tail.push(chunk)
      try {
        request.onOutput?.(chunk)
      } catch {
        // A failing log sink must not leave the suite running unobserved with no one to reap it.
      }
      const log = laggingLog()
      if (log && !paused) {
        paused = true
        child.stdout?.pause()
        child.stderr?.pause()
        // A log that fails or closes will never drain: stop waiting for it then too.
        const done = (): void => {
          log.off('drain', done).off('close', done).off('error', done)
          resume()
        }
        log.once('drain', done).once('close', done).once('error', done)
      }
    }
    child.stdout?.on('data', onData)
    child.stderr?.on('data', onData)
    child.on('error', (error: unknown) => {
      // Errors after a successful spawn (e.g. a failed kill) are not start failures.
      if (child.pid === undefined) settle(finish({ spawnError: spawnFailure(program, error) }))
    })
    // Everything the run started: the group the detached child leads, and the processes that left it.
    // Once per run: the sweep freezes what it finds before the kill, so nothing it found can start anything
    // after it, and a second sweep would find nothing more; it could only reach a process group that took
    // the freed id since.
    let swept = false
    const killAll = (): void => {
      if (swept) return
      swept = true
      reach.signalGroup(child.pid, 'SIGKILL')
      reach.killMarked(marker)
    }
    const stop = (graceMs: number): void => {
      reach.signalGroup(child.pid, 'SIGTERM')
      reach.terminateMarked(marker)
      timers.push(setTimeout(killAll, graceMs))
    }
    let exit: { code: number | null; signal: string | null } | undefined
    child.on('exit', (code, signal) => {
      exit = { code, signal }
      // The suite has ended: whatever it left running (workers, daemons) goes now, so nothing it started
      // can write to the log once the gate is over. Their output already in the pipes is still read.
      killAll()
      // A leftover that could not be found can hold the pipes open forever. The grace period starts
      // once the log has caught up: output still waiting in the pipes is the suite's last.
      const grace = (): void => {
        timers.push(
          setTimeout(() => {
            child.stdout?.destroy()
            child.stderr?.destroy()
            settle(ended(code, signal))
          }, GRACE_MS)
        )
      }
      if (paused) afterPause.push(grace)
      else grace()
    })
    child.on('close', (code: number | null, signal: string | null) => {
      // Swept at the exit already; a close without an exit (a failed start) has started nothing.
      settle(ended(exit?.code ?? code, exit?.signal ?? signal))
    })
    timers.push(
      setTimeout(
        () => {
          timedOut = true
          stop(GRACE_MS)
        },
        Math.min(MAX_TIMER_MS, Math.max(0, request.timeoutMs))
      )
    )
    request.signal?.addEventListener('abort', onAbort, { once: true })
  })
}

/** `reach` is replaced only to watch what a run signals (tests); the default really signals. */
export function createLocalExec(reach: ProcessReach = PROCESS_REACH): Exec {
  return { run: request => run(request, reach) }
}
