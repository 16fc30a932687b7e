import { createConsent, RESET } from './consent'
import { createDelivery } from './delivery'
import { devtools } from './devtools'
import { buildEnvelope, type Who } from './envelope'
import { hasWindow, warnOnce } from './env'
import { uuid } from './ids'
import { identityFor, persistIdentity, resolveStorage } from './identity'
import { createPipeline, NO_VIOLATIONS, type Drop, type Passage } from './pipeline'
import { planChecker } from './planChecker'
import { currentPage, warmContext } from './context'
import { sanitizeProperties, layerProperties, type Sanitized } from './sanitize'
import { PlanViolationError, TrackplanError } from './TrackplanError'
import type { EventType, PropertiesInput, TrackedEvent, Tracker, TrackerOptions, TrackerStats } from './types'
import type { RegisteredPlan, TrackingPlan } from '../plan/types'

/** Events held while consent is pending, unless `consentBufferSize` says otherwise; the oldest go first past it. */
const CONSENT_BUFFER_SIZE = 100

const describe = (value: unknown): string => {
  try {
    return typeof value === 'string' ? (value ? JSON.stringify(value) : 'an empty string') : String(value)
  } catch {
    return `an unprintable ${typeof value}`
  }
}

// plan violations under 'warn' have already been warned about, one line each
const defaultOnError = (error: TrackplanError): void => {
  if (process.env.NODE_ENV !== 'production' && error.code !== 'plan_violation') warnOnce(error.message.slice(12))
}

/**
 * Creates the framework-agnostic tracker: a composition of identity (ids, persisted under
 * consent), consent (state, buffer), envelope (build, sanitize, page context), pipeline
 * (validate → middleware → size) and delivery (queue, sinks, flush/close).
 *
 * @example
 * const tracker = createTracker({ sinks: [consoleSink()], properties: { app: 'web' } })
 * tracker.track('Viewed Pricing', { plan: 'pro' })
 */
