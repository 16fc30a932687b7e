import type { BrowserContext } from 'playwright-core'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { buildPage } from './buildPage'
import { collector, launch, serveStatic, type Listening } from './support'

let site: Listening
let sink: Awaited<ReturnType<typeof collector>>
let browser: Awaited<ReturnType<typeof launch>>
let context: BrowserContext

beforeAll(async () => {
  site = await serveStatic(await buildPage('delivery-page.tsx'))
  sink = await collector()
  browser = await launch()
  context = browser.context
}, 120_000)

afterAll(async () => {
  await browser?.close()
  await site?.close()
  await sink?.close()
})

describe('delivery in Chromium', () => {
  it('a click, then navigation away: the event reaches the collector by beacon, and again (same messageId) on the next load', async () => {
    const page = await context.newPage()
    const url = `${site.url}/index.html?collector=${encodeURIComponent(`${sink.url}/v1/batch`)}`
    const batches = () => sink.hits.map((h) => ({ mode: h.headers['sec-fetch-mode'], batch: h.body.batch as { event?: string; messageId: string }[] }))
    await page.goto(url)
    await page.getByRole('button', { name: 'Buy' }).click()
    await page.waitForTimeout(200)
    expect(sink.hits).toHaveLength(0) // batched, not yet sent
    await page.getByRole('link', { name: 'Leave' }).click()
    await page.waitForURL(/elsewhere/)
    await expect.poll(() => sink.hits.length, { timeout: 10_000 }).toBe(1)
    const [beacon] = batches()
    expect(beacon!.mode).toBe('no-cors') // sendBeacon's request, not a fetch
    expect(beacon!.batch.map((e) => e.event)).toEqual(['Clicked Buy'])

    // the next load re-sends what the beacon may not have delivered; the collector dedupes
    await page.goto(url)
    await expect.poll(() => sink.hits.length, { timeout: 10_000 }).toBe(2)
    expect(batches()[1]!.batch.map((e) => e.messageId)).toEqual([beacon!.batch[0]!.messageId])
    expect(await page.evaluate(() => Object.keys(localStorage).filter((k) => k.startsWith('trackplan:http:')).length)).toBe(0)
    await page.close()
  })
})
