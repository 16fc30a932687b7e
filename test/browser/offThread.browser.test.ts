import { writeFileSync } from 'node:fs'
import { join } from 'node:path'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { buildPage } from './buildPage'
import { launch, listen, serveStatic, staticFiles, type Listening } from './support'

// httpSink POSTs its batches from a Web Worker (a fetch costs the page's main thread
// milliseconds in Chromium); where a Content-Security-Policy forbids blob: workers, from the page.
let site: Listening
let collector: Listening
let browser: Awaited<ReturnType<typeof launch>>
/** What the collector answered, per request, and the events of the batches it accepted. */
const answered: number[] = []
const accepted: string[] = []
let failFirst = 0
/** Requests that arrive while set are never answered (a collector that hangs): their events count as not received. */
let hang = false
let hung = 0
/** Where set, the collector answers 200 with this body (a 204 has none for the browser to read). */
let answerBody: string | undefined
/** The Referer of the last POST to each collector path (`/v1/batch?via=worker`), `null` for none. */
const referers = new Map<string, string | null>()

beforeAll(async () => {
  const dir = await buildPage('worker-page.tsx')
  // the same page under a policy that allows scripts but no worker at all
  writeFileSync(
    join(dir, 'strict.html'),
    `<!doctype html><html><head><meta http-equiv="Content-Security-Policy" content="worker-src 'none'"><title>Strict</title></head><body><div id="root"></div><script type="module" src="/app.js"></script></body></html>`,
  )
  // the same page under referrer policies stricter than the default (one in a legacy word)
  for (const policy of ['origin', 'never'])
    writeFileSync(
      join(dir, `${policy}-referrer.html`),
      `<!doctype html><html><head><meta name="referrer" content="${policy}"><title>Strict referrer</title></head><body><div id="root"></div><script type="module" src="/app.js"></script></body></html>`,
    )
  site = await serveStatic(dir)
  // the collector serves the page too, for a page on the collector's own origin
  const files = staticFiles(dir)
  collector = await listen((req, res) => {
    const cors = {
      'access-control-allow-origin': '*',
      'access-control-allow-headers': '*',
      'access-control-allow-methods': 'POST, OPTIONS',
    }
    if (req.method === 'OPTIONS') return void res.writeHead(204, cors).end()
    if (req.method === 'GET') return files(req, res)
    referers.set(req.url ?? '', req.headers.referer ?? null)
    if (hang) {
      hung++
      return
    }
    let body = ''
    req.on('data', (chunk: Buffer) => (body += chunk))
    req.on('end', () => {
      const status = failFirst > 0 ? (failFirst--, 503) : 204
      answered.push(status)
      if (status === 204)
        accepted.push(
          ...(JSON.parse(body) as { batch: { event: string }[] }).batch.map((e) => e.event),
        )
      if (status === 204 && answerBody !== undefined)
        return void res
          .writeHead(200, { ...cors, 'content-type': 'application/json' })
          .end(answerBody)
      res.writeHead(status, cors).end()
    })
  })
  browser = await launch()
}, 120_000)

afterAll(async () => {
  await browser?.close()
  await site?.close()
  await collector?.close()
})

interface PageWindow {
  tracker: { track(name: string): void }
  fromPage(): string[]
  wrapped: string[]
  errors: string[]
}

/** Opens `file` (from the site, or from `origin`) sending to the collector's `path`. */
const open = async (file: string, extra = '', origin = site.url, path = '/v1/batch') => {
  answered.length = 0
  accepted.length = 0
  const page = await browser.context.newPage()
  await page.goto(
    `${origin}/${file}?collector=${encodeURIComponent(`${collector.url}${path}`)}${extra}`,
  )
  await page.waitForFunction(() => 'tracker' in window)
  return page
}

