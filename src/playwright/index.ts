/**
 * `trackplan/playwright` (Node only): a Playwright fixture that captures every envelope from
 * every tracker in every page and frame of a test — development and production builds
 * alike, no change to the app — and web-first matchers over them.
 *
 * @example
 * import { test, expect } from 'trackplan/playwright'
 * import { plan } from '../src/tracking-plan'
 *
 * test.use({ trackingPlan: plan })
 * test('upgrading', async ({ page, tracking }) => {
 *   await page.goto('/pricing')
 *   await page.getByRole('button', { name: 'Upgrade' }).click()
 *   await expect(tracking).toHaveTracked('Clicked Upgrade', { plan: 'pro' })
 * })
 */
import {
  expect as baseExpect,
  test as base,
  type ExpectMatcherState,
  type Frame,
  type Page,
  type TestInfo,
} from '@playwright/test'
import { DEVTOOLS_KEY } from '../core/devtools'
import type { EventInfo, TrackedEvent, Violation } from '../core/types'
import type { TrackingPlan } from '../plan/types'
import { compilePlan } from '../plan/validate'
import { list, matchesProperties, trackplanMatchers } from '../testing/matchers'
import { ATTACHMENT } from './attachment'

/** One envelope as the fixture saw it. */
export interface TrackingRecord {
  event: TrackedEvent
  /** What the tracker said about it: delivered, buffered, dropped (and why), its own plan's violations. */
  info: EventInfo
  /** Which tracker: `page 1 / tracker 2` (numbered in the order they appeared). */
  tracker: string
  /** The URL of the frame it came from. */
  url: string
  /** Its violations against the test's `trackingPlan`. */
  violations: readonly Violation[]
}

/** What the collector endpoints (`trackingCollector`) were sent, instead of the network. */
export interface CollectorCapture {
  /** Every request body, parsed as JSON where it is (the raw text otherwise). */
  readonly requests: readonly { url: string; body: unknown }[]
  /** The envelopes in those bodies (`{ batch: [...] }`, an array, or one envelope). */
  events(): readonly TrackedEvent[]
}

export interface Tracking {
  /** Every envelope tracked and not dropped, from every tracker, in the order they were seen. */
  readonly events: readonly TrackedEvent[]
  /** Everything seen, dropped ones too, with where it came from. */
  readonly records: readonly TrackingRecord[]
  /** The plan violations seen so far (with `trackingPlan`). */
  readonly violations: readonly Violation[]
  readonly collector: CollectorCapture
  /** Forgets what was captured so far (the collector's requests too). */
  clear(): void
  /** Resolves with the first matching event (already tracked, or tracked within the timeout, default 5 s). */
  waitFor(
    name: string,
    options?: { properties?: Record<string, unknown>; timeout?: number },
  ): Promise<TrackedEvent>
}

export interface TrackingOptions {
  /** Check every captured event against this plan. Set it in the test file (`test.use`): a plan holds functions, which config files cannot pass to workers. */
  trackingPlan: TrackingPlan | undefined
  /** A plan violation fails the test (`'fail'`, the default) or is only reported (`'warn'`). */
  trackingViolations: 'fail' | 'warn'
  /**
   * Stop real analytics traffic: `true` aborts requests to the well-known vendors (Segment,
   * PostHog, Google Analytics and Tag Manager, KISSmetrics); a list of URL globs adds yours.
   */
  trackingBlock: boolean | readonly string[]
  /** URL globs of your collector (`'**\/api/track'`): answered 200 by the fixture, and their bodies kept in `tracking.collector`. */
  trackingCollector: readonly string[]
}

/** Ingestion endpoints of the vendors trackplan has sinks for. */
export const ANALYTICS_ENDPOINTS: readonly string[] = [
  'https://api.segment.io/**',
  'https://cdn.segment.com/**',
  'https://*.posthog.com/**',
  'https://*.google-analytics.com/**',
  'https://www.googletagmanager.com/**',
  'https://trk.kissmetrics.io/**',
  'https://trk.kissmetrics.com/**',
  'https://*.kissmetrics.io/**',
]

const BINDING = '__trackplanPlaywright'

/**
 * Runs in every page and frame before the app: the devtools hook every tracker announces
 * itself to and, with collector patterns, a `fetch` and `sendBeacon` that hand requests to
 * those URLs to the fixture synchronously (a beacon's Blob cannot be read in time when the
 * page is leaving; refusing it makes the sink fall back to `fetch`, whose body is a string).
 * Playwright sends its source to the page: it is written without `?.` and `??`, which the
 * CommonJS build would turn into calls to helpers the page does not have.
 */
