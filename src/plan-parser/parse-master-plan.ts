/**
 * Reads the master plan, and the requested phase from it, in a worker thread with a heap cap and a
 * time budget, so a pull request's pathological markdown costs bounded time and memory and ends with a
 * message naming the limit. The main thread gets the model and the phase's content as plain data and
 * never loads remark. Run from the TypeScript sources (tests), where there is no worker bundle, the
 * same checked parse runs in-thread, without the time and memory caps.
 */
import { MessageChannel, Worker, type MessagePort } from 'node:worker_threads'
import type { Root } from 'mdast'
import { CancelledError } from '../cancellation.js'
import { UserError } from '../errors.js'
import { UnknownPhaseError } from '../master-plan/lookup.js'
import { parseSourceWith } from '../master-plan/parse.js'
import { summariseSegmentsWith, type SegmentSummary } from '../master-plan/segment-summary.js'
import { reviveSectionBodies } from '../master-plan/section-body.js'
import type { ParseReply, PhaseRequest, PlanReading } from './checked-parse.js'
import {
  DEFAULT_PARSE_LIMITS,
  memoryBudgetMessage,
  nestingMessage,
  parseBudgetMs,
  timeBudgetMessage,
  type ParseLimits
} from './limits.js'
import { askForParses, askForSummaries, awaitServing } from './parse-service.js'
import { bundledWorker, startThread, takeEarlyThread } from './parser-thread.js'
import { withText } from './reply-source.js'
import type { ReadRequest, WorkerMessage } from './worker.js'

export type { PlanReading } from './checked-parse.js'
export { startParserEarly } from './parser-thread.js'

/** A thread that has not started parsing after this long is not going to (an overloaded machine). */
const STARTUP_MS = 60_000

export interface ParseOptions {
  /** The phase to read, as requested. */
  readonly phase: string
  /** The master plan's path, for messages. */
  readonly path: string
  /** The job was cancelled: the worker is stopped and the parse throws CancelledError. */
  readonly signal?: AbortSignal
  readonly limits?: ParseLimits
  /** The worker script; default the bundle next to this one. Tests from the sources pass dist's. */
  readonly workerFile?: string
  /**
   * Reads a repository file a phase links to (docs/phases.md); undefined when missing, unreadable,
   * outside the repository or too large. Without it, links are not followed.
   */
  readonly readLinked?: (path: string) => Promise<string | undefined>
}

/** The model and the phase's content, and the parser's thread, kept to parse what they still need. */
export interface ParserSession extends PlanReading {
  /**
   * Ends the parser's thread while the run waits on something else (the test suite), giving its heap
   * back; a later parse starts a fresh one.
   */
  idle(): void
  /**
   * The run will read the plan again soon: a thread ended by `idle` starts now, so that its start-up
   * overlaps the caller's own work instead of delaying the first parse.
   */
  resume(): void
  /** Ends the parser's thread; later parses of the plan run in this thread again. Call it once done. */
  close(): void
}

/**
 * The model and the phase's content. A master plan whose phases link to repository files takes two
 * rounds, each under the budgets: the parser names the files, this thread reads them, the parser reads
 * the plan again with them. The thread that answers stays until `close()`: the model leaves other
 * phases' sections unparsed until they are read, and what is read is parsed there, under the budgets.
 */
export async function parseMasterPlan(text: string, options: ParseOptions): Promise<ParserSession> {
  const limits = options.limits ?? DEFAULT_PARSE_LIMITS
  const request: PhaseRequest = {
    text,
    phase: options.phase,
    path: options.path,
    nestingColumns: limits.nestingColumns
  }
  const first = await parseOnce(request, options, limits)
  if (first.reply.kind !== 'needs-files') return session(first, text, options.path, limits)
  first.close()
  const files: Array<readonly [string, string | undefined]> = []
  for (const path of first.reply.paths)
    files.push([path, options.readLinked ? await options.readLinked(path).catch(() => undefined) : undefined])
  const second = await parseOnce({ ...request, files }, options, limits)
  return session(second, text, options.path, limits)
}

