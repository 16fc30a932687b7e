import { keepDevtoolsKey } from './devtools'
import { within } from './env'
import type { Who } from './envelope'
import { leftCalls } from './leftCalls'
import { ANONYMOUS_ID_KEY, personOf, readId, USER_ID_KEY } from './storedIds'
import { randomId } from './randomId'
import { moment } from './moment'
import { newStats } from './stats'
import type {
  ConsentState,
  Listener,
  PageContext,
  StorageLike,
  TrackedEvent,
  Tracker,
  TrackerOptions,
} from './types'
import type { RegisteredPlan, TrackingPlan } from '../plan/types'

type Engine = typeof import('./engine')
type Method = 'track' | 'page' | 'identify' | 'alias' | 'reset' | 'setConsent'

/**
 * A call a tracker took before its engine arrived: on which tracker (itself or a
 * `withIdentity` one), what, and when and on which page (as read then, not yet redacted).
 */
export type Call = [
  target: () => Tracker<never> | undefined,
  method: Method,
  args: unknown[],
  at: number,
  page: PageContext | RawPage | undefined,
]

/** The page as read before the engine arrived: its path and query are in the URL. */
export type RawPage = Pick<PageContext, 'url' | 'title' | 'referrer'>

let engine: Engine | undefined
let loading: Promise<Engine> | undefined

/**
 * Makes the engine part of the bundle: trackers made after this are whole at once, with no
 * call taken before the engine arrives. `trackplan/testing` and `trackplan/server` do this.
 * (Tests also give a promise — an engine that arrives late, or never — or nothing.)
 */
export function installEngine(module: Engine | Promise<Engine> | undefined): void {
  engine = module instanceof Promise ? undefined : module
  loading = module instanceof Promise ? fetched(module) : undefined
}

/** The engine once fetched; a failed fetch is tried again by the next tracker. */
const fetched = (fetching: Promise<Engine>): Promise<Engine> =>
  fetching.then(
    (module) => (engine ??= module),
    (error: unknown) => {
      loading = undefined
      throw error
    },
  )

/** The engine, fetched once: its own chunk. */
const load = (): Promise<Engine> => (loading ??= fetched(import('./engine')))

/**
 * Creates the framework-agnostic tracker. Its engine (envelopes, sanitizing, the plan's
 * checks, consent, delivery) is its own chunk, fetched when the first tracker is made: until
 * it arrives, calls are kept with their time and page and replayed on it, in order.
 *
 * @example
 * const tracker = createTracker({ sinks: [consoleSink()], properties: { app: 'web' } })
 * tracker.track('Viewed Pricing', { plan: 'pro' })
 */
export function createTracker<const Plan extends TrackingPlan = RegisteredPlan>(
  options: TrackerOptions<Plan> = {},
): Tracker<Plan> {
  // before the app's tracked components render: TrackClick reads the key on every render
  keepDevtoolsKey()
  const made = engine
    ? engine.createEngine(options as TrackerOptions<TrackingPlan>)
    : front(options as TrackerOptions<TrackingPlan>, load())
  return made as Tracker<never> as Tracker<Plan>
}

/** The page as the browser shows it now, unredacted: the engine redacts it, and reads its path and query from the URL. */
const pageNow = (): RawPage | undefined =>
  typeof document !== 'undefined'
    ? { url: location.href, title: document.title, referrer: document.referrer }
    : undefined

/**
 * Where the front reads the ids and leaves its calls: the storage given, or localStorage — none
 * with `'memory'`, on a server, or where access is refused (the engine reports the fallback).
 */
const storageOf = (option: TrackerOptions['storage']): StorageLike | undefined => {
  if (option && typeof option === 'object') return option
  try {
    return option === 'memory' ? undefined : localStorage
  } catch {
    // no localStorage here (a server), or access refused (a sandboxed iframe)
  }
}

/**
 * The tracker before its engine arrives: calls are kept and replayed; ids, consent, stats and
 * listeners answer from what it knows; `flush` and `close` wait for the engine. When the engine
 * arrives, it replays the calls and its own functions replace the front's: no step in between.
 */
