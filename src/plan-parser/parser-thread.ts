/**
 * The master plan parser's thread: where its bundle is, how it starts (heap cap), and the one started
 * ahead of need. Only Node's own modules here: dist/index.js starts the thread before it loads the rest
 * of the action, so the thread's start-up runs beside the main bundle's.
 */
import { existsSync } from 'node:fs'
import { basename, dirname, join } from 'node:path'
import { fileURLToPath } from 'node:url'
import { Worker } from 'node:worker_threads'
import { DEFAULT_PARSE_LIMITS } from './limits.js'

/** Where `npm run package` puts the worker, relative to dist/index.js or dist/cli/index.js. */
const WORKER_BUNDLE = ['plan-parser', 'index.js']

/**
 * With a heap cap V8 also shrinks the young generation. A whole 10 MB master plan spent half as long
 * again in scavenges with the default; the model built for one phase parses a fraction of a large plan
 * (phase-model.ts), and 16 MB costs it nothing measurable while keeping the thread's peak memory low.
 */
const YOUNG_GENERATION_MB = 16

export function startThread(file: string, heapMb: number): Worker {
  return new Worker(file, {
    resourceLimits: { maxOldGenerationSizeMb: heapMb, maxYoungGenerationSizeMb: YOUNG_GENERATION_MB }
  })
}

/** A thread started ahead of need, and whether it already failed (it is not used then). */
let early: { worker: Worker; file: string; heapMb: number; failed: boolean } | undefined

/**
 * Starts the parser's thread now, so that its start-up overlaps the caller's own (loading the bundle,
 * reading settings) instead of delaying the parse. An unused thread holds nothing: it does not keep the
 * process alive, and a failure to start shows when the master plan is read.
 */
export function startParserEarly(): void {
  if (early) return
  let file: string | undefined
  try {
    file = bundledWorker()
  } catch {
    return
  }
  if (file === undefined) return
  const worker = startThread(file, DEFAULT_PARSE_LIMITS.heapMb)
  const thread = { worker, file, heapMb: DEFAULT_PARSE_LIMITS.heapMb, failed: false }
  const failed = (): void => void (thread.failed = true)
  worker.on('error', failed).on('exit', failed).unref()
  early = thread
}

export function takeEarlyThread(file: string, heapMb: number): Worker | undefined {
  const thread = early
  early = undefined
  if (!thread) return undefined
  thread.worker.removeAllListeners()
  if (thread.failed || thread.file !== file || thread.heapMb !== heapMb) {
    void thread.worker.terminate()
    return undefined
  }
  return thread.worker
}

/**
 * The worker bundle beside the running bundle (dist/index.js, dist/cli/index.js); undefined when running
 * from the TypeScript sources. A bundle without it is a packaging error, not something to work around.
 */
export function bundledWorker(): string | undefined {
  const here = fileURLToPath(import.meta.url)
  if (here.endsWith('.ts')) return undefined
  const dir = dirname(here)
  // tsc's output (build/, used by the scripts): modules, not bundles; the worker's entry sits beside this.
  const sibling = join(dir, 'worker.js')
  if (basename(here) === 'parser-thread.js' && existsSync(sibling)) return sibling
  const found = [join(dir, ...WORKER_BUNDLE), join(dir, '..', ...WORKER_BUNDLE)].find(file =>
    existsSync(file)
  )
  if (found === undefined) {
    throw new Error(
      `The master plan parser's worker (${WORKER_BUNDLE.join('/')}) is missing next to ${here}: rebuild with \`npm run package\`.`
    )
  }
  return found
}
