const LAZY = Symbol.for('react.lazy')

/**
 * A child passed from a Server Component can arrive as a lazy node rather than an element —
 * always in `next dev`, and for an async Server Component in production. Read it the way
 * React's reconciler does (`_init(_payload)`): the element once it is there; while it is
 * not, `_init` throws its thenable and the component suspends until it settles.
 */
export function unwrapLazy(child: unknown): unknown {
  let node = child as
    | { $$typeof?: unknown; _payload: unknown; _init: (payload: unknown) => unknown }
    | null
    | undefined
  // as React's reconciler does: no cap on a lazy that resolves to a lazy
  while (node?.$$typeof === LAZY) node = node._init(node._payload) as typeof node
  return node
}