function hook({
  key,
  binding,
  collector,
}: {
  key: string
  binding: string
  collector: string[]
}): void {
  const w = window as unknown as Record<string, unknown>
  // A binding called as the page goes away never reaches the fixture: a call made while it is
  // leaving (an abandoned form, the sink's last batch), and one made just before a navigation
  // (a batch sent a few ms before a click that navigates) alike. So every message is kept in
  // sessionStorage until the fixture has it; the next page of the tab hands over what is left
  // first thing, and the fixture takes each message once (by its id).
  const KEPT = '__trackplanPlaywright'
  let leaving = false
  addEventListener('pagehide', () => void (leaving = true), true)
  addEventListener('pageshow', () => void (leaving = false), true)
  type Entry = { id: string; payload: unknown }
  const kept = (): Entry[] => JSON.parse(sessionStorage.getItem(KEPT) || '[]') as Entry[]
  const keep = (entries: Entry[]): void =>
    entries.length
      ? sessionStorage.setItem(KEPT, JSON.stringify(entries))
      : sessionStorage.removeItem(KEPT)
  const send = (entry: Entry): void => {
    try {
      keep(kept().concat([entry]))
    } catch {
      // no storage here (an opaque origin): the binding alone
    }
    if (leaving) return
    try {
      const done = (w[binding] as (message: string) => Promise<unknown>)(JSON.stringify(entry))
      done.then(
        () => {
          try {
            keep(kept().filter((e) => e.id !== entry.id))
          } catch {
            // no storage: nothing kept
          }
        },
        () => {},
      )
    } catch {
      // no binding: nothing to report to
    }
  }
  // ids unique across the pages of a run: this document's, then a count
  const mine = `${Date.now().toString(36)}${Math.random().toString(36).slice(2)}:`
  let sent = 0
  const post = (payload: unknown): void => send({ id: mine + sent++, payload })
  try {
    const earlier = kept()
    sessionStorage.removeItem(KEPT)
    for (const entry of earlier) send(entry)
  } catch {
    // no storage here
  }
  if (collector.length) {
    const patterns = collector.map(
      (glob) =>
        new RegExp(
          `^${glob
            .replace(/[.+^${}()|[\]\\]/g, '\\$&')
            .replace(/\*\*/g, '\u0000')
            .replace(/\*/g, '[^/]*')
            .replace(/\u0000/g, '.*')}$`,
        ),
    )
    const matches = (url: unknown): string | undefined => {
      try {
        const absolute = new URL(String(url instanceof Request ? url.url : url), location.href).href
        return patterns.some((p) => p.test(absolute)) ? absolute : undefined
      } catch {
        return undefined
      }
    }
    if (typeof navigator.sendBeacon === 'function') {
      const beacon = navigator.sendBeacon.bind(navigator)
      navigator.sendBeacon = (url, data) => (matches(url) ? false : beacon(url, data))
    }
    const original = window.fetch.bind(window)
    window.fetch = (input, init) => {
      const url = matches(input)
      if (!url || !init || typeof init.body !== 'string') return original(input, init)
      post({ request: url, body: init.body })
      return Promise.resolve(
        new Response('{}', { status: 200, headers: { 'content-type': 'application/json' } }),
      )
    }
  }
  const previous = w[key] as { register?: (t: unknown, i: unknown) => void } | undefined
  let count = 0
  w[key] = {
    ...previous,
    register(
      tracker: { subscribe(listener: (event: unknown, info: unknown) => void): () => void },
      info: unknown,
    ) {
      if (previous && typeof previous.register === 'function') previous.register(tracker, info)
      const id = ++count
      tracker.subscribe((event, eventInfo) => post({ tracker: id, event, info: eventInfo }))
    },
  }
}

/** An assertion that retries until it holds or its timeout passes, like Playwright's own. */
async function retry(
  state: ExpectMatcherState,
  options: MatcherOptions | undefined,
  check: () => { pass: boolean; message: () => string },
): Promise<{ pass: boolean; message: () => string }> {
  const deadline = Date.now() + (options?.timeout ?? state.timeout)
  let result = check()
  while (result.pass === state.isNot && Date.now() < deadline) {
    await new Promise((resolve) => setTimeout(resolve, 50))
    result = check()
  }
  return result
}

