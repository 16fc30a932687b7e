// @vitest-environment node
// httpSink's worker runs from its own source text (`workerSource()`), away from its module: it
// must work as written, and after a bundler minified it or down-levelled it for old browsers.
import { fileURLToPath } from 'node:url'
import { build, type BuildOptions } from 'esbuild'
import { describe, expect, it, vi } from 'vitest'
import type { Item } from '../../src/sinks/http/item'
import { answerAsResponse } from '../../src/sinks/http/offThread'
import { retryAfter } from '../../src/sinks/http/policy'
import { post } from '../../src/sinks/http/transport'
import { workerSource, type WorkerAnswer, type WorkerRequest } from '../../src/sinks/http/worker'

const entry = fileURLToPath(new URL('../../src/sinks/http/worker.ts', import.meta.url))

/** `workerSource` as a bundler leaves it, with these esbuild options. */
async function bundled(options: BuildOptions): Promise<() => string> {
  const result = await build({
    entryPoints: [entry],
    bundle: true,
    write: false,
    format: 'cjs',
    logLevel: 'silent',
    ...options,
  })
  const module = { exports: {} as { workerSource: () => string } }
  new Function('module', 'exports', result.outputFiles![0]!.text)(module, module.exports)
  return module.exports.workerSource
}

/** Runs a worker source with a fake `self` and `fetch`; returns what it posts back. */
function runWorker(
  source: string,
  fetchImpl: (url: string, init: RequestInit) => Promise<unknown>,
) {
  const answers: WorkerAnswer[] = []
  const calls: { url: string; init: RequestInit }[] = []
  const self = {
    onmessage: null as ((event: { data: WorkerRequest }) => void) | null,
    postMessage: (answer: WorkerAnswer) => void answers.push(answer),
  }
  const fetch = (url: string, init: RequestInit) => {
    calls.push({ url, init })
    return fetchImpl(url, init)
  }
  new Function('self', 'fetch', source)(self, fetch)
  return {
    answers,
    calls,
    send: (request: WorkerRequest) => self.onmessage!({ data: request }),
  }
}

const response = (status: number, headers: Record<string, string> = {}, text = '') => ({
  status,
  type: 'basic',
  body: {},
  arrayBuffer: () => Promise.resolve(new ArrayBuffer(0)),
  text: () => Promise.resolve(text),
  headers: { get: (name: string) => headers[name] ?? null },
})

const builds: [string, () => Promise<() => string>][] = [
  ['as written', async () => workerSource],
  ['minified, names kept', () => bundled({ minify: true, keepNames: true })],
  ['down-levelled to ES2015 and minified', () => bundled({ minify: true, target: 'es2015' })],
]

describe.each(builds)('the worker’s source, %s', (_, source) => {
  it('POSTs each message, never following a redirect, and answers with what httpSink reads', async () => {
    const worker = runWorker((await source())(), async () =>
      response(429, { 'retry-after': '3', location: 'https://elsewhere.test/' }),
    )
    worker.send({ id: 7, url: 'https://c.test/v1/batch', headers: { a: 'b' }, body: '{}' })
    await vi.waitFor(() => expect(worker.answers).toHaveLength(1))
    expect(worker.calls[0]).toMatchObject({
      url: 'https://c.test/v1/batch',
      init: { method: 'POST', headers: { a: 'b' }, body: '{}', redirect: 'manual' },
    })
    expect(worker.answers[0]).toEqual({
      id: 7,
      status: 429,
      type: 'basic',
      retryAfter: '3',
      location: 'https://elsewhere.test/',
    })
  })

  it('sends with the referrer and policy the page named, and with its own where it named none', async () => {
    const worker = runWorker((await source())(), async () => response(204))
    worker.send({
      id: 1,
      url: 'https://c.test/',
      headers: undefined,
      body: '{}',
      referrer: 'https://app.test/pricing',
      referrerPolicy: 'origin',
    })
    worker.send({ id: 2, url: 'https://c.test/', headers: undefined, body: '{}' })
    await vi.waitFor(() => expect(worker.answers).toHaveLength(2))
    expect(worker.calls[0]!.init).toMatchObject({
      referrer: 'https://app.test/pricing',
      referrerPolicy: 'origin',
    })
    expect(worker.calls[1]!.init).not.toHaveProperty('referrer')
    expect(worker.calls[1]!.init).not.toHaveProperty('referrerPolicy')
  })

  it("passes a 2xx answer's body to the page (a collector's refusals), no other", async () => {
    const refusals = '{"accepted":0,"duplicates":0,"rejected":[{"index":0,"reason":"no"}]}'
    const json = { 'content-type': 'application/json; charset=utf-8' }
    const answers: Record<string, ReturnType<typeof response>> = {
      'https://c.test/refused': response(200, json, refusals),
      'https://c.test/text': response(200, { 'content-type': 'text/plain' }, 'ok'),
      'https://c.test/bad': response(400, json, '{"error":"bad"}'),
    }
    const worker = runWorker((await source())(), async (url) => answers[url])
    for (const [id, url] of Object.keys(answers).entries())
      worker.send({ id, url, headers: undefined, body: '{}' })
    await vi.waitFor(() => expect(worker.answers).toHaveLength(3))
    const bodies = worker.answers.sort((a, b) => a.id - b.id).map((answer) => answer.body)
    expect(bodies).toEqual([refusals, 'ok', undefined])
  })

  it('answers a network error with its message, and aborts a request when asked', async () => {
    const worker = runWorker(
      (await source())(),
      (_url, init) =>
        new Promise((_resolve, reject) =>
          init.signal!.addEventListener('abort', () => reject(new Error('aborted here'))),
        ),
    )
    worker.send({ id: 1, url: 'https://c.test/', headers: undefined, body: '{}' })
    worker.send({ id: 1, abort: true })
    await vi.waitFor(() => expect(worker.answers).toEqual([{ id: 1, error: 'aborted here' }]))
  })
})

describe('the page, given what the worker answered', () => {
  it('reads it as post() reads a Response: status, headers and the refusals of a 2xx', async () => {
    const answered = (answer: Omit<WorkerAnswer, 'id'>) =>
      post(
        [{ json: '{}' } as Item],
        {
          url: 'https://c.test/v1/batch',
          headers: undefined,
          fetch,
          request: async () => answerAsResponse({ id: 1, ...answer }),
          timeout: 1000,
        },
        retryAfter,
      )
    const rejected = [{ index: 0, reason: 'no' }]
    expect(
      await answered({ status: 200, type: 'basic', body: JSON.stringify({ rejected }) }),
    ).toMatchObject({ status: 200, rejected })
    expect(await answered({ status: 429, type: 'basic', retryAfter: '3' })).toEqual({
      status: 429,
      retryAfterMs: 3000,
      rejected: undefined,
    })
  })
})
