import { persistentStorage } from '../../core/storage'
import { settingsOf, type HttpSinkOptions, type HttpSinkSettings } from './httpSinkOptions'
import { isHidden, startsOffline } from './lifecycle'
import { createOutcomes, errorName, type Outcomes } from './outcomes'
import { createQueue, type Queue } from './queue'
import { createSender, type Sender } from './sender'
import { createStore, type Store } from './store'
import { createTransport, type Transport } from './transport'

/** Sending is held while offline or paused, and for good once closed. */
export interface SinkState {
  offline: boolean
  /**
   * As the page's lifecycle events last said: read on every event, where a DOM read would cost
   * more.
   */
  hidden: boolean
  paused: boolean
  closed: boolean
}

/** An httpSink's parts, each with one job, wired together. */
export interface HttpSinkParts {
  settings: HttpSinkSettings
  state: SinkState
  outcomes: Outcomes
  transport: Transport
  /** What persists, for a later load or another tab. */
  store: Store
  /** Every unacknowledged event, in order. */
  queue: Queue
  /** When requests go, and what their answers mean. */
  sender: Sender
}

/**
 * The parts for these options: storage resolved (a failure reported, and the queue kept in
 * memory), the queue's overflow and the sender's outcomes told to the tracker.
 */
export function createHttpSinkParts(options: HttpSinkOptions): HttpSinkParts {
  const settings = settingsOf(options)
  const outcomes = createOutcomes()
  const storageFailed = (cause: unknown): void =>
    outcomes.report(
      `storage is full or refused (${errorName(cause)})` +
        (process.env.NODE_ENV !== 'production'
          ? '; unacknowledged events are now kept in memory only'
          : ''),
      cause,
    )
  const store = createStore({
    ...settings,
    storage: persistentStorage(settings.storage, storageFailed),
    failed: storageFailed,
  })
  const { maxQueueSize } = settings
  const queue = createQueue({
    store,
    maxQueueSize,
    overflow: (oldest) =>
      outcomes.drop(
        oldest,
        'overflow',
        `the queue is full (${maxQueueSize} events); the oldest were dropped`,
      ),
    discarded: (items) =>
      outcomes.drop(items, 'consent', 'consent was denied while it was in a request that failed'),
  })
  const state: SinkState = {
    offline: startsOffline(),
    hidden: isHidden(),
    paused: false,
    closed: false,
  }
  const transport = createTransport({ ...options, timeout: settings.timeout })
  const sender = createSender({
    ...settings,
    queue,
    transport,
    held: () => state.offline || state.paused || state.closed,
    closed: () => state.closed,
    stillOwned: () => queue.handOver(),
    // an answer after close(): what failed is persisted for a later load, or given up
    answeredWhileClosed: () => keepOrGiveUp(parts),
    report: outcomes.report,
    delivered(items) {
      outcomes.countDelivered(items)
      queue.forget(items)
    },
    giveUp(items, reason, message) {
      // what another tab adopted meanwhile is that tab's to send or give up
      const mine = items.filter((item) => !item.elsewhere)
      queue.forget(mine)
      outcomes.drop(mine, reason, message)
    },
  })
  const parts = { settings, state, outcomes, transport, store, queue, sender }
  return parts
}

/**
 * After close(): what is unacknowledged stays persisted for a later load or, what nothing
 * persists (no storage, or a full one), is lost, and reported so.
 */
export function keepOrGiveUp({ store, queue, outcomes, sender }: HttpSinkParts): void {
  queue.handOver()
  if (store.active) {
    queue.persist()
    // closed for good: the next sink (this page's next tracker, or a later load) takes it at once
    store.beat(true, sender.status().notBefore)
    return
  }
  // what is in a request now is settled by its answer (see `settledWhileClosed`)
  const lost = queue.items.filter((item) => item.segment === undefined && !item.sending)
  if (lost.length > 0) {
    queue.forget(lost)
    outcomes.drop(
      lost,
      'delivery',
      "close() gave up on it before the collector acknowledged it (nothing persists this sink's queue)",
    )
  }
}
