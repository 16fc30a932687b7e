import { within } from '../../core/env'
import type { FlushOptions, Sink, SinkInspection } from '../../core/types'
import { followPage } from './followPage'
import type { HttpSinkOptions } from './httpSinkOptions'
import { createHttpSinkParts, type HttpSinkParts } from './httpSinkParts'
import { toItem } from './item'

export interface HttpSink extends Sink {
  flush(options?: FlushOptions): Promise<void>
  inspect(): SinkInspection
  pause(paused: boolean): void
  /**
   * Stops at once — timers, listeners, sending — leaving what is unacknowledged persisted for
   * a later load (a page going away).
   */
  stop(): void
}

/**
 * Batches events to `POST url` with at-least-once delivery: each event is persisted when
 * queued and removed only when a 2xx acknowledges it; retries with exponential backoff and
 * jitter on network errors, 408, 410, 429, 460 and 5xx (not 501/505/511), honouring
 * `Retry-After`; 413 splits the batch; other 4xx drop it (reported). A backlog is sent in
 * larger batches, up to 4 requests at a time. Persistence is append-only: an event not
 * acknowledged 2 s after it was queued (one whose request failed, at once) is written, writes
 * at least a second apart, as new storage keys removed once acknowledged; everything
 * unacknowledged is written at once when the page is hidden, left or the sink closed. What a
 * healthy collector acknowledges in time never touches storage. When the page is hidden
 * or left, what is queued leaves by `sendBeacon` (else `fetch` with `keepalive`) in chunks
 * under 64 KB, and stays persisted until a later load confirms it (collectors dedupe by
 * `messageId`). Offline pauses sending; online resumes it. Each tab owns its queue; the
 * queue of a tab that went away is adopted by another. Works on Node 20 (fetch, memory).
 *
 * @example
 * httpSink({
 *   url: 'https://collector.example.com/v1/batch',
 *   headers: { Authorization: `Basic ${btoa(writeKey + ':')}` },
 * })
 */
export function httpSink(options: HttpSinkOptions): HttpSink {
  const parts = createHttpSinkParts(options)
  const { settings, state, outcomes, queue, sender } = parts
  const page = followPage(parts)
  const stop = (): void => {
    state.closed = true
    page.stop()
    sender.stop()
    queue.stop()
  }
  const sink: HttpSink = {
    name: settings.name,
    stop,
    setup: outcomes.attach,
    send(event) {
      if (state.closed) return
      // made JSON and queued when a request or a write needs it (many events at once, off the
      // click)
      const waiting = queue.receive(event)
      // a page already hidden (an event fired from a pagehide listener) leaves at once
      if (state.hidden) page.leave()
      // the first sets the timer for its batch; each full batch may start a request, in the
      // next task
      else if (waiting === 1 || waiting % settings.batchSize === 0)
        sender.pump({ inNextTask: true })
    },
    discard() {
      queue.clear()
      sender.settle()
    },
    flush: (flushOptions) =>
      queue.unsent() === 0 || state.offline || state.paused
        ? Promise.resolve()
        : within(sender.drained(), flushOptions?.timeout),
    inspect: () => inspectSink(parts),
    pause(paused) {
      state.paused = paused
      if (!paused) sender.pump({ due: true })
      sender.settle()
    },
    async close(closeOptions) {
      await sink.flush(closeOptions)
      stop()
      keepOrGiveUp(parts)
    },
  }
  sendLeftovers(parts)
  return sink
}

/**
 * After close(): what is unacknowledged stays persisted for a later load or, where nothing
 * persists this sink's queue, is lost, and reported so.
 */
function keepOrGiveUp({ store, queue, outcomes }: HttpSinkParts): void {
  if (store.active) {
    queue.persist()
    store.beat(false)
  } else if (queue.items.length > 0) {
    const lost = [...queue.items]
    queue.clear()
    outcomes.drop(
      lost,
      'delivery',
      "close() gave up on it before the collector acknowledged it (nothing persists this sink's queue)",
    )
  }
}

function inspectSink({ queue, store, sender, outcomes, state }: HttpSinkParts): SinkInspection {
  const { attempts, notBefore, last } = sender.status()
  return {
    queued: queue.items.length,
    inFlight: queue.unsent() - queue.ready(),
    persisted: store.active ? queue.items.length - queue.unpersisted() : 0,
    delivered: outcomes.deliveredCount,
    dropped: { ...outcomes.droppedCounts },
    ...(attempts > 0 ? { retry: { attempt: attempts, nextAt: notBefore, last } } : {}),
    paused: state.paused || state.offline,
  }
}

/** This tab's own persisted queue from a previous load, and dead tabs' queues, are sent first. */
function sendLeftovers({ store, queue, sender, outcomes }: HttpSinkParts): void {
  try {
    const fromLastLoad = store.load()
    if (fromLastLoad.length > 0) queue.addStored(fromLastLoad.map(toItem))
    queue.adopt()
    // after the tracker's setup(): what this load sends may be dropped, and that is reported
    if (queue.unsent() > 0) setTimeout(() => sender.pump({ due: true }), 0)
  } catch (cause) {
    outcomes.report('could not start', cause)
  }
}
