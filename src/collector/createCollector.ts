import { within } from '../core/env'
import type { Sink } from '../core/types'
import type { TrackingPlan } from '../plan/types'
import { compilePlan } from '../plan/validate'
import {
  handleBatch,
  refuse,
  type BatchCounts,
  type BatchRouteContext,
  type BodyShape,
} from './batchRoute'
import type { CollectorMode } from './checkBatch'
import { createForwarder } from './forwarder'
import { corsHeaders, failure, json, originsOf, preflight, type HeaderMap } from './http'
import { planVersion } from './planVersion'
import { buildReport, type CollectorReport } from './report'
import { parseSince } from './since'
import type { Store } from './store/Store'

export interface CollectorOptions {
  /** The tracking plan every envelope is checked against. */
  plan: TrackingPlan
  /**
   * Where events, violations and the outbox are kept: the collector opens it on first use (or
   * `ready()`), and closes it in `close()`.
   */
  store: Store
  /** Default `'observe'`. See `CollectorMode`. */
  mode?: CollectorMode
  /**
   * Write keys a batch must carry (`Authorization: Basic base64(key:)`, or `writeKey` in the
   * body as beacons send it); any batch is taken without.
   */
  writeKeys?: readonly string[]
  /**
   * Origins whose pages may post (exact, `https://app.example.com`; `'*'` for any): answered
   * with CORS headers, preflights included; a browser request from another origin is refused
   * (403). Without it, no CORS headers are sent and the origin is not checked.
   */
  allowedOrigins?: readonly string[]
  /** Server-side sinks that receive accepted events after commit, at least once. Default none. */
  forward?: readonly Sink[]
  /** Largest request body, in bytes (a gzip body counted unpacked). Default 1 MiB. */
  maxBodyBytes?: number
  /** `GET /v1/report`: `false` answers 404. Default `true`. */
  report?: boolean
  /** The clock: when a batch was received. Default `() => new Date()`. */
  now?: () => Date
  /** Failures of the store and the sinks, which the senders do not see. Default `console.error`. */
  onError?: (error: Error) => void
}

export interface Collector {
  /**
   * Answers one request: `POST /v1/batch` (and Segment's `/v1/b`, `/v1/t`, `/v1/track`…),
   * `OPTIONS` (CORS), `GET /v1/report`. Never rejects.
   */
  handle(request: Request): Promise<Response>
  /**
   * Opens the store now (the first request does otherwise) and resolves once it is open;
   * rejects with its error (the next request tries again).
   */
  ready(): Promise<void>
  /**
   * Stops taking batches (503), waits for those under way, forwards what it can within
   * `timeout` ms (default 5000; the rest stays in the outbox), closes the sinks and the store,
   * all within `timeout`: what is still under way then is cut off.
   */
  close(options?: { timeout?: number }): Promise<void>
}

/** Default `maxBodyBytes`: twice httpSink's default batch (500 KB), beside its envelope. */
export const DEFAULT_MAX_BODY_BYTES = 1024 * 1024

/** What a path asks for: a batch or one call to store, or the report. */
type Route = BodyShape | { kind: 'report' }

/** Allowed methods per route. */
const METHODS = { post: 'POST, OPTIONS', report: 'GET, HEAD, OPTIONS' }

/**
 * The call type of each single-call path: analytics.js's (`/v1/t`, `/v1/p`…: the type's
 * first letter) and Segment's HTTP API's (`/v1/track`, `/v1/identify`…).
 */
const SINGLE_CALLS: Record<string, string> = {}
for (const type of ['track', 'page', 'screen', 'identify', 'group', 'alias'])
  SINGLE_CALLS[type] = SINGLE_CALLS[type.charAt(0)] = type

