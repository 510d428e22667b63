/** The action's reporter: @actions/core log commands, annotations and groups. */
import * as core from '@actions/core'
import type { Reporter } from '../reporter.js'

export function coreReporter(): Reporter {
  return {
    info: message => core.info(message),
    warning: message => core.warning(message),
    error: (message, where) =>
      core.error(message, {
        ...(where?.file ? { file: where.file } : {}),
        ...(where?.line ? { startLine: where.line } : {}),
        ...(where?.title ? { title: where.title } : {})
      }),
    startGroup: name => core.startGroup(name),
    endGroup: () => core.endGroup(),
    write: chunk => {
      process.stdout.write(chunk)
    }
  }
}
