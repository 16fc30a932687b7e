import type { StorageLike } from './types'

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
