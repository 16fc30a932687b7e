import { currentContext, currentPage } from './context'
import { devtools } from './devtools'
import { hasWindow, warnOnce, within } from './env'
import { uuid } from './ids'
import { identityFor, persistIdentity } from './identity'
import { jsonBytes, mergeProperties, sanitizeProperties, type Sanitized } from './sanitize'
import { resolveStorage } from './storage'
import { TrackingPlanError, TrackplanError } from './TrackplanError'
import { planChecker } from '../plan/registry'
import type {
  ConsentState,
  DropReason,
  EventInfo,
  EventType,
  FlushOptions,
  Listener,
  Middleware,
  Properties,
  PropertiesInput,
  Sink,
  StorageLike,
  TrackedEvent,
  TrackerStats,
  ValidationMode,
  Violation,
} from './types'
import type { RegisteredPlan, TrackFunction, TrackingPlan } from '../plan/types'

/** Envelopes over this many bytes of JSON are not delivered (a violation, reported). */
export const MAX_EVENT_BYTES = 32 * 1024
/** Below this estimate no exact size check is needed: the estimate undercounts by at most 6×. */
const EXACT_CHECK_FROM = MAX_EVENT_BYTES / 6

/**
 * Checks an envelope against a tracking plan. `trackplan`'s plan module supplies one for
 * `createTracker({ plan })`; anything returning violations fits.
 */
/**
 * A checker's answer: the violations found while `track()` runs, and `pending` when an
 * async schema answers later (the event then waits for it, in order, before delivery).
 */
export type CheckResult = readonly Violation[] & { readonly pending?: Promise<readonly Violation[]> }

export type EventChecker = (event: TrackedEvent) => CheckResult

export interface TrackerOptions<Plan extends TrackingPlan = RegisteredPlan> {
  /** The tracking plan: events are checked against it at runtime (see `validation`) and typed at compile time. */
  plan?: Plan
  /** Where envelopes go. Each is isolated: one failing never stops the others. Default `[]`. */
  sinks?: Sink[]
  /** Properties on every `track` and `page` event; provider, scope and call-site properties win over them. */
  properties?: PropertiesInput
  /** `'granted'` (default) sends; `'pending'` buffers in memory; `'denied'` discards. */
  consent?: ConsentState
  /** Maximum events buffered while consent is pending; the oldest are dropped (and reported) past it. Default 100. */
  consentBufferSize?: number
  /** Honour Do Not Track and Global Privacy Control: when either is on, nothing is sent. Default `false`. */
  respectDoNotTrack?: boolean
  /** `false`: devtools (the Storybook panel) do not list this tracker or its events. Default `true`. */
  devtools?: boolean
  /** Run in order after the plan check, before the sinks: enrich, redact, sample, filter. */
  middleware?: Middleware[]
  /** Where the anonymous and user ids live. Default `'localStorage'` (memory where unavailable). */
  storage?: 'localStorage' | 'memory' | StorageLike
  /** Every internal failure, and every dropped event, goes here; never into the app. Default: a development warning. */
  onError?: (error: TrackplanError) => void
  /** What happens on a plan violation. Default `'warn'` when there is a checker, else `'off'`. */
  validation?: ValidationMode
  /** Checks each event against the plan. */
  check?: EventChecker
}

