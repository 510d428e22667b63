// npm run bench: plan-phase's performance figures, each printed with its target and PASS or FAIL, on the
// action's own runtime (Node 24: installed from the npm registry and cached when the Node that starts
// the bench is another version), every measured process in one explicit environment shared by both sides
// of each comparison. Exit code 1 when any figure misses its target.
//
//   cold     the example's dry run vs `node -e 0`, ≥ 21 interleaved pairs (min/median/max)
//   plan     one phase of a real-shaped 400 KB plan, of 1 MB and 10 MB plans; vs remark parsing the whole
//            plan in pieces (the product's alternative); peak RSS; linearity
//   gate     pytest through the gate vs directly, ≥ 21 interleaved pairs
//   api      API calls per flow (PR comment, label, re-run, a long thread)
//   scan     repository scan of 5,500 files
//   realcases plan quality on ../shared/realcases (skipped when absent)
//
// Environment: BENCH_ONLY=cold,plan,… for a subset; BENCH_RUNS (default 7) runs for the master plan
// figures; BENCH_RUNS_10MB (default 3); BENCH_PAIRS (default 21, at least 21) for start-up and gate pairs.
import { execFileSync, spawnSync } from 'node:child_process'
import { existsSync, mkdtempSync, rmSync, symlinkSync } from 'node:fs'
import { cpus, loadavg, tmpdir } from 'node:os'
import { dirname, join } from 'node:path'
import { fileURLToPath, pathToFileURL } from 'node:url'
import { apiCalls } from './bench/api.mjs'
import { coldStart } from './bench/cold-start.mjs'
import { gateOverhead } from './bench/gate.mjs'
import { log, ms, report, reported } from './bench/measure.mjs'
import { masterPlans } from './bench/plans.mjs'
import { benchEnv, node24, WANTED_MAJOR } from './bench/runtime.mjs'
import { repositoryScan } from './bench/scan.mjs'
import { measureRealcases, TARGETS as REALCASE_TARGETS } from './realcases.mjs'

const ROOT = join(dirname(fileURLToPath(import.meta.url)), '..')

// Every figure runs on Node 24: start again on it, in the bench's clean environment, when this is not it.
if (Number(process.versions.node.split('.')[0]) !== WANTED_MAJOR) {
  const node = node24(log)
  const home = mkdtempSync(join(tmpdir(), 'plan-phase-bench-home-'))
  const child = spawnSync(node, [fileURLToPath(import.meta.url), ...process.argv.slice(2)], {
    stdio: 'inherit',
    env: benchEnv(home)
  })
  rmSync(home, { recursive: true, force: true })
  process.exit(child.status ?? 1)
}

const ONLY = new Set((process.env.BENCH_ONLY ?? 'cold,plan,gate,api,scan,realcases').split(','))
const began = performance.now()
const scratch = []
const bench = {
  root: ROOT,
  runs: Math.max(3, Number(process.env.BENCH_RUNS ?? 7)),
  runs10mb: Math.max(3, Number(process.env.BENCH_RUNS_10MB ?? 3)),
  startRounds: Math.max(21, Number(process.env.BENCH_PAIRS ?? 21)),
  figures: {},
  cleanup: [],
  tempDir: prefix => {
    const dir = mkdtempSync(join(tmpdir(), `plan-phase-bench-${prefix}-`))
    scratch.push(dir)
    return dir
  },
  support: path => import(pathToFileURL(join(ROOT, 'build', 'bench', '__tests__', 'support', path)).href),
  built: path => import(pathToFileURL(join(ROOT, 'build', path)).href),
  /** `ncc build <entry> -m` into build/bench/<name>, as `npm run package` bundles dist/; the bundle's path. */
  bundle: (entry, name) => {
    const out = join(ROOT, 'build', 'bench', name)
    execFileSync(join(ROOT, 'node_modules', '.bin', 'ncc'), ['build', entry, '-o', out, '-t', '-m', '-q'], {
      cwd: ROOT,
      stdio: 'pipe'
    })
    return ['index.js', 'index.mjs'].map(file => join(out, file)).find(file => existsSync(file))
  }
}

