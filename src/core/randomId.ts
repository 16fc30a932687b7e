/**
 * A random v4 UUID, in few bytes: for the ids made before the engine arrives (an anonymous id,
 * a `withIdentity` person's). The engine's envelopes use `uuid` (ids.ts), faster in bursts.
 */
export const randomId = (): string =>
  '10000000-1000-4000-8000-100000000000'.replace(/[018]/g, (digit) =>
    // each 0/1/8 becomes a random hex digit, keeping the version (4) and variant (8–b) bits
    (+digit ^ (((globalThis as { crypto?: Crypto }).crypto?.getRandomValues(new Uint8Array(1))[0] ?? Math.random() * 256) & (15 >> (+digit / 4)))).toString(16),
  )