export function createTracker<const Plan extends TrackingPlan = RegisteredPlan>(options: TrackerOptions<Plan> = {}): Tracker<Plan> {
  const { sinks = [], properties: globals } = options
  const onError = options.onError ?? defaultOnError
  const check = options.check ?? (options.plan ? planChecker(options.plan) : undefined)
  if (process.env.NODE_ENV !== 'production' && options.plan && !check) {
    warnOnce('the plan given to createTracker() was not made with defineTrackingPlan(), so events are not checked against it at runtime: wrap it in defineTrackingPlan().')
  }
  const stats: TrackerStats = {
    tracked: 0,
    delivered: 0,
    dropped: { consent: 0, overflow: 0, validation: 0, size: 0, invalid: 0, middleware: 0, closed: 0, delivery: 0 },
  }
  let closed = false
  const report = (error: TrackplanError): void => {
    try {
      onError(error)
    } catch {
      // an onError that throws must not throw into the app either
    }
  }

  // ---- identity: ids, written only with consent (before it, or after a refusal, nothing persists)
  const consent = createConsent(options.consent ?? 'granted', options.consentBufferSize ?? CONSENT_BUFFER_SIZE, options.respectDoNotTrack === true)
  const storage = resolveStorage(options.storage, (cause) =>
    report(new TrackplanError('storage_failed', process.env.NODE_ENV !== 'production' ? 'localStorage is not available: ids are kept in memory.' : 'storage', { cause })),
  )
  const identity = identityFor(storage)
  const persistIds = (): void => {
    try {
      persistIdentity(storage, identity, consent.granted())
    } catch (cause) {
      report(new TrackplanError('storage_failed', process.env.NODE_ENV !== 'production' ? 'could not save the user ids.' : 'storage', { cause }))
    }
  }
  persistIds()

  // ---- delivery and the pipeline; every drop is counted, reported and told to listeners
  const drop: Drop = (reason, message, event, violations = NO_VIOLATIONS, how) => {
    stats.dropped[reason]++
    if (how !== 'quiet') report(new TrackplanError('dropped', message, { reason, ...(event ? { event } : {}), violations }))
    if (event && how !== 'listed') delivery.enqueue({ event: Object.freeze(event), info: { violations, dropped: reason }, deliver: false })
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
    sinks,
    stats,
    report,
    settle: pipeline.settle,
    sinkContext: (sink) => ({
      report: (cause) =>
        report(cause instanceof TrackplanError ? cause : new TrackplanError('delivery_failed', `sink "${sink.name}": ${cause.message}`, { cause, sink: sink.name })),
      dropped: (event, reason, message) => void drop(reason, `sink "${sink.name}": ${message}`, event),
    }),
  })

  /** An event through the pipeline, then to the sinks, the consent buffer, or nowhere. */
  const record = (who: Who, type: EventType, name: string | undefined, properties: PropertiesInput | undefined, extra?: { traits?: Sanitized; previousId?: string }): TrackedEvent | null => {
    const label = name ?? type
    if (closed) return drop('closed', process.env.NODE_ENV !== 'production' ? `"${label}" was tracked after close(); it was dropped.` : label)
    const draft = buildEnvelope(who, type, name, globals, properties, extra)
    stats.tracked++
    if (draft.unreadable) {
      const paths = draft.unreadable.map((p) => `"${p}"`).join(', ')
      report(new TrackplanError('invalid_event', process.env.NODE_ENV !== 'production' ? `"${label}": ${paths} could not be read (a getter or a proxy threw); sent as "[Unreadable]".` : paths, { event: draft.event }))
    }
    const passed = pipeline.run(draft.event, label, draft.estimate)
    if (!passed) return null
    const { event, violations } = passed
    if (consent.blocked || consent.state === 'denied') {
      return drop('consent', process.env.NODE_ENV !== 'production' ? `"${label}" was dropped: ${consent.blocked ? 'Do Not Track / Global Privacy Control is on' : 'consent is denied'}.` : label, event, violations)
    }
    const pending = consent.state === 'pending'
    const passage: Passage = { event, info: pending ? { violations, buffered: true } : { violations }, deliver: !pending }
    if (violations.pending) passage.verdict = violations.pending
    const pushedOut = pending ? consent.hold(event) : undefined
    if (pushedOut) drop('overflow', process.env.NODE_ENV !== 'production' ? `the consent buffer is full (${options.consentBufferSize ?? CONSENT_BUFFER_SIZE}); the oldest event, "${pushedOut.event ?? pushedOut.type}", was dropped.` : 'overflow', pushedOut)
    delivery.enqueue(passage)
    return event
  }

  /** The public calls never throw into the app: whatever slips past the checks is reported. */
  const guard = <Args extends unknown[]>(call: string, run: (...args: Args) => TrackedEvent | null) =>
    (...args: Args): TrackedEvent | null => {
      try {
        return run(...args)
      } catch (error) {
        if (error instanceof PlanViolationError) throw error
        report(new TrackplanError('invalid_event', process.env.NODE_ENV !== 'production' ? `${call}() failed on its input; nothing was recorded.` : call, { cause: error }))
        return null
      }
    }
  /** A call with input it cannot use; `needs` says what it takes (development builds only). */
  const invalid = (call: string, got: unknown, needs: string | false): null =>
    drop('invalid', process.env.NODE_ENV !== 'production' ? `${call}() ${needs}, got ${describe(got)}; nothing was recorded.` : call)

  // On a server one tracker serves every request: its own ids would leak from one request to
  // the next, so it has none to change (identify/alias are refused, each event gets a fresh
  // anonymous id) and a request's events go through withIdentity().
  const shared = !hasWindow()
  const refuse = (call: string): null =>
    drop('invalid', process.env.NODE_ENV !== 'production' ? `${call}() on a server tracker would give every later request this user: identify a request's own tracker instead, tracker.withIdentity({ userId, anonymousId }).` : call)

  /** The calls that make envelopes, for the tracker itself (`own`) or one person (`withIdentity`). */
  const calls = (who: () => Who, own: boolean) => ({
    track: guard('track', (name: unknown, properties?: PropertiesInput) =>
      typeof name !== 'string' || name.trim() === '' ? invalid('track', name, process.env.NODE_ENV !== 'production' && 'needs a non-empty event name') : record(who(), 'track', name, properties),
    ) as Tracker<never>['track'],

    page: guard('page', (name?: string, properties?: PropertiesInput) => {
      if (name !== undefined && typeof name !== 'string') return invalid('page', name, process.env.NODE_ENV !== 'production' && 'takes a page name string')
      return record(who(), 'page', name, layerProperties(currentPage() as PropertiesInput | undefined, properties))
    }),

    identify: guard('identify', (id: string, traits?: PropertiesInput) => {
      if ((typeof id !== 'string' || id === '') && typeof id !== 'number') return invalid('identify', id, process.env.NODE_ENV !== 'production' && 'needs a user id (a non-empty string)')
      if (own && shared) return refuse('identify')
      const person = who()
      person.userId = String(id)
      if (own) persistIds()
      return record(person, 'identify', undefined, undefined, { traits: sanitizeProperties(traits) })
    }),

    alias: guard('alias', (newId: string, previousId?: string) => {
      if (typeof newId !== 'string' || newId === '') return invalid('alias', newId, process.env.NODE_ENV !== 'production' && 'needs a new id (a non-empty string)')
      if (own && shared) return refuse('alias')
      const person = who()
      const previous = typeof previousId === 'string' && previousId ? previousId : (person.userId ?? person.anonymousId)
      person.userId = newId
      if (own) persistIds()
      return record(person, 'alias', undefined, undefined, { previousId: previous })
    }),
  })

  const deadlineOf = (timeout: number | undefined): number | undefined => (timeout === undefined ? undefined : Date.now() + timeout)

  const tracker: Tracker<never> = {
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
      if (state === consent.state) return
      consent.state = state
      persistIds()
      if (state === 'pending') return
      let resets = false
      for (const item of consent.release()) {
        if (item === RESET) {
          if (state === 'granted') delivery.enqueue('reset')
          else resets = true
        } else if (state === 'granted') delivery.enqueue({ event: item, deliver: true })
        else drop('consent', process.env.NODE_ENV !== 'production' ? `"${item.event ?? item.type}" was discarded: consent was denied.` : 'consent', item)
      }
      if (state === 'denied') {
        if (resets) delivery.enqueue('reset')
        delivery.enqueue('discard')
      }
    },

    getConsent: () => consent.state,
    subscribe: delivery.subscribe,
    flush: (flushOptions) => delivery.flush(deadlineOf(flushOptions?.timeout)),

    async close(closeOptions) {
      const deadline = deadlineOf(closeOptions?.timeout)
      await delivery.flush(deadline)
      closed = true
      await delivery.close(deadline)
    },

    stats: () => ({ ...stats, dropped: { ...stats.dropped } }),

    get userId() {
      return identity.userId
    },
    get anonymousId() {
      return identity.anonymousId
    },

    withIdentity(ids = {}) {
      const person: Who = { userId: ids.userId ? String(ids.userId) : null, anonymousId: ids.anonymousId ? String(ids.anonymousId) : uuid() }
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
    },
  }
  warmContext()
  if (options.devtools !== false) devtools()?.register(tracker, { plan: options.plan, properties: globals, sinks })
  return tracker as Tracker<never> as Tracker<Plan>
}

export { MAX_EVENT_BYTES } from './pipeline'
export type { CheckResult, EventChecker, Tracker, TrackerOptions } from './types'
