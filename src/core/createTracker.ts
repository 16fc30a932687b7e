import { within } from './env'
import type { Who } from './envelope'
import { identityFor, resolveStorage } from './storedIds'
import { randomId } from './randomId'
import { moment } from './moment'
import { newStats } from './stats'
import type { ConsentState, Listener, PageContext, TrackedEvent, Tracker, TrackerOptions } from './types'
import type { RegisteredPlan, TrackingPlan } from '../plan/types'

type Engine = typeof import('./engine')
type Method = 'track' | 'page' | 'identify' | 'alias' | 'reset' | 'setConsent'

/**
 * A call a tracker took before its engine arrived: on which tracker (itself or a
 * `withIdentity` one), what, and when and on which page (as read then, not yet redacted).
 */
export type Call = [target: () => Tracker<never> | undefined, method: Method, args: unknown[], at: number, page: PageContext | RawPage | undefined]

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
export function createTracker<const Plan extends TrackingPlan = RegisteredPlan>(options: TrackerOptions<Plan> = {}): Tracker<Plan> {
  const made = engine ? engine.createEngine(options as TrackerOptions<TrackingPlan>) : front(options as TrackerOptions<TrackingPlan>, load())
  return made as Tracker<never> as Tracker<Plan>
}

/**
 * Where the calls kept before the engine arrived wait when the page goes away first (a click
 * that navigates, a tab closed): the next page's tracker with the same sinks takes them, and
 * its engine replays them. One key per set of sinks: two trackers on a page (an app's, a
 * widget's) keep theirs apart; a tracker without sinks keeps nothing past its page.
 */
const KEPT_KEY = 'trackplan:kept:'

/** The page as the browser shows it now, unredacted: the engine redacts it, and reads its path and query from the URL. */
const pageNow = (): RawPage | undefined => (typeof document !== 'undefined' ? { url: location.href, title: document.title, referrer: document.referrer } : undefined)

/**
 * The tracker before its engine arrives: calls are kept and replayed; ids, consent, stats and
 * listeners answer from what it knows; `flush` and `close` wait for the engine. When the engine
 * arrives, it replays the calls and its own functions replace the front's: no step in between.
 */
function front(options: TrackerOptions<TrackingPlan>, ready: Promise<Engine>): Tracker<never> {
  let failure: unknown
  // the ids are read now, so `anonymousId` is right at once; the engine gets the same storage
  const storage = resolveStorage(options.storage, (error) => (failure = error ?? null))
  const identity = identityFor(storage)
  const stats = newStats()
  let calls: Call[] | undefined = []
  let real: Tracker<never> | undefined
  let consent: ConsentState = options.consent ?? 'granted'
  const listeners = new Map<Listener, (() => void) | undefined>()
  const fronts: [Tracker<never>, () => Tracker<never> | undefined][] = []
  const mine = (): Tracker<never> | undefined => real
  const kept = options.sinks?.length ? KEPT_KEY + options.sinks.map((sink) => sink.name).join() : ''

  // calls an earlier page kept and could not hand to its engine: this tracker's, in order, first
  try {
    for (const call of JSON.parse((kept && storage.getItem(kept)) || '[]') as [Method, unknown[], number, RawPage][]) calls.push([mine, ...call])
    if (kept) storage.removeItem(kept)
  } catch {
    // unreadable: nothing to take
  }
  // the page going away (hidden first, then gone) before the engine arrives: the calls kept so
  // far wait in storage; the tracker's own (a withIdentity person's are a server's)
  let wrote: unknown
  const keep = (): void => {
    if (!calls || !kept || document.visibilityState !== 'hidden') return
    const saved = calls.filter(([target]) => target === mine).map(([, ...call]) => {
      try {
        return JSON.stringify(call)
      } catch {
        stats.dropped.delivery++ // a value JSON cannot hold (a cycle, a BigInt): counted, not kept
      }
    })
    try {
      wrote = storage.setItem(kept, `[${saved.filter(Boolean).join()}]`) ?? 1
    } catch {
      // storage refused: what is kept stays in memory only
    }
  }
  const watching = typeof document !== 'undefined'
  if (watching) document.addEventListener('visibilitychange', keep)

  const arrived = ready.then(
    (module) => {
      if (watching) document.removeEventListener('visibilitychange', keep)
      // the page came back (the back-forward cache) before the engine: the calls are here, not there
      if (wrote) storage.removeItem(kept)
      real = module.createEngine({ ...options, storage }, failure, own)
      for (const listener of listeners.keys()) listeners.set(listener, real.subscribe(listener))
      const taken = calls!
      calls = undefined
      module.replay(taken)
      // from now on each front's calls are the engine's own functions: no step in between
      for (const [made, target] of fronts) {
        const to = target() as unknown as Record<string, unknown>
        for (const key in to) if (typeof to[key] === 'function') (made as unknown as Record<string, unknown>)[key] = to[key]
      }
    },
    (cause: unknown) => {
      // without its engine nothing can be sent: what was taken is counted and reported
      const lost = stats.tracked
      calls = undefined
      stats.dropped.delivery += lost
      // the error's class is fetched only now (the engine has it; the up-front bytes do not)
      void import('./TrackplanError').then(({ TrackplanError }) =>
        options.onError?.(new TrackplanError('delivery_failed', process.env.NODE_ENV !== 'production' ? `trackplan's engine could not be loaded; ${lost} event(s) were dropped, and so will every later one.` : 'engine', { cause, reason: 'delivery' })),
      ).catch(() => {
        // an onError that throws must not throw into the app; nor a second failed fetch
      })
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
      flush: (flushOptions) => within(arrived.then(() => real?.flush(flushOptions)), flushOptions?.timeout),
      close: (closeOptions) => within(arrived.then(() => real?.close(closeOptions)), closeOptions?.timeout),
      stats: () => ({ ...stats, dropped: { ...stats.dropped } }),
      get userId() {
        const to = target()
        return to ? to.userId : userId !== undefined ? userId : who().userId
      },
      get anonymousId() {
        return (target() ?? who()).anonymousId
      },
      withIdentity(ids = {}) {
        const person: Who = { userId: ids.userId ? String(ids.userId) : null, anonymousId: ids.anonymousId ? String(ids.anonymousId) : randomId() }
        let theirs: Tracker<never> | undefined
        return over(() => (theirs ??= real?.withIdentity({ ...person })), () => person)
      },
    } as Tracker<never>
    fronts.push([made, target])
    return made
  }
  const own = over(mine, () => identity)
  return own
}

export type { CheckResult, EventChecker, Tracker, TrackerOptions } from './types'
