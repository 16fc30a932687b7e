// The simulated world a schedule runs in: pages, trackers with their httpSinks, the shared
// Storage, the network, and what the invariants need to know of each event and request.
import { createTracker } from '../../src/core/createTracker'
import type { ConsentState, Tracker } from '../../src/core/types'
import type { TrackplanError } from '../../src/core/TrackplanError'
import { httpSink, type HttpSink } from '../../src/sinks/http/httpSink'
import { SharedStorage, SimGlobals, SimPage } from './browser'
import { Clock, seededRandom } from './clock'
import { Network, weatherFor, type SimRequest } from './network'
import type { SimConfig } from './schedule'

export const COLLECTOR = 'https://collector.example/v1/batch'
export const START = Date.UTC(2026, 11, 5, 9, 0, 0)
const realSetImmediate = setImmediate

export interface SimTracker {
  id: number
  page: SimPage
  tracker: Tracker
  sink: HttpSink
  /** Consent as this tracker was last told. */
  consent: ConsentState
  closedAt?: number
  /** The sink reported that storage failed: it keeps its queue in memory only. */
  storageOff: boolean
  /** No request before these (ms): Retry-After, and backoff unless online came or it gave up. */
  floors: {
    until: number
    kind: 'Retry-After' | 'backoff'
    setAt: number
    /** Where it was set in the run's order (an `online` after it ends a backoff). */
    sequence: number
    ids: string[]
  }[]
}

export interface SimEvent {
  id: string
  tracker: SimTracker
  trackedAt: number
  consent: ConsentState
  /** When it reached the sink: at once with consent, else when consent was granted. */
  handedAt?: number
}

export interface Drop {
  reason: string
  tracker: SimTracker
  at: number
  sequence: number
}

export interface Violation {
  invariant: string
  detail: string
  at: number
}

/** A page as the world tracks it. */
export interface PageState {
  page: SimPage
  state: 'live' | 'cached' | 'dead'
  consent: ConsentState
  /** A consent decision or network change made while it was frozen: applied when it resumes. */
  missed: { consent?: ConsentState; online?: boolean }
  lastHiddenAt: number
  killedAt?: number
  /** The sequence (the run's order) of the last `online` it heard. */
  onlineAt: number
  trackers: SimTracker[]
}

export class World {
  readonly clock = new Clock(START)
  readonly random
  readonly globals
  readonly storage
  readonly network
  readonly pages: PageState[] = []
  readonly trackers: SimTracker[] = []
  readonly events = new Map<string, SimEvent>()
  readonly drops = new Map<string, Drop[]>()
  readonly violations: Violation[] = []
  /** When another page took a sink's persisted queue (removed its record). */
  readonly adoptions: { sink: number; sequence: number }[] = []
  consent: ConsentState
  private eventNumber = 0

  constructor(
    seed: number,
    readonly config: SimConfig,
    hooks: {
      started(world: World, request: SimRequest): void
      answered(world: World, request: SimRequest): void
    },
  ) {
    this.random = seededRandom(seed ^ 0x5bd1e995)
    this.globals = new SimGlobals(this.clock, this.random)
    this.storage = new SharedStorage({
      clock: this.clock,
      page: () => this.running(),
      consentOf: (page) => this.stateOf(page).consent,
      // a claim on a tab's queue is its adoption (by whichever sink, this page's too)
      claimed: (key) => {
        const tab = /^trackplan:http:claim:trackplan:http:tab(\d+)$/.exec(key)
        if (tab) this.adoptions.push({ sink: Number(tab[1]), sequence: this.clock.sequence() })
      },
    })
    this.network = new Network(this.clock, this.random, weatherFor(this.random), {
      started: (request) => hooks.started(this, request),
      answered: (request) => hooks.answered(this, request),
    })
    this.consent = config.consent
  }

  violate(invariant: string, detail: string): void {
    this.violations.push({ invariant, detail, at: this.clock.now })
  }

  /** The page whose code runs now. */
  running(): SimPage | undefined {
    return this.clock.current as SimPage | undefined
  }

  stateOf(page: SimPage): PageState {
    return this.pages.find((state) => state.page === page)!
  }

  trackerOfSink(sinkId: number | undefined, page: SimPage): SimTracker | undefined {
    if (sinkId !== undefined) return this.trackers.find((tracker) => tracker.id === sinkId)
    return this.stateOf(page).trackers.at(-1)
  }

  /** Runs page code: its globals in place, whatever it throws is a violation. */
  run(page: SimPage | undefined, what: string, work: () => void): void {
    this.globals.enter(page, page ? this.network.beaconFor(page) : undefined)
    try {
      work()
    } catch (error) {
      this.violate('nothing throws into the app', `${what} threw: ${String(error)}`)
    }
  }

  /** Lets every microtask the last step queued run (a macrotask of the real event loop). */
  settle(): Promise<void> {
    return new Promise((resolve) => realSetImmediate(resolve))
  }

