// TrackView's visibility on elements taller than the viewport, in real Chromium: the cover
// ratio now comes from the observer's first entry (cc01186), not from a layout read before it.
import { fileURLToPath } from 'node:url'
import { build } from 'esbuild'
import type { BrowserContext, Page } from 'playwright-core'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { launch } from './support'

const root = fileURLToPath(new URL('../..', import.meta.url))
let browser: Awaited<ReturnType<typeof launch>>
let context: BrowserContext
let script = ''

beforeAll(async () => {
  const out = await build({
    stdin: {
      contents: `import { observeVisibility } from './src/dom/visibility'; window.observeVisibility = observeVisibility`,
      resolveDir: root,
      loader: 'ts',
    },
    bundle: true,
    write: false,
    format: 'iife',
    define: { 'process.env.NODE_ENV': '"development"' },
  })
  script = out.outputFiles[0]!.text
  browser = await launch()
  context = browser.context
}, 120_000)
afterAll(async () => browser?.close())

/** A page 800px high with a `height`px element `top`px down, observed with `options`. */
async function open(height: number, top: number, options: object): Promise<Page> {
  const page = await context.newPage()
  await page.setViewportSize({ width: 800, height: 800 })
  await page.setContent(
    `<body style="margin:0"><div style="height:${top}px"></div><div id="t" style="height:${height}px;background:#ccc"></div><div style="height:5000px"></div></body>`,
  )
  await page.addScriptTag({ content: script })
  await page.evaluate((o) => {
    const w = window as unknown as {
      seen: number
      observeVisibility: (...args: unknown[]) => void
      refused: string[]
    }
    w.seen = 0
    w.refused = []
    w.observeVisibility(
      document.getElementById('t'),
      o,
      () => w.seen++,
      (m: string) => w.refused.push(m),
    )
  }, options)
  return page
}
const seen = (page: Page) => page.evaluate(() => (window as unknown as { seen: number }).seen)
const settle = (page: Page) =>
  page.evaluate(
    () =>
      new Promise((r) =>
        requestAnimationFrame(() => requestAnimationFrame(() => setTimeout(r, 100))),
      ),
  )

describe('tall elements in Chromium', () => {
  it('a 4000px element below the fold, threshold 0.5: not seen at 30% of the viewport, seen at 60%', async () => {
    const page = await open(4000, 1600, { threshold: 0.5 })
    await settle(page)
    expect(await seen(page)).toBe(0)
    await page.evaluate(() => window.scrollTo(0, 1600 - 560)) // 240px in view: 30%
    await settle(page)
    expect(await seen(page)).toBe(0)
    await page.evaluate(() => window.scrollTo(0, 1600 - 320)) // 480px in view: 60%
    await settle(page)
    expect(await seen(page)).toBe(1)
  })

  it('a 4000px element already covering the viewport is seen at once', async () => {
    const page = await open(4000, 0, { threshold: 0.5 })
    await settle(page)
    expect(await seen(page)).toBe(1)
  })

  it('threshold 1 on a 10,000px element: seen once it fills the viewport', async () => {
    const page = await open(10000, 1600, { threshold: 1 })
    await settle(page)
    await page.evaluate(() => window.scrollTo(0, 1600 - 400))
    await settle(page)
    expect(await seen(page)).toBe(0)
    await page.evaluate(() => window.scrollTo(0, 1700))
    await settle(page)
    expect(await seen(page)).toBe(1)
  })

  it('with a rootMargin shrinking the viewport by half: seen when it covers half of that', async () => {
    const page = await open(4000, 1600, { threshold: 0.5, rootMargin: '0px 0px -50% 0px' })
    await settle(page)
    await page.evaluate(() => window.scrollTo(0, 1600 - 400 - 100)) // 100px in the 400px root
    await settle(page)
    expect(await seen(page)).toBe(0)
    await page.evaluate(() => window.scrollTo(0, 1600 - 400 + 250)) // 250px of 400: 62%
    await settle(page)
    expect(await seen(page)).toBe(1)
  })

  it('an element that grows taller than the viewport after mounting (content loaded)', async () => {
    const page = await open(0, 1600, { threshold: 0.5 })
    await settle(page)
    await page.evaluate(() => (document.getElementById('t')!.style.height = '4000px'))
    await settle(page)
    await page.evaluate(() => window.scrollTo(0, 1600 - 320))
    await settle(page)
    expect(await seen(page)).toBe(1)
  })
})
