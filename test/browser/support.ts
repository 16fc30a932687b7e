import { existsSync, mkdtempSync, readFileSync, rmSync, statSync } from 'node:fs'
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http'
import { tmpdir } from 'node:os'
import { extname, join, normalize } from 'node:path'
import { chromium, type BrowserContext } from 'playwright-core'

/** Debian's Chromium, as TOOLCHAIN.md says: never a downloaded browser. */
export const CHROMIUM = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium'

/** A fresh headless Chromium with its own profile folder; close() removes both. */
export async function launch(): Promise<{ context: BrowserContext; close: () => Promise<void> }> {
  if (!existsSync(CHROMIUM))
    throw new Error(`No Chromium at ${CHROMIUM}: apt-get update && apt-get install -y chromium`)
  const profile = mkdtempSync(join(tmpdir(), 'trackplan-chromium-'))
  const context = await chromium.launchPersistentContext(profile, {
    executablePath: CHROMIUM,
    headless: true,
    args: [
      '--no-sandbox',
      '--disable-gpu',
      '--disable-quic',
      '--no-first-run',
      '--disable-background-networking',
      '--disable-component-update',
      '--disable-sync',
    ],
  })
  return {
    context,
    close: async () => {
      await context.close()
      rmSync(profile, { recursive: true, force: true })
    },
  }
}

const TYPES: Record<string, string> = {
  '.html': 'text/html; charset=utf-8',
  '.js': 'text/javascript',
  '.mjs': 'text/javascript',
  '.css': 'text/css',
  '.json': 'application/json',
  '.svg': 'image/svg+xml',
  '.png': 'image/png',
  '.woff2': 'font/woff2',
}

export interface Listening {
  url: string
  server: Server
  close: () => Promise<void>
}

/** Listens on 127.0.0.1, on a free port. */
export async function listen(
  handler: (req: IncomingMessage, res: ServerResponse) => void,
): Promise<Listening> {
  const server = createServer(handler)
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve))
  const address = server.address()
  const port = typeof address === 'object' && address ? address.port : 0
  return {
    url: `http://127.0.0.1:${port}`,
    server,
    close: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections()
        server.close(() => resolve())
      }),
  }
}

/** Serves a folder of static files (a Storybook build, a test page). */
export function serveStatic(folder: string): Promise<Listening> {
  return listen(staticFiles(folder))
}

/** The handler that answers a GET with a file of `folder` (for a server that also does more). */
export function staticFiles(folder: string) {
  return (req: IncomingMessage, res: ServerResponse): void => {
    const path = normalize(
      decodeURIComponent(new URL(req.url ?? '/', 'http://x').pathname),
    ).replace(/^(\.\.[/\\])+/, '')
    let file = join(folder, path)
    if (existsSync(file) && statSync(file).isDirectory()) file = join(file, 'index.html')
    if (!existsSync(file)) {
      res.writeHead(404).end('not found')
      return
    }
    res.writeHead(200, { 'content-type': TYPES[extname(file)] ?? 'application/octet-stream' })
    res.end(readFileSync(file))
  }
}

/** A request the collector took: its headers and JSON body. */
export interface Hit {
  headers: IncomingMessage['headers']
  body: Record<string, unknown>
}

/** What a collector any test page may POST to answers, preflights included. */
const CORS = {
  'access-control-allow-origin': '*',
  'access-control-allow-headers': '*',
  'access-control-allow-methods': 'POST, OPTIONS',
}

/**
 * A collector's handler: preflights answered, each request's body read whole, then
 * `take(req, body, answer)`; `answer(status)` replies, with CORS, when the test says so.
 */
export function collectorHandler(
  take: (req: IncomingMessage, body: string, answer: (status: number) => void) => void,
) {
  return (req: IncomingMessage, res: ServerResponse): void => {
    if (req.method === 'OPTIONS') return void res.writeHead(204, CORS).end()
    let body = ''
    req.on('data', (chunk: Buffer) => (body += chunk))
    req.on('end', () => take(req, body, (status) => void res.writeHead(status, CORS).end()))
  }
}

/** The events of a batch body (none when it is not one). */
export function batchOf(body: string): { event?: string; messageId: string }[] {
  try {
    const batch = (JSON.parse(body) as { batch?: unknown }).batch
    return Array.isArray(batch) ? (batch as { event?: string; messageId: string }[]) : []
  } catch {
    return []
  }
}

/** A collector on 127.0.0.1 that keeps every JSON body it is sent (and its headers), answering CORS. */
export async function collector(): Promise<
  Listening & { received: Record<string, unknown>[]; hits: Hit[] }
> {
  const received: Record<string, unknown>[] = []
  const hits: Hit[] = []
  const listening = await listen(
    collectorHandler((req, body, answer) => {
      try {
        const parsed = JSON.parse(body) as Record<string, unknown>
        received.push(parsed)
        hits.push({ headers: req.headers, body: parsed })
      } catch {
        // not JSON: ignored
      }
      answer(204)
    }),
  )
  return Object.assign(listening, { received, hits })
}
