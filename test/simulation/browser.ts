// The simulated browser: one Storage that every page shares (and that can fill up or refuse),
// pages with their own window, document and lifecycle, and the globals trackplan reads
// (timers, Date.now, Math.random, window, document, navigator) pointed at the page that runs.
import type { Clock, Random, Task, TimerOwner } from './clock'

export type StorageMode = 'ok' | 'full' | 'refusing'

/** A write to the shared Storage, for the consent invariant: who wrote what, when. */
export interface StorageWrite {
  page: SimPage | undefined
  key: string
  at: number
  /** The writing page's consent then. */
  consent: string | undefined
  /** The key was there already (a heartbeat on a record, not new data). */
  existed: boolean
}

/** localStorage as every page of one origin sees it: one store, keys in insertion order. */
export class SharedStorage {
  private currentMode: StorageMode = 'ok'
  /** It refused reads and removals at some point of the run. */
  everRefused = false
  get mode(): StorageMode {
    return this.currentMode
  }
  set mode(mode: StorageMode) {
    this.currentMode = mode
    if (mode === 'refusing') this.everRefused = true
  }
  readonly writes: StorageWrite[] = []
  private data = new Map<string, string>()

  constructor(
    private browser: {
      clock: Clock
      page: () => SimPage | undefined
      consentOf: (page: SimPage) => string
      /** A key was written (a claim: a tab's queue adopted). */
      claimed: (key: string) => void
    },
  ) {}

  get length(): number {
    this.refuse()
    return this.data.size
  }
  key(index: number): string | null {
    this.refuse()
    return [...this.data.keys()][index] ?? null
  }
  getItem(key: string): string | null {
    this.refuse()
    return this.data.get(String(key)) ?? null
  }
  setItem(key: string, value: string): void {
    this.refuse()
    if (this.mode === 'full' && !this.data.has(key))
      throw new DOMException('The quota has been exceeded.', 'QuotaExceededError')
    const existed = this.data.has(String(key))
    if (String(key).includes(':claim:')) this.browser.claimed(String(key))
    this.data.set(String(key), String(value))
    const page = this.browser.page()
    this.writes.push({
      page,
      key: String(key),
      at: this.browser.clock.now,
      consent: page && this.browser.consentOf(page),
      existed,
    })
  }
  removeItem(key: string): void {
    this.refuse()
    this.data.delete(String(key))
  }
  /** The keys, whatever the mode (for the checks). */
  keys(): string[] {
    return [...this.data.keys()]
  }
  raw(key: string): string | undefined {
    return this.data.get(key)
  }
  private refuse(): void {
    if (this.mode === 'refusing') throw new DOMException('Access is denied.', 'SecurityError')
  }
}

export type Visibility = 'visible' | 'hidden'

/** One page load in one tab: its window and document, and where it is in its life. */
export class SimPage implements TimerOwner {
  alive = true
  frozen = false
  /** Left (pagehide, not persisted) or killed: its code never runs again. */
  readonly deferred: Task[] = []
  readonly window: EventTarget & { location: Record<string, string> }
  readonly document: EventTarget & { visibilityState: Visibility; title: string; referrer: string }
  /** When it was last frozen (ms), or never. */
  everFrozen = false

  constructor(
    readonly id: number,
    readonly url: string,
    visibility: Visibility,
  ) {
    const location = new URL(url)
    this.window = Object.assign(new EventTarget(), {
      location: {
        href: location.href,
        pathname: location.pathname,
        search: location.search,
        hash: '',
        origin: location.origin,
      },
      devicePixelRatio: 1,
      origin: location.origin,
    })
    this.document = Object.assign(new EventTarget(), {
      visibilityState: visibility,
      title: `Page ${id}`,
      referrer: '',
    })
  }

  get hidden(): boolean {
    return this.document.visibilityState === 'hidden'
  }
}

interface SavedGlobals {
  descriptors: Map<string, PropertyDescriptor | undefined>
  dateNow: () => number
  random: () => number
}

const PATCHED = [
  'window',
  'document',
  'navigator',
  'location',
  'setTimeout',
  'clearTimeout',
  'setInterval',
  'clearInterval',
]

/** The browser's globals, switched to `page` whenever its code runs. */
export class SimGlobals {
  private saved: SavedGlobals | undefined
  /** The browser's network state, as navigator.onLine says. */
  online = true

  constructor(
    private clock: Clock,
    private random: Random,
  ) {}

  install(): void {
    const descriptors = new Map<string, PropertyDescriptor | undefined>()
    for (const name of PATCHED)
      descriptors.set(name, Object.getOwnPropertyDescriptor(globalThis, name))
    this.saved = { descriptors, dateNow: Date.now, random: Math.random }
    const clock = this.clock
    const define = (name: string, value: unknown): void =>
      void Object.defineProperty(globalThis, name, { value, configurable: true, writable: true })
    define('setTimeout', (run: () => void, delay?: number) => clock.set(run, delay ?? 0))
    define('setInterval', (run: () => void, every?: number) =>
      clock.set(run, every ?? 0, every ?? 0),
    )
    define('clearTimeout', (id: unknown) => clock.clear(id))
    define('clearInterval', (id: unknown) => clock.clear(id))
    Date.now = () => clock.now
    Math.random = () => this.random.next()
  }

  /**
   * Points window, document, navigator and location at `page` (or at nothing); `sendBeacon`
   * hands a body to the network as that page's.
   */
  enter(page: SimPage | undefined, sendBeacon?: (url: string, data: unknown) => boolean): void {
    this.clock.current = page
    const define = (name: string, value: unknown): void =>
      void Object.defineProperty(globalThis, name, { value, configurable: true, writable: true })
    define('window', page?.window)
    define('document', page?.document)
    define('location', page?.window.location)
    const online = this.online
    define('navigator', {
      onLine: online,
      language: 'en-GB',
      userAgent: 'simulation',
      ...(sendBeacon ? { sendBeacon } : {}),
    })
  }

  restore(): void {
    if (!this.saved) return
    for (const [name, descriptor] of this.saved.descriptors) {
      if (descriptor) Object.defineProperty(globalThis, name, descriptor)
      else delete (globalThis as Record<string, unknown>)[name]
    }
    Date.now = this.saved.dateNow
    Math.random = this.saved.random
    this.saved = undefined
  }
}
