// trackplan/devtools in Chromium, over an app laid out by a flex body: mounted, closed or
// open, they move nothing of the app; "Show tracked elements" lets every click through to it.
import type { Page } from 'playwright-core'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { buildPage } from './buildPage'
import { launch, serveStatic, type Listening } from './support'

let site: Listening
let browser: Awaited<ReturnType<typeof launch>>

beforeAll(async () => {
  site = await serveStatic(await buildPage('devtools-page.tsx'))
  browser = await launch()
}, 120_000)

afterAll(async () => {
  await browser?.close()
  await site?.close()
})

async function open(devtools: boolean): Promise<Page> {
  const page = await browser.context.newPage()
  await page.setViewportSize({ width: 1000, height: 800 })
  // the profile is shared: each test starts with the devtools closed, whatever the last left
  await page.addInitScript(() => localStorage.removeItem('trackplan:devtools'))
  await page.goto(`${site.url}/index.html?devtools=${devtools ? 1 : 0}`)
  await page.getByRole('button', { name: 'Choose pro' }).waitFor()
  return page
}

/** Where each of the app's elements is, to the pixel. */
const layout = (page: Page) =>
  page.evaluate(() =>
    Array.from(document.querySelectorAll('#root, #root *, footer')).map((element) => {
      const { x, y, width, height } = element.getBoundingClientRect()
      return `${element.tagName.toLowerCase()} ${element.textContent} ${x},${y} ${width}×${height}`
    }),
  )

const appClicks = (page: Page) =>
  page.evaluate(() => (window as unknown as { appClicks: string[] }).appClicks.slice())

const boxOf = async (page: Page, name: string) =>
  (await page.getByRole('button', { name, exact: true }).boundingBox())!

describe('trackplan/devtools in Chromium', () => {
  it('take no part in the app’s layout: a flex body with a gap lays out the same without them, with them closed, and open', async () => {
    const plain = await open(false)
    const without = await layout(plain)
    await plain.close()

    const page = await open(true)
    await page.locator('[data-trackplan-devtools]').waitFor({ state: 'attached' })
    expect(await layout(page)).toEqual(without)
    await page.getByRole('button', { name: 'Open trackplan devtools' }).click()
    await page.getByRole('dialog', { name: 'trackplan devtools' }).waitFor()
    expect(await layout(page)).toEqual(without)
    await page.close()
  })

  it('hovering an event outlines its element where it is, the page scrolled', async () => {
    const page = await open(true)
    await page.evaluate(() => {
      document.body.style.paddingBottom = '2000px'
      scrollTo(0, 30)
    })
    await page.getByRole('button', { name: 'Choose pro' }).click()
    await page.getByRole('button', { name: 'Open trackplan devtools' }).click()
    const devtools = page.getByRole('dialog', { name: 'trackplan devtools' })
    await devtools.getByRole('row').filter({ hasText: 'plan=pro' }).first().hover()
    const outline = (await page.locator('[data-trackplan-outline]').boundingBox())!
    const pro = await boxOf(page, 'Choose pro')
    expect(outline.x).toBeLessThanOrEqual(pro.x)
    expect(outline.y).toBeLessThanOrEqual(pro.y)
    expect(outline.x + outline.width).toBeGreaterThanOrEqual(pro.x + pro.width)
    expect(outline.y + outline.height).toBeGreaterThanOrEqual(pro.y + pro.height)
    expect(outline.y).toBeGreaterThan(pro.y - 10)
    await page.close()
  })

  it('with "Show tracked elements" on, a real click anywhere on the app reaches the app, under a badge and its card too', async () => {
    const page = await open(true)
    await page.getByRole('button', { name: 'Open trackplan devtools' }).click()
    const devtools = page.getByRole('dialog', { name: 'trackplan devtools' })
    await devtools.getByRole('button', { name: 'Show tracked elements' }).click()
    const badges = page.locator('[data-trackplan-badge]')
    await expect.poll(() => badges.count(), { timeout: 10_000 }).toBe(3)

    // nothing of the overlay is hit anywhere above the panel: every point is the app's
    const dockTop = (await devtools.boundingBox())!.y
    const hijacked = await page.evaluate((bottom) => {
      const hits: string[] = []
      for (let y = 0; y < bottom; y += 4)
        for (let x = 0; x < innerWidth; x += 4) {
          const hit = document.elementFromPoint(x, y)
          if (hit?.closest('[data-trackplan-devtools]')) hits.push(`${x},${y}`)
        }
      return hits
    }, dockTop - 1)
    expect(hijacked, `the overlay is hit at ${hijacked.slice(0, 5).join(' · ')}…`).toHaveLength(0)

    // the bottom of "Choose free", under the badge of "Choose pro" (drawn over its neighbour)
    const free = await boxOf(page, 'Choose free')
    const proBadge = (await page.locator('[data-trackplan-badge]').nth(2).boundingBox())!
    expect(proBadge.y).toBeLessThan(free.y + free.height)
    await page.mouse.click(free.x + 6, free.y + free.height - 3)
    // the top of "Menu", under its own badge (an element at the top of the page)
    const menu = await boxOf(page, 'Menu')
    await page.mouse.click(menu.x + 6, menu.y + 4)
    expect(await appClicks(page)).toEqual(['free', 'menu'])

    // pointing at a badge shows what it sends; the app under its card still gets the click
    const badge = page.locator('[data-trackplan-badge="Clicked Plan"]').last()
    const at = (await badge.boundingBox())!
    await page.mouse.move(at.x + at.width / 2, at.y + at.height / 2)
    const card = badge.locator('[data-trackplan-details]')
    await card.waitFor({ state: 'visible' })
    expect(await card.innerText()).toContain('sends: plan=pro')
    const pro = await boxOf(page, 'Choose pro')
    await page.mouse.click(pro.x + 100, pro.y + 20)
    expect(await appClicks(page)).toEqual(['free', 'menu', 'pro'])
    await page.close()
  })
})
