import type { BrowserContext, Page } from 'playwright-core'
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from 'vitest'
import { buildPage } from './buildPage'
import { batchOf, collectorHandler, launch, listen, serveStatic, type Listening } from './support'

// httpSink across tabs, in Chromium: two and three pages of ONE browser context share
// localStorage, where each tab keeps its unacknowledged events (`trackplan:http:<tabId>` and its
// segments). A tab that is merely hidden keeps its queue; the queue of a tab that closed or
// crashed is adopted by one live tab and sent once; offline holds events until online.
//
// How the browser's states are made here (Chromium 156 headless, driven by playwright-core):
// - hidden: headless Chromium keeps every page `visible`. Neither a second page, nor
//   `Browser.setWindowBounds` { windowState: 'minimized' } (every page shares one window anyway),
//   nor `Target.createTarget` { background: true } / `Target.activateTarget` changed
//   `document.visibilityState`; `Page.setWebLifecycleState` { state: 'frozen' } is a no-op on a
//   visible page (no `freeze` event, its timers kept running); `Emulation.setFocusEmulationEnabled`
//   only concerns focus (Playwright turns it on already). So `hide()` overrides
//   `document.visibilityState` (and `document.hidden`) in the page and dispatches
//   `visibilitychange`, exactly what the sink listens to; `show()` undoes it. The page's timers
//   keep running, as a hidden tab's do (throttled) in a real browser.
// - closed: `page.close({ runBeforeUnload: true })` runs the page's unload steps (`pagehide`).
// - crashed: CDP `Page.crash` from `context.newCDPSession(page)` kills the renderer, with no
//   `pagehide`; the page's `crash` event tells it happened (the CDP call itself never answers).
// - offline: `context.setOffline(true)` (CDP `Network.emulateNetworkConditions` { offline: true }
//   for every page): `navigator.onLine` turns false, `offline` fires, and requests, beacons
//   included, fail.

let site: Listening
let collector: Listening
let browser: Awaited<ReturnType<typeof launch>>
let context: BrowserContext

/** One request the collector took: which tab sent it (`from`), its events, and its answer. */
interface Post {
  path: string
  from: string
  beacon: boolean
  names: string[]
  ids: string[]
  /** 204 accepted, 503 refused; undefined while held. */
  status?: number
}
const posts: Post[] = []
/** Refused with 503 while this says so. */
let refuse: (post: Post) => boolean = () => false
/** While set, requests are recorded but not answered until `release()`. */
let holding = false
const held: (() => void)[] = []

const collect = collectorHandler((req, body, reply) => {
  const url = new URL(req.url ?? '/', 'http://x')
  const batch = batchOf(body)
  const post: Post = {
    path: url.pathname,
    from: url.searchParams.get('from') ?? '?',
    beacon: req.headers['sec-fetch-mode'] === 'no-cors',
    names: batch.map((e) => e.event ?? ''),
    ids: batch.map((e) => e.messageId),
  }
  posts.push(post)
  const answer = (status: number) => {
    post.status = status
    reply(status)
  }
  if (holding) held.push(() => answer(204))
  else answer(refuse(post) ? 503 : 204)
})

/** Answers every held request with 204; later ones are answered at once. */
function release(): void {
  holding = false
  for (const answer of held.splice(0)) answer()
}

beforeAll(async () => {
  site = await serveStatic(await buildPage('tabs-page.tsx'))
  collector = await listen(collect)
  browser = await launch()
  context = browser.context
}, 120_000)

afterAll(async () => {
  release()
  await browser?.close()
  await site?.close()
  await collector?.close()
})

beforeEach(async () => {
  posts.length = 0
  refuse = () => false
  release()
  // one context for the whole file: each test starts from an empty localStorage (and each test
  // POSTs to its own path, so a queue left by an earlier test is never this test's)
  const blank = await context.newPage()
  await blank.goto(`${site.url}/elsewhere.html`)
  await blank.evaluate(() => localStorage.clear())
  await blank.close()
})

afterEach(async () => {
  release()
  await context.setOffline(false)
  for (const page of context.pages()) await page.close().catch(() => {})
})

interface TabWindow {
  track(name: string): void
  inspect(): { queued: number; inFlight: number; persisted: number; paused: boolean }
}

/** A page whose sink POSTs to `path` on the collector; its requests carry `from=<tab>`. */
async function open(tab: string, path: string, options: Record<string, number> = {}) {
  const page = await context.newPage()
  const query = new URLSearchParams({
    tab,
    collector: `${collector.url}${path}`,
    orphanAfter: '2000',
    flushInterval: '200',
    ...Object.fromEntries(Object.entries(options).map(([k, v]) => [k, String(v)])),
  })
  await page.goto(`${site.url}/index.html?${query}`)
  await page.waitForFunction(() => 'ready' in window)
  return page
}

