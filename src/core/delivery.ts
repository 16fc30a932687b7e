import { within } from './env'
import { TrackplanError } from './TrackplanError'
import type { Passage } from './pipeline'
import type { FlushOptions, Listener, Sink, SinkContext, TrackedEvent, TrackerStats, Violation } from './types'

/** What waits in the queue: an event on its way, or a `reset`/`discard` for every sink, in order with the events. */
export type Op = Passage | 'reset' | 'discard'

/** Delivery: the queue drained on a microtask (in order, behind async plan checks), listeners, and isolated sinks. */
export interface Delivery {
  enqueue(op: Op): void
  /** An event an async plan check dropped: never sent, even when consent releases it later. */
  reject(event: TrackedEvent): void
  subscribe(listener: Listener): () => void
  /** Everything queued handed over, then every sink's `flush`, by the deadline (ms since the epoch); never rejects. */
  flush(deadline: number | undefined): Promise<void>
  /** Every sink's `close`, by the deadline. */
  close(deadline: number | undefined): Promise<void>
}

export interface DeliveryOptions {
  sinks: readonly Sink[]
  stats: TrackerStats
  report(error: TrackplanError): void
  /** How sinks report their failures and drops. */
  sinkContext(sink: Sink): SinkContext
  /** Applies an async plan check's answer before the event goes on. */
  settle(passage: Passage, found: readonly Violation[]): void
}

const remaining = (deadline: number | undefined): FlushOptions | undefined =>
  deadline === undefined ? undefined : { timeout: Math.max(0, deadline - Date.now()) }

export function createDelivery({ sinks, stats, report, sinkContext, settle }: DeliveryOptions): Delivery {
  const listeners = new Set<Listener>()
  const inFlight = new Set<Promise<void>>()
  const rejected = new WeakSet<TrackedEvent>()
  let queue: Op[] = []
  let scheduled = false
  /** An async plan check the queue waits on: events stay in order behind it. */
  let waiting: Promise<void> | undefined

  const fail = (sink: Sink, what: string, cause: unknown, event?: TrackedEvent): void =>
    report(new TrackplanError('sink_failed', process.env.NODE_ENV !== 'production' ? `sink "${sink.name}" failed ${what}.` : sink.name, { cause, sink: sink.name, ...(event ? { event } : {}) }))

  for (const sink of sinks) {
    try {
      sink.setup?.(sinkContext(sink))
    } catch (cause) {
      fail(sink, 'in setup()', cause)
    }
  }

  const notify = (passage: Passage): void => {
    for (const listener of listeners) {
      try {
        listener(passage.event, passage.info!)
      } catch (cause) {
        report(new TrackplanError('listener_failed', process.env.NODE_ENV !== 'production' ? 'a subscribe() listener threw.' : 'listener', { cause, event: passage.event }))
      }
    }
  }

  const send = (event: TrackedEvent): void => {
    stats.delivered++
    for (const sink of sinks) {
      try {
        const result = sink.send(event)
        if (result && typeof result.then === 'function') {
          const pending: Promise<void> = result
            .then(undefined, (cause: unknown) => fail(sink, `to send "${event.event ?? event.type}"`, cause, event))
            .finally(() => inFlight.delete(pending))
          inFlight.add(pending)
        }
      } catch (cause) {
        fail(sink, `to send "${event.event ?? event.type}"`, cause, event)
      }
    }
  }

  const waitFor = (passage: Passage, rest: Op[]): void => {
    const verdict = passage.verdict!
    passage.verdict = undefined
    queue = rest.concat(queue)
    waiting = verdict
      .then((found) => settle(passage, found), () => {})
      .finally(() => {
        waiting = undefined
        drain()
      })
  }

  const drain = (): void => {
    scheduled = false
    if (waiting) return
    const ops = queue
    queue = []
    for (let i = 0; i < ops.length; i++) {
      const op = ops[i]!
      if (typeof op === 'string') {
        for (const sink of sinks) {
          try {
            if (op === 'reset') sink.reset?.()
            else sink.discard?.()
          } catch (cause) {
            fail(sink, `in ${op}()`, cause)
          }
        }
        continue
      }
      if (op.verdict) return waitFor(op, ops.slice(i))
      if (op.info) notify(op)
      if (op.deliver && !rejected.has(op.event)) send(op.event)
    }
  }

  const eachSink = (step: 'flush' | 'close', deadline: number | undefined): Promise<unknown> =>
    Promise.allSettled(
      sinks.map(async (sink) => {
        try {
          await sink[step]?.(remaining(deadline))
        } catch (cause) {
          fail(sink, `to ${step}`, cause)
        }
      }),
    )

  /** Runs `work`, resolving when it ends or at the deadline, whichever is first; never rejects. */
  const bounded = (work: () => Promise<unknown>, deadline: number | undefined): Promise<void> =>
    within(work().then(() => {}, () => {}), deadline === undefined ? undefined : deadline - Date.now())

  return {
    enqueue(op) {
      queue.push(op)
      if (!scheduled) {
        scheduled = true
        queueMicrotask(drain)
      }
    },
    reject: (event) => void rejected.add(event),
    subscribe(listener) {
      listeners.add(listener)
      return () => void listeners.delete(listener)
    },
    flush: (deadline) =>
      bounded(async () => {
        if (scheduled) drain()
        while (waiting) await waiting
        while (inFlight.size > 0) await Promise.allSettled([...inFlight])
        await eachSink('flush', deadline)
      }, deadline),
    close: (deadline) => bounded(() => eachSink('close', deadline), deadline),
  }
}