  /** Virtual time passes: each timer due runs, as its page's code, then its microtasks. */
  async advance(ms: number): Promise<void> {
    // what the last step queued as microtasks runs before any timer, as in a browser
    await this.settle()
    const until = this.clock.now + ms
    for (let task = this.clock.take(until); task; task = this.clock.take(until)) {
      const owner = task.owner as SimPage | undefined
      this.run(owner, 'a timer', task.run)
      await this.settle()
    }
    this.clock.now = until
  }

  openPage(visible: boolean): PageState {
    const page = new SimPage(
      this.pages.length + 1,
      `https://app.example/page/${this.pages.length + 1}`,
      visible ? 'visible' : 'hidden',
    )
    const state: PageState = {
      page,
      state: 'live',
      consent: this.consent,
      missed: {},
      lastHiddenAt: visible ? -Infinity : this.clock.now,
      onlineAt: -Infinity,
      trackers: [],
    }
    this.pages.push(state)
    this.newTracker(state)
    return state
  }

  newTracker(state: PageState): void {
    const { config } = this
    const id = this.trackers.length + 1
    const simTracker = {
      id,
      page: state.page,
      consent: state.consent,
      storageOff: false,
      floors: [],
    } as unknown as SimTracker
    this.run(state.page, 'creating a tracker', () => {
      const sink = httpSink({
        url: COLLECTOR,
        fetch: this.network.fetchFor(state.page, id),
        persist: config.persist ? this.storage : false,
        tabId: `tab${id}`,
        batchSize: config.batchSize,
        flushInterval: config.flushInterval,
        maxQueueSize: config.maxQueueSize,
        orphanAfter: config.orphanAfter,
        timeout: config.timeout,
        retry: {
          baseDelay: config.baseDelay,
          maxDelay: config.maxDelay,
          maxAttempts: config.maxAttempts,
        },
      })
      simTracker.sink = sink
      simTracker.tracker = createTracker({
        sinks: [sink],
        consent: state.consent,
        consentBufferSize: config.consentBufferSize,
        storage: this.storage,
        devtools: false,
        onError: (error: TrackplanError) => this.heard(simTracker, error),
      })
    })
    if (!simTracker.tracker) return
    this.trackers.push(simTracker)
    state.trackers.push(simTracker)
  }

  private heard(tracker: SimTracker, error: TrackplanError): void {
    if (error.code === 'dropped' && error.event?.messageId) {
      const id = error.event.messageId
      const drops = this.drops.get(id) ?? []
      drops.push({
        reason: String(error.reason),
        tracker,
        at: this.clock.now,
        sequence: this.clock.sequence(),
      })
      this.drops.set(id, drops)
    }
    if (/storage is full or refused/.test(error.message)) tracker.storageOff = true
  }

  track(state: PageState, count: number): void {
    const tracker = state.trackers.at(-1)
    if (!tracker || tracker.closedAt !== undefined) return
    this.run(state.page, 'track()', () => {
      for (let i = 0; i < count; i++) {
        const envelope = tracker.tracker.track(`Event ${++this.eventNumber}`, {
          n: this.eventNumber,
        })
        if (!envelope) continue
        this.events.set(envelope.messageId, {
          id: envelope.messageId,
          tracker,
          trackedAt: this.clock.now,
          consent: tracker.consent,
          ...(tracker.consent === 'granted' ? { handedAt: this.clock.now } : {}),
        })
      }
    })
  }

  /** Tells a running page's tracker of a consent decision. */
  applyConsent(state: PageState, consent: ConsentState): void {
    state.consent = consent
    for (const tracker of state.trackers) {
      // a closed tracker is told too: its sink may still be flushing what it held
      if (tracker.consent === consent) continue
      const before = tracker.consent
      tracker.consent = consent
      if (before === 'pending' && consent === 'granted')
        for (const event of this.events.values())
          if (event.tracker === tracker && event.handedAt === undefined)
            event.handedAt = this.clock.now
      this.run(state.page, 'setConsent()', () => tracker.tracker.setConsent(consent))
    }
  }

  dispatch(
    state: PageState,
    target: 'window' | 'document',
    type: string,
    persisted?: boolean,
  ): void {
    this.run(state.page, `the ${type} event`, () => {
      const event = new Event(type)
      if (persisted !== undefined) Object.defineProperty(event, 'persisted', { value: persisted })
      state.page[target].dispatchEvent(event)
    })
  }

  async setOnline(online: boolean): Promise<void> {
    this.network.online = online
    this.globals.online = online
    for (const state of this.pages) {
      if (state.state === 'dead') continue
      if (state.page.frozen) state.missed.online = online
      else {
        if (online) state.onlineAt = this.clock.sequence()
        this.dispatch(state, 'window', online ? 'online' : 'offline')
        await this.settle()
      }
    }
  }
}
