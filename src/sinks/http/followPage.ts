import type { HttpSinkParts } from './httpSinkParts'
import { watchPage } from './lifecycle'

/** The sink's part in the page's life, as `followPage` set it up. */
export interface PageFollower {
  /** The page is hidden or going away: what waits leaves now, and everything is persisted. */
  leave(): void
  /** Stops listening, and the heartbeat. */
  stop(): void
}

/**
 * The sink's part in the page's life: hidden, what waits leaves in `keepalive` requests and
 * everything unacknowledged is persisted (a hidden page may be killed without another word);
 * gone for good (`pagehide`, not into the back/forward cache), the queue is released to the next
 * load; offline and online; a heartbeat that keeps the queue this tab's — a hidden tab's too —
 * and then does what consent says with dead tabs' queues (`leftovers`).
 */
export function followPage(
  { store, queue, sender, state, settings, outcomes }: HttpSinkParts,
  leftovers: () => void,
): PageFollower {
  /** The heartbeat, with the retry wait in force; `released`: the page is gone for good. */
  const beat = (released = false): void => store.beat(released, sender.status().notBefore)
  const leave = (): void => {
    state.hidden = true
    try {
      sender.leave()
    } catch (cause) {
      outcomes.report('sending the queue as the page went away failed', cause)
    }
    sender.settle()
    // written now, synchronously: the page may not run another task
    queue.persist()
    beat()
  }
  const unwatch = watchPage({
    hidden: leave,
    left(persisted) {
      leave()
      if (!persisted) beat(true)
    },
    visible() {
      state.hidden = false
      // back from the back/forward cache or a freeze: another tab may have taken the queue
      queue.handOver()
      beat()
    },
    offline: () => void (state.offline = true),
    online() {
      state.offline = false
      sender.resume()
    },
  })
  const heartbeat = store.active
    ? setInterval(
        () => {
          queue.handOver()
          beat()
          leftovers()
        },
        // three beats in an orphanAfter: one late beat never makes a live tab look dead
        Math.max(100, Math.floor(settings.orphanAfter / 3)),
      )
    : undefined
  ;(heartbeat as { unref?: () => void } | undefined)?.unref?.()
  return {
    leave,
    stop() {
      clearInterval(heartbeat)
      unwatch()
    },
  }
}
