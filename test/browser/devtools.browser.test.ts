// trackplan/devtools in Chromium, over an app laid out by a flex body: mounted, closed or
// open, they move nothing of the app.
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
})
