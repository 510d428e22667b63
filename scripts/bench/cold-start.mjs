// Cold start: the example's complete dry run as a runner starts it (`node dist/index.js`, workflow_dispatch,
// stage plan, gate `true`) against `node -e 0`, in interleaved pairs, both in the same environment and
// with the same exit reporter preloaded. Also (no target) the bundle's import alone and the "stack floor":
// @actions/core, remark and Lezer loaded and the same master plan and Python files parsed, nothing else.
import { readFileSync, readdirSync, statSync, writeFileSync } from 'node:fs'
import { dirname, join } from 'node:path'
import { pathToFileURL } from 'node:url'
import { gzipSync } from 'node:zlib'
import { cleanEnv } from './runtime.mjs'
import { mb, ms, pairs, ratio, report, spread, stats, timedSpawn } from './measure.mjs'

const OWNER = 'octo-org'
const REPO = 'router'
export const COLD_START_TARGET = 6

export async function coldStart(bench) {
  const { root, support, tempDir, startRounds } = bench
  const bundle = join(root, 'dist', 'index.js')
  const { startGitHubServer, workflowDispatchPayload, writeEventFile } =
    await support('github-server/index.js')
  const { copyExample } = await support('example-repo.js')
  const { parseOutputs } = await support('action-process.js')
  // The dry run makes two requests, both reads before the gate: the settings from the default branch
  // (with the default branch's name) and whether the plan branch is protected.
  const server = await startGitHubServer()
  server.state.createRepo({
    owner: OWNER,
    repo: REPO,
    defaultBranch: 'main',
    files: { 'README.md': 'bench\n' }
  })
  const example = copyExample({ git: true })
  bench.cleanup.push(() => example.remove())
  const work = tempDir('cold')
  const event = writeEventFile(
    workflowDispatchPayload({ owner: OWNER, repo: REPO, inputs: { phase: '3' } }),
    work
  )
  const outputFile = join(work, 'output')
  // One environment for both sides: what a runner gives the action, and nothing that changes start-up.
  const env = cleanEnv(tempDir('home'), {
    GITHUB_ACTIONS: 'true',
    GITHUB_EVENT_NAME: 'workflow_dispatch',
    GITHUB_EVENT_PATH: event,
    GITHUB_API_URL: server.url,
    GITHUB_SERVER_URL: 'https://github.com',
    GITHUB_REPOSITORY: `${OWNER}/${REPO}`,
    GITHUB_WORKSPACE: example.dir,
    GITHUB_WORKFLOW: 'plan-phase',
    GITHUB_RUN_ID: '4242',
    GITHUB_OUTPUT: outputFile,
    GITHUB_STEP_SUMMARY: join(work, 'summary'),
    RUNNER_TEMP: work,
    'INPUT_TEST-COMMAND': 'true',
    INPUT_TOKEN: 'x',
    INPUT_STAGE: 'plan',
    'INPUT_OUTPUT-DIR': join(work, 'artifacts')
  })
  const outcomes = new Set()
  let runs = 0
  const action = async () => {
    runs += 1
    writeFileSync(outputFile, '')
    writeFileSync(join(work, 'summary'), '')
    const run = await timedSpawn(process.execPath, [bundle], { measured: true, env, cwd: example.dir })
    outcomes.add(`exit ${run.code} ${parseOutputs(readFileSync(outputFile, 'utf8')).outcome}`)
    return run
  }
  const bare = () => timedSpawn(process.execPath, ['-e', '0'], { measured: true, env, cwd: example.dir })
  const [full, node] = await pairs(startRounds, action, bare)
  await server.close()
  const valid =
    outcomes.size === 1 &&
    outcomes.has('exit 0 planned-artifacts') &&
    server.requests.length === 2 * runs &&
    server.requests.every(request => ['graphql/repository', 'repos/get-branch'].includes(request.operationId))
  const ratios = stats(full.map((row, i) => row.wall / node[i].wall))
  const fullWall = stats(full.map(row => row.wall))
  const nodeWall = stats(node.map(row => row.wall))
  const times = fullWall.median / nodeWall.median
  report(
    'cold start: example dry run (node dist/index.js, workflow_dispatch, stage plan, gate `true`) vs node -e 0',
    `${ratio(times)} (medians; per pair ${spread(ratios, ratio)}) = ${spread(fullWall, ms)} vs ${spread(nodeWall, ms)}; ` +
      `peak RSS ${mb(stats(full.map(row => row.rssKiB)).median)}; ${[...outcomes].join(', ')}, ` +
      `${server.requests.length} API requests in ${runs} runs`,
    `≤ ${COLD_START_TARGET.toFixed(2)}× (wall), exit 0 planned-artifacts, 2 reads a run`,
    valid && times <= COLD_START_TARGET
  )
  bench.figures.coldStart = { ratio: times, full: fullWall, node: nodeWall }

  const kib = bytes => `${(bytes / 1024).toFixed(0)} KiB`
  const chunks = readdirSync(dirname(bundle)).filter(name => /^\d+\.index\.js$/.test(name))
  const chunkBytes = chunks.reduce((sum, name) => sum + statSync(join(dirname(bundle), name)).size, 0)
  report(
    'dist size: dist/index.js, and the chunks it loads only when needed',
    `${kib(statSync(bundle).size)} (${kib(gzipSync(readFileSync(bundle)).length)} gzip) + ${chunks.length} chunks ${kib(chunkBytes)}`,
    'none',
    undefined
  )

  // Importing dist/index.js runs the action; src/main.ts bundled the same way measures loading the code
  // alone, and the floor bundle the least this stack can do.
  const importOnly = bench.bundle(join(root, 'src', 'main.ts'), 'import-only')
  const floor = bench.bundle(join(root, 'scripts', 'bench', 'floor-entry.mjs'), 'floor')
  const script =
    'const t = performance.now(); await import(process.argv[1]); console.log(performance.now() - t)'
  const importAlone = async () => {
    const run = await timedSpawn(
      process.execPath,
      ['--input-type=module', '-e', script, pathToFileURL(importOnly).href],
      {
        env,
        cwd: example.dir
      }
    )
    if (run.code !== 0) throw new Error(`importing the bundle failed: ${run.stderr}`)
    return { ...run, inside: Number(run.stdout.trim()) }
  }
  const plain = () => timedSpawn(process.execPath, ['-e', '0'], { env, cwd: example.dir })
  const [imported, startup] = await pairs(bench.runs, importAlone, plain)
  const inside = stats(imported.map(row => row.inside))
  report(
    "import the action's code alone (src/main.ts bundled like dist/index.js, not run)",
    `${spread(inside, ms)} in-process; whole process ${ms(stats(imported.map(r => r.wall)).median)} ` +
      `vs node -e 0 ${ms(stats(startup.map(r => r.wall)).median)}`,
    'none',
    undefined
  )
  const masterPlan = join(example.dir, 'admin', 'refactor-providers', 'master_plan.md')
  const python = readdirSync(join(example.dir, 'llm_router'))
    .filter(name => name.endsWith('.py'))
    .map(name => join(example.dir, 'llm_router', name))
  const floorRun = async () => {
    const run = await timedSpawn(process.execPath, [floor, masterPlan, ...python], { env, cwd: example.dir })
    if (run.code !== 0) throw new Error(`the floor bundle failed: ${run.stderr}`)
    return run
  }
  const [least, node2] = await pairs(bench.runs, floorRun, plain)
  const leastWall = stats(least.map(r => r.wall))
  report(
    "stack floor: @actions/core + remark + Lezer loaded, the example's whole master plan and package parsed, nothing else",
    `${ratio(leastWall.median / stats(node2.map(r => r.wall)).median)} node -e 0 = ${spread(leastWall, ms)}; ` +
      `the dry run above is ${ratio(fullWall.median / leastWall.median)} this floor`,
    'none',
    undefined
  )
}