/** Like Playwright's own assertions: `timeout` overrides `expect.timeout` for this call. */
export interface MatcherOptions {
  timeout?: number
}

type Receiver = Tracking | CollectorCapture
const received = (r: Receiver): { events(): readonly TrackedEvent[] } => ({
  events: () => (typeof r.events === 'function' ? r.events() : r.events),
})

/** `expect`, with `toHaveTracked`, `toHaveTrackedTimes` and `toHaveTrackedInOrder` for `tracking` (or `tracking.collector`), retried until the timeout. */
export const expect = baseExpect.extend({
  async toHaveTracked(
    this: ExpectMatcherState,
    tracking: Receiver,
    event: string,
    properties?: Record<string, unknown>,
    options?: MatcherOptions,
  ) {
    const result = await retry(this, options, () =>
      trackplanMatchers.toHaveTracked.call(
        { isNot: this.isNot },
        received(tracking),
        event,
        properties,
      ),
    )
    return { ...result, name: 'toHaveTracked' }
  },
  async toHaveTrackedTimes(
    this: ExpectMatcherState,
    tracking: Receiver,
    event: string,
    times: number,
    options?: MatcherOptions,
  ) {
    const result = await retry(this, options, () =>
      trackplanMatchers.toHaveTrackedTimes.call(
        { isNot: this.isNot },
        received(tracking),
        event,
        times,
      ),
    )
    return { ...result, name: 'toHaveTrackedTimes' }
  },
  async toHaveTrackedInOrder(
    this: ExpectMatcherState,
    tracking: Receiver,
    events: readonly string[],
    options?: MatcherOptions,
  ) {
    const result = await retry(this, options, () =>
      trackplanMatchers.toHaveTrackedInOrder.call(
        { isNot: this.isNot },
        received(tracking),
        events,
      ),
    )
    return { ...result, name: 'toHaveTrackedInOrder' }
  },
})

const envelopesIn = (body: unknown): TrackedEvent[] => {
  if (Array.isArray(body)) return body.flatMap(envelopesIn)
  if (body && typeof body === 'object') {
    const batch = (body as { batch?: unknown }).batch
    if (Array.isArray(batch)) return batch as TrackedEvent[]
    if (
      typeof (body as { type?: unknown }).type === 'string' &&
      typeof (body as { messageId?: unknown }).messageId === 'string'
    )
      return [body as TrackedEvent]
  }
  return []
}

/** What the fixture records in a test: the envelopes the pages' trackers announced (once per page), the collector's requests, the planned events fired. */
function createRecorder(plan: TrackingPlan | undefined) {
  const check = plan ? compilePlan(plan) : undefined
  const pages = new WeakMap<Page, number>()
  const frames = new WeakMap<Frame, number>()
  const seen = new Set<string>()
  const received = new Set<string>()
  let pageCount = 0
  let frameCount = 0
  const recorder = {
    records: [] as TrackingRecord[],
    requests: [] as { url: string; body: unknown }[],
    fired: new Set<string>(),
    collect(url: string, text: string): void {
      let body: unknown = text
      try {
        body = JSON.parse(text)
      } catch {
        // not JSON: kept as text
      }
      recorder.requests.push({ url, body })
    },
    /** A message from a page's hook: an envelope its tracker announced, or a request its fetch wrapper saw. */
    receive({ page, frame }: { page: Page; frame: Frame }, entry: string): void {
      const { id, payload } = JSON.parse(entry) as {
        id: string
        payload:
          | { tracker: number; event: TrackedEvent; info: EventInfo }
          | { request: string; body: string }
      }
      // a message the page kept and handed over again, though it had arrived: once
      if (received.has(id)) return
      received.add(id)
      const message = payload
      if ('request' in message) return recorder.collect(message.request, message.body)
      const { tracker, event, info } = message
      if (!pages.has(page)) pages.set(page, ++pageCount)
      // an init script Playwright runs twice in one document chains a second hook to the
      // first, and every event arrives twice: an envelope is recorded once per page
      const seenKey = `${pages.get(page)}:${event.messageId}`
      if (seen.has(seenKey)) return
      seen.add(seenKey)
      if (!frames.has(frame)) frames.set(frame, ++frameCount)
      const inFrame = frame === page.mainFrame() ? '' : ` / frame ${frames.get(frame)}`
      const record: TrackingRecord = {
        event,
        info,
        tracker: `page ${pages.get(page)}${inFrame} / tracker ${tracker}`,
        url: frame.url(),
        violations: [],
      }
      if (check && event.type === 'track') {
        const found = check(event)
        record.violations = [...found]
        void found.pending?.then((late) => (record.violations = [...record.violations, ...late]))
      }
      if (event.type === 'track' && event.event && !info.dropped) recorder.fired.add(event.event)
      recorder.records.push(record)
    },
  }
  return recorder
}

