// Hunt (seams): collectors that are not the test's friendly one.
import type { IncomingMessage, ServerResponse } from 'node:http'
import type { BrowserContext, Page } from 'playwright-core'
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest'
import { buildPage } from './buildPage'
import { launch, listen, serveStatic, type Listening } from './support'

let site: Listening
let collector: Listening
let browser: Awaited<ReturnType<typeof launch>>
let context: BrowserContext
const posts: { path: string; type: string; names: string[]; status: number }[] = []
const CORS = {
  'access-control-allow-origin': '*',
  'access-control-allow-headers': '*',
  'access-control-allow-methods': 'POST, OPTIONS',
}
function collect(req: IncomingMessage, res: ServerResponse): void {
  if (req.method === 'OPTIONS') return void res.writeHead(204, CORS).end()
  let body = ''
  req.on('data', (c: Buffer) => (body += c))
  req.on('end', () => {
    const path = new URL(req.url ?? '/', 'http://x').pathname
    const type = String(req.headers['content-type'])
    let names: string[] = []
    try {
      names = (JSON.parse(body) as { batch: { event: string }[] }).batch.map((e) => e.event)
    } catch {
      // a body that is not JSON: no names
    }
    // /json-only/: a collector (express.json() style) that refuses anything but application/json
    const status =
      path.startsWith('/json-only/') && !type.startsWith('application/json') ? 415 : 204
    posts.push({ path, type, names, status })
    res.writeHead(status, CORS).end()
  })
}
beforeAll(async () => {
  site = await serveStatic(await buildPage('hunt-seams-page.tsx'))
  collector = await listen(collect)
  browser = await launch()
  context = browser.context
}, 120_000)
afterAll(async () => {
  await browser?.close()
  await site?.close()
  await collector?.close()
})
beforeEach(() => void (posts.length = 0))

interface W {
  trackMany(prefix: string, count: number, bytes?: number): void
  hide(): void
  show(): void
  sink: { flush(): Promise<void> }
  stats(): { tracked: number; sent: number; delivered: number; dropped: Record<string, number> }
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

describe('collector seams', () => {
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
    const errors = await w(page, (w) => w.errors)
    console.log(JSON.stringify({ posts, stats, errors }))
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