export interface Tracker<Plan extends TrackingPlan = RegisteredPlan> {
  /**
   * Records an event. Synchronous and cheap: sinks run after it returns. Returns the
   * envelope, or `null` when it was dropped. Typed against the plan when there is one.
   */
  track: TrackFunction<Plan>
  /** Records a page view; the page's path, url, title, referrer and search join the properties. */
  page(name?: string, properties?: PropertiesInput): TrackedEvent | null
  /** Ties later events to a known user, with traits. */
  identify(userId: string, traits?: PropertiesInput): TrackedEvent | null
  /** Links a new id to the previous one (default: the current user id, else the anonymous id). */
  alias(newId: string, previousId?: string): TrackedEvent | null
  /** Logout: a new anonymous id, no user id, and every sink's `reset()` (after the events already tracked). */
  reset(): void
  setConsent(state: ConsentState): void
  getConsent(): ConsentState
  /** Hears every envelope, delivered, buffered or dropped. Returns the unsubscribe function. */
  subscribe(listener: Listener): () => void
  /**
   * Resolves when every sink has delivered or given up, or by `timeout` (ms) whatever the
   * collectors do; what is undelivered then stays queued (and persisted where it can be). Never rejects.
   */
  flush(options?: FlushOptions): Promise<void>
  /**
   * Flushes, then closes every sink, within `timeout` (ms) when given; later events are
   * dropped (reported), and so are undelivered events that nothing persists.
   */
  close(options?: FlushOptions): Promise<void>
  /** Counters of tracked, delivered and dropped events. */
  stats(): TrackerStats
  readonly userId: string | null
  readonly anonymousId: string
  /**
   * A tracker for one person — one request on a server: its events carry these ids (a new
   * anonymous id when none is given), and its `identify`, `alias` and `reset` change only
   * it. Everything else (sinks, plan, consent, queue, stats) is this tracker's.
   *
   * @example
   * // a route handler: never identify() the module's tracker, whose ids every request would share
   * const t = tracker.withIdentity({ userId: session?.userId, anonymousId: cookies().get('ajs_anonymous_id')?.value })
   * t.track('Completed Purchase', { orderId })
   */
  withIdentity(ids?: { userId?: string | null; anonymousId?: string | null }): Tracker<Plan>
}

/** Who an envelope is about. */
interface Who {
  userId: string | null
  anonymousId: string
}

type Op =
  | { kind: 'event'; event: TrackedEvent; info?: EventInfo; deliver: boolean; verdict?: Promise<readonly Violation[]> }
  | { kind: 'reset' }
  | { kind: 'discard' }

const NO_VIOLATIONS: readonly Violation[] = Object.freeze([])

/** A tracked event's queue entry; it waits for an async plan check when there is one (no object spread on the hot path). */
const tracked = (event: TrackedEvent, info: EventInfo, deliver: boolean, violations: CheckResult): Op => {
  const op: Op = { kind: 'event', event, info, deliver }
  if (violations.pending) op.verdict = violations.pending
  return op
}

let lastMs = -1
let lastIso = ''
/** `new Date().toISOString()`, formatted once per millisecond: bursts of events share it. */
const isoNow = (): string => {
  const ms = Date.now()
  if (ms !== lastMs) {
    lastMs = ms
    lastIso = new Date(ms).toISOString()
  }
  return lastIso
}

const describe = (value: unknown): string => {
  try {
    return typeof value === 'string' ? (value ? JSON.stringify(value) : 'an empty string') : String(value)
  } catch {
    return `an unprintable ${typeof value}`
  }
}

/** A `reset()` made while consent is pending waits in the buffer behind the events before it. */
const RESET = 'reset' as const

const doNotTrack = (): boolean => {
  if (!hasWindow()) return false
  const nav = navigator as Navigator & { globalPrivacyControl?: boolean; msDoNotTrack?: string }
  const win = window as Window & { doNotTrack?: string }
  return nav.globalPrivacyControl === true || nav.doNotTrack === '1' || win.doNotTrack === '1' || nav.msDoNotTrack === '1'
}

// plan violations under 'warn' have already been warned about, one line each
const defaultOnError = (error: TrackplanError): void => {
  if (process.env.NODE_ENV !== 'production' && error.code !== 'plan_violation') warnOnce(error.message.slice(12))
}

/**
 * Creates the framework-agnostic tracker: envelopes, ids, consent, middleware, and
 * isolated delivery to sinks.
 *
 * @example
 * const tracker = createTracker({ sinks: [consoleSink()], properties: { app: 'web' } })
 * tracker.track('Viewed Pricing', { plan: 'pro' })
 */