type Recorder = ReturnType<typeof createRecorder>

/** The `tracking` object a test holds, over what the recorder gathered. */
function trackingOf(recorder: Recorder): Tracking {
  const tracking: Tracking = {
    get events() {
      return recorder.records.filter((r) => !r.info.dropped).map((r) => r.event)
    },
    get records() {
      return recorder.records
    },
    get violations() {
      return recorder.records.flatMap((r) => r.violations)
    },
    collector: {
      get requests() {
        return recorder.requests
      },
      events: () => recorder.requests.flatMap((r) => envelopesIn(r.body)),
    },
    clear() {
      recorder.records = []
      recorder.requests = []
    },
    async waitFor(name, options = {}) {
      const deadline = Date.now() + (options.timeout ?? 5000)
      for (;;) {
        const found = tracking.events.find(
          (e) =>
            e.type === 'track' &&
            e.event === name &&
            (!options.properties || matchesProperties(e.properties, options.properties)),
        )
        if (found) return found
        if (Date.now() > deadline) {
          throw new Error(
            `[trackplan] "${name}"${options.properties ? ` with ${JSON.stringify(options.properties)}` : ''} was not tracked within ${options.timeout ?? 5000} ms; tracked instead:\n${list(tracking.events)}`,
          )
        }
        await new Promise((resolve) => setTimeout(resolve, 50))
      }
    },
  }
  return tracking
}

/** After the test: what fired (for the reporter's coverage), and the plan's violations failing it (or warned of). */
async function endOfTest(
  testInfo: TestInfo,
  recorder: Recorder,
  plan: TrackingPlan | undefined,
  violationsAre: TrackingOptions['trackingViolations'],
): Promise<void> {
  await testInfo.attach(ATTACHMENT, {
    body: JSON.stringify({
      fired: [...recorder.fired],
      planned: plan ? Object.keys(plan.events) : undefined,
    }),
    contentType: 'application/json',
  })
  const violations = recorder.records.flatMap((r) => r.violations)
  if (!violations.length) return
  const text = `[trackplan] ${violations.length} tracked event(s) broke the tracking plan:\n${violations.map((v) => `  - ${v.message}`).join('\n')}`
  if (violationsAre === 'fail') throw new Error(text)
  testInfo.annotations.push({ type: 'warning', description: text })
  console.warn(text)
}

/** Playwright's `test` with the `tracking` fixture and its options. */
export const test = base.extend<TrackingOptions & { tracking: Tracking }>({
  trackingPlan: [undefined, { option: true }],
  trackingViolations: ['fail', { option: true }],
  trackingBlock: [false, { option: true }],
  trackingCollector: [[], { option: true }],
  tracking: [
    async (
      { context, trackingPlan, trackingViolations, trackingBlock, trackingCollector },
      use,
      testInfo,
    ) => {
      const recorder = createRecorder(trackingPlan)
      await context.exposeBinding(BINDING, recorder.receive)
      await context.addInitScript(hook, {
        key: DEVTOOLS_KEY,
        binding: BINDING,
        collector: [...trackingCollector],
      })
      const blocked =
        trackingBlock === true ? ANALYTICS_ENDPOINTS : trackingBlock === false ? [] : trackingBlock
      for (const pattern of blocked)
        await context.route(pattern, (route) => route.abort('blockedbyclient'))
      for (const pattern of trackingCollector) {
        // what the page's fetch wrapper does not see (XMLHttpRequest, an image pixel) is answered here
        await context.route(pattern, async (route) => {
          recorder.collect(route.request().url(), route.request().postData() ?? '')
          await route.fulfill({ status: 200, contentType: 'application/json', body: '{}' })
        })
      }
      await use(trackingOf(recorder))
      await endOfTest(testInfo, recorder, trackingPlan, trackingViolations)
    },
    { auto: true },
  ],
})
