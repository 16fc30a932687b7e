import type { Frame, Page } from '@playwright/test'
import type { EventInfo, TrackedEvent } from '../core/types'
import type { TrackingPlan } from '../plan/types'
import { compilePlan } from '../plan/validate'
import { list, matchesProperties } from '../testing/matchers'
import type { Tracking, TrackingRecord } from './types'

/** The envelopes in a request body: a batch, a list, or one envelope. */
const envelopesIn = (body: unknown): TrackedEvent[] => {
  if (Array.isArray(body)) return body.flatMap(envelopesIn)
  if (body && typeof body === 'object') {
    const batch = (body as { batch?: unknown }).batch
    if (Array.isArray(batch)) return batch as TrackedEvent[]
    if (
      typeof (body as { type?: unknown }).type === 'string' &&
      typeof (body as { messageId?: unknown }).messageId === 'string'
    )
      return [body as TrackedEvent]
  }
  return []
}

/** What the fixture records in a test: the envelopes the pages' trackers announced (once per page), the collector's requests, the planned events fired. */
export function createRecorder(plan: TrackingPlan | undefined) {
  const check = plan ? compilePlan(plan) : undefined
  const pages = new WeakMap<Page, number>()
  const frames = new WeakMap<Frame, number>()
  const seen = new Set<string>()
  const received = new Set<string>()
  let pageCount = 0
  let frameCount = 0
  const recorder = {
    records: [] as TrackingRecord[],
    requests: [] as { url: string; body: unknown }[],
    fired: new Set<string>(),
    collect(url: string, text: string): void {
      let body: unknown = text
      try {
        body = JSON.parse(text)
      } catch {
        // not JSON: kept as text
      }
      recorder.requests.push({ url, body })
    },
    /** A message from a page's hook: an envelope its tracker announced, or a request its fetch wrapper saw. */
    receive({ page, frame }: { page: Page; frame: Frame }, entry: string): void {
      const { id, payload } = JSON.parse(entry) as {
        id: string
        payload:
          | { tracker: number; event: TrackedEvent; info: EventInfo }
          | { request: string; body: string }
      }
      // a message the page kept and handed over again, though it had arrived: once
      if (received.has(id)) return
      received.add(id)
      const message = payload
      if ('request' in message) return recorder.collect(message.request, message.body)
      const { tracker, event, info } = message
      if (!pages.has(page)) pages.set(page, ++pageCount)
      // an init script Playwright runs twice in one document chains a second hook to the
      // first, and every event arrives twice: an envelope is recorded once per page
      const seenKey = `${pages.get(page)}:${event.messageId}`
      if (seen.has(seenKey)) return
      seen.add(seenKey)
      if (!frames.has(frame)) frames.set(frame, ++frameCount)
      const inFrame = frame === page.mainFrame() ? '' : ` / frame ${frames.get(frame)}`
      const record: TrackingRecord = {
        event,
        info,
        tracker: `page ${pages.get(page)}${inFrame} / tracker ${tracker}`,
        url: frame.url(),
        violations: [],
      }
      if (check && event.type === 'track') {
        const found = check(event)
        record.violations = [...found]
        void found.pending?.then((late) => (record.violations = [...record.violations, ...late]))
      }
      if (event.type === 'track' && event.event && !info.dropped) recorder.fired.add(event.event)
      recorder.records.push(record)
    },
  }
  return recorder
}

export type Recorder = ReturnType<typeof createRecorder>

/** The `tracking` object a test holds, over what the recorder gathered. */
export function trackingOf(recorder: Recorder): Tracking {
  const tracking: Tracking = {
    get events() {
      return recorder.records.filter((r) => !r.info.dropped).map((r) => r.event)
    },
    get records() {
      return recorder.records
    },
    get violations() {
      return recorder.records.flatMap((r) => r.violations)
    },
    collector: {
      get requests() {
        return recorder.requests
      },
      events: () => recorder.requests.flatMap((r) => envelopesIn(r.body)),
    },
    clear() {
      recorder.records = []
      recorder.requests = []
    },
    async waitFor(name, options = {}) {
      const deadline = Date.now() + (options.timeout ?? 5000)
      for (;;) {
        const found = tracking.events.find(
          (e) =>
            e.type === 'track' &&
            e.event === name &&
            (!options.properties || matchesProperties(e.properties, options.properties)),
        )
        if (found) return found
        if (Date.now() > deadline) {
          throw new Error(
            `[trackplan] "${name}"${options.properties ? ` with ${JSON.stringify(options.properties)}` : ''} was not tracked within ${options.timeout ?? 5000} ms; tracked instead:\n${list(tracking.events)}`,
          )
        }
        await new Promise((resolve) => setTimeout(resolve, 50))
      }
    },
  }
  return tracking
}
