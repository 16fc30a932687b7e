// The invariants of delivery, checked against the collector model. Some hold at every request
// (consent, retry floors, whose events a tab sends), some after every step (storage, memory),
// the rest once the world has healed and gone quiet (every event's fate, duplicates, stats).
import { WRITE_AFTER_MS, PERSIST_GAP_MS } from '../../src/sinks/http/writeBehind'
import { isRetryable } from '../../src/sinks/http/policy'
import type { SimRequest } from './network'
import { START, type SimEvent, type SimTracker, type World } from './world'

/** Drop reasons an httpSink's configuration allows (with consent that can be denied). */
const ALLOWED_DROPS = new Set(['overflow', 'size', 'delivery', 'consent', 'closed'])
/**
 * A page killed without warning (a crash: no visibilitychange, no pagehide) loses what it had
 * not yet written: what reached the sink within this long before (the write-behind window, one
 * write gap, the intake tick, and a little more).
 */
export const CRASH_WINDOW_MS = WRITE_AFTER_MS + PERSIST_GAP_MS + 500

/** A tab's events go out from another tab only when the first is gone, closed, or was frozen. */
const ownerRuns = (owner: SimTracker, world: World): boolean =>
  owner.closedAt === undefined &&
  // a tab whose storage failed can no longer beat: it looks dead to the others
  !owner.storageOff &&
  world.stateOf(owner.page).state === 'live' &&
  !owner.page.everFrozen

/** At every request, before it goes. */
export function checkRequest(world: World, request: SimRequest): void {
  const sender = world.trackerOfSink(request.sink, request.page)
  const where = `request ${request.id} from page ${request.page.id} (sink ${sender?.id ?? '?'})`
  if (world.stateOf(request.page).consent !== 'granted')
    world.violate(
      'nothing is sent before consent is granted or after it is denied',
      `${where} went with consent ${world.stateOf(request.page).consent}`,
    )
  for (const floor of sender?.floors ?? []) {
    if (world.clock.now >= floor.until) continue
    if (floor.kind === 'backoff') {
      const gaveUp = floor.ids.some((id) =>
        world.drops.get(id)?.some((drop) => drop.at >= floor.setAt),
      )
      if (gaveUp || world.stateOf(request.page).onlineAt > floor.sequence) continue
    }
    world.violate(
      'no request goes before a Retry-After or backoff floor in force',
      `${where} went ${floor.until - world.clock.now} ms before the ${floor.kind} floor set at +${floor.setAt - START} ms`,
    )
  }
  for (const id of request.messageIds) {
    const event = world.events.get(id)
    if (event && sender && event.tracker !== sender && ownerRuns(event.tracker, world)) {
      world.violate(
        "two tabs never send each other's events",
        `${where} carried event ${id} of sink ${event.tracker.id}, whose page is live and never froze`,
      )
      return
    }
  }
}

/** An answer reached the sender: a retryable one sets the floors its next request must wait for. */
export function noteAnswer(world: World, request: SimRequest): void {
  const sender = world.trackerOfSink(request.sink, request.page)
  if (!sender || request.beacon) return
  const fate = request.fate
  const now = world.clock.now
  if (fate.kind === 'status' && isRetryable(fate.status) && fate.retryAfter !== undefined) {
    const wait = Math.min(Number(fate.retryAfter) * 1000, 300_000)
    sender.floors.push({
      until: now + wait,
      kind: 'Retry-After',
      setAt: now,
      sequence: world.clock.sequence(),
      ids: request.messageIds,
    })
  }
  // a keepalive request as the page leaves is a chance, not an attempt: only the collector's own
  // trouble (a status) sets a backoff after it, not a network error (the browser's budget spent)
  const networkError = request.aborted || fate.kind !== 'status'
  const troubled =
    fate.kind === 'status' &&
    (isRetryable(fate.status) || (fate.status >= 300 && fate.status < 400))
  const failed = (networkError && !request.keepalive) || (!request.aborted && troubled)
  if (failed)
    sender.floors.push({
      until: now + world.config.baseDelay / 2,
      kind: 'backoff',
      setAt: now,
      sequence: world.clock.sequence(),
      ids: request.messageIds,
    })
}

/** After every step: nothing persisted without consent, queues within their cap. */
export function checkStep(world: World, writesSeen: number): number {
  const writes = world.storage.writes
  for (let i = writesSeen; i < writes.length; i++) {
    const write = writes[i]!
    // a probe of whether storage works, a claim on a dead tab's queue and a heartbeat on a
    // tab's record carry no data (a heartbeat may beat before a denial's discard, in one task)
    if (!write.page || write.key.includes('probe') || write.key.includes(':claim:')) continue
    if (write.existed && /^trackplan:http:[^:]+$/.test(write.key)) continue
    const consent = write.consent
    if (consent !== 'granted')
      world.violate(
        'nothing is persisted before consent is granted or after it is denied',
        `page ${write.page.id} wrote ${write.key} with consent ${consent}`,
      )
  }
  for (const state of world.pages) {
    if (state.state !== 'live' || state.page.frozen) continue
    const tracker = state.trackers.at(-1)
    if (!tracker) continue
    world.run(state.page, 'inspect()', () => {
      const { queued } = tracker.sink.inspect()
      if (queued > world.config.maxQueueSize)
        world.violate(
          'queues stay within maxQueueSize',
          `sink ${tracker.id} holds ${queued} events (maxQueueSize ${world.config.maxQueueSize})`,
        )
    })
  }
  return writes.length
}

