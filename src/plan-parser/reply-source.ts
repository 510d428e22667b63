/**
 * The parser's reply as it crosses back to the thread that sent the master plan's text: a model whose
 * source is that text is sent without it, since that thread holds it already. A 10 MB plan with one
 * character outside Latin-1 is 20 MB of string, copied once more to serialise it and once more on
 * arrival, while the parser's thread still holds its own. Pure.
 */
import { normaliseLineEndings } from '../master-plan/parse.js'
import type { ParseReply, PlanReading } from './checked-parse.js'

/** In the parser's thread: the reply, its model's source left out when it is the request's `text`. */
export function withoutText(reply: ParseReply, text: string): ParseReply {
  if (reply.kind !== 'read' || reply.reading.model.source !== normaliseLineEndings(text)) return reply
  const { model, content } = reply.reading
  return { kind: 'read', reading: { model: { ...model, source: '' }, content }, sourceIsText: true }
}

/** In the thread that sent `text`: the reply's reading, its model given back the source left out. */
export function withText(reply: Extract<ParseReply, { kind: 'read' }>, text: string): PlanReading {
  const { model, content } = reply.reading
  return reply.sourceIsText
    ? { model: { ...model, source: normaliseLineEndings(text) }, content }
    : reply.reading
}
