import type { BrowserContext } from 'playwright-core'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { buildPage } from './buildPage'
import { launch, listen, serveStatic, type Listening } from './support'

interface Hit {
  mode: string | undefined
  batch: { event?: string; messageId: string }[]
}

let site: Listening
let collector: Listening & { hits: Hit[] }
let browser: Awaited<ReturnType<typeof launch>>
let context: BrowserContext

beforeAll(async () => {
  site = await serveStatic(await buildPage('delivery-page.tsx'))
  const hits: Hit[] = []
  collector = Object.assign(
    await listen((req, res) => {
      let body = ''
      req.on('data', (c: Buffer) => (body += c))
      req.on('end', () => {
        try {
          hits.push({ mode: req.headers['sec-fetch-mode'] as string | undefined, batch: (JSON.parse(body) as { batch: Hit['batch'] }).batch })
        } catch {
          // preflight or junk
        }
        res.writeHead(200, { 'access-control-allow-origin': '*', 'access-control-allow-headers': '*' }).end()
      })
    }),
    { hits },
  )
  browser = await launch()
  context = browser.context
}, 120_000)

afterAll(async () => {
  await browser?.close()
  await site?.close()
  await collector?.close()
})

describe('delivery in Chromium', () => {
  it('a click, then navigation away: the event reaches the collector by beacon, and again (same messageId) on the next load', async () => {
    const page = await context.newPage()
    const url = `${site.url}/index.html?collector=${encodeURIComponent(`${collector.url}/v1/batch`)}`
    await page.goto(url)
    await page.getByRole('button', { name: 'Buy' }).click()
    await page.waitForTimeout(200)
    expect(collector.hits).toHaveLength(0) // batched, not yet sent
    await page.getByRole('link', { name: 'Leave' }).click()
    await page.waitForURL(/elsewhere/)
    await expect.poll(() => collector.hits.length, { timeout: 10_000 }).toBe(1)
    const [beacon] = collector.hits
    expect(beacon!.mode).toBe('no-cors') // sendBeacon's request, not a fetch
    expect(beacon!.batch.map((e) => e.event)).toEqual(['Clicked Buy'])

    // the next load re-sends what the beacon may not have delivered; the collector dedupes
    await page.goto(url)
    await expect.poll(() => collector.hits.length, { timeout: 10_000 }).toBe(2)
    expect(collector.hits[1]!.batch.map((e) => e.messageId)).toEqual([beacon!.batch[0]!.messageId])
    expect(await page.evaluate(() => Object.keys(localStorage).filter((k) => k.startsWith('trackplan:http:')).length)).toBe(0)
    await page.close()
  })
})