/**
 * Requests of `id` the collector stored whose 2xx its sender's code did not see before the
 * event went again or was dropped (an answer lost, a page dead or frozen before its answer, a
 * request that timed out after the collector stored it, a tab that adopted the queue of a
 * frozen one): nobody could know, so it may go again.
 */
function ambiguous(world: World, id: string): number {
  const received = world.network.collector.received.get(id) ?? []
  const later = [
    ...world.network.requests
      .filter((request) => request.messageIds.includes(id))
      .map((request) => request.startSequence),
    ...(world.drops.get(id) ?? []).map((drop) => drop.sequence),
  ]
  const during = (request: SimRequest, sequence: number): boolean =>
    sequence > request.startSequence && sequence < request.answerSequence!
  return received.filter(
    (request) =>
      !request.acknowledged ||
      later.some((sequence) => during(request, sequence)) ||
      world.adoptions.some(
        (adoption) => adoption.sink === request.sink && during(request, adoption.sequence),
      ),
  ).length
}

/** Why an event that was neither delivered nor counted may be gone, if it may. */
function mayBeLost(world: World, event: SimEvent): boolean {
  const { tracker } = event
  const state = world.stateOf(tracker.page)
  if (event.handedAt === undefined) return event.consent === 'pending' && state.state === 'dead'
  if (state.state !== 'dead') return false
  // consent was denied while it was in a request, and the page died before the answer: its fate
  // (delivered, or discarded) was the answer's, and nobody is left to hear it
  if (tracker.consent === 'denied') return true
  const unanswered = world.network.requests.some(
    (request) =>
      request.answeredAt === undefined &&
      request.messageIds.includes(event.id) &&
      world.trackerOfSink(request.sink, request.page)?.consent === 'denied' &&
      world.stateOf(request.page).state === 'dead',
  )
  if (unanswered) return true
  // memory only (persist: false, or storage failed and said so): the page took them with it
  if (!world.config.persist || tracker.storageOff) return true
  // a crash right after they reached the sink, before the write-behind wrote them
  return (
    state.killedAt !== undefined &&
    state.lastHiddenAt < event.handedAt &&
    state.killedAt - event.handedAt <= CRASH_WINDOW_MS
  )
}

/** Once the world is quiet: every event's fate, duplicates within the bound, stats agreeing. */
export function checkEnd(world: World): void {
  const { received } = world.network.collector
  for (const event of world.events.values()) {
    const receipts = received.get(event.id)?.length ?? 0
    const drops = world.drops.get(event.id) ?? []
    const unclear = ambiguous(world, event.id)
    const about = `event ${event.id} (sink ${event.tracker.id}, tracked with consent ${event.consent})`
    for (const drop of drops)
      if (!ALLOWED_DROPS.has(drop.reason))
        world.violate(
          'drops have a reason the configuration allows',
          `${about} dropped for ${drop.reason}`,
        )
    if (event.consent === 'denied') {
      if (receipts > 0)
        world.violate('nothing is sent after consent is denied', `${about} was received`)
      continue
    }
    if (receipts === 0 && drops.length === 0 && !mayBeLost(world, event))
      world.violate('every event is delivered or counted as dropped', `${about} was lost silently`)
    // storage that refuses even removals keeps what was acknowledged or dropped: a later load
    // sends it again, and nothing can prevent it
    const stale = world.storage.everRefused
    if (receipts > 0 && drops.length > 0 && unclear === 0 && !stale)
      world.violate(
        'never both delivered and dropped',
        `${about} was received ${receipts}× and dropped (${drops.map((drop) => drop.reason).join(', ')})`,
      )
    if (drops.length > 1 && unclear === 0 && !stale)
      world.violate('an event is dropped once', `${about} was dropped ${drops.length}×`)
    if (receipts > 1 + unclear && !stale)
      world.violate(
        'duplicates stay within the bound',
        `${about} was received ${receipts}×, ${unclear} of them unacknowledged to their sender`,
      )
  }
  checkStats(world)
}

/** Each tracker's stats() and sink's inspect() agree with what the collector acknowledged. */
function checkStats(world: World): void {
  for (const tracker of world.trackers) {
    const acknowledged = new Set<string>()
    /** With repeats: an event whose queue went to another tab and came back goes twice. */
    let acknowledgements = 0
    for (const request of world.network.requests)
      if (request.sink === tracker.id && request.acknowledged) {
        for (const id of request.messageIds) acknowledged.add(id)
        acknowledgements += request.messageIds.length
      }
    // its own events acknowledged before it dropped them (a drop is final for stats())
    const own = new Set<string>()
    for (const request of world.network.requests) {
      if (request.sink !== tracker.id || !request.acknowledged) continue
      for (const id of request.messageIds) {
        if (world.events.get(id)?.tracker !== tracker) continue
        const droppedBefore = world.drops
          .get(id)
          ?.some((drop) => drop.tracker === tracker && drop.sequence < request.answerSequence!)
        if (!droppedBefore) own.add(id)
      }
    }
    world.run(tracker.page, 'stats()', () => {
      const stats = tracker.tracker.stats()
      if (stats.delivered !== own.size)
        world.violate(
          'stats() agrees with what the collector acknowledged',
          `sink ${tracker.id}: stats().delivered is ${stats.delivered}, the collector acknowledged ${own.size} of its events`,
        )
      const inspected = tracker.sink.inspect().delivered
      if (inspected !== acknowledgements)
        world.violate(
          'inspect() agrees with what the collector acknowledged',
          `sink ${tracker.id}: inspect().delivered is ${inspected}, the collector acknowledged ${acknowledgements}`,
        )
    })
  }
}