describe('httpSink off the main thread, in Chromium', () => {
  it('batches leave from a worker: the page’s fetch never sees them, and a 503 is retried from there too', async () => {
    failFirst = 1
    const page = await open('index.html')
    await page.evaluate(() => {
      const w = window as unknown as PageWindow
      w.tracker.track('Clicked Buy')
      w.tracker.track('Viewed Pricing')
    })
    await expect
      .poll(() => accepted, { timeout: 10_000 })
      .toEqual(['Clicked Buy', 'Viewed Pricing'])
    expect(answered).toEqual([503, 204])
    expect(await page.evaluate(() => (window as unknown as PageWindow).fromPage())).toEqual([])
    expect(await page.evaluate(() => (window as unknown as PageWindow).errors)).toEqual([])
    // acknowledged: nothing is left persisted
    await expect
      .poll(() =>
        page.evaluate(
          () => Object.keys(localStorage).filter((k) => k.startsWith('trackplan:http:')).length,
        ),
      )
      .toBe(0)
    await page.close()
  })

  it('a request in flight in the worker when the page goes away: the next load sends its events again', async () => {
    failFirst = 0
    hang = true
    hung = 0
    const page = await open('index.html')
    await page.evaluate(() => (window as unknown as PageWindow).tracker.track('Clicked Buy'))
    // the worker's request reached the collector, which never answers; then the page (and its worker) goes
    await expect.poll(() => hung, { timeout: 10_000 }).toBe(1)
    await page.goto(`${site.url}/elsewhere.html`)
    hang = false
    // the next load of the app adopts the queue the last one left: at once if it was released
    // (gone for good), after orphanAfter (10 s) if the page went into the back/forward cache
    await page.goto(
      `${site.url}/index.html?collector=${encodeURIComponent(`${collector.url}/v1/batch`)}`,
    )
    await expect.poll(() => accepted, { timeout: 20_000 }).toEqual(['Clicked Buy'])
    await page.close()
  })

  it('a Content-Security-Policy that forbids workers: the batches go from the page, none lost, nothing reported', async () => {
    failFirst = 0
    const page = await open('strict.html')
    await page.evaluate(() => (window as unknown as PageWindow).tracker.track('Clicked Buy'))
    await expect.poll(() => accepted, { timeout: 10_000 }).toEqual(['Clicked Buy'])
    // listed once the answer reached the page, a little after the collector took the batch
    await expect
      .poll(() => page.evaluate(() => (window as unknown as PageWindow).fromPage()))
      .toEqual([`${collector.url}/v1/batch`])
    expect(await page.evaluate(() => (window as unknown as PageWindow).errors)).toEqual([])
    await page.close()
  })

  it("an envelope the collector's 200 lists as rejected is dropped and reported, from the worker and from the page", async () => {
    failFirst = 0
    answerBody = JSON.stringify({
      accepted: 0,
      duplicates: 0,
      rejected: [{ index: 0, reason: 'nested too deep' }],
    })
    try {
      for (const file of ['index.html', 'strict.html']) {
        const page = await open(file)
        await page.evaluate(() => (window as unknown as PageWindow).tracker.track('Clicked Buy'))
        await expect
          .poll(() => page.evaluate(() => (window as unknown as PageWindow).errors), {
            timeout: 10_000,
          })
          .toEqual([expect.stringContaining('the collector refused it: nested too deep')])
        await page.close()
      }
    } finally {
      answerBody = undefined
    }
  })

  it('a page that wrapped fetch (an APM agent, a test harness) sees the batches pass through its wrapper', async () => {
    failFirst = 0
    const page = await open('index.html', '&wrap=1')
    await page.evaluate(() => (window as unknown as PageWindow).tracker.track('Clicked Buy'))
    await expect.poll(() => accepted, { timeout: 10_000 }).toEqual(['Clicked Buy'])
    expect(await page.evaluate(() => (window as unknown as PageWindow).wrapped)).toEqual([
      `${collector.url}/v1/batch`,
    ])
    await page.close()
  })
})

describe('httpSink’s requests as the browser’s network sees them, in Chromium', () => {
  it('a batch answered with a body: each POST finishes, none aborted, from the worker and from the page', async () => {
    failFirst = 0
    answerBody = '{"accepted":true}'
    try {
      // index.html sends from the worker, strict.html (no workers allowed) from the page
      for (const file of ['index.html', 'strict.html']) {
        const page = await open(file)
        const finished: string[] = []
        const failed: string[] = []
        page.on('requestfinished', (request) => {
          if (request.method() === 'POST') finished.push(request.url())
        })
        page.on('requestfailed', (request) => {
          if (request.url().startsWith(collector.url))
            failed.push(`${request.method()} ${request.url()} ${request.failure()?.errorText}`)
        })
        await page.evaluate(() => (window as unknown as PageWindow).tracker.track('Clicked Buy'))
        await expect.poll(() => accepted, { timeout: 10_000 }).toEqual(['Clicked Buy'])
        await expect
          .poll(() => [...failed, ...finished], { timeout: 10_000 })
          .toEqual([`${collector.url}/v1/batch`])
        await page.close()
      }
    } finally {
      answerBody = undefined
    }
  })

  /**
   * The Referer of the same event's batch from the worker and from the page (a second httpSink
   * with `worker: false`), on `file` served from `origin`.
   */
  const referersOn = async (origin: string, file: string) => {
    failFirst = 0
    referers.clear()
    const alsoFromPage = encodeURIComponent(`${collector.url}/v1/batch?via=page`)
    const page = await open(file, `&alsoFromPage=${alsoFromPage}`, origin, '/v1/batch?via=worker')
    await page.evaluate(() => (window as unknown as PageWindow).tracker.track('Clicked Buy'))
    await expect.poll(() => referers.size, { timeout: 10_000 }).toBe(2)
    // the page's resource timing lists its own requests only: the other went from the worker
    await expect
      .poll(() =>
        page.evaluate(() =>
          performance
            .getEntriesByType('resource')
            .map((entry) => entry.name)
            .filter((name) => name.includes('/v1/batch')),
        ),
      )
      .toEqual([`${collector.url}/v1/batch?via=page`])
    const href = page.url()
    await page.close()
    return {
      href,
      worker: referers.get('/v1/batch?via=worker'),
      page: referers.get('/v1/batch?via=page'),
    }
  }

  it('a batch from the worker carries the Referer the page’s own request does, under the page’s referrer policy', async () => {
    // cross-origin (another port): the page's origin only, by the default policy
    const crossOrigin = await referersOn(site.url, 'index.html')
    expect(crossOrigin).toMatchObject({ worker: `${site.url}/`, page: `${site.url}/` })
    // same-origin: the page's whole address
    const sameOrigin = await referersOn(collector.url, 'index.html')
    expect(sameOrigin).toMatchObject({ worker: sameOrigin.href, page: sameOrigin.href })
    // a page whose <meta name="referrer"> says the origin only, even to its own origin
    const originOnly = await referersOn(collector.url, 'origin-referrer.html')
    expect(originOnly).toMatchObject({ worker: `${collector.url}/`, page: `${collector.url}/` })
    // and one whose says none, in the legacy word for no-referrer
    const none = await referersOn(collector.url, 'never-referrer.html')
    expect(none).toMatchObject({ worker: null, page: null })
  })
})
