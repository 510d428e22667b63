// Large master plans, one phase each, as a user runs them: the CLI bundle (`node dist/cli/index.js <phase>
// --no-gate --dry-run`, the same planning core as the action) in a git checkout of the example, every run
// a fresh process with its own peak RSS. Sizes: a real-shaped 400 KB plan (the corpus's llm_chat_cli plan,
// its phases repeated), and synthetic plans of 1 MB and 10 MB. The baseline is the work the product
// would otherwise do — remark parsing the whole plan in the pieces the product cuts it into — in a fresh
// process too, interleaved with the product's runs.
import { existsSync, writeFileSync } from 'node:fs'
import { join } from 'node:path'
import { realShapedPlan } from './real-shaped-plan.mjs'
import { syntheticPlan } from './synthetic-plan.mjs'
import { cleanEnv } from './runtime.mjs'
import { log, mb, ms, pairs, ratio, report, spread, stats, timedSpawn } from './measure.mjs'

export const PLAN_TARGETS = {
  realShaped: { ms: 400, mb: 150 },
  tenMb: { ms: 5000, mb: 200 },
  /** One phase of a plan at most this many times remark parsing the whole plan in pieces. */
  versusPieces: 1.5,
  /** 10× the input: at most this many times the CPU time (linear, with room for noise). */
  linear: 11
}

export async function masterPlans(bench) {
  const { root, support, tempDir } = bench
  const { copyExample } = await support('example-repo.js')
  const example = copyExample({ git: true })
  bench.cleanup.push(() => example.remove())
  const env = cleanEnv(tempDir('home'))
  const cli = join(root, 'dist', 'cli', 'index.js')
  const pieces = bench.bundle(join(root, 'scripts', 'bench', 'pieces-parse.mjs'), 'pieces-parse')

  const place = (name, text) => {
    const path = `admin/${name}.md`
    writeFileSync(join(example.dir, path), text)
    return path
  }
  /** One phase, one fresh process; checks it planned with full coverage. */
  const planOnce = (path, phase) => async () => {
    const run = await timedSpawn(
      process.execPath,
      [
        cli,
        phase,
        '--master-plan',
        path,
        '--plan-path',
        'out/plan-{phase}.md',
        '--status-path',
        'out/status-{phase}.md',
        '--no-gate',
        '--dry-run'
      ],
      { measured: true, env, cwd: example.dir }
    )
    const coverage = /coverage: ([\d.]+)%/.exec(run.stderr)?.[1]
    if (run.code !== 0 || coverage !== '100') {
      throw new Error(
        `plan-phase ${phase} on ${path} failed (exit ${run.code}, coverage ${coverage}): ${run.stderr.slice(-1500)}`
      )
    }
    return run
  }
  const parseOnce = file => async () => {
    const run = await timedSpawn(process.execPath, [pieces, file], { measured: true, env, cwd: example.dir })
    if (run.code !== 0) throw new Error(`the pieces parse of ${file} failed: ${run.stderr.slice(-1500)}`)
    return run
  }
  const corpus = join(root, '..', 'shared', 'corpus')
  const cpu = {}

  // ── 400 KB, real-shaped ──
  const shaped = existsSync(corpus) ? realShapedPlan(corpus, 400_000) : undefined
  const four = shaped ?? syntheticPlan(400_000)
  const fourPath = place('master_plan_400kb', four.text)
  const fourPhase = String(Math.floor(four.phases / 2))
  const [fourRuns, fourBase] = await pairs(
    bench.runs,
    planOnce(fourPath, fourPhase),
    parseOnce(join(example.dir, fourPath))
  )
  const fourWall = stats(fourRuns.map(run => run.wall))
  const fourRss = stats(fourRuns.map(run => run.rssKiB))
  const t = PLAN_TARGETS.realShaped
  report(
    `master plan ${(four.text.length / 1000).toFixed(0)} KB ${shaped ? 'real-shaped (corpus 01, phases repeated)' : 'synthetic (no corpus here)'}, ${four.phases} phases, phase ${fourPhase}: whole CLI process`,
    `${spread(fourWall, ms)} wall, peak RSS ${spread(fourRss, mb)}; remark parsing it all in pieces: ${ms(stats(fourBase.map(r => r.wall)).median)} wall`,
    `≤ ${t.ms} ms (median wall), ≤ ${t.mb} MB (max peak RSS)`,
    fourWall.median <= t.ms && fourRss.max <= t.mb * 1024
  )
  bench.figures.realShaped = { wall: fourWall, rss: fourRss }

  // ── 1 MB and 10 MB, synthetic ──
  for (const [label, bytes, runs] of [
    ['1 MB', 1_000_000, bench.runs],
    ['10 MB', 10_000_000, bench.runs10mb]
  ]) {
    const plan = syntheticPlan(bytes)
    const path = place(`master_plan_${label.replace(' ', '')}`, plan.text)
    const phase = String(Math.ceil(plan.phases / 2))
    log(`${label}: ${runs} interleaved runs of one phase and of the pieces parse`)
    const [mine, base] = await pairs(runs, planOnce(path, phase), parseOnce(join(example.dir, path)))
    const wall = stats(mine.map(run => run.wall))
    const rss = stats(mine.map(run => run.rssKiB))
    const ownCpu = stats(mine.map(run => run.cpu))
    const baseWall = stats(base.map(run => run.wall))
    const versus = stats(mine.map((run, i) => run.wall / base[i].wall))
    cpu[label] = ownCpu.median
    if (label === '10 MB') {
      const t10 = PLAN_TARGETS.tenMb
      report(
        `master plan 10 MB synthetic, ${plan.phases} phases, phase ${phase}: whole CLI process`,
        `${spread(wall, ms)} wall, CPU ${ms(ownCpu.median)}, peak RSS ${spread(rss, mb)}`,
        `≤ ${t10.ms / 1000} s (median wall), ≤ ${t10.mb} MB (max peak RSS)`,
        wall.median <= t10.ms && rss.max <= t10.mb * 1024
      )
      bench.figures.tenMb = { wall, rss }
    }
    report(
      `master plan ${label}, one phase vs remark parsing the whole plan in pieces (both whole processes)`,
      `${ratio(wall.median / baseWall.median)} (per pair ${spread(versus, ratio)}) = ${ms(wall.median)} vs ${spread(baseWall, ms)}; ` +
        `peak RSS ${mb(rss.max)} vs ${mb(stats(base.map(run => run.rssKiB)).max)}`,
      `≤ ${PLAN_TARGETS.versusPieces.toFixed(2)}× (median wall)`,
      wall.median / baseWall.median <= PLAN_TARGETS.versusPieces
    )
  }
  const growth = cpu['10 MB'] / cpu['1 MB']
  report(
    'linearity: one phase, master plan 1 MB → 10 MB (10× input), CPU of the whole process',
    `${ratio(growth)} (${ms(cpu['1 MB'])} → ${ms(cpu['10 MB'])})`,
    `≤ ${PLAN_TARGETS.linear.toFixed(2)}×`,
    growth <= PLAN_TARGETS.linear
  )
}
