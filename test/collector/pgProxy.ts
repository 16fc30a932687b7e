// A TCP proxy in front of the local PostgreSQL, to take "the database" down and up, or
// black-hole it (a network partition), without touching the server other tests use.
import { connect, createServer, type AddressInfo, type Server, type Socket } from 'node:net'
import { urlInSchema } from './storeBackends'

/** 'up' forwards; 'down' resets every connection and refuses new ones; 'blackhole' accepts and never answers. */
export type ProxyState = 'up' | 'down' | 'blackhole'

export interface PgProxy {
  port: number
  set(state: ProxyState): void
  /** Connections from the store that are open now (the sockets it has not closed). */
  openConnections(): number
  close(): Promise<void>
}

/** A proxy to `target`, listening on a free port of 127.0.0.1. */
export async function pgProxy(target: { host: string; port: number }): Promise<PgProxy> {
  let state: ProxyState = 'up'
  const clients = new Set<Socket>()
  const upstreams = new Set<Socket>()
  const server: Server = createServer((client) => {
    clients.add(client)
    client.on('close', () => clients.delete(client))
    client.on('error', () => {})
    if (state === 'down') return void client.destroy()
    if (state === 'blackhole') return
    const upstream = connect(target.port, target.host)
    upstreams.add(upstream)
    upstream.on('close', () => upstreams.delete(upstream))
    upstream.on('error', () => client.destroy())
    client.on('close', () => upstream.destroy())
    upstream.on('close', () => client.destroy())
    client.on('data', (chunk) => {
      if (state === 'up') upstream.write(chunk)
    })
    upstream.on('data', (chunk) => {
      if (state === 'up') client.write(chunk)
    })
  })
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve))
  const destroyAll = () => {
    for (const socket of [...clients, ...upstreams]) socket.destroy()
  }
  return {
    port: (server.address() as AddressInfo).port,
    set(next) {
      state = next
      if (next === 'down') destroyAll()
    },
    openConnections: () => clients.size,
    close: () =>
      new Promise<void>((resolve) => {
        destroyAll()
        server.close(() => resolve())
      }),
  }
}

/** `url` through the proxy on `port`, its connections' tables in `schema`. */
export function viaProxy(url: string, port: number, schema: string): string {
  const next = new URL(urlInSchema(url, schema))
  next.hostname = '127.0.0.1'
  next.port = String(port)
  return next.toString()
}
