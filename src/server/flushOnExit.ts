import type { Tracker } from '../core/createTracker'
import type { FlushOptions } from '../core/types'

/** How long `flushOnExit` waits for the sinks by default: long enough for a retry, short enough for a platform's shutdown grace period. */
export const DEFAULT_EXIT_TIMEOUT = 3000

export interface FlushOnExitOptions {
  /** How long to wait for the sinks before letting the process go, in ms. Default 3000. */
  timeout?: number
  /** The signals to flush on. Default `['SIGTERM', 'SIGINT']`. */
  signals?: NodeJS.Signals[]
}

interface Closable {
  close(options?: FlushOptions): Promise<void>
  stats(): { tracked: number }
}

/**
 * Delivers what the tracker holds when the process is about to end — on `beforeExit`, and
 * on SIGTERM and SIGINT (then exits the way the signal would have, unless the app listens for
 * it too) — within `timeout`. It closes the tracker: events still undelivered by the
 * deadline that nothing persists are counted and reported as dropped (`onError`), never
 * lost silently. Returns a function that removes the listeners.
 *
 * @example
 * const tracker = createTracker({ sinks: [httpSink({ url })] })
 * flushOnExit(tracker, { timeout: 5000 })
 */
export function flushOnExit(
  tracker: Tracker<never> | Closable,
  options: FlushOnExitOptions = {},
): () => void {
  const timeout = options.timeout ?? DEFAULT_EXIT_TIMEOUT
  const signals = options.signals ?? ['SIGTERM', 'SIGINT']
  let closing: Promise<void> | undefined

  // the tracker bounds itself; the timer here guards against a custom one that does not
  const closeWithin = (): Promise<void> =>
    (closing ??= new Promise<void>((resolve) => {
      const timer = setTimeout(resolve, timeout + 100)
      timer.unref?.()
      tracker.close({ timeout }).then(
        () => {
          clearTimeout(timer)
          resolve()
        },
        () => {
          clearTimeout(timer)
          resolve()
        },
      )
    }))

  const onBeforeExit = (): void => {
    // beforeExit fires again once our own work ends: close once
    if (tracker.stats().tracked === 0 && !closing) return
    void closeWithin()
  }

  const onSignal = (signal: NodeJS.Signals): void => {
    void closeWithin().then(() => {
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
