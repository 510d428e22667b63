// Measuring and reporting: processes timed from spawn to exit (with their own peak RSS and CPU), paired
// rounds, statistics, and the one-line-per-figure report that decides the exit code.
import { spawn } from 'node:child_process'
import { dirname, join } from 'node:path'
import { fileURLToPath, pathToFileURL } from 'node:url'

const EXIT_REPORT = pathToFileURL(join(dirname(fileURLToPath(import.meta.url)), 'exit-report.mjs')).href

export const log = text => process.stderr.write(`  · ${text}\n`)
export const ms = value =>
  Math.abs(value) >= 10_000
    ? `${(value / 1000).toFixed(1)} s`
    : Math.abs(value) >= 1000
      ? `${(value / 1000).toFixed(2)} s`
      : `${value.toFixed(Math.abs(value) < 10 ? 1 : 0)} ms`
export const mb = kib => `${(kib / 1024).toFixed(0)} MB`
export const ratio = value => `${value.toFixed(2)}×`

export function median(values) {
  const sorted = [...values].sort((a, b) => a - b)
  const mid = Math.floor(sorted.length / 2)
  return sorted.length % 2 ? sorted[mid] : (sorted[mid - 1] + sorted[mid]) / 2
}

export const stats = values => ({
  median: median(values),
  min: Math.min(...values),
  max: Math.max(...values),
  n: values.length
})

/** `123 ms (min 110 ms, max 180 ms, n=21)` */
export const spread = (s, format) =>
  `${format(s.median)} (min ${format(s.min)}, max ${format(s.max)}, n=${s.n})`

const lines = []

/** One figure: `name: value target … PASS|FAIL`; `pass` undefined makes it INFO (no target). */
export function report(name, value, target, pass) {
  const verdict = pass === undefined ? 'INFO' : pass ? 'PASS' : 'FAIL'
  const line = `${name}: ${value} — target ${target} — ${verdict}`
  lines.push({ line, pass })
  process.stderr.write(`${line}\n`)
}

export function reported() {
  return lines
}

/**
 * Runs a process to completion: wall time from spawn to exit, its exit code and output, and — with
 * `measured` — its own peak RSS (KiB) and CPU (ms, all its threads) read at exit by a preloaded reporter.
 */
export function timedSpawn(command, args, { measured = false, env, cwd } = {}) {
  return new Promise((resolve, reject) => {
    const started = performance.now()
    const child = spawn(command, measured ? ['--import', EXIT_REPORT, ...args] : args, {
      stdio: ['ignore', 'pipe', 'pipe', measured ? 'pipe' : 'ignore'],
      env,
      cwd
    })
    let stdout = ''
    let stderr = ''
    let exit = ''
    child.stdout.on('data', chunk => (stdout += chunk))
    child.stderr.on('data', chunk => (stderr += chunk))
    if (measured) child.stdio[3].on('data', chunk => (exit += chunk))
    child.on('error', reject)
    child.on('close', code => {
      const wall = performance.now() - started
      const own = exit.trim() ? JSON.parse(exit.trim()) : undefined
      resolve({ wall, code, stdout, stderr, ...(own ? { rssKiB: own.rssKiB, cpu: own.cpuMs } : {}) })
    })
  })
}

/**
 * Interleaved pairs after one warm-up of each: `rounds` rounds of A and B, B first on odd rounds, so the
 * load of a shared machine falls on both sides. Returns the rows of each side (what each run returned).
 */
export async function pairs(rounds, a, b) {
  await a()
  await b()
  const as = []
  const bs = []
  for (let round = 0; round < rounds; round++) {
    if (round % 2 === 0) {
      as.push(await a())
      bs.push(await b())
    } else {
      bs.push(await b())
      as.push(await a())
    }
  }
  return [as, bs]
}
