// @vitest-environment node
import { spawn } from 'node:child_process'
import { mkdtempSync, writeFileSync } from 'node:fs'
import { createServer, type IncomingMessage } from 'node:http'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { fileURLToPath } from 'node:url'
import { build } from 'esbuild'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'

const serverEntry = fileURLToPath(new URL('../../src/server/index.ts', import.meta.url))

/** A real collector on 127.0.0.1 that remembers what it received. */
const received: { event: string }[] = []
const collector = createServer((req: IncomingMessage, res) => {
  let body = ''
  req.on('data', (chunk) => (body += chunk))
  req.on('end', () => {
    received.push(JSON.parse(body))
    res.writeHead(200).end()
  })
})
let url = ''
let dir = ''

beforeAll(async () => {
  await new Promise<void>((resolve) => collector.listen(0, '127.0.0.1', resolve))
  const address = collector.address()
  url = `http://127.0.0.1:${typeof address === 'object' && address ? address.port : 0}/collect`
  dir = mkdtempSync(join(tmpdir(), 'trackplan-exit-'))
})
afterAll(() => new Promise<void>((resolve) => collector.close(() => resolve())))

/** Bundles a little Node program against the server entry, runs it, and resolves with its exit. */
async function runScript(
  body: string,
  signal?: NodeJS.Signals,
): Promise<{ code: number | null; signal: NodeJS.Signals | null; stdout: string }> {
  const source = join(dir, `script-${Math.random().toString(36).slice(2)}.ts`)
  writeFileSync(
    source,
    `import { createTracker, callbackSink, flushOnExit } from ${JSON.stringify(serverEntry)}
const url = ${JSON.stringify(url)}
// a sink that takes its time, as a real HTTP batch does
const slowPost = callbackSink(async (event) => {
  await new Promise((r) => setTimeout(r, 150))
  await fetch(url, { method: 'POST', body: JSON.stringify({ event: event.event }) })
})
// a sink that only sends when flushed, as a batching sink does with an unref'd timer
const batching = {
  name: 'batching',
  queue: [],
  send(event) { this.queue.push(event) },
  async flush() {
    for (const event of this.queue.splice(0)) await fetch(url, { method: 'POST', body: JSON.stringify({ event: event.event }) })
  },
}
${body}`,
  )
  const outfile = source.replace(/\.ts$/, '.mjs')
  await build({
    entryPoints: [source],
    outfile,
    bundle: true,
    platform: 'node',
    format: 'esm',
    logLevel: 'silent',
  })
  return new Promise((resolve) => {
    const child = spawn(process.execPath, [outfile], { stdio: ['ignore', 'pipe', 'inherit'] })
    let stdout = ''
    child.stdout.on('data', (chunk) => {
      stdout += chunk
      if (signal && stdout.includes('ready')) child.kill(signal)
    })
    child.on('exit', (code, sig) => resolve({ code, signal: sig, stdout }))
  })
}

describe('flushOnExit', () => {
  it('flushes a batching sink when the process ends by itself (beforeExit); without it the event is lost', async () => {
    const result = await runScript(`
const tracker = createTracker({ sinks: [batching] })
flushOnExit(tracker)
tracker.track('Renewed Subscription')
`)
    expect(result.code).toBe(0)
    const control = await runScript(`
const tracker = createTracker({ sinks: [batching] })
tracker.track('Lost Without Flush')
`)
    expect(control.code).toBe(0)
    const names = received.map((r) => r.event)
    expect(names).toContain('Renewed Subscription')
    expect(names).not.toContain('Lost Without Flush')
  })

  it.each(['SIGTERM', 'SIGINT'] as const)(
    'flushes on %s, then exits as the signal would have',
    async (signal) => {
      const name = `Processed Webhook ${signal}`
      const result = await runScript(
        `
const tracker = createTracker({ sinks: [slowPost] })
flushOnExit(tracker)
tracker.track(${JSON.stringify(name)})
setInterval(() => {}, 1000) // a server that would run forever
console.log('ready')
`,
        signal,
      )
      expect(result.signal).toBe(signal)
      expect(received.map((r) => r.event)).toContain(name)
    },
  )

  it('gives up after the timeout rather than hang the shutdown', async () => {
    const started = Date.now()
    const result = await runScript(
      `
const stuck = { name: 'stuck', send: () => new Promise(() => {}) }
const tracker = createTracker({ sinks: [stuck] })
flushOnExit(tracker, { timeout: 200 })
tracker.track('Never Delivered')
setInterval(() => {}, 1000)
console.log('ready')
`,
      'SIGTERM',
    )
    expect(result.signal).toBe('SIGTERM')
    expect(Date.now() - started).toBeLessThan(10_000)
  })

  it('a hanging collector: exits by the default deadline, and reports the events nothing persists as dropped', async () => {
    const hanging = createServer(() => {})
    await new Promise<void>((resolve) => hanging.listen(0, '127.0.0.1', resolve))
    const address = hanging.address()
    const hangUrl = `http://127.0.0.1:${typeof address === 'object' && address ? address.port : 0}/v1/batch`
    try {
      const started = Date.now()
      const result = await runScript(
        `
import { httpSink } from ${JSON.stringify(serverEntry)}
const tracker = createTracker({
  sinks: [httpSink({ url: ${JSON.stringify(hangUrl)} })],
  onError: (e) => console.log('reported', e.reason, e.event && e.event.event),
})
flushOnExit(tracker)
tracker.track('Processed Order')
setInterval(() => {}, 1000) // a server that would run forever
console.log('ready')
`,
        'SIGTERM',
      )
      expect(result.signal).toBe('SIGTERM')
      // the default deadline is 3 s; the request timeout alone (10 s) would be longer
      expect(Date.now() - started).toBeLessThan(7000)
      expect(result.stdout).toContain('reported delivery Processed Order')
    } finally {
      hanging.closeAllConnections()
      hanging.close()
    }
  }, 20_000)

  it('leaves the exit to the app when it has its own signal handler', async () => {
    const result = await runScript(
      `
const tracker = createTracker({ sinks: [slowPost] })
flushOnExit(tracker)
tracker.track('Handled Shutdown')
process.on('SIGTERM', () => setTimeout(() => { console.log('app exit'); process.exit(3) }, 400))
setInterval(() => {}, 1000)
console.log('ready')
`,
      'SIGTERM',
    )
    expect(result.code).toBe(3)
    expect(result.stdout).toContain('app exit')
    expect(received.map((r) => r.event)).toContain('Handled Shutdown')
  })
})
