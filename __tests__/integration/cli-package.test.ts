/**
 * The CLI as a user gets it: `npm pack` of this repository, installed from the tarball into a fresh
 * project (and globally into a prefix), started by its name through npx, the `.bin` symlink and the
 * global bin. Nothing here imports the source: it runs what the package ships.
 */
import { execFile } from 'node:child_process'
import {
  existsSync,
  lstatSync,
  mkdirSync,
  mkdtempSync,
  readdirSync,
  readFileSync,
  rmSync,
  writeFileSync
} from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { copyExample, PROJECT_ROOT, type TempRepo } from '../support/example-repo.js'

const PLAN = 'admin/refactor-providers/action/phase_3_execution_plan.md'
const STATUS = 'admin/status/phase_3_execution_plan.md'
const { version } = JSON.parse(readFileSync(join(PROJECT_ROOT, 'package.json'), 'utf8')) as {
  version: string
}

interface Run {
  readonly code: number | null
  readonly stdout: string
  readonly stderr: string
}

/** The environment of a user's shell: none of the npm_* variables `npm test` sets for its children. */
function userEnv(extra: Record<string, string> = {}): NodeJS.ProcessEnv {
  const env = Object.fromEntries(Object.entries(process.env).filter(([key]) => !/^npm_/i.test(key)))
  return { ...env, npm_config_offline: 'true', npm_config_audit: 'false', npm_config_fund: 'false', ...extra }
}

function run(file: string, args: readonly string[], cwd: string): Promise<Run> {
  return new Promise(resolve => {
    execFile(file, args, { cwd, env: userEnv(), timeout: 120_000 }, (error, stdout, stderr) => {
      const code = error ? (typeof error.code === 'number' ? error.code : null) : 0
      resolve({ code, stdout, stderr })
    })
  })
}

async function succeed(file: string, args: readonly string[], cwd: string): Promise<string> {
  const result = await run(file, args, cwd)
  if (result.code !== 0)
    throw new Error(`${file} ${args.join(' ')} failed (${result.code}):\n${result.stderr}`)
  return result.stdout
}

let scratch: string
let tarball: string
let project: string
let globalBin: string
let example: TempRepo

beforeAll(async () => {
  scratch = mkdtempSync(join(tmpdir(), 'plan-phase-pack-'))
  const packed = JSON.parse(
    await succeed('npm', ['pack', '--json', '--pack-destination', scratch], PROJECT_ROOT)
  ) as { filename: string }[]
  tarball = join(scratch, packed[0]?.filename ?? '')
  project = join(scratch, 'project')
  mkdirSync(project)
  writeFileSync(join(project, 'package.json'), JSON.stringify({ name: 'consumer', private: true }))
  await succeed('npm', ['install', tarball], project)
  const prefix = join(scratch, 'global')
  await succeed('npm', ['install', '--global', '--prefix', prefix, tarball], scratch)
  globalBin = join(prefix, 'bin', 'plan-phase')
  example = copyExample({ git: true })
}, 240_000)

afterAll(() => {
  example?.remove()
  if (scratch) rmSync(scratch, { recursive: true, force: true })
})

describe('the packed plan-phase package', () => {
  it('holds the CLI bundle and its licences, and nothing the bin does not need', async () => {
    const files = (await succeed('tar', ['-tzf', tarball], scratch)).trim().split('\n').sort()
    // The chunks the CLI loads only when a run needs them (the YAML and XML parsers) ship beside it.
    const chunk = /^\d+\.index\.js$/
    const chunks = files.filter(file => chunk.test(file.replace('package/dist/cli/', '')))
    expect(chunks.map(file => file.replace('package/dist/cli/', ''))).toEqual(
      readdirSync(join(PROJECT_ROOT, 'dist', 'cli'))
        .filter(name => chunk.test(name))
        .sort()
    )
    expect(files.filter(file => !chunks.includes(file))).toEqual([
      'package/README.md',
      'package/dist/cli/index.js',
      'package/dist/cli/licenses.txt',
      'package/dist/cli/package.json',
      'package/dist/plan-parser/index.js',
      'package/dist/plan-parser/licenses.txt',
      'package/dist/plan-parser/package.json',
      'package/package.json'
    ])
    const manifest = JSON.parse(
      readFileSync(join(project, 'node_modules/plan-phase/package.json'), 'utf8')
    ) as {
      dependencies?: unknown
    }
    // Everything is bundled: an install fetches nothing else.
    expect(manifest.dependencies).toBeUndefined()
  })

  it('npx plan-phase --version prints the version', async () => {
    expect(await run('npx', ['plan-phase', '--version'], project)).toEqual({
      code: 0,
      stdout: `${version}\n`,
      stderr: ''
    })
  })

  it('npx plan-phase 3 --no-gate --dry-run prints both documents', async () => {
    const result = await run(
      'npx',
      ['plan-phase', '3', '--repo', example.dir, '--no-gate', '--dry-run'],
      project
    )
    expect(result.code).toBe(0)
    expect(result.stdout).toMatch(
      new RegExp(`^<!-- ${PLAN} -->\n[^]*?\n# Phase 3 execution plan: ProviderManager\n`)
    )
    expect(result.stdout).toMatch(
      new RegExp(`\n<!-- ${STATUS} -->\n[^]*?\n# Phase 3 status: ProviderManager\n`)
    )
    expect(result.stderr).toMatch(
      /Planned phase 3: 6 sub-step\(s\), coverage 100%, \d+ words \(\d+% phase-specific\)\./
    )
    expect(existsSync(join(example.dir, PLAN))).toBe(false)
  })

  it('node_modules/.bin/plan-phase, a symbolic link, runs the real gate and writes the documents', async () => {
    const bin = join(project, 'node_modules', '.bin', 'plan-phase')
    expect(lstatSync(bin).isSymbolicLink()).toBe(true)
    const result = await run(
      bin,
      ['3', '--repo', example.dir, '--test-command', 'python3 -m pytest -p no:cacheprovider'],
      project
    )
    expect(result.stderr).toContain('All 26 tests passed')
    expect(result.code).toBe(0)
    expect(readFileSync(join(example.dir, PLAN), 'utf8')).toContain(
      '# Phase 3 execution plan: ProviderManager'
    )
    expect(readFileSync(join(example.dir, STATUS), 'utf8')).toContain('| `3.1` |')
  })

  it('a global install runs from a subdirectory of the repository and exits with the documented codes', async () => {
    const fromSub = await run(globalBin, ['3', '--no-gate', '--dry-run'], join(example.dir, 'llm_router'))
    expect(fromSub.code).toBe(0)
    expect(fromSub.stdout).toContain('# Phase 3 execution plan: ProviderManager')
    const unknown = await run(globalBin, ['99', '--no-gate'], example.dir)
    expect(unknown.code).toBe(1)
    expect(unknown.stderr).toContain('Phase "99" is not in the master plan')
    const usage = await run(globalBin, [], example.dir)
    expect(usage.code).toBe(2)
    expect(usage.stderr).toContain('plan-phase: give exactly one phase id (none was given).')
  })
})
