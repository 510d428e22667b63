/**
 * Entry of the master plan parser's worker thread (bundled as dist/plan-parser/index.js). It says when
 * it starts, so the time budget counts the parse and not the thread's start-up, then posts the reply.
 */
import { parentPort, workerData } from 'node:worker_threads'
import { checkedParse, type ParseReply, type PhaseRequest } from './checked-parse.js'

export type WorkerMessage = { readonly kind: 'parsing' } | ParseReply

const port = parentPort
if (port) {
  port.postMessage({ kind: 'parsing' } satisfies WorkerMessage)
  port.postMessage(checkedParse(workerData as PhaseRequest) satisfies WorkerMessage)
}
