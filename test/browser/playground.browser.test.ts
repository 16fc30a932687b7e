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
  if (!existsSync(`${root}storybook-static/index.html`))
    execSync('npm run build-storybook', { cwd: root, stdio: 'inherit' })
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
    expect(await row.textContent()).toContain(
      'must be one of "free", "pro", "team"; got "enterprise"',
    )
    // the previous story's click is still listed
    expect(
      await eventsTable()
        .getByRole('row')
        .filter({ hasText: 'Clicked Plan' })
        .filter({ hasText: 'plan=pro' })
        .count(),
    ).toBe(1)
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
    await expect
      .poll(() => panel().getByRole('region', { name: 'Event details' }).textContent())
      .toContain('"plan": "free"')
    await page.screenshot({ path: `${screenshots}/panel-outline.png` })
  })

  it('the Funnel tab shows the chosen steps with counts and conversion rates', async () => {
    await openStory('flows-checkout-funnel--purchase-with-failed-payment', 'Add Mug ($12)')
    await preview()
      .getByRole('status')
      .filter({ hasText: 'Thank you' })
      .waitFor({ timeout: 15_000 })
    await panel().getByRole('tab', { name: 'Funnel' }).click()
    for (const step of ['Added to Cart', 'Started Checkout', 'Completed Purchase']) {
      await panel().getByRole('combobox', { name: 'Funnel step to add' }).selectOption(step)
      await panel().getByRole('button', { name: 'Add step' }).click()
    }
    const steps = panel().getByRole('list', { name: 'Funnel' }).getByRole('listitem')
    await expect
      .poll(() => steps.evaluateAll((items) => items.map((li) => li.getAttribute('aria-label'))))
      .toEqual([
        'Added to Cart: 2, — from previous, 100 % from first',
        'Started Checkout: 1, 50 % from previous, 50 % from first',
        'Completed Purchase: 1, 100 % from previous, 50 % from first',
      ])
    await page.screenshot({ path: `${screenshots}/panel-funnel.png` })
    await panel().getByRole('tab', { name: 'Plan' }).click()
    expect(
      await panel()
        .getByRole('table', { name: 'Tracking plan' })
        .getByRole('row')
        .filter({ hasText: 'Completed Purchase' })
        .textContent(),
    ).toContain('×1')
    await page.screenshot({ path: `${screenshots}/panel-plan.png` })
  })

  it('the designers’ introduction renders, with its screenshot', async () => {
    await page.goto(`${site.url}/?path=/story/introduction--reading-the-tracking-panel`)
    const img = preview().getByRole('img', { name: /Tracking panel/ })
    await img.waitFor({ timeout: 30_000 })
    expect(await img.evaluate((el) => (el as HTMLImageElement).naturalWidth)).toBeGreaterThan(100)
  })
})

