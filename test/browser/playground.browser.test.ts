import { execSync } from 'node:child_process'
import { existsSync, mkdirSync } from 'node:fs'
import { fileURLToPath } from 'node:url'
import type { BrowserContext } from 'playwright-core'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { launch, serveStatic, type Listening } from './support'

const root = fileURLToPath(new URL('../..', import.meta.url))
const screenshots = `${root}test/browser/screenshots`
let site: Listening
let browser: Awaited<ReturnType<typeof launch>>
let context: BrowserContext

beforeAll(async () => {
  if (!existsSync(`${root}storybook-static/index.html`)) execSync('npm run build-storybook', { cwd: root, stdio: 'inherit' })
  mkdirSync(screenshots, { recursive: true })
  site = await serveStatic(`${root}storybook-static`)
  browser = await launch()
  context = browser.context
}, 180_000)

afterAll(async () => {
  await browser?.close()
  await site?.close()
})

describe('the playground in Chromium', () => {
  it('a click on a TrackClick story shows the event, with its properties, in the live log', async () => {
    const page = await context.newPage()
    await page.goto(`${site.url}/iframe.html?id=components-trackclick--basic&viewMode=story`)
    const log = page.getByRole('complementary', { name: 'Tracked events' })
    await page.getByRole('button', { name: 'Choose Pro' }).waitFor()
    // the story's own play function clicked once; a person clicks again
    await page.getByRole('button', { name: 'Choose Pro' }).click()
    await expect.poll(() => log.getByText('Clicked Plan').count()).toBe(2)
    await expect.poll(() => log.textContent()).toContain('{"plan":"pro"}')
    await page.screenshot({ path: `${screenshots}/playground-trackclick.png` })
    await page.close()
  })

  it('a TrackView story fires once in a real IntersectionObserver, only when scrolled into view', async () => {
    const page = await context.newPage()
    await page.goto(`${site.url}/iframe.html?id=components-trackview--below-the-fold&viewMode=story`)
    const log = page.getByRole('complementary', { name: 'Tracked events' })
    await page.getByText('Scroll down ↓').waitFor()
    await page.waitForTimeout(300)
    expect(await log.getByText('Viewed Pricing Table').count()).toBe(0)
    await page.getByText('The footer, finally').scrollIntoViewIfNeeded()
    await expect.poll(() => log.getByText('Viewed Pricing Table').count()).toBe(1)
    await page.mouse.wheel(0, -2000)
    await page.getByText('The footer, finally').scrollIntoViewIfNeeded()
    await page.waitForTimeout(300)
    expect(await log.getByText('Viewed Pricing Table').count()).toBe(1)
    await page.close()
  })

  it('the Storybook manager loads the playground', async () => {
    const page = await context.newPage()
    await page.goto(`${site.url}/?path=/story/components-trackclick--basic`)
    await page.frameLocator('#storybook-preview-iframe').getByRole('button', { name: 'Choose Pro' }).waitFor({ timeout: 30_000 })
    await page.screenshot({ path: `${screenshots}/playground-manager.png` })
    await page.close()
  })
})
