// The simulated network and collector: every request's fate drawn from the seed (2xx, 3xx, 4xx,
// 413, 429 with and without Retry-After, 5xx, hang, reset, an answer lost after the collector
// stored the batch, a slow drip past the timeout), offline, and a collector model that keeps
// every batch it received: deduped by messageId for the checks, counted raw for duplicates.
import type { SimPage } from './browser'
import type { Clock, Random } from './clock'

export type Fate =
  | { kind: 'status'; status: number; retryAfter?: string; latency: number }
  /** Never answered, never stored: the sink's timeout aborts it. */
  | { kind: 'hang' }
  /** The connection dropped before the collector stored anything. */
  | { kind: 'reset'; latency: number }
  /** The collector stored the batch, then the connection dropped: the sender sees an error. */
  | { kind: 'lost answer'; latency: number }

export interface SimRequest {
  id: number
  page: SimPage
  /** The sink that sent it (its fetch), or none for a beacon. */
  sink: number | undefined
  start: number
  /** Where its start falls in the run's order of requests, answers and drops. */
  startSequence: number
  messageIds: string[]
  keepalive: boolean
  beacon: boolean
  fate: Fate
  receivedAt?: number
  /** The sender's code was handed a 2xx for it. */
  acknowledged: boolean
  /** The sender's code was handed its answer (any), and when. */
  answeredAt?: number
  answerSequence?: number
  aborted: boolean
}

/** How likely each fate is in this run: from a healthy collector to a bad day. */
export interface Weather {
  ok: number
  serverError: number
  throttled: number
  clientError: number
  tooLarge: number
  redirect: number
  hang: number
  reset: number
  lostAnswer: number
  slow: number
}

export function weatherFor(random: Random): Weather {
  const bad = random.pick([0, 0.05, 0.2, 0.5])
  return {
    ok: 1 - bad,
    serverError: bad * 0.3,
    throttled: bad * 0.2,
    clientError: bad * 0.03,
    tooLarge: bad * 0.05,
    redirect: bad * 0.04,
    hang: bad * 0.08,
    reset: bad * 0.15,
    lostAnswer: bad * 0.08,
    slow: bad * 0.07,
  }
}

/** What the collector received: every request that reached it, by messageId. */
export class CollectorModel {
  readonly received = new Map<string, SimRequest[]>()
  receive(request: SimRequest): void {
    for (const id of request.messageIds) {
      const list = this.received.get(id)
      if (list) list.push(request)
      else this.received.set(id, [request])
    }
  }
}

/** A beacon's Blob, readable at once (the simulation must see what leaves as it leaves). */
export class SimBlob {
  constructor(
    readonly parts: unknown[],
    readonly options?: { type?: string },
  ) {}
  get text(): string {
    return this.parts.map(String).join('')
  }
  get size(): number {
    return this.text.length
  }
}

const bodyText = (body: unknown): string =>
  typeof body === 'string' ? body : body instanceof SimBlob ? body.text : ''

const messageIdsOf = (text: string): string[] => {
  try {
    const parsed = JSON.parse(text) as { batch?: { messageId?: string }[] }
    return (parsed.batch ?? []).map((event) => String(event.messageId))
  } catch {
    return []
  }
}

export interface NetworkHooks {
  /** A request is about to go: the invariants about when requests may go are checked here. */
  started(request: SimRequest): void
  /** The sender was handed this answer. */
  answered(request: SimRequest): void
}

export class Network {
  online = true
  /** The collector is down: everything answers 503 or resets. */
  down = false
  readonly requests: SimRequest[] = []
  readonly collector = new CollectorModel()

  constructor(
    private clock: Clock,
    private random: Random,
    private weather: Weather,
    private hooks: NetworkHooks,
  ) {}

  private fate(): Fate {
    const random = this.random
    const latency = random.int(5, 400)
    if (this.down)
      return random.chance(0.5)
        ? { kind: 'status', status: 503, latency }
        : { kind: 'reset', latency }
    const w = this.weather
    let roll = random.next()
    const take = (share: number): boolean => (roll -= share) < 0
    if (take(w.ok))
      return { kind: 'status', status: random.pick([200, 200, 200, 202, 204]), latency }
    if (take(w.serverError))
      return { kind: 'status', status: random.pick([500, 502, 503, 504]), latency }
    if (take(w.throttled))
      return {
        kind: 'status',
        status: random.pick([429, 503]),
        latency,
        ...(random.chance(0.6) ? { retryAfter: String(random.int(0, 60)) } : {}),
      }
    if (take(w.clientError))
      return { kind: 'status', status: random.pick([400, 401, 404, 422]), latency }
    if (take(w.tooLarge)) return { kind: 'status', status: 413, latency }
    if (take(w.redirect)) return { kind: 'status', status: random.pick([301, 307, 308]), latency }
    if (take(w.hang)) return { kind: 'hang' }
    if (take(w.reset)) return { kind: 'reset', latency }
    if (take(w.lostAnswer)) return { kind: 'lost answer', latency }
    return { kind: 'status', status: 200, latency: random.int(1000, 25_000) }
  }

