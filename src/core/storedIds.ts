import type { Who } from './envelope'
import { uuid } from './ids'
import type { StorageLike } from './types'

/** The ids as stored: where they are kept and reading them. */
export const ANONYMOUS_ID_KEY = 'trackplan:anonymousId'
export const USER_ID_KEY = 'trackplan:userId'

/** Who the events are about. Trackers sharing one storage share one of these. */
export interface Identity extends Who {
  /** Whether the ids were last written to storage (they are only with consent). */
  persisted: boolean
}

// Two trackers on one page with one storage (localStorage) must agree on one identity, or
// the one that writes last would resume the wrong id on the next load.
const shared = new WeakMap<object, Identity>()

/** One stored id, or `null`: none, no storage, or storage that throws (refused, a broken shim). */
const readId = (storage: StorageLike | undefined, key: string): string | null => {
  try {
    return storage?.getItem(key) ?? null
  } catch {
    return null
  }
}

/**
 * The identity kept in `storage`, the same object for every tracker that uses that storage;
 * where it holds none, a new anonymous id.
 */
export function identityFor(storage: StorageLike): Identity {
  const anonymousId = readId(storage, ANONYMOUS_ID_KEY)
  const userId = readId(storage, USER_ID_KEY)
  const known = shared.get(storage)
  // storage changed behind our back (cleared, another tab): it wins
  const stale =
    known &&
    (anonymousId ? anonymousId !== known.anonymousId || userId !== known.userId : known.persisted)
  if (known && !stale) return known
  const identity: Identity = {
    anonymousId: anonymousId || uuid(),
    userId,
    persisted: anonymousId !== null,
  }
  shared.set(storage, identity)
  return identity
}

/** A `withIdentity` person: the ids given (as strings), a new anonymous id where none is given. */
export const personOf = (
  ids: { userId?: string | null; anonymousId?: string | null },
  newId: () => string,
): Who => ({
  userId: ids.userId ? String(ids.userId) : null,
  anonymousId: ids.anonymousId ? String(ids.anonymousId) : newId(),
})
