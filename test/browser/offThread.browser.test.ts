import { writeFileSync } from 'node:fs'
import { join } from 'node:path'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { buildPage } from './buildPage'
import { launch, listen, serveStatic, type Listening } from './support'

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

beforeAll(async () => {
  const dir = await buildPage('worker-page.tsx')
  // the same page under a policy that allows scripts but no worker at all
  writeFileSync(
    join(dir, 'strict.html'),
    `<!doctype html><html><head><meta http-equiv="Content-Security-Policy" content="worker-src 'none'"><title>Strict</title></head><body><div id="root"></div><script type="module" src="/app.js"></script></body></html>`,
  )
  site = await serveStatic(dir)
  collector = await listen((req, res) => {
    const cors = {
      'access-control-allow-origin': '*',
      'access-control-allow-headers': '*',
      'access-control-allow-methods': 'POST, OPTIONS',
    }
    if (req.method === 'OPTIONS') return void res.writeHead(204, cors).end()
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

const open = async (file: string, extra = '') => {
  answered.length = 0
  accepted.length = 0
  const page = await browser.context.newPage()
  await page.goto(
    `${site.url}/${file}?collector=${encodeURIComponent(`${collector.url}/v1/batch`)}${extra}`,
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
    // the next load of the app adopts the queue the last one released as it went
    await page.goto(
      `${site.url}/index.html?collector=${encodeURIComponent(`${collector.url}/v1/batch`)}`,
    )
    await expect.poll(() => accepted, { timeout: 10_000 }).toEqual(['Clicked Buy'])
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
})
