import type { ReactElement, Ref, RefCallback } from 'react'
import { isReact19 as refIsProp } from './reactVersion'

/** The ref a child element carries: a prop since React 19, a field of the element before. */
export function getElementRef(element: ReactElement): Ref<unknown> | undefined {
  return refIsProp
    ? (element.props as { ref?: Ref<unknown> }).ref
    : (element as unknown as { ref?: Ref<unknown> }).ref
}

/**
 * One callback ref that feeds every ref given, the child's own first. It returns a cleanup
 * (React 19 calls it on detach, and a child's own ref cleanup runs then); React 18 calls
 * it with `null` instead, which reaches every ref the same way.
 */
export function composeRefs<T>(...refs: (Ref<T> | undefined)[]): RefCallback<T> {
  return (value): (() => void) | undefined => {
    const cleanups = refs.map((ref) => {
      if (typeof ref === 'function') {
        const cleanup: unknown = ref(value)
        return typeof cleanup === 'function' ? (cleanup as () => void) : () => ref(null)
      }
      if (ref) {
        ;(ref as { current: T | null }).current = value
        return () => {
          ;(ref as { current: T | null }).current = null
        }
      }
      return undefined
    })
    // React 18 warns on a returned function and calls the ref with null instead
    if (!refIsProp) return
    return () => {
      for (const cleanup of cleanups) cleanup?.()
    }
  }
}
