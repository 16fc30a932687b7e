// httpSink's timers (the sender's next request, the queue's next write): one
// timeout each, moved earlier when something is due sooner, never later.

export interface EarliestTimerOptions {
  /** What runs when the timer goes off. */
  fire(): void
  /** Once true, the timer is not set any more. Default: never. */
  stopped?(): boolean
  /** The timer never goes off before this time (ms since the epoch). Default: no floor. */
  notBefore?(): number
}

/** A timer that only ever moves earlier while set. */
export interface EarliestTimer {
  /** Sets the timer `delay` ms from now, unless it is already set to go off sooner. */
  schedule(delay: number): void
  stop(): void
}

export function earliestTimer({
  fire,
  stopped = () => false,
  notBefore = () => 0,
}: EarliestTimerOptions): EarliestTimer {
  let timer: ReturnType<typeof setTimeout> | undefined
  let timerAt = Infinity
  return {
    schedule(delay) {
      if (stopped()) return
      const at = Math.max(Date.now() + delay, notBefore())
      if (timer !== undefined && timerAt <= at) return
      clearTimeout(timer)
      timerAt = at
      timer = setTimeout(() => {
        timer = undefined
        timerAt = Infinity
        fire()
      }, at - Date.now())
      ;(timer as { unref?: () => void }).unref?.()
    },
    stop() {
      clearTimeout(timer)
      timer = undefined
      timerAt = Infinity
    },
  }
}