describe('"Show tracked elements" in Chromium', () => {
  const badges = () => preview().locator('[data-trackplan-badge]')
  const badge = (name: string) => preview().locator(`[data-trackplan-badge="${name}"]`)
  const summary = () =>
    badges().evaluateAll((all) =>
      all
        .map(
          (b) =>
            `${b.getAttribute('data-trackplan-badge')} ${b.getAttribute('data-status')} ${getComputedStyle(b).backgroundColor}`,
        )
        .sort(),
    )
  const GREEN = 'rgb(26, 127, 55)'
  const PURPLE = 'rgb(130, 80, 223)'
  const RED = 'rgb(207, 34, 46)'

  it('outlines every tracked element of a flow with its event, coloured by plan status, without moving the story', async () => {
    await openStory('flows-pricing-page--choose-plan', 'Choose Team')
    const before = await preview().getByRole('button', { name: 'Choose Pro' }).boundingBox()
    const toggle = page.getByRole('switch', { name: 'Show tracked elements' })
    await toggle.click()
    await badge('Compared Plans').waitFor({ timeout: 10_000 })
    expect(await summary()).toEqual(
      [
        `Clicked Plan planned ${GREEN}`,
        `Clicked Plan planned ${GREEN}`,
        `Clicked Plan planned ${GREEN}`,
        `Clicked Plan breaks ${RED}`,
        `Compared Plans unplanned ${PURPLE}`,
        `Viewed Pricing Table planned ${GREEN}`,
      ].sort(),
    )
    // an overlay, not wrappers: the story's layout is untouched
    expect(await preview().getByRole('button', { name: 'Choose Pro' }).boundingBox()).toEqual(
      before,
    )
    // each badge sits on its element
    const proBadge = badges().filter({ hasText: 'Clicked Plan' }).nth(1)
    const pro = (await preview().getByRole('button', { name: 'Choose Pro' }).boundingBox())!
    const at = (await proBadge.boundingBox())!
    expect(Math.abs(at.x - pro.x)).toBeLessThan(2)
    expect(at.y).toBeLessThan(pro.y)
    expect(pro.y - at.y).toBeLessThan(20)
  })

  it("hovering a badge shows what it sends (scope + provider + own), the plan's description and required properties, and why it breaks the plan", async () => {
    const pro = badges().filter({ hasText: 'Clicked Plan' }).nth(1)
    // badges let every click through to the story (pointer-events: none): Playwright's check
    // that the badge would get the pointer does not apply; the pointer simply goes there
    await pro.hover({ force: true })
    const card = pro.locator('[data-trackplan-details]')
    await card.waitFor({ state: 'visible' })
    expect(await card.innerText()).toBe(
      [
        'click: Clicked Plan',
        'status: planned',
        'sends: section=pricing · plan=pro',
        'Clicked Plan: A plan was chosen on the pricing page',
      ].join('\n'),
    )
    await page.screenshot({ path: `${screenshots}/tracked-elements.png` })
    const breaking = preview().locator(
      '[data-trackplan-badge="Clicked Plan"][data-status="breaks"]',
    )
    await breaking.hover({ force: true })
    expect(await breaking.locator('[data-trackplan-details]').innerText()).toContain(
      '⚠ "Clicked Plan": property "plan" must be one of "free", "pro", "team"; got "enterprise"',
    )
  })

  it('survives a story switch, shows a form and its fields, follows re-renders, and goes away when off', async () => {
    // in the sidebar, as a person does (no reload): the component opens on its first story
    await page.locator('[data-item-id="flows-signup"]').click()
    await badge('field:password').waitFor({ timeout: 10_000 })
    const card = badge('field:password').locator('[data-trackplan-details]')
    await badge('field:password').hover({ force: true })
    expect(await card.innerText()).toContain('value: never sent (a secret field)')
    expect(
      await badges().evaluateAll((all) =>
        all.map((b) => b.getAttribute('data-trackplan-badge')).sort(),
      ),
    ).toEqual(['Started Form', 'field:email', 'field:password', 'field:plan'])
    // a re-render that adds tracked elements: the checkout flow's cards appear on the next story, then its page changes
    await page.locator('[data-item-id="flows-checkout-funnel"]').click()
    await page.locator('[data-item-id="flows-checkout-funnel--abandoned-cart"]').click()
    await expect.poll(() => badges().count(), { timeout: 10_000 }).toBe(2)
    await preview().getByRole('button', { name: 'Checkout (1)' }).click()
    await expect.poll(() => badges().count(), { timeout: 10_000 }).toBe(0)
    // the shortcut turns it off, and on again
    await page.keyboard.press('Alt+E')
    await expect.poll(() => preview().locator('[data-trackplan-overlay]').count()).toBe(0)
    await page.keyboard.press('Alt+E')
    await expect.poll(() => preview().locator('[data-trackplan-overlay]').count()).toBe(1)
    await page.getByRole('switch', { name: 'Show tracked elements' }).click()
    await expect.poll(() => preview().locator('[data-trackplan-overlay]').count()).toBe(0)
  })

  it("the tab's count is the number of events in the log", async () => {
    const title = await page.getByRole('tab', { name: /^Tracking/ }).textContent()
    await page.getByRole('tab', { name: /^Tracking/ }).click()
    const count = await panel()
      .getByRole('tab', { name: /^Events/ })
      .textContent()
    expect(title).toMatch(/^Tracking \(\d+\)$/)
    expect(title!.match(/\d+/)![0]).toBe(count!.match(/\d+/)![0])
  })
})

if (process.env.TRACKPLAN_UPDATE_SCREENSHOT) {
  afterAll(() => {
    copyFileSync(`${screenshots}/panel-events.png`, `${root}stories/assets/tracking-panel.png`)
    copyFileSync(
      `${screenshots}/tracked-elements.png`,
      `${root}stories/assets/tracked-elements.png`,
    )
  })
}
