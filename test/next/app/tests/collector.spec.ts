import type { CollectorReport } from 'trackplan/collector'
import { expect, test } from 'trackplan/playwright'
import { plan } from '../lib/tracking-plan'

// the page sends a violation on purpose: the collector is to count it, not the fixture to fail on it
test.use({ trackingPlan: plan, trackingViolations: 'warn' })

/** What the report says of the events this test sends (a store may hold earlier runs'). */
const seen = (report: CollectorReport) => {
  const upgrade = report.planned.find((e) => e.event === 'Clicked Upgrade')
  return {
    clicks: upgrade?.count ?? 0,
    violating: upgrade?.violating ?? 0,
    enum: upgrade?.byKind.enum?.count ?? 0,
    pageViews: report.calls.find((c) => c.type === 'page')?.count ?? 0,
  }
}

test("the app's httpSink delivers to the collector's Route Handler, whose report counts what the page sent", async ({
  page,
  request,
  tracking,
}) => {
  // the first request opens the store: PGlite's first open of a folder makes the database
  test.setTimeout(150_000)
  const report = async () => {
    const answer = await request.get('/collect/v1/report', { timeout: 120_000 })
    expect(answer.status()).toBe(200)
    return seen((await answer.json()) as CollectorReport)
  }
  const before = await report()
  await page.goto('/upgrade')
  await page.getByRole('button', { name: 'Choose pro' }).click()
  await page.getByRole('button', { name: 'Choose gold' }).click()
  await expect(tracking).toHaveTracked('Clicked Upgrade', { plan: 'gold' })
  await expect
    .poll(async () => {
      const now = await report()
      return {
        clicks: now.clicks - before.clicks,
        violating: now.violating - before.violating,
        enum: now.enum - before.enum,
        pageViews: now.pageViews - before.pageViews,
      }
    })
    .toEqual({ clicks: 2, violating: 1, enum: 1, pageViews: 1 })
})
