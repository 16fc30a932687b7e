// Rage clicks in real Chromium: the events a real mouse, keyboard and finger produce, which
// jsdom does not (a disabled button gets no `click`; a press is a pointer event first).
import type { Page } from 'playwright-core'
import { describe, expect, it } from 'vitest'
import { pageWithCollector } from './buildPage'

const test = pageWithCollector('rage-page.tsx')

const rages = () =>
  test.sink.received
    .filter((e) => e.event === 'Rage Clicked')
    .map((e) => e.properties as { target: string; clickCount: number })

async function open(): Promise<Page> {
  test.sink.received.length = 0
  const page = await test.context.newPage()
  await page.goto(
    `${test.site.url}/index.html?collector=${encodeURIComponent(`${test.sink.url}/collect`)}`,
  )
  await page.getByRole('button', { name: 'Save' }).waitFor()
  // the provider starts its watcher in an effect, after a dynamic import: give it a moment
  await page.waitForTimeout(300)
  return page
}

/** The centre of what `selector` matches, in page pixels. */
async function centre(page: Page, selector: string): Promise<{ x: number; y: number }> {
  const box = (await page.locator(selector).boundingBox())!
  return { x: box.x + box.width / 2, y: box.y + box.height / 2 }
}

/** Fast real mouse clicks, as a person mashing the button does. */
async function mash(page: Page, selector: string, times = 3): Promise<void> {
  const { x, y } = await centre(page, selector)
  for (let i = 0; i < times; i++) await page.mouse.click(x, y)
}

/** What a burst sent, once it has ended (1 s after its last click) and reached the collector. */
async function settled(page: Page): Promise<{ target: string; clickCount: number }[]> {
  await page.waitForTimeout(1500)
  await page.close()
  return rages()
}

describe('rage clicks in Chromium', () => {
  it('three fast clicks on a disabled button record one Rage Clicked (Chromium sends it no click)', async () => {
    const page = await open()
    await mash(page, '[data-track-id=pay]')
    await expect.poll(rages, { timeout: 10_000 }).toHaveLength(1)
    expect(await settled(page)).toEqual([{ target: 'button#pay', clickCount: 3 }])
  })

  it('three fast clicks on an enabled button: exactly one, counted once per click', async () => {
    const page = await open()
    await mash(page, '[data-track-id=next]')
    await expect.poll(rages, { timeout: 10_000 }).toHaveLength(1)
    expect(await settled(page)).toEqual([{ target: 'button#next', clickCount: 3 }])
  })

  it('clicks alternating between an icon button’s svg path and its text are one burst on the button', async () => {
    const page = await open()
    const icon = await centre(page, '[data-testid=save-icon]')
    const text = await centre(page, '[data-testid=save-text]')
    expect(Math.hypot(icon.x - text.x, icon.y - text.y)).toBeLessThan(30)
    for (const { x, y } of [icon, text, icon, text]) await page.mouse.click(x, y)
    await expect.poll(rages, { timeout: 10_000 }).toHaveLength(1)
    expect(await settled(page)).toEqual([
      { target: 'button#save[aria-label="Save"]', clickCount: 4 },
    ])
  })

  it('no rage on a text input', async () => {
    const page = await open()
    await mash(page, '[aria-label=Search]', 4)
    expect(await settled(page)).toEqual([])
  })

  it('no rage for a triple-click that selects a paragraph', async () => {
    const page = await open()
    const { x, y } = await centre(page, '[data-testid=paragraph]')
    await page.mouse.click(x, y, { clickCount: 3 })
    expect(await page.evaluate(() => getSelection()?.toString())).toContain('Some paragraph')
    expect(await settled(page)).toEqual([])
  })

  it('three taps on a disabled button record one; swipes that start on a button record none', async () => {
    const page = await open()
    const cdp = await page.context().newCDPSession(page)
    const touch = async (points: { x: number; y: number }[]) => {
      await cdp.send('Input.dispatchTouchEvent', { type: 'touchStart', touchPoints: [points[0]!] })
      for (const point of points.slice(1))
        await cdp.send('Input.dispatchTouchEvent', { type: 'touchMove', touchPoints: [point] })
      await cdp.send('Input.dispatchTouchEvent', { type: 'touchEnd', touchPoints: [] })
    }
    const pay = await centre(page, '[data-track-id=pay]')
    for (let i = 0; i < 3; i++) await touch([pay])
    await expect.poll(rages, { timeout: 10_000 }).toHaveLength(1)
    await page.waitForTimeout(1200)
    const next = await centre(page, '[data-track-id=next]')
    for (let i = 0; i < 3; i++) {
      await touch([next, { x: next.x, y: next.y - 50 }, { x: next.x, y: next.y - 100 }])
      await page.evaluate(() => window.scrollTo(0, 0))
    }
    expect(await settled(page)).toEqual([{ target: 'button#pay', clickCount: 3 }])
  })

  it('Enter pressed three times on a focused button is rage too (keyboard clicks count)', async () => {
    const page = await open()
    await page.getByRole('button', { name: 'Next' }).focus()
    for (let i = 0; i < 3; i++) await page.keyboard.press('Enter')
    await expect.poll(rages, { timeout: 10_000 }).toHaveLength(1)
    expect(await settled(page)).toEqual([{ target: 'button#next', clickCount: 3 }])
  })
})