/** The route a path ends in, so that the handler can be mounted under any prefix. */
function routeOf(url: string): { route: Route | undefined; search: URLSearchParams } {
  try {
    const { pathname, searchParams } = new URL(url)
    const last = /\/v1\/([a-z]+)$/.exec(pathname.replace(/\/+$/, ''))?.[1] ?? ''
    const route: Route | undefined =
      last === 'batch' || last === 'b'
        ? { kind: 'batch' }
        : last === 'report'
          ? { kind: 'report' }
          : Object.hasOwn(SINGLE_CALLS, last)
            ? { kind: 'single', type: SINGLE_CALLS[last]! }
            : undefined
    return { route, search: searchParams }
  } catch {
    return { route: undefined, search: new URLSearchParams() }
  }
}

/**
 * How long a report read from the store answers again, for its window: a read scans every
 * event in the window, and on PGlite it holds the one connection batches are stored on.
 */
const REPORT_REUSE_MS = 5_000
/** Most windows kept at once (`since` is the requester's to choose). */
const REPORT_WINDOWS = 16

type ReportContext = BatchRouteContext & { plan: TrackingPlan }

/** Reads the report for a window once for requests at once or within REPORT_REUSE_MS. */
function createReportReader(context: ReportContext) {
  const recent = new Map<string, { at: number; report: Promise<CollectorReport> }>()
  const read = async (since: Date | undefined): Promise<CollectorReport> => {
    const store = await context.openStore()
    const stats = await store.stats(since ? { since } : {})
    return buildReport(stats, context.plan, { since, planVersion: await context.planVersion })
  }
  return (window: string, since: Date | undefined): Promise<CollectorReport> => {
    const now = Date.now()
    for (const [key, entry] of recent)
      if (now - entry.at > REPORT_REUSE_MS || recent.size > REPORT_WINDOWS) recent.delete(key)
    const entry = recent.get(window) ?? { at: now, report: read(since) }
    if (!recent.has(window)) {
      recent.set(window, entry)
      entry.report.catch(() => recent.delete(window))
    }
    return entry.report
  }
}

/** GET /v1/report: the report for `?since=` (a duration or a date), as JSON. */
async function handleReport(
  search: URLSearchParams,
  context: ReportContext & { readReport: ReturnType<typeof createReportReader> },
  cors: HeaderMap,
): Promise<Response> {
  const sinceText = search.get('since')
  const since = sinceText === null ? undefined : parseSince(sinceText, context.now())
  if (sinceText !== null && since === undefined)
    return failure(400, 'since must be a duration (30m, 24h, 7d, 2w) or an ISO 8601 date', cors)
  try {
    const report = await context.readReport(sinceText ?? '', since)
    return json(200, { ...report, collector: context.counts }, cors)
  } catch (cause) {
    context.report(new Error('[trackplan] collector: the report could not be read', { cause }))
    return failure(503, 'the store is unavailable: try again later', cors, 5)
  }
}

/**
 * The store, opened once on first use (a failed open is tried again by the next caller), then
 * `opened()`.
 */
function createOpener(store: Store, opened: () => void) {
  let opening: Promise<Store> | undefined
  return (): Promise<Store> =>
    // in a promise: a store that throws at once is a store that failed to open
    (opening ??= Promise.resolve()
      .then(() => store.open())
      .then(
        () => {
          opened()
          return store
        },
        (error: unknown) => {
          opening = undefined
          throw error
        },
      ))
}

/** Requests under way, for close() to wait on. */
function createInFlight() {
  const pending = new Set<Promise<unknown>>()
  return {
    track<T>(work: Promise<T>): Promise<T> {
      pending.add(work)
      void work.finally(() => pending.delete(work)).catch(() => {})
      return work
    },
    settled: () => Promise.allSettled([...pending]),
  }
}

/**
 * close(): the batches under way finish, the forwarder forwards what it can, the store closes,
 * all within `timeout` ms.
 */
async function shutDown(
  parts: {
    inFlight: ReturnType<typeof createInFlight>
    forwarder: ReturnType<typeof createForwarder>
    store: Store
    report(error: Error): void
  },
  timeout: number,
): Promise<void> {
  const deadline = Date.now() + timeout
  const left = () => Math.max(0, deadline - Date.now())
  await within(
    parts.inFlight.settled().then(() => {}),
    timeout,
  )
  await parts.forwarder.close(left())
  try {
    await parts.store.close({ timeout: left() })
  } catch (cause) {
    parts.report(new Error('[trackplan] collector: the store did not close cleanly', { cause }))
  }
}