const track = (page: Page, names: string[]) =>
  page.evaluate((names) => {
    for (const name of names) (window as unknown as TabWindow).track(name)
  }, names)

const inspect = (page: Page) => page.evaluate(() => (window as unknown as TabWindow).inspect())

/** See the top of the file: headless Chromium never hides a page, so the page is told it is. */
const setVisibility = (page: Page, state: 'hidden' | 'visible') =>
  page.evaluate((state) => {
    Object.defineProperty(document, 'visibilityState', { configurable: true, get: () => state })
    Object.defineProperty(document, 'hidden', { configurable: true, get: () => state === 'hidden' })
    document.dispatchEvent(new Event('visibilitychange'))
  }, state)

const storageKeys = (page: Page) =>
  // a claim is kept 10 minutes as the mark that a queue was taken: it carries no event
  page.evaluate(() =>
    Object.keys(localStorage).filter(
      (k) => k.startsWith('trackplan:http') && !k.startsWith('trackplan:http:claim:'),
    ),
  )

const names = (prefix: string, count: number) =>
  Array.from({ length: count }, (_, i) => `${prefix}-${i + 1}`)

const onPath = (path: string) => posts.filter((post) => post.path === path)
const acceptedOn = (path: string) => onPath(path).filter((post) => post.status === 204)
/** Of `expected`, the events no accepted request carried. */
const missing = (path: string, expected: string[]) => {
  const arrived = new Set(acceptedOn(path).flatMap((post) => post.names))
  return expected.filter((name) => !arrived.has(name))
}
/** How many requests (of `among`) carried each event, by name. */
const timesPosted = (among: Post[], expected: string[]) =>
  Object.fromEntries(
    expected.map((name) => [name, among.filter((post) => post.names.includes(name)).length]),
  )
const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms))

