/**
 * `trackplan/testing/jest`: registers the matchers with Jest's global `expect` and types
 * them. Add it to `setupFilesAfterEnv`.
 *
 * @example
 * // jest.config.js
 * setupFilesAfterEnv: ['trackplan/testing/jest']
 */
import { trackplanMatchers, type TrackplanMatchers } from './matchers'

declare const expect: { extend(matchers: Record<string, unknown>): void } | undefined

declare global {
  // eslint-disable-next-line @typescript-eslint/no-namespace
  namespace jest {
    // declaration merging: Jest's Matchers gain ours, so the interface adds no member of its own
    // eslint-disable-next-line @typescript-eslint/no-empty-object-type
    interface Matchers<R> extends TrackplanMatchers<R> {}
  }
}

if (typeof expect === 'undefined') {
  throw new Error(
    "[trackplan] trackplan/testing/jest registers matchers on Jest's global `expect`: load it from `setupFilesAfterEnv`.",
  )
}
expect.extend(trackplanMatchers)

export { trackplanMatchers }
