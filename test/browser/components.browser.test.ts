import { describe, expect, it } from 'vitest'
import type { Page } from 'playwright-core'
import { pageWithCollector } from './buildPage'

const test = pageWithCollector('components-page.tsx')

const open = async (): Promise<Page> => {
  const page = await test.context.newPage()
  await page.goto(`${test.site.url}/index.html`)
  await page.getByRole('button', { name: 'Share' }).waitFor()
  return page
}
const tracked = (page: Page) => page.evaluate(() => window.tracked)
const reported = (page: Page) => page.evaluate(() => window.reported)

describe('components in Chromium', () => {
  it('TrackView: a CSS-style rootMargin Chromium refuses, or a wrong one, never blanks the page; views are still tracked', async () => {
    const page = await open()
    // the premise: Chromium's constructor throws on a unitless margin
    const refusal = await page.evaluate(() => {
      try {
        new IntersectionObserver(() => {}, { rootMargin: '0 0 -20% 0' })
        return 'accepted'
      } catch (error) {
        return String(error)
      }
    })
    expect(refusal).toMatch(/^SyntaxError: Failed to construct 'IntersectionObserver': rootMargin/)
    await expect(page.getByText('footer')).toBeTruthy()
    await page.mouse.wheel(0, 5000)
    await expect
      .poll(() => tracked(page))
      .toEqual(expect.arrayContaining(['Viewed Footer', 'Viewed Legal']))
    const reports = await reported(page)
    expect(reports).toHaveLength(1)
    expect(reports[0]).toMatch(/^invalid_option: .*rootMargin "bottom 20%"/)
    await page.close()
  })

  it("TrackView follows its child's node when a placeholder is replaced by content", async () => {
    const page = await open()
    await page.evaluate(() => window.showPrices())
    await page.getByText('prices').scrollIntoViewIfNeeded()
    await expect.poll(() => tracked(page)).toContain('Viewed Prices')
    await page.close()
  })

  it('TrackClick inside a real Radix Tooltip trigger: the tooltip opens on hover and the click is tracked', async () => {
    const page = await open()
    await page.getByRole('button', { name: 'Share' }).hover()
    await expect.poll(() => page.getByRole('tooltip').count()).toBe(1)
    await page.getByRole('button', { name: 'Share' }).click()
    await expect.poll(() => tracked(page)).toContain('Clicked Share')
    await page.close()
  })
})
