/**
 * Entry of the master plan parser's worker thread (bundled as dist/plan-parser/index.js). It may start
 * before the master plan is read (see startParserEarly), so it waits for its one request; it says when
 * it starts parsing, so the time budget counts the parse and not the thread's start-up. Once it has
 * answered, it parses on request whatever the other thread still needs of the same master plan (the
 * sections the model left unparsed, blocks a reader wants as nodes), through the service the request
 * brought: the other thread waits for each answer, so it never parses the plan itself.
 */
import { parentPort } from 'node:worker_threads'
import { checkedParse, type ParseReply, type PhaseRequest } from './checked-parse.js'
import { serveParses } from './parse-service.js'

export type WorkerMessage = { readonly kind: 'parsing' } | ParseReply

parentPort?.once('message', (request: PhaseRequest) => {
  parentPort?.postMessage({ kind: 'parsing' } satisfies WorkerMessage)
  const reply = checkedParse(request)
  parentPort?.postMessage(reply satisfies WorkerMessage)
  if (reply.kind === 'read' && request.service) serveParses(request.service)
})
