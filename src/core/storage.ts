import type { StorageLike } from './types'

/** Where something is kept: localStorage, memory only, or a Storage-like object of the app's. */
export type StorageOption = 'localStorage' | 'memory' | StorageLike

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
 * The Storage that persists for a `storage` option: the object given where it answers a read,
 * or localStorage where it exists and takes a write. None with `'memory'`, where there is no localStorage (a server), or
 * where access is refused (sandboxed iframes, some private modes, a full storage, an app's
 * storage whose reads throw): `onRefused` hears of the last.
 */
export function persistentStorage(
  option: StorageOption | undefined,
  onRefused: (cause: unknown) => void,
): StorageLike | undefined {
  if (option === 'memory') return undefined
  const probe = '__trackplan_probe__'
  try {
    if (option && typeof option === 'object') {
      option.getItem(probe) // an app's storage that refuses reads is refused
      return option
    }
    if (typeof localStorage === 'undefined') return undefined
    localStorage.setItem(probe, '1')
    localStorage.removeItem(probe)
    return localStorage
  } catch (cause) {
    onRefused(cause)
    return undefined
  }
}

/**
 * Resolves the `storage` option, falling back to memory where nothing persists (see
 * `persistentStorage`); `onFallback` hears of a refused localStorage.
 */
export const resolveStorage = (
  option: StorageOption | undefined,
  onFallback: (cause: unknown) => void,
): StorageLike => persistentStorage(option, onFallback) ?? memoryStorage()
