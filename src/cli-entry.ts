#!/usr/bin/env node
/**
 * The CLI's executable (dist/cli/index.js, the package's `plan-phase` bin). It always runs: npm's
 * `.bin` symlink, npx, a global install and `node dist/cli/index.js` all start the same code, so
 * nothing here may depend on the name it was started by.
 */
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

runCli(process.argv.slice(2)).then(
  code => {
    process.exitCode = code
  },
  (error: unknown) => {
    process.stderr.write(`plan-phase: internal error: ${errorMessage(error)}\n`)
    process.exitCode = EXIT.internal
  }
)
