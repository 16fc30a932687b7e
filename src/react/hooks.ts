import { useEffect, useLayoutEffect, useRef, type MutableRefObject } from 'react'

/** useLayoutEffect in the browser, nothing on the server (where effects never run anyway). */
export const useIsomorphicLayoutEffect = typeof document !== 'undefined' ? useLayoutEffect : useEffect

/** A ref that always holds the latest committed value: stable callbacks read fresh props through it. */
export function useLatest<T>(value: T): MutableRefObject<T> {
  const ref = useRef(value)
  useIsomorphicLayoutEffect(() => {
    ref.current = value
  })
  return ref
}
