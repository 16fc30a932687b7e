import type { Who } from './envelope'
import { uuid } from './ids'
import { TrackplanError } from './TrackplanError'
import type { StorageLike, TrackerOptions } from './types'

/** Identity: the anonymous and user ids, and where they are kept (written only with consent). */
const ANONYMOUS_ID_KEY = 'trackplan:anonymousId'
const USER_ID_KEY = 'trackplan:userId'

/** Who the events are about. Trackers sharing one storage share one of these. */
export interface Identity extends Who {
  /** Whether the ids were last written to storage (they are only with consent). */
  persisted: boolean
}

// Two trackers on one page with one storage (localStorage) must agree on one identity, or
// the one that writes last would resume the wrong id on the next load.
const shared = new WeakMap<object, Identity>()

const read = (storage: StorageLike, key: string): string | null => {
  try {
    return storage.getItem(key)
  } catch {
    return null
  }
}

/** The identity kept in `storage`, the same object for every tracker that uses that storage. */
export function identityFor(storage: StorageLike): Identity {
  const anonymousId = read(storage, ANONYMOUS_ID_KEY)
  const userId = read(storage, USER_ID_KEY)
  const known = shared.get(storage)
  // storage changed behind our back (cleared, another tab): it wins
  const stale = known && (anonymousId ? anonymousId !== known.anonymousId || userId !== known.userId : known.persisted)
  if (known && !stale) return known
  const identity: Identity = { anonymousId: anonymousId || uuid(), userId, persisted: anonymousId !== null }
  shared.set(storage, identity)
  return identity
}

/** Writes the ids, or removes them when `keep` is false (no consent). Throws what storage throws. */
export function persistIdentity(storage: StorageLike, identity: Identity, keep: boolean): void {
  identity.persisted = false
  if (!keep) {
    storage.removeItem(ANONYMOUS_ID_KEY)
    storage.removeItem(USER_ID_KEY)
    return
  }
  storage.setItem(ANONYMOUS_ID_KEY, identity.anonymousId)
  if (identity.userId === null) storage.removeItem(USER_ID_KEY)
  else storage.setItem(USER_ID_KEY, identity.userId)
  identity.persisted = true
}

/** A Storage that lives as long as the page: the fallback when nothing persists. */
export function memoryStorage(): StorageLike {
  const data = new Map<string, string>()
  return {
    getItem: (key) => data.get(key) ?? null,
    setItem: (key, value) => void data.set(key, String(value)),
    removeItem: (key) => void data.delete(key),
  }
}

/**
 * Resolves the `storage` option. `'localStorage'` falls back to memory where it does not
 * exist (a server) or refuses access (sandboxed iframes, some private modes); `onFallback`
 * hears of the latter.
 */
export function resolveStorage(
  option: 'localStorage' | 'memory' | StorageLike | undefined,
  onFallback: (error: unknown) => void,
): StorageLike {
  if (option && typeof option === 'object') return option
  if (option === 'memory') return memoryStorage()
  try {
    if (typeof localStorage === 'undefined') return memoryStorage()
    const probe = '__trackplan_probe__'
    localStorage.setItem(probe, '1')
    localStorage.removeItem(probe)
    return localStorage
  } catch (error) {
    onFallback(error)
    return memoryStorage()
  }
}

/**
 * A tracker's identity: its storage resolved (memory when localStorage is refused, reported),
 * the ids read from it, and `persist()`, which writes them only while `granted()` says so.
 */
export function trackerIdentity(option: TrackerOptions['storage'], report: (error: TrackplanError) => void, granted: () => boolean): { identity: Identity; persist(): void } {
  const storage = resolveStorage(option, (cause) =>
    report(new TrackplanError('storage_failed', process.env.NODE_ENV !== 'production' ? 'localStorage is not available: ids are kept in memory.' : 'storage', { cause })),
  )
  const identity = identityFor(storage)
  const persist = (): void => {
    try {
      persistIdentity(storage, identity, granted())
    } catch (cause) {
      report(new TrackplanError('storage_failed', process.env.NODE_ENV !== 'production' ? 'could not save the user ids.' : 'storage', { cause }))
    }
  }
  return { identity, persist }
}
