import { resolveStorage } from './storage'
import { ANONYMOUS_ID_KEY, identityFor, USER_ID_KEY, type Identity } from './storedIds'
import { TrackplanError } from './TrackplanError'
import type { StorageLike, TrackerOptions } from './types'

// Identity: the anonymous and user ids, written to their storage only with consent.

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

/**
 * A tracker's identity: its storage resolved (memory when localStorage is refused, reported),
 * the ids read from it, and `persist()`, which writes them only while `granted()` says so.
 */
export function trackerIdentity(
  option: TrackerOptions['storage'],
  report: (error: TrackplanError) => void,
  granted: () => boolean,
): { identity: Identity; persist(): void } {
  const fellBack = (cause: unknown): void =>
    report(
      new TrackplanError(
        'storage_failed',
        process.env.NODE_ENV !== 'production'
          ? 'localStorage is not available: ids are kept in memory.'
          : 'storage',
        { cause },
      ),
    )
  const storage = resolveStorage(option, fellBack)
  const identity = identityFor(storage)
  const persist = (): void => {
    try {
      persistIdentity(storage, identity, granted())
    } catch (cause) {
      report(
        new TrackplanError(
          'storage_failed',
          process.env.NODE_ENV !== 'production' ? 'could not save the user ids.' : 'storage',
          { cause },
        ),
      )
    }
  }
  return { identity, persist }
}
