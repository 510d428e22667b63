/**
 * Entry of the master plan parser's worker thread (bundled as dist/plan-parser/index.js). It may start
 * before the master plan is read (see startParserEarly), so it waits for its request; it says when it
 * starts parsing, so the time budget counts the parse and not the thread's start-up. Told to serve (the
 * same thread after a small plan's reply, or a thread started for it), it parses on request what the main
 * thread later needs of the plan (the sections the model left unparsed, blocks a reader wants as nodes):
 * the main thread waits for each answer, so it never parses the plan itself.
 */
import { parentPort } from 'node:worker_threads'
import { checkedParse, type ParseReply, type PhaseRequest } from './checked-parse.js'
import { withoutText } from './reply-source.js'
import { serveParses, type ParseService } from './parse-service.js'

export type WorkerMessage = { readonly kind: 'parsing' } | ParseReply

/**
 * The request as it crosses. `endAfterReply`: the other thread will not keep this one (a large plan), so it
 * ends as soon as its reply is posted; the reply is delivered all the same (a thread's posted messages
 * are emitted before its exit).
 */
export interface ReadRequest extends PhaseRequest {
  readonly endAfterReply: boolean
}

/** Makes a thread parse on request, for the model the other thread holds (this thread's or another's). */
export interface ServeRequest {
  readonly serve: ParseService
}

// The request; then, when the other thread keeps this one (a small plan), the order to serve parses.
parentPort?.on('message', (request: ReadRequest | ServeRequest) => {
  if ('serve' in request) return serveParses(request.serve)
  parentPort?.postMessage({ kind: 'parsing' } satisfies WorkerMessage)
  parentPort?.postMessage(withoutText(checkedParse(request), request.text) satisfies WorkerMessage)
  if (request.endAfterReply) process.exit(0)
})
