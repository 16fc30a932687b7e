// httpSink's timers (the sender's next request, the queue's next write): one
// timeout each, moved earlier when something is due sooner, never later.

/** A timer that only ever moves earlier while set, never before `floor()`, and is not set once `closed()`. */
export function earliestTimer(
  fire: () => void,
  closed: () => boolean = () => false,
  floor: () => number = () => 0,
) {
  let timer: ReturnType<typeof setTimeout> | undefined
  let timerAt = Infinity
  return {
    in(delay: number): void {
      if (closed()) return
      const at = Math.max(Date.now() + delay, floor())
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
    stop(): void {
      clearTimeout(timer)
      timer = undefined
      timerAt = Infinity
    },
  }
}
