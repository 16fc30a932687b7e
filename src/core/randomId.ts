/**
 * A random v4 UUID, in few bytes: for the ids made before the engine arrives (an anonymous id,
 * a `withIdentity` person's). `Math.random`: these ids are sent with every event, never a
 * secret, and it exists everywhere (no Web Crypto check on the common path). The engine's
 * envelopes and later ids use `uuid` (ids.ts): Web Crypto, faster in bursts.
 */
export const randomId = (): string =>
  // each 0/1/8 becomes a random hex digit, keeping the version (4) and variant (8–b) bits
  '10000000-1000-4000-8000-100000000000'.replace(/[018]/g, (digit) =>
    (+digit ^ ((Math.random() * 16) & (15 >> (+digit / 4)))).toString(16),
  )
