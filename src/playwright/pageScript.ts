// The init script the fixture runs in every page and frame before the app. Its parts are
// functions that Playwright sends to the page as source text, so each is self-contained: it
// reads nothing from this module, and is written without `?.` and `??`, which the CommonJS
// build would turn into calls to helpers the page does not have.

/** How the page hands a message to the fixture. */
type Post = (payload: unknown) => void

/**
 * The page's side of the binding. A binding called as the page goes away never reaches the
 * fixture: a call made while it is leaving (an abandoned form, the sink's last batch), and one
 * made just before a navigation alike. So every message is kept in sessionStorage until the
 * fixture has it; the next page of the tab hands over what is left first thing, and the
 * fixture takes each message once (by its id).
 */
function createMessenger(binding: string): Post {
  const KEPT = '__trackplanPlaywright'
  const w = window as unknown as Record<string, unknown>
  let leaving = false
  addEventListener('pagehide', () => void (leaving = true), true)
  addEventListener('pageshow', () => void (leaving = false), true)
  type Entry = { id: string; payload: unknown }
  const kept = (): Entry[] => JSON.parse(sessionStorage.getItem(KEPT) || '[]') as Entry[]
  const keep = (entries: Entry[]): void =>
    entries.length
      ? sessionStorage.setItem(KEPT, JSON.stringify(entries))
      : sessionStorage.removeItem(KEPT)
  const forget = (entry: Entry): void => {
    try {
      keep(kept().filter((e) => e.id !== entry.id))
    } catch {
      // no storage: nothing kept
    }
  }
  const send = (entry: Entry): void => {
    try {
      keep(kept().concat([entry]))
    } catch {
      // no storage here (an opaque origin): the binding alone
    }
    if (leaving) return
    try {
      const deliver = w[binding] as (message: string) => Promise<unknown>
      deliver(JSON.stringify(entry)).then(
        () => forget(entry),
        () => {},
      )
    } catch {
      // no binding: nothing to report to
    }
  }
  // ids unique across the pages of a run: this document's, then a count
  const documentId = `${Date.now().toString(36)}${Math.random().toString(36).slice(2)}:`
  let sent = 0
  try {
    const earlier = kept()
    sessionStorage.removeItem(KEPT)
    for (const entry of earlier) send(entry)
  } catch {
    // no storage here
  }
  return (payload) => send({ id: documentId + sent++, payload })
}

/**
 * With collector patterns: a `fetch` and `sendBeacon` that hand requests to those URLs to the
 * fixture synchronously (a beacon's Blob cannot be read in time when the page is leaving;
 * refusing it makes the sink fall back to `fetch`, whose body is a string).
 */
function interceptCollector(collector: string[], post: Post): void {
  if (!collector.length) return
  const toPattern = (glob: string): RegExp =>
    new RegExp(
      `^${glob
        .replace(/[.+^${}()|[\]\\]/g, '\\$&')
        .replace(/\*\*/g, '\n')
        .replace(/\*/g, '[^/]*')
        .replace(/\n/g, '.*')}$`,
    )
  const patterns = collector.map(toPattern)
  const matches = (url: unknown): string | undefined => {
    try {
      const absolute = new URL(String(url instanceof Request ? url.url : url), location.href).href
      return patterns.some((p) => p.test(absolute)) ? absolute : undefined
    } catch {
      return undefined
    }
  }
  if (typeof navigator.sendBeacon === 'function') {
    const beacon = navigator.sendBeacon.bind(navigator)
    navigator.sendBeacon = (url, data) => (matches(url) ? false : beacon(url, data))
  }
  const original = window.fetch.bind(window)
  window.fetch = (input, init) => {
    const url = matches(input)
    if (!url || !init || typeof init.body !== 'string') return original(input, init)
    post({ request: url, body: init.body })
    const headers = { 'content-type': 'application/json' }
    return Promise.resolve(new Response('{}', { status: 200, headers }))
  }
}

/** The devtools hook every tracker announces itself to: each of its envelopes is posted. */
function announceTrackers(key: string, post: Post): void {
  const w = window as unknown as Record<string, unknown>
  type Subscribable = { subscribe(listener: (event: unknown, info: unknown) => void): () => void }
  const previous = w[key] as { register?: (t: unknown, i: unknown) => void } | undefined
  let count = 0
  w[key] = {
    ...previous,
    register(tracker: Subscribable, info: unknown) {
      if (previous && typeof previous.register === 'function') previous.register(tracker, info)
      const id = ++count
      tracker.subscribe((event, eventInfo) => post({ tracker: id, event, info: eventInfo }))
    },
  }
}

/** The init script's source: the three parts above, run in one scope of the page. */
export function pageScript(options: { key: string; binding: string; collector: string[] }): string {
  const json = (value: unknown): string => JSON.stringify(value)
  return `(() => {
  const post = (${createMessenger.toString()})(${json(options.binding)});
  (${interceptCollector.toString()})(${json(options.collector)}, post);
  (${announceTrackers.toString()})(${json(options.key)}, post);
})()`
}
