import { hasWindow } from './env'
import type { EventContext, PageContext } from './types'
import { recordingPage } from './moment'
import { VERSION } from './version'

export { onPage } from './moment'

/** Query parameter names that look secret; their values never leave the page. */
export const SECRET_PARAM =
  /token|password|passwd|secret|key|auth|session|email|code|credential|signature/i

const REDACTED = 'REDACTED'

/** Redacts the values of secret-looking parameters in a query string (`?a=1&token=x`) or hash fragment. */
export function redactParams(query: string): string {
  const prefix = query[0] === '?' || query[0] === '#' ? query[0] : ''
  let changed = false
  const parts = query
    .slice(prefix.length)
    .split('&')
    .map((part) => {
      const eq = part.indexOf('=')
      if (eq < 0) return part
      let name = part.slice(0, eq)
      try {
        name = decodeURIComponent(name.replace(/\+/g, ' '))
      } catch {
        // keep the raw name
      }
      if (!SECRET_PARAM.test(name)) return part
      changed = true
      return `${part.slice(0, eq)}=${REDACTED}`
    })
  return changed ? prefix + parts.join('&') : query
}

/** A URL's parts: what comes before the query, the query from the first `?`, the fragment from the first `#`. */
const URL_PARTS = /^([^?#]*)(\?[^#]*)?(#[^]*)?$/

/** Redacts secret-looking query parameters of a URL, and of its fragment. */
export function redactUrl(url: string): string {
  if (!url) return url
  const [, base, query = '', hash = ''] = URL_PARTS.exec(url)!
  return base + redactParams(query) + redactParams(hash)
}

let cachedHref = ''
let cachedPage: PageContext | undefined
/**
 * The page read is still good: until the task ends (a microtask clears it), or — where the
 * Navigation API tells of every same-document navigation as it happens — until one does.
 */
let fresh = false
/** Whether the Navigation API tells of navigations (looked up on the first read). */
let told: boolean | undefined

const watchNavigation = (): boolean => {
  const navigation = (globalThis as { navigation?: EventTarget }).navigation
  // it tells of nothing in a document of an opaque origin (an iframe sandboxed without
  // allow-same-origin: Chromium fires no event there), so there the page is read once per task
  if (typeof navigation?.addEventListener !== 'function' || globalThis.origin === 'null')
    return false
  // fired at once, inside pushState, replaceState, a fragment change or a traversal
  navigation.addEventListener('currententrychange', () => (fresh = false))
  return true
}

/**
 * The page as the browser shows it now, secrets redacted. Reading `location` is the costliest
 * part of an event, so it is read again only when the URL may have changed: after a navigation
 * where the Navigation API announces each one (the title is compared on every event), else
 * once per task — events fired in one synchronous burst share it.
 */
export function currentPage(): PageContext | undefined {
  if (fresh && (!told || document.title === cachedPage!.title)) return cachedPage
  if (!hasWindow()) return undefined
  told ??= watchNavigation()
  fresh = true
  if (!told) queueMicrotask(() => (fresh = false))
  const { location } = window
  const href = location.href
  const title = document.title
  if (cachedPage && href === cachedHref && title === cachedPage.title) return cachedPage
  cachedHref = href
  cachedPage = Object.freeze({
    path: location.pathname,
    url: redactUrl(href),
    title,
    referrer: redactUrl(document.referrer),
    search: redactParams(location.search),
  })
  return cachedPage
}

let staticContext: Omit<EventContext, 'page'> | undefined

function readStatic(): Omit<EventContext, 'page'> {
  const library = Object.freeze({ name: 'trackplan', version: VERSION })
  const context: Omit<EventContext, 'page'> = { library }
  try {
    context.timezone = Intl.DateTimeFormat().resolvedOptions().timeZone
  } catch {
    // Intl without time zone data
  }
  if (typeof navigator !== 'undefined') {
    if (navigator.language) context.locale = navigator.language
    if (navigator.userAgent) context.userAgent = navigator.userAgent
  }
  if (typeof screen !== 'undefined' && hasWindow()) {
    context.screen = Object.freeze({
      width: screen.width,
      height: screen.height,
      density: window.devicePixelRatio || 1,
    })
  }
  return context
}

let warming = false
/**
 * Reads the static context soon, off any click: its first read (Intl's time zone) can cost
 * tens of milliseconds while the browser loads its time-zone data.
 */
export function warmContext(): void {
  if (warming || staticContext || !hasWindow()) return
  warming = true
  setTimeout(() => (staticContext ??= readStatic()), 0)
}

let lastPage: PageContext | undefined
let lastContext: EventContext | undefined

/** The page an event happened on: the one being recorded on, or the page now. */
export const eventPage = (): PageContext | undefined => recordingPage() ?? currentPage()

/** The context stamped on every envelope, frozen and shared while the page stays the same. Everything but the page is read once. */
export function currentContext(): EventContext {
  staticContext ??= readStatic()
  const page = eventPage()
  if (lastContext && page === lastPage) return lastContext
  lastPage = page
  lastContext = Object.freeze(page ? { ...staticContext, page } : { ...staticContext })
  return lastContext
}
