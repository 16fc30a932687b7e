import { warnOnce } from '../core/env'
import type { JsonValue, Properties, Sink, SinkContext, TrackedEvent } from '../core/types'

export type KissmetricsSinkOptions =
  | { transport?: 'queue' }
  | {
      transport: 'http'
      /** The KISSmetrics API key. */
      apiKey: string
      /** Default `'https://trk.kissmetrics.io'`. */
      endpoint?: string
      /** Attempts on network errors (KISSmetrics answers 200 to everything else). Default 5. */
      maxAttempts?: number
      /** First retry delay in ms, doubled each time. Default 500. */
      baseDelay?: number
    }

/** KISSmetrics' own parameters: a property or trait never overrides them. */
const RESERVED = new Set(['_k', '_p', '_n', '_t', '_d'])

/**
 * Nested properties as `parent.child` keys; arrays as JSON; `null` dropped; KISSmetrics' reserved
 * `_k`, `_p`, `_n`, `_t`, `_d` left out.
 */
export function flatten(
  properties: Properties,
  prefix = '',
  out: Record<string, string | number | boolean> = {},
): Record<string, string | number | boolean> {
  for (const [key, value] of Object.entries(properties)) {
    const name = prefix + key
    if (value === null) continue
    if (RESERVED.has(name)) {
      if (process.env.NODE_ENV !== 'production')
        warnOnce(
          `kissmetricsSink: "${name}" is a KISSmetrics parameter; the property of that name was left out.`,
        )
      continue
    }
    if (Array.isArray(value)) out[name] = JSON.stringify(value)
    else if (typeof value === 'object')
      flatten(value as { [k: string]: JsonValue }, `${name}.`, out)
    else out[name] = value
  }
  return out
}

function checkNames(event: string | undefined, properties: Record<string, unknown>): void {
  for (const name of [event, ...Object.keys(properties)]) {
    if (name === undefined) continue
    if (name.length > 255)
      warnOnce(
        `kissmetricsSink: "${name.slice(0, 40)}…" is ${name.length} characters; KISSmetrics keeps 255.`,
      )
    if (/[,:]/.test(name))
      warnOnce(
        `kissmetricsSink: "${name}" contains a comma or a colon, which KISSmetrics reports mangle.`,
      )
  }
}

/** KISSmetrics' person (`_p`): the user id, else the anonymous id. */
const personId = (event: TrackedEvent): string => event.userId ?? event.anonymousId

type KmQueue = { push(command: unknown[]): void }

/**
 * KISSmetrics. `transport: 'queue'` (default, browser with the KM script): pushes onto
 * `window._kmq` — track → `['record', event, properties]`, identify → `['identify', userId]`
 * then `['set', traits]`, alias → `['alias', userId, previousId]`, reset → `['clearIdentity']`.
 * `transport: 'http'` (servers, or browsers without the script): the tracking API by GET —
 * `/e` for events, `/s` for traits, `/a` for aliases — with `_k`, `_p` (the user id, else the
 * anonymous id), `_n`, `_t` (the event's unix seconds), `_d=1`; nested properties flattened to
 * `parent.child`; retries on network errors only.
 *
 * @example
 * kissmetricsSink({ transport: 'http', apiKey: process.env.KM_KEY })
 */
export function kissmetricsSink(options: KissmetricsSinkOptions = {}): Sink {
  if (options.transport === 'http') return kissmetricsHttp(options)
  const kmQueue = (): KmQueue | undefined => {
    if (typeof window === 'undefined') return undefined
    const win = window as unknown as { _kmq?: unknown[] }
    return (win._kmq ??= []) as KmQueue
  }
  return {
    name: 'kissmetrics',
    send(event) {
      const kmq = kmQueue()
      if (!kmq) return
      // flattened as the HTTP API takes them: the same event reads the same in both modes
      const properties = flatten(event.properties)
      if (process.env.NODE_ENV !== 'production') checkNames(event.event, properties)
      if (event.type === 'track') kmq.push(['record', event.event, properties])
      else if (event.type === 'page') kmq.push(['record', event.event ?? 'Viewed Page', properties])
      else if (event.type === 'identify') {
        // KISSmetrics' own script aliases the anonymous person to the user on identify
        kmq.push(['identify', event.userId])
        const traits = flatten(event.traits ?? {})
        if (Object.keys(traits).length > 0) kmq.push(['set', traits])
      } else if (event.type === 'alias') kmq.push(['alias', event.userId, event.previousId])
    },
    reset() {
      kmQueue()?.push(['clearIdentity'])
    },
  }
}

