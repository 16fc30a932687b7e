import { createCalls, type Calls } from './calls'
import { createConsent, decide, isConsentState, RESET, sinkConsent, type Consent } from './consent'
import { warmContext } from './context'
import { createDelivery, type Delivery } from './delivery'
import { devtools, keepDevtoolsKey } from './devtools'
import type { Who } from './envelope'
import { hasWindow, warnOnce } from './env'
import { uuid } from './ids'
import { trackerIdentity } from './identity'
import { createPipeline, freezeEnvelope, NO_VIOLATIONS, type Drop } from './pipeline'
import { planChecker } from './planChecker'
import { createRecord } from './record'
import { newStats } from './stats'
import { personOf } from './storedIds'
import { keepReporter, TrackplanError } from './TrackplanError'
import type { Tracker, TrackerOptions, TrackerStats } from './types'
import type { RegisteredPlan, TrackingPlan } from '../plan/types'

/** Events held while consent is pending, unless `consentBufferSize` says otherwise; the oldest go first past it. */
const CONSENT_BUFFER_SIZE = 100

// plan violations under 'warn' have already been warned about, one line each
const defaultOnError = (error: TrackplanError): void => {
  if (process.env.NODE_ENV !== 'production' && error.code !== 'plan_violation')
    warnOnce(error.message.slice(12))
}

/**
 * `onError`, guarded: an `onError` that throws must not throw into the app either, and what
 * an `onError` does that fails in turn (it tracks while consent is denied) is counted but not
 * reported back into it, which would recurse without end.
 */
function reporterFor(onError: (error: TrackplanError) => void) {
  let reporting = false
  return (error: TrackplanError): void => {
    if (reporting) return
    reporting = true
    try {
      onError(error)
    } catch {
      // swallowed on purpose: there is nowhere left to report it
    } finally {
      reporting = false
    }
  }
}

/** A consent state the app gave that is none of the three: reported; `undefined` then. */
function checkedConsent(state: unknown, report: (error: TrackplanError) => void) {
  if (isConsentState(state)) return state
  // typeof, not String(): a symbol or an object without toString must not throw here
  const message =
    process.env.NODE_ENV !== 'production'
      ? `consent must be 'granted', 'pending' or 'denied', got ${typeof state === 'string' ? JSON.stringify(state) : typeof state}; it was ignored.`
      : 'consent'
  report(new TrackplanError('invalid_event', message))
  return undefined
}

/**
 * Creates the framework-agnostic tracker: a composition of identity (ids, persisted under
 * consent), consent (state, buffer), envelope (build, sanitize, page context), pipeline
 * (validate → middleware → size), delivery (queue, sinks, flush/close) and the calls. It is
 * whole when this returns: `track()` builds the envelope inside the call and returns it.
 *
 * @example
 * const tracker = createTracker({ sinks: [consoleSink()], properties: { app: 'web' } })
 * tracker.track('Viewed Pricing', { plan: 'pro' })
 */
export function createTracker<const Plan extends TrackingPlan = RegisteredPlan>(
  trackerOptions: TrackerOptions<Plan> = {},
): Tracker<Plan> {
  const options = trackerOptions as TrackerOptions<TrackingPlan>
  // before the app's tracked components render: TrackClick reads the key on every render
  keepDevtoolsKey()
  const tracker = assemble(options)
  warmContext()
  if (options.devtools !== false) {
    const { plan, properties, sinks = [] } = options
    devtools()?.register(tracker, { plan, properties, sinks })
  }
  return tracker as Tracker<Plan>
}

/** The parts a tracker object is made of. */
interface Parts {
  stats: TrackerStats
  consent: Consent
  delivery: Delivery
  identity: Who
  persistIds(): void
  drop: Drop
  report(error: TrackplanError): void
  calls: (who: () => Who, own: boolean) => Calls
  /** A server's tracker, which holds no identity of its own. */
  shared: boolean
  /** After `close()`, events are dropped. */
  close(): void
}

