import { expect, test } from 'trackplan/playwright'
import { plan } from '../lib/tracking-plan'

test.use({ trackingPlan: plan })

const pageViews = (events: readonly { type: string; properties: Record<string, unknown> }[]) =>
  events.filter((e) => e.type === 'page').map((e) => e.properties.path)

test('TrackClick and TrackView placed in a Server Component fire, with a sync and an async child', async ({
  page,
  tracking,
}) => {
  const warnings: string[] = []
  page.on(
    'console',
    (message) => void (message.type() === 'warning' && warnings.push(message.text())),
  )
  await page.goto('/')
  await expect(tracking).toHaveTracked('Viewed Plans')
  await expect(tracking).toHaveTracked('Viewed Price Table')
  await page.getByRole('button', { name: 'Upgrade' }).click()
  await expect(tracking).toHaveTracked('Clicked Upgrade', { plan: 'pro' })
  expect(warnings.filter((w) => w.includes('[trackplan]'))).toEqual([])
})

test('client-side navigations: one page view each, with the right path', async ({
  page,
  tracking,
}) => {
  await page.goto('/')
  await expect.poll(() => pageViews(tracking.events)).toEqual(['/'])
  await page.getByRole('link', { name: 'Sign up' }).click()
  await expect(page.getByRole('heading', { name: 'Sign up' })).toBeVisible()
  await expect.poll(() => pageViews(tracking.events)).toEqual(['/', '/signup'])
  await page.goBack()
  await expect.poll(() => pageViews(tracking.events)).toEqual(['/', '/signup', '/'])
  const titles = tracking.events.filter((e) => e.type === 'page').map((e) => e.context.page?.title)
  expect(titles).toEqual(['trackplan on Next.js', 'Sign up', 'trackplan on Next.js'])
})

test('TrackClick around a next/link: the click is tracked and the navigation stays client-side', async ({
  page,
  tracking,
}) => {
  await page.goto('/')
  await page.evaluate(() => ((window as unknown as { kept: boolean }).kept = true))
  await page.getByRole('link', { name: 'Join now' }).click()
  await expect(page.getByRole('heading', { name: 'Sign up' })).toBeVisible()
  await expect(tracking).toHaveTracked('Clicked Join')
  // a full page load would have lost the marker
  expect(await page.evaluate(() => (window as unknown as { kept?: boolean }).kept)).toBe(true)
  await expect.poll(() => pageViews(tracking.events)).toEqual(['/', '/signup'])
})

test("an abandoned form's event carries the form's page, not the destination", async ({
  page,
  tracking,
}) => {
  await page.goto('/signup')
  await page.getByLabel('Email').fill('a@example.com')
  await expect(tracking).toHaveTracked('Started Form', { form: 'Signup' })
  await page.getByRole('link', { name: 'Back to pricing' }).click()
  const abandoned = await tracking.waitFor('Abandoned Form')
  expect(abandoned.context.page?.path).toBe('/signup')
  await expect(page).toHaveURL(/\/$/)
})

test('server events: two requests with different customers, each event its own userId', async ({
  request,
}) => {
  const buy = (customer: string | null, orderId: string) =>
    request.post('/api/purchase', {
      data: { orderId },
      headers: customer ? { 'x-customer': customer } : {},
    })
  const runId = String(Date.now())
  await Promise.all([
    buy('cus_A', `${runId}-a`),
    buy('cus_B', `${runId}-b`),
    buy(null, `${runId}-none`),
  ])
  const recorded = (
    (await (await request.get('/api/purchase')).json()) as {
      orderId: string
      userId: string | null
      anonymousId: string
    }[]
  ).filter((e) => e.orderId.startsWith(runId))
  expect(
    Object.fromEntries(recorded.map((e) => [e.orderId.slice(runId.length + 1), e.userId])),
  ).toEqual({ a: 'cus_A', b: 'cus_B', none: null })
  expect(new Set(recorded.map((e) => e.anonymousId)).size).toBe(3)
})

test('the Route Handler checks batches against the plan it imports', async ({ request }) => {
  const answer = await request.post('/api/track', {
    data: JSON.stringify({
      batch: [{ type: 'track', event: 'Clicked Upgrade', properties: { plan: 'gold' } }],
    }),
  })
  expect(await answer.json()).toEqual({
    received: 1,
    violations: ['"Clicked Upgrade": property "plan" must be one of "pro", "team"; got "gold"'],
  })
})