interface RetrySettings {
  maxAttempts: number
  baseDelay: number
  /** In a browser the call is `no-cors` and `keepalive`: nothing reads the answer. */
  browser: boolean
}

/**
 * One call of the tracking API, retried with a doubling delay on network errors (KISSmetrics
 * answers 200 whatever it thinks of the call: only the network can fail). Never rejects;
 * `gaveUp` hears why it stopped trying.
 */
async function getWithRetries(
  url: string,
  { maxAttempts, baseDelay, browser }: RetrySettings,
  gaveUp: (message: string) => void,
): Promise<void> {
  for (let attempt = 1; ; attempt++) {
    try {
      await fetch(url, browser ? { mode: 'no-cors', keepalive: true } : {})
      return
    } catch (cause) {
      if (attempt >= maxAttempts) {
        const why = (cause as Error)?.message ?? cause
        return gaveUp(`KISSmetrics unreachable after ${maxAttempts} attempts (${why})`)
      }
      await new Promise((resolve) => setTimeout(resolve, baseDelay * 2 ** (attempt - 1)))
    }
  }
}

function kissmetricsHttp(options: Extract<KissmetricsSinkOptions, { transport: 'http' }>): Sink {
  const endpoint = (options.endpoint ?? 'https://trk.kissmetrics.io').replace(/\/$/, '')
  const retry: RetrySettings = {
    maxAttempts: options.maxAttempts ?? 5,
    baseDelay: options.baseDelay ?? 500,
    browser: typeof window !== 'undefined',
  }
  let context: SinkContext | undefined
  /**
   * `anonymousId → userId` pairs already aliased: once per change, as KISSmetrics' own script
   * does.
   */
  const aliased = new Set<string>()
  /** The last send: each waits for the one before it. */
  let previousSend: Promise<void> = Promise.resolve()

  const get = (
    path: string,
    params: Record<string, string | number | boolean>,
    event: TrackedEvent,
  ): Promise<void> => {
    const query = new URLSearchParams()
    for (const [key, value] of Object.entries(params)) query.append(key, String(value))
    return getWithRetries(`${endpoint}${path}?${query.toString()}`, retry, (message) =>
      context?.dropped(event, 'delivery', message),
    )
  }

  return {
    name: 'kissmetrics:http',
    setup(attached) {
      context = attached
    },
    // one request at a time, in order: the alias lands before the traits and events after it
    send(event) {
      const sent = previousSend.then(() => deliver(event))
      // a failed send must not stop the ones queued behind it
      previousSend = sent.catch(() => {})
      return sent
    },
  }

  async function deliver(event: TrackedEvent): Promise<void> {
    const common = {
      _k: options.apiKey,
      _p: personId(event),
      _t: Math.floor(Date.parse(event.timestamp) / 1000),
      _d: 1,
    }
    if (event.type === 'track' || event.type === 'page') {
      const properties = flatten(event.properties)
      if (process.env.NODE_ENV !== 'production') checkNames(event.event, properties)
      await get('/e', { ...properties, ...common, _n: event.event ?? 'Viewed Page' }, event)
    } else if (event.type === 'identify') {
      // tie what the anonymous person did before logging in to the user, once per change
      const aliasKey = `${event.anonymousId}\u0000${event.userId}`
      if (event.userId && !aliased.has(aliasKey)) {
        aliased.add(aliasKey)
        await get('/a', { _k: options.apiKey, _p: event.anonymousId, _n: event.userId }, event)
      }
      const traits = flatten(event.traits ?? {})
      if (process.env.NODE_ENV !== 'production') checkNames(undefined, traits)
      await get('/s', { ...traits, ...common }, event)
    } else if (event.type === 'alias' && event.previousId) {
      await get(
        '/a',
        { _k: options.apiKey, _p: event.previousId, _n: event.userId ?? event.anonymousId },
        event,
      )
    }
  }
}
