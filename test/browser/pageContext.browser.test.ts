import { writeFileSync } from 'node:fs'
import { join } from 'node:path'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { buildPage } from './buildPage'
import { launch, serveStatic, type Listening } from './support'

// In Chromium the page context is read from `location` again only when the Navigation API
// says the URL changed (each same-document navigation, as it happens): these are the ways a
// single-page app changes its URL and title, each in a task of its own after the page was read.
let site: Listening
let browser: Awaited<ReturnType<typeof launch>>

beforeAll(async () => {
  const dir = await buildPage('page-context-page.tsx')
  // the page in an iframe sandboxed without allow-same-origin: a document of an opaque origin
  // (a classic script: a module one would need CORS from the opaque origin)
  writeFileSync(
    join(dir, 'frame.html'),
    '<!doctype html><html><head><title>Framed</title></head><body><script src="/app.js"></script></body></html>',
  )
  writeFileSync(
    join(dir, 'sandboxed.html'),
    '<!doctype html><html><head><title>Parent</title><script>window.told = []; addEventListener("message", (e) => told.push(e.data))</script></head><body><iframe sandbox="allow-scripts" src="/frame.html"></iframe></body></html>',
  )
  site = await serveStatic(dir)
  browser = await launch()
}, 120_000)

afterAll(async () => {
  await browser?.close()
  await site?.close()
})

interface PageWindow {
  track(event: string): void
  seen: { event: string; path: string; url: string; title: string }[]
  hasNavigationApi: boolean
}

describe('the page context in Chromium', () => {
  it('follows pushState, replaceState, a fragment, a traversal and the title, in later tasks and within one', async () => {
    const page = await browser.context.newPage()
    await page.goto(`${site.url}/index.html`)
    await page.waitForFunction(() => 'track' in window)
    expect(await page.evaluate(() => (window as unknown as PageWindow).hasNavigationApi)).toBe(true)
    const step = (run: () => void) => page.evaluate(run)
    await step(() => (window as unknown as PageWindow).track('Loaded'))
    await step(() => {
      history.pushState({}, '', '/pricing?plan=pro&token=s3cr3t')
      ;(window as unknown as PageWindow).track('Pushed')
    })
    await step(() => (window as unknown as PageWindow).track('Later'))
    await step(() => {
      history.replaceState({}, '', '/pricing#faq')
      ;(window as unknown as PageWindow).track('Replaced')
      location.hash = 'plans'
      ;(window as unknown as PageWindow).track('Fragment')
    })
    await page.evaluate(
      () =>
        new Promise<void>((resolve) => {
          addEventListener('popstate', () => resolve(), { once: true })
          history.back()
        }),
    )
    await step(() => (window as unknown as PageWindow).track('Back'))
    await step(() => {
      document.title = 'Plans'
      ;(window as unknown as PageWindow).track('Retitled')
    })
    const seen = await page.evaluate(() => (window as unknown as PageWindow).seen)
    const origin = site.url
    expect(seen).toEqual([
      { event: 'Loaded', path: '/index.html', url: `${origin}/index.html`, title: 'Signup' },
      {
        event: 'Pushed',
        path: '/pricing',
        url: `${origin}/pricing?plan=pro&token=REDACTED`,
        title: 'Signup',
      },
      {
        event: 'Later',
        path: '/pricing',
        url: `${origin}/pricing?plan=pro&token=REDACTED`,
        title: 'Signup',
      },
      { event: 'Replaced', path: '/pricing', url: `${origin}/pricing#faq`, title: 'Signup' },
      { event: 'Fragment', path: '/pricing', url: `${origin}/pricing#plans`, title: 'Signup' },
      { event: 'Back', path: '/pricing', url: `${origin}/pricing#faq`, title: 'Signup' },
      { event: 'Retitled', path: '/pricing', url: `${origin}/pricing#faq`, title: 'Plans' },
    ])
    await page.close()
  })

  it('follows pushState in a sandboxed iframe (an opaque origin), where the Navigation API tells of nothing', async () => {
    const page = await browser.context.newPage()
    await page.goto(`${site.url}/sandboxed.html`)
    await expect.poll(() => page.frames().length).toBe(2)
    const frame = page.frames()[1]!
    await frame.waitForFunction(() => 'track' in window)
    expect(await frame.evaluate(() => [self.origin, 'navigation' in window])).toEqual([
      'null',
      true,
    ])
    // each step a task of its own, after the page was read
    const step = (run: () => void) => frame.evaluate(run)
    await step(() => (window as unknown as PageWindow).track('Loaded'))
    await step(() => {
      history.pushState({}, '', '/a')
      ;(window as unknown as PageWindow).track('At A')
    })
    await step(() => {
      history.pushState({}, '', '/b?plan=pro')
      ;(window as unknown as PageWindow).track('At B')
    })
    // what the frame's events carried, as the parent was told (no localStorage there: the
    // tracker keeps its ids in memory)
    const told = () => page.evaluate(() => (window as unknown as { told: PageWindow['seen'] }).told)
    await expect.poll(told).toHaveLength(3)
    expect(await told()).toEqual([
      { event: 'Loaded', path: '/frame.html', url: `${site.url}/frame.html`, title: 'Framed' },
      { event: 'At A', path: '/a', url: `${site.url}/a`, title: 'Framed' },
      { event: 'At B', path: '/b', url: `${site.url}/b?plan=pro`, title: 'Framed' },
    ])
    await page.close()
  })
})
