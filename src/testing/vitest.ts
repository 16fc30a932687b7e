/**
 * `trackplan/testing/vitest`: registers the matchers with Vitest's `expect` and types them.
 * Add it to `setupFiles`.
 *
 * @example
 * // vitest.config.ts
 * test: { setupFiles: ['trackplan/testing/vitest'] }
 */
import { expect } from 'vitest'
import { trackplanMatchers, type TrackplanMatchers } from './matchers'

expect.extend(trackplanMatchers)

declare module 'vitest' {
  // declaration merging: the type parameter must repeat Vitest's own declaration,
  // `Matchers<T = any>`, and the interface adds no member of its own
  // eslint-disable-next-line @typescript-eslint/no-explicit-any, @typescript-eslint/no-empty-object-type, @typescript-eslint/no-unused-vars
  interface Matchers<T = any> extends TrackplanMatchers<void> {}
}

export { trackplanMatchers }