  /** The fetch a page's code calls (a sink's `fetch` option, or a beacon). */
  fetchFor(page: SimPage, sink: number | undefined): typeof fetch {
    return ((input: unknown, init: RequestInit = {}) =>
      this.send(page, sink, String(input), init, false)) as typeof fetch
  }

  /** `navigator.sendBeacon` for `page`: handed over while the browser queues it. */
  beaconFor(page: SimPage): (url: string, data: unknown) => boolean {
    return (url, data) => {
      void this.send(page, undefined, url, { body: data as BodyInit, keepalive: true }, true).catch(
        () => {},
      )
      return true
    }
  }

  private send(
    page: SimPage,
    sink: number | undefined,
    url: string,
    init: RequestInit,
    beacon: boolean,
  ): Promise<Response> {
    const request: SimRequest = {
      id: this.requests.length + 1,
      page,
      sink,
      start: this.clock.now,
      startSequence: this.clock.sequence(),
      messageIds: messageIdsOf(bodyText(init.body)),
      keepalive: init.keepalive === true,
      beacon,
      fate: { kind: 'hang' },
      acknowledged: false,
      aborted: false,
    }
    this.requests.push(request)
    this.hooks.started(request)
    const signal = init.signal ?? undefined
    if (!this.online) {
      request.fate = { kind: 'reset', latency: 0 }
      const offline = () => Promise.reject<Response>(new TypeError('Failed to fetch'))
      return this.answerLater(request, 0, offline, signal)
    }
    const fate = (request.fate = this.fate())
    if (fate.kind === 'hang') return this.answerLater(request, Infinity, () => never, signal)
    const deliver = (): void => {
      // a page that died cancelled its requests, except those sent with keepalive
      if (request.aborted || (!page.alive && !request.keepalive)) return
      request.receivedAt = this.clock.now
      this.collector.receive(request)
    }
    if (fate.kind === 'lost answer' || (fate.kind === 'status' && fate.status < 300))
      this.atNetwork(fate.latency, deliver)
    return this.answerLater(
      request,
      fate.latency,
      () => {
        if (fate.kind === 'reset' || fate.kind === 'lost answer')
          return Promise.reject(new TypeError('network error'))
        const headers = new Headers()
        if (fate.kind === 'status' && fate.retryAfter !== undefined)
          headers.set('retry-after', fate.retryAfter)
        if (fate.status >= 300 && fate.status < 400)
          headers.set('location', 'https://elsewhere.example/')
        request.acknowledged = fate.status >= 200 && fate.status < 300
        return Promise.resolve(new Response(null, { status: fate.status, headers }))
      },
      signal,
    )
  }

  /** Runs `work` on the network's own time: whatever the sender's page does meanwhile. */
  private atNetwork(delay: number, work: () => void): void {
    const current = this.clock.current
    this.clock.current = undefined
    this.clock.set(work, delay)
    this.clock.current = current
  }

  /**
   * The answer reaches the sender's code `delay` ms from now (a frozen page's later, a dead
   * page's never), unless its signal aborts it first.
   */
  private answerLater(
    request: SimRequest,
    delay: number,
    answer: () => Promise<Response>,
    signal?: AbortSignal,
  ): Promise<Response> {
    return new Promise<Response>((resolve, reject) => {
      let settled = false
      signal?.addEventListener('abort', () => {
        if (settled) return
        settled = true
        request.aborted = true
        request.answeredAt = this.clock.now
        request.answerSequence = this.clock.sequence()
        this.hooks.answered(request)
        reject(signal.reason)
      })
      if (delay === Infinity) return
      this.clock.set(() => {
        if (settled) return
        settled = true
        request.answeredAt = this.clock.now
        request.answerSequence = this.clock.sequence()
        answer().then(resolve, reject)
        this.hooks.answered(request)
      }, delay)
    })
  }
}

const never = new Promise<Response>(() => {})
