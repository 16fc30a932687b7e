import { describe, expect, it } from 'vitest'
import { pageWithCollector } from './buildPage'

const test = pageWithCollector('delivery-page.tsx')

describe('delivery in Chromium', () => {
  it('a click, then navigation away: the event reaches the collector by beacon, and again (same messageId) on the next load', async () => {
    const page = await test.context.newPage()
    const url = `${test.site.url}/index.html?collector=${encodeURIComponent(`${test.sink.url}/v1/batch`)}`
    const batches = () =>
      test.sink.hits.map((h) => ({
        mode: h.headers['sec-fetch-mode'],
        batch: h.body.batch as { event?: string; messageId: string }[],
      }))
    await page.goto(url)
    await page.getByRole('button', { name: 'Buy' }).click()
    await page.waitForTimeout(200)
    expect(test.sink.hits).toHaveLength(0) // batched, not yet sent
    await page.getByRole('link', { name: 'Leave' }).click()
    await page.waitForURL(/elsewhere/)
    await expect.poll(() => test.sink.hits.length, { timeout: 10_000 }).toBe(1)
    const [beacon] = batches()
    expect(beacon!.mode).toBe('no-cors') // sendBeacon's request, not a fetch
    expect(beacon!.batch.map((e) => e.event)).toEqual(['Clicked Buy'])

    // the next load re-sends what the beacon may not have delivered; the collector dedupes
    await page.goto(url)
    await expect.poll(() => test.sink.hits.length, { timeout: 10_000 }).toBe(2)
    expect(batches()[1]!.batch.map((e) => e.messageId)).toEqual([beacon!.batch[0]!.messageId])
    expect(
      await page.evaluate(
        () => Object.keys(localStorage).filter((k) => k.startsWith('trackplan:http:')).length,
      ),
    ).toBe(0)
    await page.close()
  })
})