/**
 * The first-party collector: a Web-standard `(Request) => Response` handler that takes what
 * `httpSink` (or any Segment-spec client) posts, checks every envelope against the plan,
 * stores events and violations (a 200 means committed), forwards accepted events to
 * server-side sinks, and reports the plan's health. Runs under Node's `http`
 * (`toNodeListener`), a Next.js Route Handler, or any fetch-style server.
 *
 * @example
 * const collector = createCollector({ plan, store: pgliteStore({ dir: '.trackplan/collector' }) })
 * createServer(toNodeListener(collector.handle)).listen(4318)
 */
export function createCollector(options: CollectorOptions): Collector {
  const { plan, store } = options
  const report = options.onError ?? ((error: Error) => console.error(error))
  const sinks = options.forward ?? []
  const forwarder = createForwarder({ store, sinks, report })
  // opened on first use, not here: a build that evaluates the module (Next.js collecting a
  // route's page data) must not reach the database; what an earlier run left in the outbox
  // is forwarded once it is open
  let closed: Promise<void> | undefined
  const opener = createOpener(store, () => forwarder.kick())
  // a closed collector never opens its store again (a report or ready() after close())
  const openStore = (): Promise<Store> =>
    closed ? Promise.reject(new Error('[trackplan] collector: closed')) : opener()
  const allowedOrigins = options.allowedOrigins && originsOf(options.allowedOrigins)
  const inFlight = createInFlight()
  const counts: BatchCounts = { batches: 0, accepted: 0, duplicates: 0, rejected: 0, refused: {} }
  const context = {
    plan,
    maxBodyBytes: options.maxBodyBytes ?? DEFAULT_MAX_BODY_BYTES,
    writeKeys: options.writeKeys?.length ? options.writeKeys : undefined,
    check: compilePlan(plan),
    mode: options.mode ?? 'observe',
    planVersion: planVersion(plan).catch(() => 'unversioned'),
    openStore,
    forwarding: sinks.length > 0,
    now: options.now ?? (() => new Date()),
    committed: () => forwarder.kick(),
    counts,
    report,
  }
  const reportContext = { ...context, readReport: createReportReader(context) }
  const route = async (request: Request): Promise<Response> => {
    const { route, search } = routeOf(request.url)
    if (!route || (route.kind === 'report' && options.report === false))
      return refuse(context, 404, 'not found: POST /v1/batch, GET /v1/report', {})
    const cors = corsHeaders(request, allowedOrigins)
    if (cors === 'refused') return refuse(context, 403, 'this origin may not post here', {})
    const methods = route.kind === 'report' ? METHODS.report : METHODS.post
    if (request.method === 'OPTIONS') return preflight(request, cors, methods)
    if (!methods.split(', ').includes(request.method))
      return refuse(context, 405, `${request.method} is not allowed here`, {
        ...cors,
        allow: methods,
      })
    if (closed) return refuse(context, 503, 'the collector is closing', cors, 5)
    if (route.kind === 'report') {
      const answer = await handleReport(search, reportContext, cors)
      return request.method === 'HEAD' ? new Response(null, answer) : answer
    }
    return inFlight.track(handleBatch(request, context, cors, route))
  }

  return {
    async handle(request) {
      try {
        return await route(request)
      } catch (cause) {
        // a defect of the collector's own, never what a sender posted
        report(new Error('[trackplan] collector: a request failed unexpectedly', { cause }))
        return failure(500, 'the collector failed unexpectedly')
      }
    },
    ready: () => openStore().then(() => {}),
    close({ timeout = 5000 } = {}) {
      closed ??= shutDown({ inFlight, forwarder, store, report }, timeout)
      return closed
    },
  }
}
