/**
 * The README's excerpt of a generated plan is what `npm run example` writes today: every line it shows
 * (bar the `…` that mark cuts) stands in the plan the shipped CLI generates for phase 3 of the example.
 */
import { execFileSync } from 'node:child_process'
import { readFileSync } from 'node:fs'
import { join } from 'node:path'
import { copyExample, PROJECT_ROOT, type TempRepo } from '../support/example-repo.js'

const CLI = join(PROJECT_ROOT, 'dist', 'cli', 'index.js')

function readmeExcerpt(): string[] {
  const readme = readFileSync(join(PROJECT_ROOT, 'README.md'), 'utf8')
  const start = readme.indexOf('````markdown\n', readme.indexOf('## What a plan looks like'))
  const end = readme.indexOf('\n````', start + 1)
  if (start === -1 || end === -1) throw new Error('README: no plan excerpt under "What a plan looks like"')
  return readme
    .slice(start + '````markdown\n'.length, end)
    .split('\n')
    .filter(line => line.trim() !== '' && !line.includes('…'))
}

let example: TempRepo
afterAll(() => example?.remove())

describe("the README's plan excerpt", () => {
  it('is made of lines the example plan for phase 3 holds now', () => {
    example = copyExample({ git: true })
    // The excerpt shows no gate figures: the plan without a gate holds the same lines.
    const plan = execFileSync(process.execPath, [CLI, '3', '--no-gate', '--dry-run'], {
      cwd: example.dir,
      encoding: 'utf8'
    })
    const lines = readmeExcerpt()
    expect(lines.length).toBeGreaterThan(40)
    expect(lines.filter(line => !plan.includes(line))).toEqual([])
  })
})
