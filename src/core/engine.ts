import { createCalls } from './calls'
import { createRecord } from './record'
import { createConsent, decide, RESET } from './consent'
import { pageContext, warmContext } from './context'
import type { Call, RawPage } from './createTracker'
import { recordAt } from './moment'
import { newStats } from './stats'
import { createDelivery } from './delivery'
import { devtools } from './devtools'
import type { Who } from './envelope'
import { hasWindow, warnOnce } from './env'
import { uuid } from './ids'
import { trackerIdentity } from './identity'
import { personOf } from './storedIds'
import { createPipeline, NO_VIOLATIONS, type Drop } from './pipeline'
import { planChecker } from './planChecker'
import { TrackplanError } from './TrackplanError'
import type { Tracker, TrackerOptions } from './types'
import type { TrackingPlan } from '../plan/types'

/** A call as an earlier page left it: `Call` without its target. */
type Left = [method: Call[1], args: unknown[], at: number, page: RawPage]

/** Events held while consent is pending, unless `consentBufferSize` says otherwise; the oldest go first past it. */
const CONSENT_BUFFER_SIZE = 100

// plan violations under 'warn' have already been warned about, one line each
const defaultOnError = (error: TrackplanError): void => {
  if (process.env.NODE_ENV !== 'production' && error.code !== 'plan_violation')
    warnOnce(error.message.slice(12))
}

/**
 * The tracker's engine: a composition of identity (ids, persisted under consent), consent
 * (state, buffer), envelope (build, sanitize, page context), pipeline (validate → middleware →
 * size), delivery (queue, sinks, flush/close) and the calls. `createTracker` loads it as its
 * own chunk: `front` is the tracker the app holds (devtools know it by that object), and
 * `anonymousId` the one it showed before the engine arrived, taken where storage holds none.
 */
export function createEngine(
  options: TrackerOptions<TrackingPlan>,
  front?: Tracker<never>,
  anonymousId?: string,
): Tracker<never> {
  const { sinks = [], properties: globals } = options
  const onError = options.onError ?? defaultOnError
  const check = options.check ?? (options.plan ? planChecker(options.plan) : undefined)
  if (process.env.NODE_ENV !== 'production' && options.plan && !check) {
    warnOnce(
      'the plan given to createTracker() was not made with defineTrackingPlan(), so events are not checked against it at runtime: wrap it in defineTrackingPlan().',
    )
  }
  const stats = newStats()
  const report = (error: TrackplanError): void => {
    try {
      onError(error)
    } catch {
      // an onError that throws must not throw into the app either
    }
  }
  const consent = createConsent(
    options.consent ?? 'granted',
    options.consentBufferSize ?? CONSENT_BUFFER_SIZE,
    options.respectDoNotTrack === true,
  )

  // ids written only with consent: before it, or after a refusal, nothing persists
  const { identity, persist: persistIds } = trackerIdentity(
    options.storage,
    report,
    consent.granted,
    anonymousId,
  )
  persistIds()

  // every drop is counted, reported and told to listeners
  const drop: Drop = (reason, message, event, violations = NO_VIOLATIONS, how) => {
    stats.dropped[reason]++
    if (how !== 'quiet')
      report(
        new TrackplanError('dropped', message, { reason, ...(event ? { event } : {}), violations }),
      )
    if (event && how !== 'listed')
      delivery.enqueue({
        event: Object.freeze(event),
        info: { violations, dropped: reason },
        deliver: false,
      })
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
  const delivery = createDelivery({ sinks, stats, report, drop, settle: pipeline.settle })

  let closed = false
  const record = createRecord({
    globals,
    stats,
    report,
    drop,
    pipeline,
    consent,
    delivery,
    closed: () => closed,
    bufferSize: options.consentBufferSize ?? CONSENT_BUFFER_SIZE,
  })

  const shared = !hasWindow()
  const calls = createCalls({ record, drop, report, persistIds, shared })
  const deadlineOf = (timeout: number | undefined): number | undefined =>
    timeout === undefined ? undefined : Date.now() + timeout
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
    setConsent: (state) => void (decide(consent, state, delivery.enqueue, drop) && persistIds()),
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
    withIdentity: (ids = {}) => personal(tracker, calls, personOf(ids, uuid)),
  }
  warmContext()
  if (options.devtools !== false)
    devtools()?.register(front ?? tracker, { plan: options.plan, properties: globals, sinks })
  return tracker
}

/** A tracker for one person: their own ids and calls, the rest (sinks, plan, consent, queue, stats) shared. */
function personal(
  tracker: Tracker<never>,
  calls: ReturnType<typeof createCalls>,
  person: Who,
): Tracker<never> {
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

/**
 * The calls an earlier page left (leftCalls.ts: a JSON array's items, `[method, args, at, page]`),
 * as calls on `target` (property layers stay layers: they are plain data). Unreadable: none.
 */
export function takeLeft(written: string, target: Call[0]): Call[] {
  try {
    return (JSON.parse(`[${written}]`) as Left[]).map((call): Call => [target, ...call])
  } catch {
    return []
  }
}

/**
 * Replays the calls a tracker took before its engine arrived, in order, each at its own
 * moment (time and page). Under `validation: 'throw'` a violation has no call left to throw
 * into: the drop is counted and reported to `onError`, as every drop is.
 */
export function replay(calls: readonly Call[]): void {
  for (const [target, method, args, at, page] of calls) {
    try {
      recordAt({ at, page: page && pageContext(page) }, () =>
        (target()![method] as (...args: unknown[]) => unknown)(...args),
      )
    } catch {
      // a PlanViolationError, the only error a call lets out: its drop was reported already
    }
  }
}
