import { createServer, type IncomingMessage, type ServerResponse } from 'node:http'
import type { TrackedEvent } from 'trackplan/core'

export interface Received {
  method: string
  path: string
  headers: IncomingMessage['headers']
  body: { batch: TrackedEvent[]; sentAt: string } | undefined
  raw: string
  status: number
  /** When the request arrived (Date.now()), and when it was answered. */
  at: number
  answeredAt?: number
}

/**
 * What the collector answers a request with: a status (and headers), a dropped connection, or
 * a batch stored and then the connection dropped before the reply (the client must retry:
 * duplicates). The hostile ones: `'hang'` accepts and never answers; `'garbage'` answers bytes
 * that are not HTTP; `'drip'` sends a status line one byte every 200 ms; `'reset-mid-body'`
 * stores the batch, sends 200 headers and resets the connection halfway through the body.
 */
export type Answer =
  | {
      status: number
      headers?: Record<string, string>
      /** the answer's body (none by default) */ body?: string
      /** answer after this many ms (a collector across a network) */ delayMs?: number
    }
  | 'destroy'
  | 'store-then-destroy'
  | 'hang'
  | 'garbage'
  | 'drip'
  | 'reset-mid-body'

/**
 * A real HTTP collector on 127.0.0.1 (node's http). `answer` decides each response; by default
 * 200. `accepted()` lists the events of the requests it answered 2xx.
 */
export async function startCollector(
  answer: (req: Received, index: number) => Answer = () => ({ status: 200 }),
) {
  const requests: Received[] = []
  const server = createServer((req: IncomingMessage, res: ServerResponse) => {
    let raw = ''
    req.on('data', (chunk: Buffer) => (raw += chunk))
    req.on('end', () => {
      let body: Received['body']
      try {
        body = raw ? JSON.parse(raw) : undefined
      } catch {
        body = undefined
      }
      const received: Received = {
        method: req.method ?? '',
        path: req.url ?? '',
        headers: req.headers,
        body,
        raw,
        status: 0,
        at: Date.now(),
      }
      const reply = collector.answer(received, requests.length)
      requests.push(received)
      if (reply === 'destroy' || reply === 'store-then-destroy') {
        if (reply === 'store-then-destroy') received.status = 200
        req.socket.destroy()
        return
      }
      if (reply === 'hang') return
      if (reply === 'garbage') {
        req.socket.end('garbage, not HTTP at all\r\n\r\n')
        return
      }
      if (reply === 'drip') {
        const bytes = [...'HTTP/1.1 200 OK\r\ncontent-length: 0\r\n\r\n']
        const timer = setInterval(() => {
          if (req.socket.destroyed || bytes.length === 0) return clearInterval(timer)
          req.socket.write(bytes.shift()!)
        }, 200)
        return
      }
      if (reply === 'reset-mid-body') {
        received.status = 200
        req.socket.write(
          'HTTP/1.1 200 OK\r\ncontent-type: application/json\r\ncontent-length: 100\r\n\r\n{"ok":tr',
        )
        setTimeout(() => req.socket.destroy(), 10)
        return
      }
      received.status = reply.status
      const respond = (): void => {
        received.answeredAt = Date.now()
        res
          .writeHead(reply.status, { 'access-control-allow-origin': '*', ...reply.headers })
          .end(reply.body)
      }
      if (reply.delayMs) setTimeout(respond, reply.delayMs)
      else respond()
    })
  })
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve))
  const address = server.address()
  const port = typeof address === 'object' && address ? address.port : 0
  const collector = {
    url: `http://127.0.0.1:${port}/v1/batch`,
    origin: `http://127.0.0.1:${port}`,
    requests,
    answer,
    /** Events of the requests answered 2xx, in arrival order. */
    accepted: (): TrackedEvent[] =>
      requests.filter((r) => r.status >= 200 && r.status < 300).flatMap((r) => r.body?.batch ?? []),
    close: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections()
        server.close(() => resolve())
      }),
  }
  return collector
}

/** A Storage with `key`/`length` (so tabs can find each other's queues), shared by "tabs" in a test. */
export class MapStorage {
  readonly data = new Map<string, string>()
  get length(): number {
    return this.data.size
  }
  key(index: number): string | null {
    return [...this.data.keys()][index] ?? null
  }
  getItem(key: string): string | null {
    return this.data.get(key) ?? null
  }
  setItem(key: string, value: string): void {
    this.data.set(key, String(value))
  }
  removeItem(key: string): void {
    this.data.delete(key)
  }
}

/** What a tab has persisted (its record's events and its segments, in order): httpSink's storage, as a reload reads it. */
export function persisted(
  storage: { length: number; key(i: number): string | null; getItem(key: string): string | null },
  tabKey: string,
): { event: string; messageId: string; properties: Record<string, unknown> }[] {
  const keys: string[] = []
  for (let i = 0; i < storage.length; i++) keys.push(storage.key(i)!)
  const record = JSON.parse(storage.getItem(tabKey) ?? 'null') as { events?: [] } | null
  const parts = keys
    .filter((k) => /^\d+$/.test(k.slice(tabKey.length + 1)) && k.startsWith(`${tabKey}:`))
    .sort((a, b) => Number(a.split(':').pop()) - Number(b.split(':').pop()))
  return [...(record?.events ?? []), ...parts.flatMap((k) => JSON.parse(storage.getItem(k)!) as [])]
}
