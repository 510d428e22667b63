import { EventEmitter } from 'node:events'
import { afterAbort, CancelledError, watchForCancellation } from '../../src/cancellation.js'

describe('watchForCancellation', () => {
  it('aborts on the first SIGINT, SIGTERM or SIGHUP, absorbs the rest, and lets go on dispose', () => {
    const source = new EventEmitter()
    const cancellation = watchForCancellation(source)
    expect(source.listenerCount('SIGINT')).toBe(1)
    expect(source.listenerCount('SIGTERM')).toBe(1)
    expect(cancellation.signal.aborted).toBe(false)
    source.emit('SIGINT', 'SIGINT')
    source.emit('SIGTERM', 'SIGTERM')
    expect(cancellation.signal.aborted).toBe(true)
    expect(cancellation.received()).toBe('SIGINT')
    expect(cancellation.signal.reason).toBeInstanceOf(CancelledError)
    expect((cancellation.signal.reason as Error).message).toBe('The job was cancelled (SIGINT).')
    cancellation.dispose()
    for (const name of ['SIGINT', 'SIGTERM', 'SIGHUP']) expect(source.listenerCount(name)).toBe(0)
  })

  it('afterAbort waits for the abort, then the delay', async () => {
    const controller = new AbortController()
    let done = false
    const waiting = afterAbort(controller.signal, 50).then(() => (done = true))
    await new Promise(resolve => setTimeout(resolve, 80))
    expect(done).toBe(false)
    const aborted = Date.now()
    controller.abort()
    await waiting
    expect(Date.now() - aborted).toBeGreaterThanOrEqual(45)
  })
})
