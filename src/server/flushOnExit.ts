import type { Tracker } from '../core/createTracker'

export interface FlushOnExitOptions {
  /** How long to wait for the sinks before letting the process go. Default 5000 ms. */
  timeout?: number
  /** The signals to flush on. Default `['SIGTERM', 'SIGINT']`. */
  signals?: NodeJS.Signals[]
}

interface Flushable {
  flush(): Promise<void>
  stats(): { tracked: number }
}

/**
 * Flushes the tracker when the process is about to end: on `beforeExit`, and on SIGTERM and
 * SIGINT (then exits the way the signal would have, unless the app listens for it too).
 * Returns a function that removes the listeners.
 *
 * @example
 * const tracker = createTracker({ sinks: [httpSink({ url })] })
 * flushOnExit(tracker)
 */
export function flushOnExit(tracker: Tracker<never> | Flushable, options: FlushOnExitOptions = {}): () => void {
  const timeout = options.timeout ?? 5000
  const signals = options.signals ?? ['SIGTERM', 'SIGINT']
  let flushedAt = -1

  const flushWithin = (): Promise<void> =>
    new Promise<void>((resolve) => {
      const timer = setTimeout(resolve, timeout)
      timer.unref?.()
      tracker.flush().then(
        () => {
          clearTimeout(timer)
          resolve()
        },
        () => {
          clearTimeout(timer)
          resolve()
        },
      )
    })

  const onBeforeExit = (): void => {
    // beforeExit fires again after our flush's work ends: flush only what is new
    const tracked = tracker.stats().tracked
    if (tracked === flushedAt) return
    flushedAt = tracked
    void flushWithin()
  }

  const onSignal = (signal: NodeJS.Signals): void => {
    void flushWithin().then(() => {
      process.off(signal, onSignal)
      // the app has its own handler: it decides when to exit; else exit as the signal would
      if (process.listenerCount(signal) === 0) process.kill(process.pid, signal)
    })
  }

  process.on('beforeExit', onBeforeExit)
  for (const signal of signals) process.on(signal, onSignal)
  return () => {
    process.off('beforeExit', onBeforeExit)
    for (const signal of signals) process.off(signal, onSignal)
  }
}
