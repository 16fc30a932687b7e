import { within } from './env'
import { createFanout, type SinkStep } from './fanout'
import type { Drop, Passage } from './pipeline'
import { TrackplanError } from './TrackplanError'
import type { ConsentState, Listener, Sink, TrackedEvent, TrackerStats, Violation } from './types'

/** What waits in the queue: an event on its way, or a `reset`/`discard` for every sink, in order with the events. */
export type Op = Passage | SinkStep

/** Delivery: the queue drained on a microtask (in order, behind async plan checks), listeners, and the sinks. */
export interface Delivery {
  enqueue(op: Op): void
  /** An event an async plan check dropped: never sent, even when consent releases it later. */
  reject(event: TrackedEvent): void
  subscribe(listener: Listener): () => void
  /** Everything queued handed over, then every sink's `flush`, by the deadline (ms since the epoch); never rejects. */
  flush(deadline: number | undefined): Promise<void>
  /** Every sink's `close`, by the deadline. */
  close(deadline: number | undefined): Promise<void>
  /** Sets the sinks up: once, when the tracker is whole. */
  setup(): void
}

export interface DeliveryOptions {
  sinks: readonly Sink[]
  stats: TrackerStats
  report(error: TrackplanError): void
  /** Where the events a sink gives up on go: counted, reported, told to listeners. */
  drop: Drop
  /** Applies an async plan check's answer before the event goes on. */
  settle(passage: Passage, found: readonly Violation[]): void
  /** Consent when the sinks are set up (Do Not Track reads as denied). */
  consent: ConsentState
}

/** Where the queue's drain is chained: a microtask each time. */
const settled = Promise.resolve()

/** Runs `work`, resolving when it ends or at the deadline, whichever is first; never rejects. */
const bounded = (work: () => Promise<unknown>, deadline: number | undefined): Promise<void> =>
  within(
    work().then(
      () => {},
      () => {},
    ),
    deadline === undefined ? undefined : deadline - Date.now(),
  )

/** The listeners `subscribe` adds, and telling them of an event; one that throws is reported. */
function createListeners(report: (error: TrackplanError) => void) {
  const listeners = new Set<Listener>()
  const notify = (passage: Passage): void => {
    for (const listener of listeners) {
      try {
        listener(passage.event, passage.info!)
      } catch (cause) {
        const message =
          process.env.NODE_ENV !== 'production' ? 'a subscribe() listener threw.' : 'listener'
        report(new TrackplanError('listener_failed', message, { cause, event: passage.event }))
      }
    }
  }
  const subscribe = (listener: Listener): (() => void) => {
    listeners.add(listener)
    return () => void listeners.delete(listener)
  }
  return { notify, subscribe }
}

export function createDelivery(options: DeliveryOptions): Delivery {
  const { report, settle } = options
  const fanout = createFanout(options.sinks, options)
  const { notify, subscribe } = createListeners(report)
  const rejected = new WeakSet<TrackedEvent>()
  let queue: Op[] = []
  let scheduled = false
  /** An async plan check the queue waits on: events stay in order behind it. */
  let waiting: Promise<void> | undefined
  /** A sink's send() may track and flush: the drain under way finishes first, in order. */
  let draining = false

  /** The queue waits for `passage`'s async plan check, then goes on from it. */
  const waitFor = (passage: Passage, rest: Op[]): void => {
    const verdict = passage.verdict!
    passage.verdict = undefined
    queue = rest.concat(queue)
    waiting = verdict
      .then(
        (found) => settle(passage, found),
        () => {},
      )
      .finally(() => {
        waiting = undefined
        drain()
      })
  }

  const drain = (): void => {
    if (draining) return
    draining = true
    try {
      drainQueue()
    } finally {
      draining = false
    }
  }

  const drainQueue = (): void => {
    scheduled = false
    if (waiting) return
    const ops = queue
    queue = []
    for (let i = 0; i < ops.length; i++) {
      const op = ops[i]!
      if (typeof op === 'string') {
        fanout.each(op)
        continue
      }
      if (op.verdict) return waitFor(op, ops.slice(i))
      if (op.info) notify(op)
      if (op.deliver && !rejected.has(op.event)) fanout.send(op.event)
    }
  }

  return {
    enqueue(op) {
      queue.push(op)
      if (!scheduled) {
        scheduled = true
        // sinks run after track() returns, all of a burst's events in one microtask
        void settled.then(drain)
      }
    },
    reject: (event) => void rejected.add(event),
    setup: fanout.setup,
    subscribe,
    flush: (deadline) =>
      bounded(async () => {
        if (scheduled) drain()
        while (waiting) await waiting
        await fanout.settled()
        await fanout.all('flush', deadline)
      }, deadline),
    close: (deadline) => bounded(() => fanout.all('close', deadline), deadline),
  }
}
