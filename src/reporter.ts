/** Where progress and results go: @actions/core in the action, the console in the CLI, a recorder in tests. */
export interface Reporter {
  info(message: string): void
  warning(message: string): void
  error(message: string, where?: { file?: string; line?: number; title?: string }): void
  startGroup(name: string): void
  endGroup(): void
  /** Raw output from the test suite (text, or bytes that are valid UTF-8), made inert for the runner's command parser. */
  write(chunk: string | Uint8Array): void
}

export const silentReporter: Reporter = {
  info: () => undefined,
  warning: () => undefined,
  error: () => undefined,
  startGroup: () => undefined,
  endGroup: () => undefined,
  write: () => undefined
}