async function section(key, title, run) {
  if (!ONLY.has(key)) return
  const started = performance.now()
  process.stderr.write(`\n== ${title}\n`)
  try {
    await run(bench)
  } catch (error) {
    report(
      title,
      `error: ${error instanceof Error ? (error.stack ?? error.message) : String(error)}`,
      'runs',
      false
    )
  }
  log(
    `${title}: ${ms(performance.now() - started)}; load average ${loadavg()
      .map(l => l.toFixed(1))
      .join(' ')}`
  )
}

/** Compiles the TypeScript test support (local GitHub server, example and synthetic repositories) to build/bench. */
function compileSupport() {
  try {
    execFileSync(join(ROOT, 'node_modules', '.bin', 'tsc'), ['-p', join(ROOT, 'tsconfig.bench.json')], {
      cwd: ROOT,
      stdio: 'pipe'
    })
  } catch (error) {
    // Type errors elsewhere still emit JavaScript; only a missing output is fatal.
    log(`tsc -p tsconfig.bench.json reported errors:\n${String(error.stdout ?? error.message).trim()}`)
  }
  // The support code finds dist/ and examples/ two levels above itself, i.e. in build/bench.
  for (const name of ['dist', 'examples']) {
    const link = join(ROOT, 'build', 'bench', name)
    if (!existsSync(link)) symlinkSync(join(ROOT, name), link, 'dir')
  }
}

/** Plan quality on ../shared/realcases (see scripts/realcases.mjs). */
async function realCases() {
  const result = await measureRealcases({ log })
  if (!result) {
    log('no ../shared/realcases: skipped')
    return
  }
  const t = REALCASE_TARGETS
  for (const { phase, ours, reference: ref, verdict } of result.rows) {
    const words = ref
      ? `${ours.words} words (${(ours.words / ref.words).toFixed(2)}× the reference's ${ref.words})`
      : `${ours.words} words`
    report(
      `real case phase ${phase}`,
      `recall ${ours.recall.toFixed(0)}% (reference ${ref ? ref.recall.toFixed(0) : '—'}%), precision ${ours.precision.toFixed(0)}% ` +
        `(reference ${ref ? ref.precision.toFixed(0) : '—'}%), ${words}, ${ours.specific.toFixed(0)}% phase-specific, ` +
        `${ours.needless.length} needless clarification(s), ${ours.runTogether.length} run-together title(s), coverage ${ours.coverage}%` +
        (verdict.length > 0 ? ` — ${verdict.join('; ')}` : ''),
      `recall ≥ ${t.recall}%, precision ≥ ${t.precision}%, words ≤ ${t.wordsRatio}×, 0 needless, 0 run-together, coverage 100%`,
      verdict.length === 0
    )
  }
}

try {
  process.stderr.write(
    `plan-phase benchmark on node ${process.version} (${process.execPath}), ${cpus().length} CPUs, ` +
      `load average ${loadavg()
        .map(l => l.toFixed(1))
        .join(' ')}; ${bench.startRounds} pairs for start-up and the gate, ` +
      `${bench.runs} runs per master plan figure (10 MB: ${bench.runs10mb})\n`
  )
  compileSupport()
  await section('cold', 'Cold start', coldStart)
  await section('plan', 'Master plans', masterPlans)
  await section('gate', 'Gate overhead', gateOverhead)
  await section('api', 'API calls', apiCalls)
  await section('scan', 'Repository scan', repositoryScan)
  await section('realcases', 'Real cases', realCases)
} finally {
  for (const clean of bench.cleanup) clean()
  for (const dir of scratch) rmSync(dir, { recursive: true, force: true })
}
const lines = reported()
const failed = lines.filter(entry => entry.pass === false).length
// Progress went to stderr; stdout carries the runtime, one line per figure, then the verdict.
console.log(
  `\nnode ${process.version}; load average at the end ${loadavg()
    .map(l => l.toFixed(1))
    .join(' ')}`
)
console.log(lines.map(entry => entry.line).join('\n'))
console.log(
  `\n${failed ? `FAIL: ${failed} of ${lines.filter(entry => entry.pass !== undefined).length} figures miss their target` : 'PASS: every figure meets its target'} (${ms(performance.now() - began)})`
)
process.exit(failed ? 1 : 0)
