import { describe, expect, it } from 'vitest'
import { pageWithCollector } from './buildPage'

const test = pageWithCollector('delivery-page.tsx')

describe('delivery in Chromium', () => {
  it('a click, then navigation away: the event leaves in a keepalive request, and the next load sends what the page could not hear acknowledged', async () => {
    const page = await test.context.newPage()
    const url = `${test.site.url}/index.html?collector=${encodeURIComponent(`${test.sink.url}/v1/batch`)}`
    const batches = () =>
      test.sink.hits.map((h) => ({
        type: h.headers['content-type'],
        batch: h.body.batch as { event?: string; messageId: string }[],
      }))
    await page.goto(url)
    await page.getByRole('button', { name: 'Buy' }).click()
    await page.waitForTimeout(200)
    expect(test.sink.hits).toHaveLength(0) // batched, not yet sent
    await page.getByRole('link', { name: 'Leave' }).click()
    await page.waitForURL(/elsewhere/)
    await expect.poll(() => test.sink.hits.length, { timeout: 10_000 }).toBe(1)
    const [leaving] = batches()
    // a simple request (no preflight the leaving page may not live to see), from the page
    expect(leaving!.type).toMatch(/^text\/plain/)
    expect(leaving!.batch.map((e) => e.event)).toEqual(['Clicked Buy'])

    // the page was gone before the answer: the next load sends it again (the collector
    // dedupes by messageId), then nothing is left in storage
    await page.goto(url)
    await expect.poll(() => test.sink.hits.length, { timeout: 10_000 }).toBe(2)
    expect(batches()[1]!.batch.map((e) => e.messageId)).toEqual([leaving!.batch[0]!.messageId])
    await expect
      .poll(() =>
        page.evaluate(
          () => Object.keys(localStorage).filter((k) => k.startsWith('trackplan:http:')).length,
        ),
      )
      .toBe(0)
    await page.close()
  })
})
