// The Storybook playground and its Tracking panel, in Chromium, against the static build.
import { execSync } from 'node:child_process'
import { copyFileSync, existsSync, mkdirSync } from 'node:fs'
import { fileURLToPath } from 'node:url'
import type { BrowserContext, Page } from 'playwright-core'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { launch, serveStatic, type Listening } from './support'

const root = fileURLToPath(new URL('../..', import.meta.url))
const screenshots = `${root}test/browser/screenshots`
let site: Listening
let browser: Awaited<ReturnType<typeof launch>>
let context: BrowserContext
let page: Page

beforeAll(async () => {
  if (!existsSync(`${root}storybook-static/index.html`)) execSync('npm run build-storybook', { cwd: root, stdio: 'inherit' })
  mkdirSync(screenshots, { recursive: true })
  site = await serveStatic(`${root}storybook-static`)
  browser = await launch()
  context = browser.context
  page = await context.newPage()
  await page.setViewportSize({ width: 1400, height: 900 })
}, 180_000)

afterAll(async () => {
  await browser?.close()
  await site?.close()
})

const preview = () => page.frameLocator('#storybook-preview-iframe')
const panel = () => page.locator('#storybook-panel-root')
async function openStory(id: string, ready: string) {
  await page.goto(`${site.url}/?path=/story/${id}`)
  await preview().getByRole('button', { name: ready }).first().waitFor({ timeout: 30_000 })
  await page.getByRole('tab', { name: /^Tracking/ }).click()
}
const eventsTable = () => panel().getByRole('table', { name: 'Tracked events' })

describe('the Tracking panel in Chromium', () => {
  it('shows each event live with its properties and plan status', async () => {
    await openStory('flows-pricing-page--choose-plan', 'Choose Team')
    await preview().getByRole('button', { name: 'Choose Pro' }).click()
    const row = eventsTable().getByRole('row').filter({ hasText: 'plan=pro' }).first()
    await expect.poll(() => row.textContent(), { timeout: 10_000 }).toContain('Clicked Plan')
    expect(await row.textContent()).toContain('valid')
    await page.screenshot({ path: `${screenshots}/panel-events.png` })
  })

  it('shows a planned event sent with a wrong value as a violation, with the reason; the log survives switching stories', async () => {
    // switch stories as a person does, in the sidebar (no reload)
    await page.locator('[data-item-id="flows-pricing-page--plan-violation"]').click()
    const row = eventsTable().getByRole('row').filter({ hasText: 'enterprise' }).first()
    await expect.poll(() => row.textContent(), { timeout: 10_000 }).toContain('violation')
    expect(await row.textContent()).toContain('must be one of "free", "pro", "team"; got "enterprise"')
    // the previous story's click is still listed
    expect(await eventsTable().getByRole('row').filter({ hasText: 'Clicked Plan' }).filter({ hasText: 'plan=pro' }).count()).toBe(1)
    await page.screenshot({ path: `${screenshots}/panel-violation.png` })
  })

  it('selecting an event outlines, in the story, the element that fired it', async () => {
    await openStory('flows-pricing-page--choose-plan', 'Choose Team')
    await preview().getByRole('button', { name: 'Choose Free' }).click()
    const row = eventsTable().getByRole('row').filter({ hasText: 'plan=free' }).first()
    await row.getByRole('button', { name: 'Clicked Plan' }).click()
    const outline = preview().locator('[data-trackplan-outline]')
    await outline.waitFor({ timeout: 10_000 })
    const box = (await outline.boundingBox())!
    const button = (await preview().getByRole('button', { name: 'Choose Free' }).boundingBox())!
    expect(box.x).toBeLessThanOrEqual(button.x)
    expect(box.y).toBeLessThanOrEqual(button.y)
    expect(box.x + box.width).toBeGreaterThanOrEqual(button.x + button.width)
    expect(box.y + box.height).toBeGreaterThanOrEqual(button.y + button.height)
    await expect.poll(() => panel().getByRole('region', { name: 'Event details' }).textContent()).toContain('"plan": "free"')
    await page.screenshot({ path: `${screenshots}/panel-outline.png` })
  })

  it('the Funnel tab shows the chosen steps with counts and conversion rates', async () => {
    await openStory('flows-checkout-funnel--purchase-with-failed-payment', 'Add Mug ($12)')
    await preview().getByRole('status').filter({ hasText: 'Thank you' }).waitFor({ timeout: 15_000 })
    await panel().getByRole('tab', { name: 'Funnel' }).click()
    for (const step of ['Added to Cart', 'Started Checkout', 'Completed Purchase']) {
      await panel().getByRole('combobox', { name: 'Funnel step to add' }).selectOption(step)
      await panel().getByRole('button', { name: 'Add step' }).click()
    }
    const steps = panel().getByRole('list', { name: 'Funnel' }).getByRole('listitem')
    await expect.poll(() => steps.evaluateAll((items) => items.map((li) => li.getAttribute('aria-label')))).toEqual([
      'Added to Cart: 2, — from previous, 100 % from first',
      'Started Checkout: 1, 50 % from previous, 50 % from first',
      'Completed Purchase: 1, 100 % from previous, 50 % from first',
    ])
    await page.screenshot({ path: `${screenshots}/panel-funnel.png` })
    await panel().getByRole('tab', { name: 'Plan' }).click()
    expect(await panel().getByRole('table', { name: 'Tracking plan' }).getByRole('row').filter({ hasText: 'Completed Purchase' }).textContent()).toContain('×1')
    await page.screenshot({ path: `${screenshots}/panel-plan.png` })
  })

  it('the designers’ introduction renders, with its screenshot', async () => {
    await page.goto(`${site.url}/?path=/story/introduction--reading-the-tracking-panel`)
    const img = preview().getByRole('img', { name: /Tracking panel/ })
    await img.waitFor({ timeout: 30_000 })
    expect(await img.evaluate((el) => (el as HTMLImageElement).naturalWidth)).toBeGreaterThan(100)
  })
})

if (process.env.TRACKPLAN_UPDATE_SCREENSHOT) {
  afterAll(() => copyFileSync(`${screenshots}/panel-events.png`, `${root}stories/assets/tracking-panel.png`))
}
