/**
 * Entry of the master plan parser's worker thread (bundled as dist/plan-parser/index.js). It may start
 * before the master plan is read (see startParserEarly), so it waits for its one request; it says when
 * it starts parsing, so the time budget counts the parse and not the thread's start-up.
 */
import { parentPort } from 'node:worker_threads'
import { checkedParse, type ParseReply, type PhaseRequest } from './checked-parse.js'

export type WorkerMessage = { readonly kind: 'parsing' } | ParseReply

parentPort?.once('message', (request: PhaseRequest) => {
  parentPort?.postMessage({ kind: 'parsing' } satisfies WorkerMessage)
  parentPort?.postMessage(checkedParse(request) satisfies WorkerMessage)
})
