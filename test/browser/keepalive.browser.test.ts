// The page leaving in real Chromium: keepalive's 64 KB in-flight budget, shared with the app,
// and a collector that takes only application/json (found by issue 31's hunts).
import type { BrowserContext, Page } from 'playwright-core'
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest'
import { buildPage } from './buildPage'
import { batchOf, collectorHandler, launch, listen, serveStatic, type Listening } from './support'

let site: Listening
let collector: Listening
let browser: Awaited<ReturnType<typeof launch>>
let context: BrowserContext
const posts: {
  path: string
  names: string[]
  keepalive: boolean
  bytes: number
  status: number
}[] = []
/** requests answered only on release */
let holding = false
const held: (() => void)[] = []
const collect = collectorHandler((req, body, reply) => {
  const names = batchOf(body).map((e) => e.event ?? '')
  const path = new URL(req.url ?? '/', 'http://x').pathname
  const type = String(req.headers['content-type'])
  // /json-only/: a collector (express.json() style) that refuses anything but application/json
  const status = path.startsWith('/json-only/') && !type.startsWith('application/json') ? 415 : 204
  posts.push({ path, names, keepalive: type.startsWith('text/plain'), bytes: body.length, status })
  const answer = () => reply(status)
  if (holding) held.push(answer)
  else answer()
})
beforeAll(async () => {
  site = await serveStatic(await buildPage('leaving-page.tsx'))
  collector = await listen(collect)
  browser = await launch()
  context = browser.context
}, 120_000)
afterAll(async () => {
  for (const a of held.splice(0)) a()
  await browser?.close()
  await site?.close()
  await collector?.close()
})
beforeEach(() => {
  posts.length = 0
  holding = false
  for (const a of held.splice(0)) a()
})

interface W {
  trackMany(prefix: string, count: number, bytes?: number): void
  hide(): void
  show(): void
  sink: { flush(): Promise<void> }
  stats(): { tracked: number; sent: number; delivered: number; dropped: Record<string, number> }
  inspect(): {
    queued: number
    inFlight: number
    delivered: number
    dropped: Record<string, number>
  }
  errors: string[]
}
async function open(path: string, options: Record<string, string> = {}): Promise<Page> {
  const page = await context.newPage()
  const q = new URLSearchParams({ collector: `${collector.url}${path}`, ...options })
  await page.goto(`${site.url}/index.html?${q}`)
  await page.waitForFunction(() => 'ready' in window)
  return page
}
const w = <T>(page: Page, fn: (w: W) => T) =>
  page.evaluate(`(${fn.toString()})(window)`) as Promise<Awaited<T>>

describe('keepalive budget', () => {
  it('a hide with ~700 KB queued: the sink must not give up on events because it overran the keepalive budget itself', async () => {
    const page = await open('/big/batch', { batchSize: '1000', flushInterval: '60000' })
    // 700 events of ~1 KB: waiting for the flush interval
    await w(page, (w) => w.trackMany('e', 700, 1000))
    await page.waitForTimeout(300)
    await w(page, (w) => w.hide())
    await page.waitForTimeout(1500)
    const stats = await w(page, (w) => w.stats())
    const errors = await w(page, (w) => w.errors)
    console.log(JSON.stringify({ stats, errors: errors.slice(0, 3), posts: posts.length }))
    // nothing was dropped: the collector never refused anything, it was the sink's own overrun
    expect(stats.dropped.delivery).toBe(0)
    await page.close()
  })

  it("the page's own keepalive request as it hides (a draft save, another SDK's beacon) still fits beside trackplan's", async () => {
    const page = await open('/shared/batch', { batchSize: '1000', flushInterval: '60000' })
    // an ordinary session: 80 events of ~1 KB waiting for the flush interval
    await w(page, (w) => w.trackMany('e', 80, 1000))
    await page.evaluate((collectorUrl) => {
      // the app saves a 4 KB draft as the page hides, the way MDN recommends (keepalive)
      document.addEventListener('visibilitychange', () => {
        if (document.visibilityState !== 'hidden') return
        fetch(collectorUrl, {
          method: 'POST',
          keepalive: true,
          body: JSON.stringify({ batch: [], draft: 'd'.repeat(4000) }),
        }).then(
          () => ((window as unknown as { draft?: string }).draft = 'saved'),
          (e) => ((window as unknown as { draft?: string }).draft = `failed: ${e}`),
        )
      })
    }, `${collector.url}/draft`)
    await w(page, (w) => w.hide())
    await page.waitForFunction(() => (window as unknown as { draft?: string }).draft !== undefined)
    const draft = await page.evaluate(() => (window as unknown as { draft?: string }).draft)
    expect(draft).toBe('saved')
    await page.close()
  })
})

describe('a collector that takes only JSON', () => {
  it('a collector that takes only application/json: a tab switch must not lose the queued events', async () => {
    const page = await open('/json-only/batch')
    await w(page, (w) => w.trackMany('switch', 3))
    // the user switches tabs and comes back: the page lives on
    await w(page, (w) => w.hide())
    await page.waitForTimeout(500)
    await w(page, (w) => w.show())
    await w(page, (w) => w.sink.flush())
    await page.waitForTimeout(500)
    const stats = await w(page, (w) => w.stats())
    // the collector takes JSON as application/json: the events should reach it that way
    expect(posts.filter((p) => p.status === 204).flatMap((p) => p.names)).toEqual([
      'switch-0',
      'switch-1',
      'switch-2',
    ])
    expect(stats.dropped.delivery).toBe(0)
    await page.close()
  })
})
