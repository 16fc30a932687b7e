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

    // the next load sends it again if the page was gone before the answer (the collector
    // dedupes by messageId), or not, if the page lived to see it (in the back/forward cache):
    // either way nothing is left in storage, and nothing else was sent
    await page.goto(url)
    await expect
      .poll(
        () =>
          page.evaluate(
            () =>
              Object.keys(localStorage).filter(
                (k) => k.startsWith('trackplan:http:') && !k.startsWith('trackplan:http:claim:'),
              ).length,
          ),
        { timeout: 20_000 },
      )
      .toBe(0)
    const ids = new Set(batches().flatMap((b) => b.batch.map((e) => e.messageId)))
    expect([...ids]).toEqual([leaving!.batch[0]!.messageId])
    await page.close()
  })
})
