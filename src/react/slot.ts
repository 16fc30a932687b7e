import { version, type ReactElement, type Ref, type RefCallback } from 'react'

const refIsProp = Number.parseInt(version, 10) >= 19

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

const LAZY = Symbol.for('react.lazy')

/**
 * A child passed from a Server Component can arrive as a lazy node rather than an element —
 * always in `next dev`, and for an async Server Component in production. Read it the way
 * React's reconciler does (`_init(_payload)`): the element once it is there; while it is
 * not, `_init` throws its thenable and the component suspends until it settles.
 */
export function unwrapLazy(child: unknown): unknown {
  let node = child
  for (let depth = 0; depth < 8 && node !== null && typeof node === 'object' && (node as { $$typeof?: unknown }).$$typeof === LAZY; depth++) {
    const lazy = node as { _payload: unknown; _init: (payload: unknown) => unknown }
    node = lazy._init(lazy._payload)
  }
  return node
}
