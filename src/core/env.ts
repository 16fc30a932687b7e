// Development checks are written `if (process.env.NODE_ENV !== 'production') …` at each
// call site, inside functions (never at import time), so that bundlers drop the
// messages from production builds, as React's own packages do.

const warned = new Set<string>()

/** A `console.warn` once per distinct message, with the `[trackplan]` prefix. Guard calls with a NODE_ENV check. */
export const warnOnce = (message: string): void => {
  if (warned.has(message)) return
  warned.add(message)
  console.warn(`[trackplan] ${message}`)
}

export const hasWindow = (): boolean => typeof window !== 'undefined' && typeof document !== 'undefined'
