// The documents plan-phase renders, hashed: proof that a change meant to make it faster left every plan
// and status file byte-identical. Runs the CLI core (build/cli/cli.js, in this process) with --no-gate
// --dry-run on every phase of:
//   - every corpus master plan (../shared/corpus), placed with its neighbours at their repository paths
//     (SOURCES.tsv) in a real Python repository: the realcases snapshot when ../shared/realcases has one,
//     else the example repository (so grounding and its Python parsing run too);
//   - the example's own master plan, in the example repository;
//   - each real case, in its own snapshot;
//   - synthetic master plans of 200 KB and 1.5 MB (long enough to be parsed in pieces), some phases each,
//     and the real-shaped 400 KB plan the bench measures.
// Plus each document's `--list`. The status file's "Generated at" time and temporary paths are masked.
//
//   node scripts/bench/document-hashes.mjs [--root DIR] [--out FILE] [--compare FILE] [--shared DIR]
// --root: the checkout whose build/ runs (default this one): run it on main's build for the baseline.
// --compare: exit 1 when any hash differs from FILE's (each difference listed), or a case is missing.
import { execFileSync } from 'node:child_process'
import { createHash } from 'node:crypto'
import {
  cpSync,
  existsSync,
  mkdirSync,
  mkdtempSync,
  readFileSync,
  readdirSync,
  rmSync,
  writeFileSync
} from 'node:fs'
import { tmpdir } from 'node:os'
import { dirname, join } from 'node:path'
import { fileURLToPath, pathToFileURL } from 'node:url'
import { parseArgs } from 'node:util'
import { realShapedPlan } from './real-shaped-plan.mjs'
import { syntheticPlan } from './synthetic-plan.mjs'

const HERE = dirname(fileURLToPath(import.meta.url))
const { values } = parseArgs({
  options: {
    root: { type: 'string', default: join(HERE, '..', '..') },
    out: { type: 'string' },
    compare: { type: 'string' },
    shared: { type: 'string', default: join(HERE, '..', '..', '..', 'shared') }
  }
})
const ROOT = values.root
const SHARED = values.shared
const built = path => import(pathToFileURL(join(ROOT, 'build', path)).href)
// The CLI core moved to cli/ (older checkouts, compared against, have it at the top).
const { runCli } = await built(existsSync(join(ROOT, 'build', 'cli', 'cli.js')) ? 'cli/cli.js' : 'cli.js')
const { readMasterPlan } = await built('master-plan/read.js')
const { phaseIds } = await built('master-plan/lookup.js')

// A fixed identity and clock for the commits made here, so HEAD (which the status file names) is stable.
const GIT_ENV = {
  ...process.env,
  GIT_AUTHOR_NAME: 'bench',
  GIT_AUTHOR_EMAIL: 'bench@example.invalid',
  GIT_COMMITTER_NAME: 'bench',
  GIT_COMMITTER_EMAIL: 'bench@example.invalid',
  GIT_AUTHOR_DATE: '2025-01-01T00:00:00Z',
  GIT_COMMITTER_DATE: '2025-01-01T00:00:00Z'
}
const git = (cwd, ...args) =>
  execFileSync('git', ['-c', 'init.defaultBranch=main', '-c', 'commit.gpgsign=false', ...args], {
    cwd,
    env: GIT_ENV,
    encoding: 'utf8',
    maxBuffer: 64 * 1024 * 1024
  })

const scratch = mkdtempSync(join(tmpdir(), 'plan-phase-hashes-'))
const hashes = {}
const sha = text => createHash('sha256').update(text).digest('hex')
/** What varies between runs and means nothing: the clock, and where the temporary directories are. */
const masked = text =>
  text
    .replace(/\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d{3}Z/g, '<time>')
    .split(scratch)
    .join('<scratch>')
    .replace(/\/tmp\/plan-phase-[A-Za-z0-9]+/g, '<temp>')

/** runCli in this process, stdout and stderr captured. */
async function cli(argv, cwd) {
  const out = []
  const err = []
  const writes = [process.stdout.write, process.stderr.write]
  process.stdout.write = chunk => (out.push(String(chunk)), true)
  process.stderr.write = chunk => (err.push(String(chunk)), true)
  let code
  try {
    code = await runCli(argv, { ...process.env, USER: 'bench' }, cwd)
  } finally {
    ;[process.stdout.write, process.stderr.write] = writes
  }
  return { code, stdout: out.join(''), stderr: err.join('') }
}

async function record(key, argv, cwd) {
  const run = await cli(argv, cwd)
  const text = `exit ${run.code}\n${masked(run.stdout)}\n--- stderr\n${masked(run.stderr)}`
  hashes[key] = sha(text)
  if (process.env.HASHES_KEEP) {
    const file = join(process.env.HASHES_KEEP, key.replace(/[^A-Za-z0-9._-]+/g, '_'))
    writeFileSync(file, text)
  }
  return run
}

/** Every phase of the master plan at `path` in `repo`, and its `--list`. */
async function allPhases(label, repo, path, read) {
  const text = readFileSync(join(repo, path), 'utf8')
  const model = await readMasterPlan(text, path, read)
  const ids = phaseIds(model)
  await record(`${label} --list`, ['--list', '--repo', repo, '--master-plan', path], repo)
  for (const id of ids) await record(`${label} phase ${id}`, [id, ...common(repo, path)], repo)
  return ids.length
}

const common = (repo, path) => [
  '--repo',
  repo,
  '--master-plan',
  path,
  '--plan-path',
  'out/plan-{phase}.md',
  '--status-path',
  'out/status-{phase}.md',
  '--no-gate',
  '--dry-run',
  '-q'
]

