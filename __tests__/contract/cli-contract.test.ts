/**
 * The CLI's setting flags are the table's (setting-names.ts): each is an option that takes a value, and
 * the README's CLI section shows it.
 */
import { readFileSync } from 'node:fs'
import { join } from 'node:path'
import { CLI_OPTIONS } from '../../src/cli/cli.js'
import { CLI_FLAGS } from '../../src/settings/setting-names.js'
import { PROJECT_ROOT } from '../support/example-repo.js'

describe('the CLI’s setting flags', () => {
  const readme = readFileSync(join(PROJECT_ROOT, 'README.md'), 'utf8')
  const cliSection = readme.slice(
    readme.indexOf('## The CLI'),
    readme.indexOf('\n## ', readme.indexOf('## The CLI') + 1)
  )

  it.each(Object.values(CLI_FLAGS))('%s is an option with a value, documented in the README', flag => {
    const option = CLI_OPTIONS[flag.slice(2) as keyof typeof CLI_OPTIONS]
    expect(option).toEqual({ type: 'string' })
    expect(cliSection).toContain(flag)
  })
})
