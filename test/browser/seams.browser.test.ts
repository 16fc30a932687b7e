// Hunt C repros in real Chromium (fixtures/seams-page.tsx): the devtools next to a Radix modal
// Dialog, rage clicks on labels and wrapped disabled buttons, TrackView of content never seen,
// React 19 formAction buttons in a TrackForm with an action.
import type { Page } from 'playwright-core'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { buildPage } from './buildPage'
import { launch, serveStatic, type Listening } from './support'

let site: Listening
let browser: Awaited<ReturnType<typeof launch>>

beforeAll(async () => {
  site = await serveStatic(await buildPage('seams-page.tsx'))
  browser = await launch()
}, 120_000)

afterAll(async () => {
  await browser?.close()
  await site?.close()
})

type Tracked = { event: string; properties: Record<string, unknown> }

async function open(scenario: string): Promise<Page> {
  const page = await browser.context.newPage()
  page.setDefaultTimeout(5000)
  await page.setViewportSize({ width: 1000, height: 800 })
  await page.addInitScript(() => localStorage.removeItem('trackplan:devtools'))
  await page.goto(`${site.url}/index.html?s=${scenario}`)
  await page.getByText('ready').waitFor()
  await page.waitForTimeout(300)
  return page
}

const tracked = (page: Page) =>
  page.evaluate(() => (window as unknown as { events: Tracked[] }).events.slice())
const appLog = (page: Page) =>
  page.evaluate(() => (window as unknown as { appLog: string[] }).appLog.slice())

/** The page with the devtools panel open, then the app's modal dialog opened over it. */
async function devtoolsThenDialog() {
  const page = await open('dialog')
  await page
    .locator('[data-trackplan-devtools] button[aria-label="Open trackplan devtools"]')
    .click()
  const devtools = page.locator('[data-trackplan-devtools] [role=dialog]')
  await devtools.waitFor()
  await page.getByRole('button', { name: 'Open dialog' }).click()
  await page.getByRole('dialog', { name: 'Edit profile' }).waitFor()
  return { page, devtools }
}

describe('devtools next to a Radix modal Dialog', () => {
  it('opening the devtools panel with its toggle leaves the app’s modal dialog open', async () => {
    const page = await open('dialog')
    await page.getByRole('button', { name: 'Open dialog' }).click()
    await page.getByRole('dialog', { name: 'Edit profile' }).waitFor()
    // the toggle is in the devtools' shadow root, over the modal's overlay
    const toggle = page.locator(
      '[data-trackplan-devtools] button[aria-label="Open trackplan devtools"]',
    )
    await toggle.click()
    await page.locator('[data-trackplan-devtools] [role=dialog]').waitFor()
    await page.waitForTimeout(200)
    expect(await appLog(page)).toEqual(['opened'])
    expect(await page.getByRole('dialog', { name: 'Edit profile' }).count()).toBe(1)
    await page.close()
  })

  it('clicking inside the open devtools panel (a tab) leaves the app’s modal dialog open', async () => {
    const { page, devtools } = await devtoolsThenDialog()
    await devtools.locator('[role=tab]', { hasText: 'Delivery' }).click()
    await page.waitForTimeout(200)
    expect(await appLog(page)).toEqual(['opened'])
    await page.close()
  })

  it('the devtools panel’s filter can be typed into while the app’s modal dialog is open (its focus trap does not bounce focus back)', async () => {
    const { page, devtools } = await devtoolsThenDialog()
    const filter = devtools.locator('input').first()
    await filter.click({ force: true })
    await page.keyboard.type('Save')
    expect(await filter.inputValue()).toBe('Save')
    await page.close()
  })

  it('pressing Escape in the devtools panel closes the panel, not the app’s dialog too', async () => {
    const { page, devtools } = await devtoolsThenDialog()
    await devtools.locator('[role=tab]').first().focus()
    await page.keyboard.press('Escape')
    await page.waitForTimeout(200)
    expect(await appLog(page)).toEqual(['opened'])
    await page.close()
  })
})

describe('devtools accessibility under a modal', () => {
  it('the devtools panel stays in the accessibility tree while the app’s modal dialog is open (it is not aria-hidden with the app)', async () => {
    const { page } = await devtoolsThenDialog()
    expect(
      await page.evaluate(() =>
        document.querySelector('[data-trackplan-devtools]')!.getAttribute('aria-hidden'),
      ),
    ).toBeNull()
    expect(await page.getByRole('dialog', { name: 'trackplan devtools' }).count()).toBe(1)
    await page.close()
  })
})

const rages = async (page: Page) => {
  await page.waitForTimeout(1500) // a burst is recorded when it ends, 1 s after its last press
  return (await tracked(page)).filter((e) => e.event === 'Rage Clicked').map((e) => e.properties)
}

