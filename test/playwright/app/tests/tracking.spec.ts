import { expect, test } from 'trackplan/playwright'
import { plan } from '../src/plan'

test.use({ trackingPlan: plan })

test('upgrading from pricing: events across a navigation, in order', async ({ page, tracking }) => {
  await page.goto('/')
  await expect(tracking).toHaveTracked('Viewed Pricing')
  await page.getByRole('button', { name: 'Upgrade' }).click()
  await page.waitForURL('**/checkout.html?plan=pro')
  await expect(tracking).toHaveTracked('Clicked Upgrade', { plan: 'pro', app: 'e2e' })
  await expect(tracking).toHaveTrackedInOrder([
    'Viewed Pricing',
    'Clicked Upgrade',
    'Started Checkout',
  ])
  await expect(tracking).toHaveTrackedTimes('Clicked Upgrade', 1)
  await expect(tracking).not.toHaveTracked('Encountered Error')
  // the click's event was seen on the pricing page, the checkout's on the next one
  const where = Object.fromEntries(
    tracking.records.map((r) => [r.event.event, new URL(r.url).pathname]),
  )
  expect(where).toMatchObject({ 'Clicked Upgrade': '/', 'Started Checkout': '/checkout.html' })
  expect(await tracking.waitFor('Started Checkout', { properties: { plan: 'pro' } })).toMatchObject(
    { properties: { plan: 'pro' } },
  )
})

test('two trackers on one page: the app and a widget with its own provider', async ({
  page,
  tracking,
}) => {
  await page.goto('/')
  await page.getByRole('button', { name: 'Open chat' }).click()
  await expect(tracking).toHaveTracked('Opened Chat', { widget: 'chat' })
  const trackers = new Set(tracking.records.map((r) => r.tracker))
  expect([...trackers].sort()).toEqual(['page 1 / tracker 1', 'page 1 / tracker 2'])
  expect(tracking.records.find((r) => r.event.event === 'Opened Chat')!.tracker).toBe(
    'page 1 / tracker 2',
  )
})

test('each matcher fails with what was tracked instead', async ({ page, tracking }) => {
  await page.goto('/')
  await expect(tracking).toHaveTracked('Viewed Pricing')
  const failure = async (assertion: Promise<unknown>) => {
    try {
      await assertion
    } catch (error) {
      return String((error as Error).message)
    }
    throw new Error('the assertion passed')
  }
  const none = await failure(
    expect(tracking).toHaveTracked('Clicked Upgrade', { plan: 'team' }, { timeout: 300 }),
  )
  expect(none).toContain(
    'expected "Clicked Upgrade" with {"plan":"team"} to be tracked; tracked instead:\n  - Viewed Pricing {"app":"e2e"}',
  )
  const times = await failure(
    expect(tracking).toHaveTrackedTimes('Viewed Pricing', 2, { timeout: 300 }),
  )
  expect(times).toContain('expected "Viewed Pricing" to be tracked 2 time(s), it was 1; tracked:')
  const order = await failure(
    expect(tracking).toHaveTrackedInOrder(['Viewed Pricing', 'Started Checkout'], { timeout: 300 }),
  )
  expect(order).toContain(
    'expected "Viewed Pricing" → "Started Checkout" to be tracked in this order; after "Viewed Pricing", "Started Checkout" never was; tracked in order:',
  )
  const not = await failure(
    expect(tracking).not.toHaveTracked('Viewed Pricing', undefined, { timeout: 300 }),
  )
  expect(not).toContain('expected "Viewed Pricing" not to be tracked, but it was')
  await expect(tracking.waitFor('Started Checkout', { timeout: 200 })).rejects.toThrow(
    '"Started Checkout" was not tracked within 200 ms; tracked instead:',
  )
})

test.describe('what the collector receives', () => {
  test.use({ trackingCollector: ['**/api/track'] })

  test('the batch bodies, answered by the fixture instead of the network', async ({
    page,
    tracking,
  }) => {
    await page.goto('/')
    await page.getByRole('button', { name: 'Open chat' }).click()
    await page.getByRole('button', { name: 'Upgrade' }).click()
    await page.waitForURL('**/checkout.html?plan=pro')
    await expect(tracking.collector).toHaveTracked('Clicked Upgrade', { plan: 'pro' })
    await expect(tracking.collector).toHaveTrackedInOrder([
      'Viewed Pricing',
      'Clicked Upgrade',
      'Started Checkout',
    ])
    // the widget's tracker has no collector: seen by the fixture, never sent
    await expect(tracking).toHaveTracked('Opened Chat')
    expect(tracking.collector.events().map((e) => e.event)).not.toContain('Opened Chat')
    expect(tracking.collector.requests.every((r) => new URL(r.url).pathname === '/api/track')).toBe(
      true,
    )
  })
})

test('an app’s own page.route to its collector sees the batches httpSink sends from its worker', async ({
  page,
}) => {
  // no trackingCollector: the page's fetch is the browser's own, so httpSink POSTs from a Web Worker
  const bodies: string[] = []
  await page.route('**/api/track', async (route) => {
    bodies.push(route.request().postData() ?? '')
    await route.fulfill({ status: 200, contentType: 'application/json', body: '{}' })
  })
  await page.goto('/')
  await expect.poll(() => bodies.join('\n')).toContain('"event":"Viewed Pricing"')
  // the request did not come from the page: its resource timing lists none to the collector
  expect(
    await page.evaluate(
      () =>
        performance.getEntriesByType('resource').filter((e) => e.name.includes('/api/track'))
          .length,
    ),
  ).toBe(0)
})

test.describe('no real analytics traffic', () => {
  test.use({ trackingBlock: ['**/api/track'] })

  test('requests to the endpoints are aborted, events are still captured', async ({
    page,
    tracking,
  }) => {
    const failed: string[] = []
    page.on('requestfailed', (request) => failed.push(new URL(request.url()).pathname))
    await page.goto('/')
    await expect(tracking).toHaveTracked('Viewed Pricing')
    await expect.poll(() => failed).toContain('/api/track')
  })
})

test.describe('plan violations', () => {
  // the fixture fails this test at its end: the harness checks the message in the JSON report
  test('a violation fails the test', async ({ page, tracking }) => {
    test.fail()
    await page.goto('/')
    await page.getByRole('button', { name: 'Go gold' }).click()
    await expect(tracking).toHaveTracked('Clicked Upgrade', { plan: 'gold' })
  })

  test.describe('as warnings', () => {
    test.use({ trackingViolations: 'warn' })

    test('a violation only warns', async ({ page, tracking }) => {
      await page.goto('/')
      await page.getByRole('button', { name: 'Go gold' }).click()
      await expect(tracking).toHaveTracked('Clicked Upgrade', { plan: 'gold' })
      expect(tracking.violations.map((v) => v.message)).toEqual([
        '"Clicked Upgrade": property "plan" must be one of "pro", "team"; got "gold"',
      ])
    })
  })
})