interface Round {
  readonly reply: ParseReply
  /** Parses later texts of the plan where this round's model was read (undefined: in this thread). */
  readonly parse?: (texts: readonly string[]) => Root[]
  /** Summarises later section segments there (segment-summary.ts). */
  readonly summarise?: (texts: readonly string[]) => (SegmentSummary | undefined)[]
  /** Ends the thread that would parse them, until the next parse. */
  readonly idle?: () => void
  /** Starts the thread that would parse them, when `idle` ended it. */
  readonly resume?: () => void
  readonly close: () => void
}

function session(round: Round, text: string, path: string, limits: ParseLimits): ParserSession {
  const { reply } = round
  if (reply.kind !== 'read') {
    round.close()
    if (reply.kind === 'needs-files')
      throw new Error('The master plan parser asked for its linked files twice.')
    // An unknown phase, a budget, a failure.
    refusal(reply, path, limits)
  }
  const { model, content } = withText(reply, text)
  if (round.parse) {
    // The model crossed a thread: its unparsed sections come back as data, to be made sections again,
    // and whatever of the plan is parsed from now on is parsed in the parser's thread.
    reviveSectionBodies(model)
    parseSourceWith(round.parse)
    summariseSegmentsWith(round.summarise)
  }
  let open = true
  return {
    model,
    content,
    idle: () => {
      if (open) round.idle?.()
    },
    resume: () => {
      if (open) round.resume?.()
    },
    close: () => {
      if (!open) return
      open = false
      if (round.parse) {
        parseSourceWith(undefined)
        summariseSegmentsWith(undefined)
      }
      round.close()
    }
  }
}

async function parseOnce(request: PhaseRequest, options: ParseOptions, limits: ParseLimits): Promise<Round> {
  const workerFile = options.workerFile ?? bundledWorker()
  if (workerFile === undefined) {
    // Loaded only here, and left out of the bundles: their main thread never evaluates remark.
    const { checkedParse } = (await import(
      /* webpackIgnore: true */ './checked-parse.js'
    )) as typeof import('./checked-parse.js')
    return { reply: checkedParse(request), close: () => undefined }
  }
  const bytes = Buffer.byteLength(request.text, 'utf8')
  return new Promise<Round>((resolve, reject) => {
    if (options.signal?.aborted) return reject(cancelled())
    const worker = takeEarlyThread(workerFile, limits.heapMb) ?? startThread(workerFile, limits.heapMb)
    worker.ref()
    worker.postMessage({ ...request, endAfterReply: bytes > KEEP_THREAD_BYTES } satisfies ReadRequest)
    const stop = (): void => void worker.terminate()
    let settled = false
    const settle = (outcome: () => void): void => {
      if (settled) return
      settled = true
      clearTimeout(timer)
      options.signal?.removeEventListener('abort', onAbort)
      worker.removeAllListeners()
      outcome()
    }
    const fail = (error: Error): void =>
      settle(() => {
        stop()
        reject(error)
      })
    const onAbort = (): void => fail(cancelled())
    let timer = setTimeout(
      () => fail(new Error(`The master plan parser did not start within ${STARTUP_MS / 1000} s.`)),
      STARTUP_MS
    )
    worker.on('message', (message: WorkerMessage) => {
      if (message.kind === 'parsing') {
        clearTimeout(timer)
        const budget = parseBudgetMs(bytes, limits)
        timer = setTimeout(() => fail(new UserError(timeBudgetMessage(options.path, bytes, limits))), budget)
        return
      }
      settle(() => {
        const kept = message.kind === 'read' && bytes <= KEEP_THREAD_BYTES ? worker : undefined
        // Kept idle until asked, it neither keeps the process alive nor throws into it.
        if (kept) kept.on('error', () => undefined).unref()
        else stop()
        if (message.kind !== 'read') return resolve({ reply: message, close: () => undefined })
        const fresh = (): Worker => startThread(workerFile, limits.heapMb)
        resolve({ reply: message, ...parseService(kept, fresh, options.path, limits) })
      })
    })
    worker.on('error', (error: Error & { code?: string }) =>
      fail(
        error.code === 'ERR_WORKER_OUT_OF_MEMORY'
          ? new UserError(memoryBudgetMessage(options.path, bytes, limits))
          : new Error(`The master plan parser failed: ${error.message}`)
      )
    )
    worker.on('exit', code =>
      fail(new Error(`The master plan parser stopped (exit code ${code}) without an answer.`))
    )
    options.signal?.addEventListener('abort', onAbort, { once: true })
  })
}

