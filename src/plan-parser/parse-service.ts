/**
 * Parsing on request, across threads, answered synchronously: the thread that asks posts the text on a
 * message port and waits on a shared flag (Atomics) until the parser's thread has posted the tree back,
 * then takes it off the port at once. The asking thread thus keeps its synchronous readers (a model's
 * unparsed section read when its units are first asked for) while the parse itself runs in the parser's
 * thread, under its heap cap, and within a deadline the asker sets.
 */
import { receiveMessageOnPort, type MessagePort } from 'node:worker_threads'
import type { Root } from 'mdast'
import { parseSource } from '../master-plan/parse.js'
import { summariseSegment, type SegmentSummary } from '../master-plan/segment-summary.js'

/** What the asking thread hands the parser's thread: its end of a channel, and the flag both share. */
export interface ParseService {
  readonly port: MessagePort
  /** One Int32: 0 while a request waits, 1 once its answer is on the port, 2 once the thread serves. */
  readonly flag: SharedArrayBuffer
}

const WAITING = 0
const ANSWERED = 1
const SERVING = 2

/** Texts to parse into trees, or (`summaries`) section segments to summarise (segment-summary.ts). */
type Request = readonly string[] | { readonly summaries: readonly string[] }

type Answer = { readonly results: unknown[] } | { readonly error: string }

/** In the parser's thread: answers every request (texts) that arrives on the service's port with their trees. */
export function serveParses(service: ParseService): void {
  const flag = new Int32Array(service.flag)
  // A thread started on the first request says when it listens, so its start-up is not the parse's time.
  Atomics.store(flag, 0, SERVING)
  Atomics.notify(flag, 0)
  service.port.on('message', (request: Request) => {
    let answer: Answer
    try {
      answer = {
        results:
          'summaries' in request
            ? request.summaries.map(text => summariseSegment(text))
            : request.map(text => parseSource(text))
      }
    } catch (error: unknown) {
      answer = { error: error instanceof Error ? error.message : String(error) }
    }
    service.port.postMessage(answer)
    Atomics.store(flag, 0, ANSWERED)
    Atomics.notify(flag, 0)
  })
}

/** In the asking thread: waits at most `timeoutMs` for a thread just started to serve; whether it does. */
export function awaitServing(flag: SharedArrayBuffer, timeoutMs: number): boolean {
  const shared = new Int32Array(flag)
  Atomics.wait(shared, 0, WAITING, timeoutMs)
  return Atomics.load(shared, 0) !== WAITING
}

/**
 * In the asking thread: a parse that sends its texts to the parser's thread in one request and waits at
 * most `deadlineMs(texts)` for their trees. `onTimeout` makes the error a reader gets when no answer
 * comes (the thread ran out of time or memory, or stopped).
 */
export function askForParses(
  port: MessagePort,
  flag: SharedArrayBuffer,
  deadlineMs: (texts: readonly string[]) => number,
  onTimeout: (texts: readonly string[]) => Error
): (texts: readonly string[]) => Root[] {
  const ask = asker(port, flag, deadlineMs, onTimeout)
  return texts => ask(texts, texts) as Root[]
}

/**
 * In the asking thread: like `askForParses`, for the summaries of section segments (their units and
 * verbatim ranges) instead of their trees.
 */
export function askForSummaries(
  port: MessagePort,
  flag: SharedArrayBuffer,
  deadlineMs: (texts: readonly string[]) => number,
  onTimeout: (texts: readonly string[]) => Error
): (texts: readonly string[]) => (SegmentSummary | undefined)[] {
  const ask = asker(port, flag, deadlineMs, onTimeout)
  return texts => ask({ summaries: texts }, texts) as (SegmentSummary | undefined)[]
}

function asker(
  port: MessagePort,
  flag: SharedArrayBuffer,
  deadlineMs: (texts: readonly string[]) => number,
  onTimeout: (texts: readonly string[]) => Error
): (request: Request, texts: readonly string[]) => unknown[] {
  const shared = new Int32Array(flag)
  return (request, texts) => {
    Atomics.store(shared, 0, WAITING)
    port.postMessage(request)
    const deadline = performance.now() + deadlineMs(texts)
    // A thread that only now says it serves wakes this wait too: wait on until the answer or the deadline.
    for (let flag = WAITING; flag !== ANSWERED; flag = Atomics.load(shared, 0)) {
      const left = deadline - performance.now()
      if (left <= 0 || Atomics.wait(shared, 0, flag, left) === 'timed-out') throw onTimeout(texts)
    }
    const received = receiveMessageOnPort(port) as { message: Answer } | undefined
    if (!received) throw onTimeout(texts)
    const answer = received.message
    if ('error' in answer) throw new Error(`The master plan parser failed: ${answer.error}`)
    return answer.results
  }
}