async function centre(page: Page, selector: string): Promise<{ x: number; y: number }> {
  const box = (await page.locator(selector).boundingBox())!
  return { x: box.x + box.width / 2, y: box.y + box.height / 2 }
}

describe('rage clicks in Chromium', () => {
  it('three fast clicks on a <label> wrapping a checkbox: one burst of 3 (label and forwarded input click not counted twice)', async () => {
    const page = await open('rage')
    const { x, y } = await centre(page, '[data-testid=terms-label]')
    for (let i = 0; i < 3; i++) await page.mouse.click(x + 40, y)
    expect(await rages(page)).toEqual([{ target: 'label', clickCount: 3 }])
    await page.close()
  })

  it('right-clicks and middle-clicks are not rage', async () => {
    const page = await open('rage')
    const { x, y } = await centre(page, '[data-track-id=menu]')
    for (let i = 0; i < 3; i++) await page.mouse.click(x, y, { button: 'right' })
    for (let i = 0; i < 3; i++) await page.mouse.click(x, y, { button: 'middle' })
    expect(await rages(page)).toEqual([])
    await page.close()
  })

  it('mashing a disabled shadcn-style button (pointer-events: none) in a Radix Tooltip trigger span names the button, not the span', async () => {
    const page = await open('rage')
    const { x, y } = await centre(page, '[data-testid=pay-wrapper]')
    for (let i = 0; i < 3; i++) await page.mouse.click(x, y)
    expect(await rages(page)).toEqual([{ target: 'button#pay', clickCount: 3 }])
    await page.close()
  })

  it('selecting text by dragging across a paragraph, three times in a row, is reading, not rage', async () => {
    const page = await open('rage')
    const box = (await page.locator('[data-testid=para]').boundingBox())!
    const y = box.y + 8
    for (let i = 0; i < 3; i++) {
      await page.mouse.move(box.x + 2, y)
      await page.mouse.down()
      await page.mouse.move(box.x + 200, y, { steps: 4 })
      await page.mouse.up()
    }
    expect(await page.evaluate(() => getSelection()!.toString().length)).toBeGreaterThan(5)
    expect(await rages(page)).toEqual([])
    await page.close()
  })
})

describe('TrackView counts what can be seen', () => {
  it('a fade carousel’s stacked slides at opacity 0 are not viewed; only the shown one is', async () => {
    const page = await open('view')
    await page.waitForTimeout(500)
    const slides = (await tracked(page))
      .filter((e) => e.event === 'Viewed Slide')
      .map((e) => e.properties.slide)
    expect(slides).toEqual(['one'])
    await page.close()
  })

  it('a drawer kept in the DOM with visibility: hidden is not viewed', async () => {
    const page = await open('view')
    await page.waitForTimeout(500)
    expect((await tracked(page)).filter((e) => e.event === 'Viewed Drawer')).toEqual([])
    await page.close()
  })
})

describe('React 19 form actions in Chromium', () => {
  it('TrackForm with an action: submitting through a <button formAction> (Save draft) still records Submitted Form', async () => {
    const page = await open('forms')
    await page.getByRole('textbox', { name: 'Post title' }).fill('Hello')
    await page.getByRole('button', { name: 'Save draft' }).click()
    await expect.poll(() => appLog(page)).toEqual(['draft Hello'])
    await page.waitForTimeout(300)
    const post = (await tracked(page))
      .filter((e) => e.properties.form === 'Post')
      .map((e) => e.event)
    expect(post).toEqual(['Started Form', 'Submitted Form'])
    // the form's own action, next: recorded once, when it resolves
    await page.getByRole('textbox', { name: 'Post title' }).fill('Hello again')
    await page.getByRole('button', { name: 'Publish' }).click()
    await expect.poll(() => appLog(page)).toEqual(['draft Hello', 'published Hello again'])
    await page.waitForTimeout(300)
    const after = (await tracked(page))
      .filter((e) => e.properties.form === 'Post')
      .map((e) => e.event)
    expect(after).toEqual(['Started Form', 'Submitted Form', 'Started Form', 'Submitted Form'])
    await page.close()
  })

  it('useActionState(form.trackAction(save)): one Started and one Submitted, no duplicate', async () => {
    const page = await open('forms')
    await page.getByRole('textbox', { name: 'Note title' }).fill('Hi')
    await page.getByRole('button', { name: 'Save note' }).click()
    await expect.poll(() => appLog(page)).toEqual(['saved Hi'])
    await page.waitForTimeout(300)
    const note = (await tracked(page))
      .filter((e) => e.properties.form === 'Note')
      .map((e) => e.event)
    expect(note).toEqual(['Started Form', 'Submitted Form'])
    await page.close()
  })
})
