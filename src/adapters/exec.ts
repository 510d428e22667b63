/** The exec edge: run argv in a directory, stream output, keep a bounded tail. */

export interface ExecRequest {
  readonly argv: readonly string[]
  readonly cwd: string
  /** Child environment; built by the caller (the gate strips secrets). */
  readonly env: Readonly<Record<string, string>>
  readonly timeoutMs: number
  /** Bytes of combined output kept in memory. */
  readonly tailBytes: number
  /** Called with each chunk of output as it arrives (the log). */
  readonly onOutput?: (chunk: Buffer) => void
  /** Aborting it ends the command and everything it started, as a timeout does but sooner. */
  readonly signal?: AbortSignal
}

export interface ExecResult {
  /** null when the process was killed or could not start. */
  readonly exitCode: number | null
  readonly signal: string | null
  readonly timedOut: boolean
  /** Ended because the request's abort signal fired (the job was cancelled). */
  readonly cancelled: boolean
  /** Set when the command could not be started (ENOENT, EACCES). */
  readonly spawnError?: string
  /** Last `tailBytes` of stdout+stderr, decoded leniently as UTF-8. */
  readonly tail: string
  readonly totalBytes: number
  readonly durationMs: number
}

export interface Exec {
  run(request: ExecRequest): Promise<ExecResult>
}