export function createTracker<const Plan extends TrackingPlan = RegisteredPlan>(options: TrackerOptions<Plan> = {}): Tracker<Plan> {
  const sinks = options.sinks ?? []
  const middleware = options.middleware ?? []
  const globals = options.properties
  const onError = options.onError ?? defaultOnError
  const check = options.check ?? (options.plan ? planChecker(options.plan) : undefined)
  if (options.plan && !check && process.env.NODE_ENV !== 'production') {
    warnOnce('the plan given to createTracker() was not made with defineTrackingPlan(), so events are not checked against it at runtime: wrap it in defineTrackingPlan().')
  }
  const validation: ValidationMode = options.validation ?? (check ? 'warn' : 'off')
  const bufferSize = options.consentBufferSize ?? 100
  const blocked = options.respectDoNotTrack === true && doNotTrack()
  const listeners = new Set<Listener>()
  const inFlight = new Set<Promise<void>>()
  const buffer: (TrackedEvent | typeof RESET)[] = []
  let buffered = 0
  const stats: TrackerStats = {
    tracked: 0,
    delivered: 0,
    dropped: { consent: 0, overflow: 0, validation: 0, size: 0, invalid: 0, middleware: 0, closed: 0, delivery: 0 },
  }
  let queue: Op[] = []
  let scheduled = false
  /** An async plan check the queue waits on: events stay in order behind it. */
  let waiting: Promise<void> | undefined
  const rejected = new WeakSet<TrackedEvent>()
  let closed = false
  let consent: ConsentState = options.consent ?? 'granted'

  const report = (error: TrackplanError): void => {
    try {
      onError(error)
    } catch {
      // an onError that throws must not throw into the app either
    }
  }

  const storage = resolveStorage(options.storage, (cause) =>
    report(new TrackplanError('storage_failed', 'localStorage is not available: ids are kept in memory.', { cause })),
  )
  const identity = identityFor(storage)

  // ids are written only with consent: before it, or after a refusal, nothing persists
  const persistIds = (): void => {
    try {
      persistIdentity(storage, identity, consent === 'granted' && !blocked)
    } catch (cause) {
      report(new TrackplanError('storage_failed', 'could not save the user ids.', { cause }))
    }
  }
  persistIds()

  const notify = (event: TrackedEvent, info: EventInfo): void => {
    for (const listener of listeners) {
      try {
        listener(event, info)
      } catch (cause) {
        report(new TrackplanError('listener_failed', 'a subscribe() listener threw.', { cause, event }))
      }
    }
  }

  const drain = (): void => {
    scheduled = false
    if (waiting) return
    const ops = queue
    queue = []
    for (let i = 0; i < ops.length; i++) {
      const op = ops[i]!
      if (op.kind === 'event') {
        if (op.verdict) {
          const verdict = op.verdict
          delete op.verdict
          queue = ops.slice(i).concat(queue)
          waiting = verdict
            .then((found) => settle(op, found), () => {})
            .finally(() => {
              waiting = undefined
              drain()
            })
          return
        }
        // a released buffered event was announced when tracked: listeners hear of it once
        if (op.info) notify(op.event, op.info)
        if (op.deliver && !rejected.has(op.event)) deliver(op.event)
      } else {
        for (const sink of sinks) {
          try {
            if (op.kind === 'reset') sink.reset?.()
            else sink.discard?.()
          } catch (cause) {
            report(new TrackplanError('sink_failed', `sink "${sink.name}" failed in ${op.kind}().`, { cause, sink: sink.name }))
          }
        }
      }
    }
  }

  const deliver = (event: TrackedEvent): void => {
    stats.delivered++
    for (const sink of sinks) {
      const fail = (cause: unknown): void =>
        report(new TrackplanError('sink_failed', `sink "${sink.name}" failed to send "${event.event ?? event.type}".`, { cause, event, sink: sink.name }))
      try {
        const result = sink.send(event)
        if (result && typeof result.then === 'function') {
          const pending: Promise<void> = result.then(undefined, fail).finally(() => inFlight.delete(pending))
          inFlight.add(pending)
        }
      } catch (cause) {
        fail(cause)
      }
    }
  }

  const enqueue = (op: Op): void => {
    queue.push(op)
    if (!scheduled) {
      scheduled = true
      queueMicrotask(drain)
    }
  }

  const count = (reason: DropReason, message: string, event?: TrackedEvent, violations = NO_VIOLATIONS): void => {
    stats.dropped[reason]++
    report(new TrackplanError('dropped', message, { reason, ...(event ? { event } : {}), violations }))
  }

  const drop = (reason: DropReason, message: string, event?: TrackedEvent, violations = NO_VIOLATIONS): null => {
    count(reason, message, event, violations)
    if (event) enqueue({ kind: 'event', event, info: { violations, dropped: reason }, deliver: false })
    return null
  }

  /** The answer of an async plan check, applied as `validation` says ('throw' cannot throw any more: it drops). */
  const settle = (op: Extract<Op, { kind: 'event' }>, found: readonly Violation[]): void => {
    if (found.length === 0) return
    const { event } = op
    const label = event.event ?? event.type
    const violations = [...(op.info?.violations ?? []), ...found]
    const summary = found.map((v) => v.message).join('; ')
    if (validation === 'warn') {
      for (const violation of found) warnOnce(violation.message)
      report(new TrackplanError('plan_violation', summary, { event, violations }))
      if (op.info) op.info = { ...op.info, violations }
      return
    }
    count('validation', `"${label}" breaks the tracking plan and was dropped: ${summary}`, event, violations)
    op.deliver = false
    op.info = { violations, dropped: 'validation' }
    rejected.add(event)
    const at = buffer.indexOf(event)
    if (at >= 0) {
      buffer.splice(at, 1)
      buffered--
    }
  }

  for (const sink of sinks) {
    try {
      sink.setup?.({
        report: (cause) =>
          report(cause instanceof TrackplanError ? cause : new TrackplanError('delivery_failed', `sink "${sink.name}": ${cause.message}`, { cause, sink: sink.name })),
        dropped: (event, reason, message) => void drop(reason, `sink "${sink.name}": ${message}`, event),
      })
    } catch (cause) {
      report(new TrackplanError('sink_failed', `sink "${sink.name}" failed in setup().`, { cause, sink: sink.name }))
    }
  }

  const record = (
    who: Who,
    type: EventType,
    name: string | undefined,
    properties: PropertiesInput | undefined,
    extra?: { traits?: Sanitized; previousId?: string },
  ): TrackedEvent | null => {
    const label = name ?? type
    if (closed) return drop('closed', `"${label}" was tracked after close(); it was dropped.`)
    const merged = globals && type !== 'identify' && type !== 'alias' ? mergeProperties(globals, properties ?? {}) : properties
    const { value, size, unreadable } = sanitizeProperties(merged)
    const context = currentContext()
    const draft: { -readonly [K in keyof TrackedEvent]: TrackedEvent[K] } = {
      type,
      properties: value,
      userId: who.userId,
      anonymousId: who.anonymousId,
      messageId: uuid(),
      timestamp: isoNow(),
      context,
    }
    if (name !== undefined) draft.event = name
    if (extra?.traits) draft.traits = extra.traits.value
    if (extra?.previousId !== undefined) draft.previousId = extra.previousId
    let event: TrackedEvent = draft
    stats.tracked++
    const unread = extra?.traits?.unreadable ? [...(unreadable ?? []), ...extra.traits.unreadable] : unreadable
    if (unread) {
      report(new TrackplanError('invalid_event', `"${label}": ${unread.map((p) => `"${p}"`).join(', ')} could not be read (a getter or a proxy threw); sent as "[Unreadable]".`, { event: draft }))
    }

    let violations: CheckResult = NO_VIOLATIONS
    if (check && validation !== 'off') {
      try {
        violations = check(event)
      } catch (cause) {
        report(new TrackplanError('plan_violation', `the plan check failed on "${label}".`, { cause, event }))
      }
      if (violations.length > 0) {
        const summary = violations.map((v) => v.message).join('; ')
        if (validation === 'throw') {
          drop('validation', `"${label}" breaks the tracking plan: ${summary}`, Object.freeze(event), violations)
          throw new TrackingPlanError(summary, { event, violations })
        }
        if (validation === 'drop') return drop('validation', `"${label}" breaks the tracking plan and was dropped: ${summary}`, Object.freeze(event), violations)
        for (const violation of violations) warnOnce(violation.message)
        report(new TrackplanError('plan_violation', summary, { event, violations }))
      }
    }

    let estimate = size + (extra?.traits?.size ?? 0) + 600 + (context.page ? context.page.url.length * 2 + context.page.title.length + context.page.referrer.length : 0)
    for (const step of middleware) {
      let next: TrackedEvent | null
      try {
        next = step(event)
      } catch (cause) {
        report(new TrackplanError('middleware_failed', `middleware threw on "${label}"; the event was dropped to keep what it guards safe.`, { cause, event }))
        return drop('middleware', `"${label}" was dropped: a middleware failed.`, Object.freeze(event), violations)
      }
      if (!next) {
        // the app's own choice (sampling, filtering): counted and shown to listeners, not an error
        stats.dropped.middleware++
        enqueue({ kind: 'event', event: Object.freeze(event), info: { violations, dropped: 'middleware' }, deliver: false })
        return null
      }
      if (next !== event) estimate = MAX_EVENT_BYTES
      event = next
    }

    if (estimate >= EXACT_CHECK_FROM) {
      let bytes = Infinity
      try {
        bytes = jsonBytes(event)
      } catch {
        // unserializable after middleware: treated as too large
      }
      if (bytes > MAX_EVENT_BYTES) {
        return drop('size', `"${label}" is ${bytes} bytes of JSON, over the ${MAX_EVENT_BYTES}-byte limit; it was not delivered.`, Object.freeze(event), violations)
      }
    }

    Object.freeze(event.properties)
    Object.freeze(event)
    if (blocked || consent === 'denied') {
      return drop('consent', `"${label}" was dropped: ${blocked ? 'Do Not Track / Global Privacy Control is on' : 'consent is denied'}.`, event, violations)
    }
    if (consent === 'pending') {
      buffer.push(event)
      if (++buffered > bufferSize) {
        const at = buffer.findIndex((item) => item !== RESET)
        const oldest = buffer.splice(at, 1)[0] as TrackedEvent
        buffered--
        drop('overflow', `the consent buffer is full (${bufferSize}); the oldest event, "${oldest.event ?? oldest.type}", was dropped.`, oldest)
      }
      enqueue(tracked(event, { violations, buffered: true }, false, violations))
      return event
    }
    enqueue(tracked(event, { violations }, true, violations))
    return event
  }

  const remaining = (deadline: number | undefined): FlushOptions | undefined =>
    deadline === undefined ? undefined : { timeout: Math.max(0, deadline - Date.now()) }

  /** Runs `work`, resolving when it ends or at the deadline, whichever is first; never rejects. */
  const bounded = (work: () => Promise<void>, deadline: number | undefined): Promise<void> =>
    within(work().catch(() => {}), deadline === undefined ? undefined : deadline - Date.now())

  /** Every sink's `flush` or `close`, side by side, each within what is left of the deadline. */
  const eachSink = async (step: 'flush' | 'close', deadline: number | undefined): Promise<void> => {
    await Promise.allSettled(
      sinks.map(async (sink) => {
        try {
          await sink[step]?.(remaining(deadline))
        } catch (cause) {
          report(new TrackplanError('sink_failed', `sink "${sink.name}" failed to ${step}.`, { cause, sink: sink.name }))
        }
      }),
    )
  }

  /** The public calls never throw into the app: whatever slips past the checks is reported. */
  const guard = <Args extends unknown[]>(call: string, run: (...args: Args) => TrackedEvent | null) =>
    (...args: Args): TrackedEvent | null => {
      try {
        return run(...args)
      } catch (error) {
        if (error instanceof TrackingPlanError) throw error
        report(new TrackplanError('invalid_event', `${call}() failed on its input; nothing was recorded.`, { cause: error }))
        return null
      }
    }

  // On a server one tracker serves every request: its own ids would leak from one request to
  // the next, so it has none to change (identify/alias are refused, each event gets a fresh
  // anonymous id) and a request's events go through withIdentity().
  const shared = !hasWindow()
  const refuse = (call: string): null =>
    drop('invalid', `${call}() on a server tracker would give every later request this user: identify a request's own tracker instead, tracker.withIdentity({ userId, anonymousId }).`)

  /** The calls that make envelopes, for the tracker itself (`own`) or one person (`withIdentity`). */
  const calls = (who: () => Who, own: boolean) => ({
    track: guard('track', (name: unknown, properties?: PropertiesInput) => {
      if (typeof name !== 'string' || name.trim() === '') {
        return drop('invalid', `track() needs a non-empty event name, got ${describe(name)}; nothing was recorded.`)
      }
      return record(who(), 'track', name, properties)
    }) as Tracker<never>['track'],

    page: guard('page', (name?: string, properties?: PropertiesInput) => {
      if (name !== undefined && typeof name !== 'string') {
        return drop('invalid', `page() takes a page name string, got ${describe(name)}; nothing was recorded.`)
      }
      const page = currentPage()
      return record(who(), 'page', name, page ? mergeProperties(page as unknown as PropertiesInput, properties ?? {}) : properties)
    }),

    identify: guard('identify', (id: string, traits?: PropertiesInput) => {
      if ((typeof id !== 'string' || id === '') && typeof id !== 'number') {
        return drop('invalid', `identify() needs a user id (a non-empty string), got ${describe(id)}; nothing was recorded.`)
      }
      if (own && shared) return refuse('identify')
      const person = who()
      person.userId = String(id)
      if (own) persistIds()
      return record(person, 'identify', undefined, undefined, { traits: sanitizeProperties(traits) })
    }),

    alias: guard('alias', (newId: string, previousId?: string) => {
      if (typeof newId !== 'string' || newId === '') {
        return drop('invalid', `alias() needs a new id (a non-empty string), got ${describe(newId)}; nothing was recorded.`)
      }
      if (own && shared) return refuse('alias')
      const person = who()
      const previous = typeof previousId === 'string' && previousId ? previousId : (person.userId ?? person.anonymousId)
      person.userId = newId
      if (own) persistIds()
      return record(person, 'alias', undefined, undefined, { previousId: previous })
    }),
  })

  const withIdentity = (ids: { userId?: string | null; anonymousId?: string | null } = {}): Tracker<never> => {
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
  }

  const tracker: Tracker<never> = {
    ...calls(() => (shared ? { userId: null, anonymousId: uuid() } : identity), true),

    reset() {
      identity.userId = null
      identity.anonymousId = uuid()
      persistIds()
      // while consent is pending the events before it wait in the buffer: so does the reset
      if (consent === 'pending' && buffered > 0) buffer.push(RESET)
      else enqueue({ kind: 'reset' })
    },

    setConsent(state) {
      if (state === consent) return
      consent = state
      persistIds()
      if (state === 'pending') return
      const released = buffer.splice(0)
      buffered = 0
      let resets = false
      for (const item of released) {
        if (item === RESET) {
          if (state === 'granted') enqueue({ kind: 'reset' })
          else resets = true
        } else if (state === 'granted') enqueue({ kind: 'event', event: item, deliver: true })
        else drop('consent', `"${item.event ?? item.type}" was discarded: consent was denied.`, item)
      }
      if (state === 'denied') {
        if (resets) enqueue({ kind: 'reset' })
        enqueue({ kind: 'discard' })
      }
    },

    getConsent: () => consent,

    subscribe(listener) {
      listeners.add(listener)
      return () => void listeners.delete(listener)
    },

    flush(options) {
      const deadline = options?.timeout === undefined ? undefined : Date.now() + options.timeout
      return bounded(async () => {
        if (scheduled) drain()
        while (waiting) await waiting
        while (inFlight.size > 0) await Promise.allSettled([...inFlight])
        await eachSink('flush', deadline)
      }, deadline)
    },

    async close(options) {
      const deadline = options?.timeout === undefined ? undefined : Date.now() + options.timeout
      await tracker.flush(remaining(deadline))
      closed = true
      await bounded(() => eachSink('close', deadline), deadline)
    },

    stats: () => ({ ...stats, dropped: { ...stats.dropped } }),

    get userId() {
      return identity.userId
    },
    get anonymousId() {
      return identity.anonymousId
    },
    withIdentity,
  }
  if (options.devtools !== false) devtools()?.register(tracker, { plan: options.plan, properties: globals, sinks })
  return tracker as unknown as Tracker<Plan>
}
