/**
 * A cancelled job. GitHub's runner cancels a step by sending SIGINT to the action's `node` process; if
 * it has not exited 7500 ms later it sends SIGTERM, waits 2500 ms more, then kills the process tree
 * ("Canceling a workflow", https://docs.github.com/en/actions/managing-workflow-runs/canceling-a-workflow;
 * actions/runner#1309 reports SIGHUP in place of SIGINT on some runners). Node's default for those
 * signals is to exit at once: the test suite's detached process group would keep running, and nobody
 * would be told. This turns them into an AbortSignal the run can act on.
 */

/** Thrown where a stage gives up because the run was cancelled; the action reports `cancelled`. */
export class CancelledError extends Error {
  constructor(message: string) {
    super(message)
    this.name = 'CancelledError'
  }
}

export const CANCEL_SIGNALS: readonly NodeJS.Signals[] = ['SIGINT', 'SIGTERM', 'SIGHUP']

export interface Cancellation {
  readonly signal: AbortSignal
  /** The process signal that cancelled the run, once one has. */
  readonly received: () => NodeJS.Signals | undefined
  /** Removes the handlers (the run is over; a signal now gets Node's default again). */
  readonly dispose: () => void
}

/** Something that delivers process signals: `process`, or a stand-in in tests. */
export interface SignalSource {
  on(event: NodeJS.Signals, listener: (signal: NodeJS.Signals) => void): unknown
  off(event: NodeJS.Signals, listener: (signal: NodeJS.Signals) => void): unknown
}

/** From the first cancel signal on, `signal` is aborted; later ones are absorbed (we are already ending). */
export function watchForCancellation(source: SignalSource = process): Cancellation {
  const controller = new AbortController()
  let received: NodeJS.Signals | undefined
  const onSignal = (signal: NodeJS.Signals): void => {
    if (received !== undefined) return
    received = signal
    controller.abort(new CancelledError(`The job was cancelled (${signal}).`))
  }
  for (const name of CANCEL_SIGNALS) source.on(name, onSignal)
  return {
    signal: controller.signal,
    received: () => received,
    dispose: () => {
      for (const name of CANCEL_SIGNALS) source.off(name, onSignal)
    }
  }
}

/** Resolves `ms` after `signal` aborts; never, if it does not (and then holds no timer). */
export function afterAbort(signal: AbortSignal, ms: number): Promise<void> {
  return new Promise(resolve => {
    const start = (): void => void setTimeout(resolve, ms)
    if (signal.aborted) start()
    else signal.addEventListener('abort', start, { once: true })
  })
}