describe('httpSink across tabs of one browser, in Chromium', () => {
  it('a hidden tab keeps its queue: another live tab never sends its events, and it sends them once when visible again', async () => {
    const path = '/hidden/batch'
    holding = true // a slow collector: A's request stays unanswered while A is hidden
    const a = await open('A', path, { timeout: 20_000 })
    const b = await open('B', path)
    const events = names('hidden', 5)
    await track(a, events)
    // A's request is on the wire (held): its events are unacknowledged
    await expect
      .poll(() => timesPosted(onPath(path), events), { timeout: 5_000 })
      .toEqual(Object.fromEntries(events.map((name) => [name, 1])))

    await setVisibility(a, 'hidden')
    // the user looks at B for longer than orphanAfter (2 s): B's heartbeat runs every second
    await sleep(4_500)
    await setVisibility(a, 'visible')
    release()

    await expect.poll(() => missing(path, events), { timeout: 10_000 }).toEqual([])
    // a request B made for A's events would have been made while A was hidden, or just after
    await sleep(1_500)
    // as `<tab>: <events>`, the requests another tab made for A's events
    const notFromA = onPath(path)
      .filter((post) => post.from !== 'A')
      .map((post) => `${post.from}${post.beacon ? ' (beacon)' : ''}: ${post.names.join(' ')}`)
    expect(notFromA).toEqual([])
    expect(timesPosted(onPath(path), events)).toEqual(
      Object.fromEntries(events.map((name) => [name, 1])),
    )
    await expect.poll(() => storageKeys(b), { timeout: 5_000 }).toEqual([])
  }, 30_000)

  it('a closed tab’s queue is adopted by one of the live tabs and arrives exactly once', async () => {
    const path = '/closed/batch'
    // the collector refuses whatever A sends (its retries, its beacon as it closes): A's events
    // can only arrive through the tab that adopts them
    refuse = (post) => post.from === 'A'
    const b = await open('B', path)
    const c = await open('C', path)
    const a = await open('A', path)
    const events = names('closed', 6)
    await track(a, events)
    // refused, so persisted
    await expect.poll(async () => (await inspect(a)).persisted, { timeout: 5_000 }).toBe(6)
    expect((await storageKeys(b)).length).toBeGreaterThanOrEqual(2) // A's record and a segment

    await a.close({ runBeforeUnload: true })
    await expect.poll(() => missing(path, events), { timeout: 15_000 }).toEqual([])
    await expect.poll(() => storageKeys(b), { timeout: 5_000 }).toEqual([])
    await sleep(1_500) // a second adopter's request would come within a heartbeat
    const accepted = acceptedOn(path)
    expect(timesPosted(accepted, events)).toEqual(
      Object.fromEntries(events.map((name) => [name, 1])),
    )
    expect(new Set(accepted.flatMap((post) => post.ids)).size).toBe(events.length)
    expect(accepted.every((post) => post.from === 'B' || post.from === 'C')).toBe(true)
    expect(await storageKeys(c)).toEqual([])
  }, 30_000)

  it('a crashed tab (no pagehide) has its persisted events sent by the next page', async () => {
    const path = '/crashed/batch'
    refuse = () => true
    const a = await open('A', path)
    const events = names('crashed', 5)
    await track(a, events)
    const tracked = Date.now()
    // unacknowledged events are written 2 s after they were queued (a refused request's at once)
    await expect.poll(async () => (await inspect(a)).persisted, { timeout: 5_000 }).toBe(5)
    await sleep(Math.max(0, tracked + 2_500 - Date.now()))
    expect((await storageKeys(a)).length).toBeGreaterThanOrEqual(2)
    expect(timesPosted(acceptedOn(path), events)).toEqual(
      Object.fromEntries(events.map((name) => [name, 0])),
    )

    const crashed = new Promise<void>((resolve) => a.once('crash', () => resolve()))
    const cdp = await context.newCDPSession(a)
    // never answered: the renderer is gone
    cdp.send('Page.crash').catch(() => {})
    await crashed
    refuse = () => false

    const next = await open('N', path)
    await expect.poll(() => missing(path, events), { timeout: 15_000 }).toEqual([])
    expect(acceptedOn(path).every((post) => post.from === 'N')).toBe(true)
    await expect.poll(() => storageKeys(next), { timeout: 5_000 }).toEqual([])
  }, 30_000)

  it('offline, then hidden, then online and visible: everything tracked arrives', async ({
    annotate,
  }) => {
    const path = '/offline/batch'
    // one tab only: no other tab adopts what this one released as it was hidden, so what
    // arrives is what this tab sends
    const a = await open('A', path)
    await context.setOffline(true)
    await expect.poll(() => a.evaluate(() => navigator.onLine)).toBe(false)
    const events = names('offline', 5)
    await track(a, events)
    await sleep(600)
    expect((await inspect(a)).paused).toBe(true)
    expect(onPath(path)).toEqual([])

    // the page is hidden while offline: what it hands over as it goes away cannot leave
    await setVisibility(a, 'hidden')
    await sleep(300)
    await context.setOffline(false)
    await expect.poll(() => a.evaluate(() => navigator.onLine)).toBe(true)
    await setVisibility(a, 'visible')

    await expect.poll(() => missing(path, events), { timeout: 10_000 }).toEqual([])
    await expect.poll(() => storageKeys(a), { timeout: 5_000 }).toEqual([])
    // at least once is the promise (collectors dedupe by messageId): duplicates are noted, not failed
    const twice = Object.entries(timesPosted(acceptedOn(path), events)).filter(([, n]) => n > 1)
    await annotate(
      twice.length === 0
        ? 'no event accepted twice'
        : `accepted more than once: ${twice.map(([name, n]) => `${name} ×${n}`).join(', ')}`,
    )
  }, 30_000)

  it('three tabs tracking at once, closed in random order: every event arrives', async ({
    annotate,
  }) => {
    const path = '/three/batch'
    refuse = () => true // until the first tab closes: everything tracked so far is persisted
    const tabs = await Promise.all(['P1', 'P2', 'P3'].map((tab) => open(tab, path)))
    const events: string[] = []
    for (let round = 1; round <= 3; round++) {
      const batch = tabs.map((_, i) => names(`three-P${i + 1}-r${round}`, 3))
      events.push(...batch.flat())
      await Promise.all(tabs.map((tab, i) => track(tab, batch[i]!)))
      await sleep(150)
    }
    await expect
      .poll(async () => (await Promise.all(tabs.map(inspect))).map((s) => s.persisted), {
        timeout: 5_000,
      })
      .toEqual([9, 9, 9])

    const order = [0, 1, 2]
    for (let i = order.length - 1; i > 0; i--) {
      const j = Math.floor(Math.random() * (i + 1))
      ;[order[i], order[j]] = [order[j]!, order[i]!]
    }
    const left = new Set(order)
    for (const [step, index] of order.entries()) {
      await tabs[index]!.close({ runBeforeUnload: true })
      left.delete(index)
      if (step === 0) refuse = () => false
      // the tabs left track one more event each
      for (const other of left) {
        const name = `three-P${other + 1}-after-${step + 1}`
        events.push(name)
        await track(tabs[other]!, [name])
      }
      await sleep(300 + Math.floor(Math.random() * 700))
    }
    // the next visit: a fresh page takes what the last tab left
    const next = await open('P4', path)
    const closeOrder = order.map((i) => `P${i + 1}`).join(' ')
    await expect
      .poll(() => missing(path, events), { timeout: 15_000, message: `closed ${closeOrder}` })
      .toEqual([])
    await expect.poll(() => storageKeys(next), { timeout: 5_000 }).toEqual([])
    // a beacon the collector accepted is sent again by the adopting tab: at least once, noted
    const twice = Object.values(timesPosted(acceptedOn(path), events)).filter((n) => n > 1)
    await annotate(
      `closed ${closeOrder}; ${twice.length} of ${events.length} accepted twice or more`,
    )
  }, 30_000)
})
