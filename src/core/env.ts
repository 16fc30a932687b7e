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

/** Resolves when `done` does, or after `ms` milliseconds, whichever is first; no deadline when `ms` is undefined. */
export function within(done: Promise<void>, ms: number | undefined): Promise<void> {
  if (ms === undefined) return done
  let timer: ReturnType<typeof setTimeout> | undefined
  const deadline = new Promise<void>((resolve) => (timer = setTimeout(resolve, Math.max(0, ms))))
  return Promise.race([done, deadline]).finally(() => clearTimeout(timer))
}

export const hasWindow = (): boolean =>
  typeof window !== 'undefined' && typeof document !== 'undefined'
