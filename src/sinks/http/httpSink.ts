import { within } from '../../core/env'
import type { FlushOptions, Sink, SinkInspection } from '../../core/types'
import { followPage } from './followPage'
import type { HttpSinkOptions } from './httpSinkOptions'
import { createHttpSinkParts, keepOrGiveUp, type HttpSinkParts } from './httpSinkParts'
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
 * healthy collector acknowledges in time never touches storage. When the page is hidden or
 * left, what is queued leaves in `keepalive` requests (under 64 KB in all) whose answers count
 * if the page lives on, and stays persisted until acknowledged (collectors dedupe by
 * `messageId`). Offline pauses sending; online resumes it. Each tab owns its queue; the queue
 * of a tab that went away is adopted by another. Nothing of earlier pages is sent before the
 * tracker's consent is granted, and it is discarded when consent is denied. Works on Node 20
 * (fetch, memory).
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
  /**
   * What consent says of what earlier pages left: send it (`setup()` said granted, or consent
   * was granted since; without a tracker, the first event or flush says so), wait, or discard it.
   */
  let consent: 'granted' | 'pending' | 'denied' = 'pending'
  const start = (): void => {
    if (consent === 'granted' || state.closed) return
    consent = 'granted'
    sendLeftovers(parts)
  }
  const page = followPage(parts, () => {
    if (consent === 'granted') adoptOrphans(parts)
    else if (consent === 'denied') discardLeftovers(parts)
  })
  const stop = (): void => {
    state.closed = true
    page.stop()
    sender.stop()
    queue.stop()
  }
  const sink: HttpSink = {
    name: settings.name,
    acknowledges: true,
    stop,
    setup(context) {
      outcomes.attach(context)
      if (context.consent === 'granted') start()
      else if (context.consent === 'denied') {
        consent = 'denied'
        discardLeftovers(parts)
      }
    },
    send(event) {
      if (state.closed)
        return outcomes.drop([toItem(event)], 'closed', 'the sink was stopped or closed')
      start()
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
    consentGranted: start,
    discard() {
      consent = 'denied'
      discardAll(parts)
    },
    flush(flushOptions) {
      if (outcomes.context === undefined) start()
      return queue.unsent() === 0 || state.offline || state.paused
        ? Promise.resolve()
        : within(sender.drained(), flushOptions?.timeout)
    },
    inspect: () => inspectSink(parts),
    pause(paused) {
      state.paused = paused
      if (!paused) sender.pump({ due: true })
      sender.settle()
    },
    async close(closeOptions) {
      await sink.flush(closeOptions)
      stop()
      // what is still on the wire is cancelled: its events are then persisted, or given up
      await sender.cancel()
      keepOrGiveUp(parts)
    },
  }
  return sink
}

/**
 * Consent denied: the queue (what another tab adopted is that tab's to discard), what this tab
 * left from a previous load and dead tabs' queues go, each counted.
 */
function discardAll(parts: HttpSinkParts): void {
  const { queue, sender, outcomes } = parts
  queue.handOver()
  const discarded = queue.discard()
  sender.settle()
  outcomes.drop(discarded, 'consent', 'consent was denied: the queue was discarded')
  discardLeftovers(parts)
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
function sendLeftovers(parts: HttpSinkParts): void {
  const { store, queue, sender, outcomes } = parts
  try {
    const fromLastLoad = store.load()
    if (fromLastLoad.length > 0) queue.addStored(fromLastLoad.map(toItem))
    sender.waitUntil(queue.adopt().wait)
    // in a task of its own: the caller may be the tracker's setup() or a click's send()
    if (queue.unsent() > 0) setTimeout(() => sender.pump({ due: true }), 0)
  } catch (cause) {
    outcomes.report('could not start', cause)
  }
}

/** On the heartbeat: the queues of tabs that died since are taken over and sent. */
function adoptOrphans({ queue, sender }: HttpSinkParts): void {
  const { added, wait } = queue.adopt()
  // no wait (0) leaves the sender's as it is
  sender.waitUntil(wait)
  if (added > 0) sender.pump({ due: true })
}

/** Consent denied: what this tab left from a previous load, and dead tabs' queues, go (counted). */
function discardLeftovers({ store, outcomes }: HttpSinkParts): void {
  try {
    const left = [...store.load(), ...store.adopt().events]
    outcomes.drop(
      left.map(toItem),
      'consent',
      "consent was denied: an earlier page's queue was discarded",
    )
  } catch (cause) {
    outcomes.report('could not discard what earlier pages left', cause)
  }
}