/**
 * Up to this size, the thread that built the model stays to parse what is read later: a second thread's
 * start-up (module loading, ~100 ms of wall time the main thread waits for) costs a 400 KB plan a fifth of
 * its run, and keeping the first costs it under 10 MB of peak RSS (interleaved runs on Node 24: ~0.45 →
 * ~0.38 s). A larger plan's thread ends itself as soon as its reply is posted (worker.ts), so its heap,
 * which built the model, is not kept while this thread builds its own copy of the model from the reply.
 */
export const KEEP_THREAD_BYTES = 1_000_000

/**
 * The parser's thread that parses, on request, what the main thread later needs of the plan (sections the
 * model left unparsed, blocks wanted as nodes), each within the plan's time budget for its size, under the
 * same heap cap: the `kept` one, or one started on the first request (`fresh`), so a run that needs nothing
 * more starts nothing. It does not keep the process alive; `close` ends it.
 */
function parseService(
  kept: Worker | undefined,
  fresh: () => Worker,
  path: string,
  limits: ParseLimits
): {
  parse: (texts: readonly string[]) => Root[]
  summarise: (texts: readonly string[]) => (SegmentSummary | undefined)[]
  idle: () => void
  resume: () => void
  close: () => void
} {
  let idle = kept
  let serving:
    | {
        worker: Worker
        port: MessagePort
        parse: (texts: readonly string[]) => Root[]
        summarise: (texts: readonly string[]) => (SegmentSummary | undefined)[]
      }
    | undefined
  // Like the kept one, a fresh thread neither keeps the process alive nor throws into it.
  const started = (): Worker => {
    const worker = fresh().on('error', () => undefined)
    worker.unref()
    return worker
  }
  const start = (): NonNullable<typeof serving> => {
    const channel = new MessageChannel()
    const flag = new SharedArrayBuffer(4)
    const worker = idle ?? started()
    idle = undefined
    worker.postMessage({ serve: { port: channel.port2, flag } }, [channel.port2])
    channel.port1.unref()
    const budget = (texts: readonly string[]): number => parseBudgetMs(byteLength(texts), limits)
    const overBudget = (texts: readonly string[]): Error =>
      new UserError(timeBudgetMessage(path, byteLength(texts), limits))
    serving = {
      worker,
      port: channel.port1,
      parse: askForParses(channel.port1, flag, budget, overBudget),
      summarise: askForSummaries(channel.port1, flag, budget, overBudget)
    }
    if (!awaitServing(flag, STARTUP_MS))
      throw new Error(`The master plan parser did not start within ${STARTUP_MS / 1000} s.`)
    return serving
  }
  // The thread that serves, or the one kept to serve, ends; the next parse starts a fresh one.
  const stop = (): void => {
    serving?.port.close()
    const worker = serving?.worker ?? idle
    serving = undefined
    idle = undefined
    if (worker) void worker.terminate()
  }
  let closed = false
  return {
    parse: texts => (serving ?? start()).parse(texts),
    summarise: texts => (serving ?? start()).summarise(texts),
    idle: () => {
      if (!closed) stop()
    },
    resume: () => {
      if (!closed && !serving && !idle) idle = started()
    },
    close: () => {
      if (closed) return
      closed = true
      stop()
    }
  }
}

function byteLength(texts: readonly string[]): number {
  return texts.reduce((sum, text) => sum + Buffer.byteLength(text, 'utf8'), 0)
}

/** A reply that is not a reading, as the error it stands for. */
function refusal(
  reply: Exclude<ParseReply, { kind: 'needs-files' } | { kind: 'read' }>,
  path: string,
  limits: ParseLimits
): never {
  switch (reply.kind) {
    case 'unknown-phase':
      // Rebuilt on this side of the thread boundary: the pipeline answers it by its class and phases.
      throw new UnknownPhaseError(reply.requested, reply.phases, path, reply.listedAt)
    case 'too-deep':
      throw new UserError(nestingMessage(path, reply.deep, limits))
    case 'error':
      throw new Error(`The master plan parser failed: ${reply.message}`)
  }
}

function cancelled(): CancelledError {
  return new CancelledError('The job was cancelled while the master plan was read.')
}
