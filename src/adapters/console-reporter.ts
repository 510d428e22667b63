/** The CLI's reporter: progress to stderr, so stdout carries only the documents (--dry-run). */
import type { Reporter } from '../reporter.js'

/** `quiet` (-q) keeps errors and drops everything else: progress, warnings and the suite's output. */
export function consoleReporter(stream: NodeJS.WritableStream = process.stderr, quiet = false): Reporter {
  const line = (text: string): void => {
    if (!quiet) stream.write(`${text}\n`)
  }
  return {
    info: line,
    warning: message => line(`warning: ${message}`),
    error: (message, where) =>
      stream.write(
        `error: ${where?.file ? `${where.file}${where.line ? `:${where.line}` : ''}: ` : ''}${message}\n`
      ),
    startGroup: name => line(`── ${name}`),
    endGroup: () => line('──'),
    write: chunk => {
      // The CLI prints no runner command markers; those are for the action's log only.
      if (quiet) return
      if (typeof chunk !== 'string' || !/^\n?::(stop-commands::|[0-9a-f-]{36}::)/.test(chunk))
        stream.write(chunk)
    }
  }
}