function front(options: TrackerOptions<TrackingPlan>, ready: Promise<Engine>): Tracker<never> {
  // the ids are read now, so that `anonymousId` is right at once: a new one is the engine's too
  const storage = storageOf(options.storage)
  const identity: Who = {
    anonymousId: readId(storage, ANONYMOUS_ID_KEY) || randomId(),
    userId: readId(storage, USER_ID_KEY),
  }
  const stats = newStats()
  let calls: Call[] | undefined = []
  let real: Tracker<never> | undefined
  let consent: ConsentState = options.consent ?? 'granted'
  const listeners = new Map<Listener, (() => void) | undefined>()
  const fronts: [Tracker<never>, () => Tracker<never> | undefined][] = []
  const mine = (): Tracker<never> | undefined => real
  // calls an earlier page left, because it went away before its engine arrived: first
  const [left, stopLeaving] = leftCalls(
    storage,
    options,
    mine,
    () => calls,
    () => void stats.dropped.delivery++,
  )

  const arrived = ready.then(
    (module) => {
      stopLeaving()
      real = module.createEngine(options, own, identity.anonymousId)
      for (const listener of listeners.keys()) listeners.set(listener, real.subscribe(listener))
      const taken = calls!
      calls = undefined
      module.replay([...module.takeLeft(left, mine), ...taken])
      // from now on each front's calls are the engine's own functions: no step in between
      for (const [made, target] of fronts) handOver(made, target()!)
    },
    (cause: unknown) => {
      // without its engine nothing can be sent: what was taken is counted and reported
      calls = undefined
      stats.dropped.delivery += stats.tracked
      reportLostEngine(options, stats.tracked, cause)
    },
  )

  /** A tracker over `target` (the engine's, once there) for `who`: the tracker's own ids, or a `withIdentity` person's. */
  const over = (target: () => Tracker<never> | undefined, who: () => Who): Tracker<never> => {
    // the user id its identify/alias/reset calls leave, until the engine replays them
    let userId: string | null | undefined
    const take =
      (method: Method, leaves?: (args: unknown[]) => string | null | undefined) =>
      (...args: unknown[]): TrackedEvent | null => {
        // only ever called before the engine: its arrival puts the engine's own functions here
        const event = method !== 'reset' && method !== 'setConsent'
        if (calls) {
          calls.push([target, method, args, Date.now(), moment()?.page ?? pageNow()])
          if (event) stats.tracked++
          const user = leaves?.(args)
          if (user !== undefined) userId = user
          if (method === 'setConsent') consent = args[0] as ConsentState
        } else if (event) stats.dropped.delivery++
        return null
      }
    const made = {
      track: take('track'),
      page: take('page'),
      // the engine checks the ids when it replays these; until then the getter shows them
      identify: take('identify', ([id]) => (id || id === 0 ? String(id) : undefined)),
      alias: take('alias', ([id]) => (id ? String(id) : undefined)),
      reset: take('reset', () => null),
      setConsent: take('setConsent'),
      getConsent: () => consent,
      subscribe(listener) {
        listeners.set(listener, undefined)
        return () => {
          listeners.get(listener)?.()
          listeners.delete(listener)
        }
      },
      flush: (flushOptions) =>
        within(
          arrived.then(() => real?.flush(flushOptions)),
          flushOptions?.timeout,
        ),
      close: (closeOptions) =>
        within(
          arrived.then(() => real?.close(closeOptions)),
          closeOptions?.timeout,
        ),
      stats: () => ({ ...stats, dropped: { ...stats.dropped } }),
      get userId() {
        const to = target()
        return to ? to.userId : userId !== undefined ? userId : who().userId
      },
      get anonymousId() {
        return (target() ?? who()).anonymousId
      },
      withIdentity(ids = {}) {
        const person = personOf(ids, randomId)
        let theirs: Tracker<never> | undefined
        return over(
          () => (theirs ??= real?.withIdentity({ ...person })),
          () => person,
        )
      },
    } as Tracker<never>
    fronts.push([made, target])
    return made
  }
  const own = over(mine, () => identity)
  return own
}

/** The engine's tracker's functions, put on the front the app holds. */
function handOver(front: Tracker<never>, to: Tracker<never>): void {
  const from = to as unknown as Record<string, unknown>
  for (const key in from)
    if (typeof from[key] === 'function')
      (front as unknown as Record<string, unknown>)[key] = from[key]
}

/** The engine could not be loaded: `onError` hears it once (the error's class, in the engine's chunk too, is fetched only now). */
function reportLostEngine(
  options: TrackerOptions<TrackingPlan>,
  lost: number,
  cause: unknown,
): void {
  void import('./TrackplanError')
    .then(({ TrackplanError }) =>
      options.onError?.(
        new TrackplanError(
          'delivery_failed',
          process.env.NODE_ENV !== 'production'
            ? `trackplan's engine could not be loaded; ${lost} event(s) were dropped, and so will every later one.`
            : 'engine',
          { cause, reason: 'delivery' },
        ),
      ),
    )
    .catch(() => {
      // an onError that throws must not throw into the app; nor a second failed fetch
    })
}

export type { CheckResult, EventChecker, Tracker, TrackerOptions } from './types'