function exampleRepo() {
  const dir = join(scratch, 'example')
  cpSync(join(ROOT, 'examples', 'refactor-providers'), dir, {
    recursive: true,
    filter: source =>
      !/(__pycache__|\.pytest_cache|admin\/status|admin\/refactor-providers\/action)$/.test(source)
  })
  git(dir, 'init', '-q')
  git(dir, 'add', '-A')
  git(dir, 'commit', '-qm', 'example')
  return dir
}

function realcasesRepo() {
  const dir = join(SHARED, 'realcases')
  const bundle = existsSync(dir) ? readdirSync(dir).find(name => name.endsWith('.bundle')) : undefined
  if (!bundle) return undefined
  const repo = join(scratch, 'realcases')
  git(scratch, 'clone', '-q', join(dir, bundle), repo)
  return repo
}

function corpusSources(corpus) {
  const file = join(corpus, 'SOURCES.tsv')
  if (!existsSync(file)) return []
  return readFileSync(file, 'utf8')
    .trim()
    .split('\n')
    .slice(1)
    .map(line => line.split('\t'))
    .map(([name, repo, path, commit]) => ({ name, repo, path, commit }))
}

try {
  const started = performance.now()
  const example = exampleRepo()
  const realcases = realcasesRepo()
  let count = 0

  count += await allPhases('example', example, 'admin/refactor-providers/master_plan.md')

  if (realcases) {
    const cases = readFileSync(join(SHARED, 'realcases', 'cases.tsv'), 'utf8')
      .split('\n')
      .filter(line => line.trim() && !line.startsWith('#'))
      .map(line => line.split('\t'))
    for (const [phase, tag, masterPlan] of cases) {
      git(realcases, 'checkout', '-q', '-f', tag)
      git(realcases, 'clean', '-qfdx')
      await record(`realcase ${tag} phase ${phase}`, [phase, ...common(realcases, masterPlan)], realcases)
      count++
    }
  }

  // Corpus documents in a Python repository: the first real case's snapshot, or the example.
  const corpus = join(SHARED, 'corpus')
  if (existsSync(corpus)) {
    const host = realcases ?? example
    if (realcases) git(realcases, 'checkout', '-q', '-f', 'phase-1-before')
    const sources = corpusSources(corpus)
    for (const name of readdirSync(corpus)
      .filter(file => file.endsWith('.md'))
      .sort()) {
      git(host, 'checkout', '-q', '-f', 'HEAD')
      git(host, 'clean', '-qfdx')
      const own = sources.find(row => row.name === name)
      const path = own?.path ?? `plans/${name}`
      // The documents of the same repository and commit, where a checkout would have them (links).
      const together = own ? sources.filter(row => row.repo === own.repo && row.commit === own.commit) : []
      for (const row of [...together, ...(own ? [] : [{ name, path }])]) {
        mkdirSync(dirname(join(host, row.path)), { recursive: true })
        writeFileSync(join(host, row.path), readFileSync(join(corpus, row.name)))
      }
      const read = async file => {
        try {
          return readFileSync(join(host, file), 'utf8')
        } catch {
          return undefined
        }
      }
      count += await allPhases(`corpus ${name}`, host, path, read)
    }
    git(host, 'checkout', '-q', '-f', 'HEAD')
    git(host, 'clean', '-qfdx')
  }

  // Long plans, parsed in pieces: a few phases each (first, middle, last), in the example repository.
  const long = [
    ['synthetic 200 KB', syntheticPlan(200_000).text],
    ['synthetic 1.5 MB', syntheticPlan(1_500_000).text],
    ...(existsSync(corpus) ? [['real-shaped 400 KB', realShapedPlan(corpus, 400_000).text]] : [])
  ]
  for (const [label, text] of long) {
    const path = `admin/${label.replace(/[^A-Za-z0-9]+/g, '-')}.md`
    writeFileSync(join(example, path), text)
    const model = await readMasterPlan(text, path)
    const ids = phaseIds(model)
    const picked = [...new Set([ids[0], ids[Math.floor(ids.length / 2)], ids[ids.length - 1]])]
    await record(`${label} --list`, ['--list', '--repo', example, '--master-plan', path], example)
    for (const id of picked) await record(`${label} phase ${id}`, [id, ...common(example, path)], example)
    count += picked.length
  }

  const lines = Object.entries(hashes).map(([key, hash]) => `${hash}  ${key}`)
  const body = `${lines.join('\n')}\n`
  process.stderr.write(
    `${count} phases, ${lines.length} documents hashed in ${((performance.now() - started) / 1000).toFixed(1)} s (node ${process.version})\n`
  )
  if (values.out) writeFileSync(values.out, body)
  else process.stdout.write(body)
  process.stdout.write(`combined: ${sha(body)}\n`)
  if (values.compare) {
    const before = new Map(
      readFileSync(values.compare, 'utf8')
        .trim()
        .split('\n')
        .map(line => [line.slice(66), line.slice(0, 64)])
    )
    const differences = []
    for (const [key, hash] of before)
      if (hashes[key] !== hash) differences.push(`${hashes[key] ? 'differs' : 'missing'}: ${key}`)
    for (const key of Object.keys(hashes)) if (!before.has(key)) differences.push(`new: ${key}`)
    for (const line of differences) process.stdout.write(`${line}\n`)
    process.stdout.write(
      differences.length === 0
        ? `IDENTICAL: all ${before.size} hashes match ${values.compare}\n`
        : `DIFFERENT: ${differences.length} of ${before.size}\n`
    )
    process.exitCode = differences.length === 0 ? 0 : 1
  }
} finally {
  rmSync(scratch, { recursive: true, force: true })
}
