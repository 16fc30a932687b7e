import type { MutableRefObject } from 'react'
import { useInsertionEffect, useRef } from 'react'

/**
 * Mutable values that events read (a scope's properties, a hook's latest props) are updated in
 * an insertion effect: it runs before every layout effect of the commit — so an event fired
 * from any component's layout or passive effect reads this render's values, the parent's
 * included — and never on the server.
 */
export { useInsertionEffect as useCommitted }

/** A ref that always holds the latest committed value: stable callbacks read fresh props through it. */
export function useLatest<T>(value: T): MutableRefObject<T> {
  const ref = useRef(value)
  useInsertionEffect(() => {
    ref.current = value
  })
  return ref
}
