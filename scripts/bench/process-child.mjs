// One measured run in a fresh process: `node process-child.mjs <root> <process|parse|pieces> <file> <phase>`.
// Warms up on a 100 KB plan first (as the in-process sizes are warm), then prints JSON: wall and CPU
// milliseconds of the work (reading the file excluded) and the process's peak RSS (KiB).
import { readFileSync } from 'node:fs'
import { loadPieceParse, loadProcessing, loadRemarkParse } from './processing.mjs'
import { syntheticPlan } from './synthetic-plan.mjs'

const [root, mode, file, phase] = process.argv.slice(2)
const loaders = {
  parse: loadRemarkParse,
  pieces: () => loadPieceParse(root),
  process: () => loadProcessing(root)
}
const work = await loaders[mode]()
const warm = syntheticPlan(100_000)
work(warm.text, String(Math.ceil(warm.phases / 2)))
const text = readFileSync(file, 'utf8')
const cpu = process.cpuUsage()
const started = performance.now()
const result = mode === 'process' ? work(text, phase) : { nodes: work(text).children.length }
const ms = performance.now() - started
const used = process.cpuUsage(cpu)
const cpuMs = (used.user + used.system) / 1000
process.stdout.write(JSON.stringify({ ms, cpuMs, maxRssKiB: process.resourceUsage().maxRSS, result }) + '\n')