/** Wires the stages together, each over the ones it hands events to. */
function assemble(options: TrackerOptions<TrackingPlan>): Tracker<never> {
  const check = options.check ?? (options.plan ? planChecker(options.plan) : undefined)
  if (process.env.NODE_ENV !== 'production' && options.plan && !check) {
    warnOnce(
      'the plan given to createTracker() was not made with defineTrackingPlan(), so events ' +
        'are not checked against it at runtime: wrap it in defineTrackingPlan().',
    )
  }
  const stats = newStats()
  const report = reporterFor(options.onError ?? defaultOnError)
  const bufferSize = options.consentBufferSize ?? CONSENT_BUFFER_SIZE
  // a consent state that is none of the three holds events until the app decides
  const initial =
    options.consent === undefined ? 'granted' : checkedConsent(options.consent, report)
  const consent = createConsent(
    initial ?? 'pending',
    bufferSize,
    options.respectDoNotTrack === true,
  )
  // ids written only with consent: before it, or after a refusal, nothing persists
  const { identity, persist: persistIds } = trackerIdentity(
    options.storage,
    report,
    consent.granted,
  )
  persistIds()

  // every drop is counted, reported and told to listeners
  const drop: Drop = (reason, message, event, violations = NO_VIOLATIONS, how) => {
    stats.dropped[reason]++
    if (how !== 'quiet') {
      report(new TrackplanError('dropped', message, { reason, event, violations }))
    }
    if (event && how !== 'listed') {
      const info = { violations, dropped: reason }
      delivery.enqueue({ event: freezeEnvelope(event), info, deliver: false })
    }
    return null
  }
  const pipeline = createPipeline({
    check,
    validation: options.validation ?? (check ? 'warn' : 'off'),
    middleware: options.middleware ?? [],
    report,
    drop,
    forget(event) {
      consent.forget(event)
      delivery.reject(event)
    },
  })
  const delivery = createDelivery({
    sinks: options.sinks ?? [],
    stats,
    report,
    drop,
    consent: sinkConsent(consent),
    settle: pipeline.settle,
  })
  delivery.setup()

  let closed = false
  const parts = {
    globals: options.properties,
    stats,
    report,
    drop,
    pipeline,
    consent,
    delivery,
    bufferSize,
    identity,
    persistIds,
    // a server's tracker serves every request: it holds no identity of its own
    shared: !hasWindow(),
    closed: () => closed,
    close: () => void (closed = true),
  }
  const record = createRecord(parts)
  return trackerOf({ ...parts, calls: createCalls({ ...parts, record }) })
}

const deadlineOf = (timeout: number | undefined): number | undefined =>
  timeout === undefined ? undefined : Date.now() + timeout

/** The tracker object over its parts. */
function trackerOf(parts: Parts): Tracker<never> {
  const { stats, consent, delivery, identity, persistIds, drop, calls, shared } = parts
  const tracker: Tracker<never> = {
    // a server tracker has no ids of its own: each of its events gets a fresh anonymous id
    ...calls(() => (shared ? { userId: null, anonymousId: uuid() } : identity), true),
    reset() {
      identity.userId = null
      identity.anonymousId = uuid()
      persistIds()
      // while consent is pending the events before it wait in the buffer: so does the reset
      if (consent.state === 'pending' && consent.holding()) consent.hold(RESET)
      else delivery.enqueue('reset')
    },
    setConsent(state) {
      const checked = checkedConsent(state, parts.report)
      if (checked && decide(consent, checked, delivery.enqueue, drop)) persistIds()
    },
    getConsent: () => consent.state,
    subscribe: delivery.subscribe,
    flush: (flushOptions) => delivery.flush(deadlineOf(flushOptions?.timeout)),
    async close(closeOptions) {
      const deadline = deadlineOf(closeOptions?.timeout)
      await delivery.flush(deadline)
      parts.close()
      // what waits for a consent decision is never persisted: closing loses it, counted
      for (const held of consent.release())
        if (held !== RESET)
          drop(
            'closed',
            process.env.NODE_ENV !== 'production'
              ? `"${held.event ?? held.type}" was waiting for consent when the tracker closed; it was dropped.`
              : 'closed',
            held,
          )
      await delivery.close(deadline)
    },
    stats: () => ({ ...stats, dropped: { ...stats.dropped } }),
    get userId() {
      return identity.userId
    },
    get anonymousId() {
      return identity.anonymousId
    },
    withIdentity: (ids = {}) => personal(tracker, calls, personOf(ids, uuid)),
  }
  keepReporter(tracker, parts.report)
  return tracker
}

/** A tracker for one person: their own ids and calls, the rest (sinks, plan, consent, queue, stats) shared. */
function personal(tracker: Tracker<never>, calls: Parts['calls'], person: Who): Tracker<never> {
  return {
    ...tracker,
    ...calls(() => person, false),
    reset() {
      person.userId = null
      person.anonymousId = uuid()
    },
    get userId() {
      return person.userId
    },
    get anonymousId() {
      return person.anonymousId
    },
  }
}

export type { CheckResult, EventChecker, Tracker, TrackerOptions } from './types'
