/**
 * What a run may not need stays out of the bundles' main files, in chunks loaded on first use: the YAML
 * parser (only for `.github/plan-phase.yml`), the XML parser (only for a JUnit report) and, in the action,
 * Octokit. Read from dist/ as shipped (`npm run package`).
 */
import { readdirSync, readFileSync } from 'node:fs'
import { join } from 'node:path'
import { PROJECT_ROOT } from '../support/example-repo.js'

/** Text only each library's own code holds. */
const MARKERS = {
  yaml: 'Map keys must be unique',
  'fast-xml-parser': 'XMLValidator',
  octokit: 'octokit'
}

function files(dir: string): { main: string; chunks: string[] } {
  const folder = join(PROJECT_ROOT, dir)
  return {
    main: readFileSync(join(folder, 'index.js'), 'utf8'),
    chunks: readdirSync(folder)
      .filter(name => /^\d+\.index\.js$/.test(name))
      .map(name => readFileSync(join(folder, name), 'utf8'))
  }
}

describe.each([
  ['dist', ['yaml', 'fast-xml-parser', 'octokit'] as const],
  ['dist/cli', ['yaml', 'fast-xml-parser'] as const]
])('%s', (dir, lazy) => {
  it.each(lazy)('loads %s only from a chunk', name => {
    const { main, chunks } = files(dir)
    expect(main.includes(MARKERS[name])).toBe(false)
    expect(chunks.some(chunk => chunk.includes(MARKERS[name]))).toBe(true)
  })
})
