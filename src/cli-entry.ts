#!/usr/bin/env node
/**
 * The CLI's executable (dist/cli/index.js, the package's `plan-phase` bin). It always runs: npm's
 * `.bin` symlink, npx, a global install and `node dist/cli/index.js` all start the same code, so
 * nothing here may depend on the name it was started by.
 */
import { watchForCancellation } from './cancellation.js'
import { runCli } from './cli.js'
import { errorMessage } from './errors.js'
import { EXIT } from './exit-codes.js'

// `plan-phase 3 --dry-run | head` closes stdout early; that is not an error.
process.stdout.on('error', (error: NodeJS.ErrnoException) => {
  if (error.code === 'EPIPE') process.exit(process.exitCode ?? EXIT.ok)
})
// Progress on a closed stderr (`plan-phase 3 2>&1 | head -1`) is dropped: the run goes on and its exit
// code still tells the caller how it ended.
process.stderr.on('error', () => undefined)

// Ctrl-C (or a SIGTERM from a CI runner) stops the test suite's whole process group, not just this
// process: the suite runs in a group of its own, which the terminal's signal does not reach.
const cancellation = watchForCancellation()

runCli(process.argv.slice(2), process.env, process.cwd(), cancellation.signal).then(
  code => {
    cancellation.dispose()
    process.exitCode = code
  },
  (error: unknown) => {
    process.stderr.write(`plan-phase: internal error: ${errorMessage(error)}\n`)
    process.exitCode = EXIT.internal
  }
)
