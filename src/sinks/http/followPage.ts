import type { HttpSinkParts } from './httpSinkParts'
import { watchPage } from './lifecycle'
import { sendBeacons } from './transport'

/** The sink's part in the page's life, as `followPage` set it up. */
export interface PageFollower {
  /** The page is going away: what waits leaves by beacon, and stays persisted. */
  leave(): void
  /** Stops listening, and the heartbeat. */
  stop(): void
}

/**
 * The sink's part in the page's life: hidden, what waits leaves by beacon and stays
 * persisted (released) for the next load; visible again, the queue is this page's again;
 * offline and online; a heartbeat that keeps the queue this tab's and adopts dead tabs'.
 */
export function followPage({
  store,
  queue,
  sender,
  transport,
  state,
  settings,
  outcomes,
}: HttpSinkParts): PageFollower {
  const leave = (): void => {
    try {
      queue.markBeaconed(sendBeacons(queue.oldestReady(Infinity), transport))
    } catch (cause) {
      outcomes.report('sending the queue as the page went away failed', cause)
    }
    sender.settle()
    // written now, synchronously: the page may not run another task
    queue.persist()
    store.beat(true)
  }
  const unwatch = watchPage({
    hidden() {
      state.hidden = true
      leave()
    },
    visible() {
      state.hidden = false
      store.beat(false)
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
          if (!state.hidden) store.beat(false)
          if (queue.adopt() > 0) sender.pump({ due: true })
        },
        Math.max(1000, Math.floor(settings.orphanAfter / 3)),
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
