const HEX = Array.from({ length: 256 }, (_, i) => (i + 0x100).toString(16).slice(1))
/** Random words drawn at once: 128 ids' worth per `getRandomValues` call. */
const POOL_WORDS = 4 * 128
let pool: Uint32Array<ArrayBuffer> | undefined
let offset = POOL_WORDS

const refill = (): Uint32Array<ArrayBuffer> => {
  pool ??= new Uint32Array(POOL_WORDS)
  const crypto = (globalThis as { crypto?: Crypto }).crypto
  if (crypto && typeof crypto.getRandomValues === 'function') crypto.getRandomValues(pool)
  else for (let i = 0; i < POOL_WORDS; i++) pool[i] = Math.floor(Math.random() * 0x1_0000_0000)
  offset = 0
  return pool
}

/**
 * A random v4 UUID. Random words come from `crypto.getRandomValues`, drawn in pools of 128 ids
 * so that a click does not pay a call into the browser per id (`crypto.randomUUID` would also
 * need a secure context); `Math.random` only where there is no Web Crypto at all.
 */
export function uuid(): string {
  const words = offset + 4 > POOL_WORDS ? refill() : pool!
  const first = offset
  offset += 4
  const a = words[first]!
  const b = words[first + 1]!
  const c = words[first + 2]!
  const d = words[first + 3]!
  return (
    HEX[a & 255]! +
    HEX[(a >>> 8) & 255] +
    HEX[(a >>> 16) & 255] +
    HEX[a >>> 24] +
    '-' +
    HEX[b & 255] +
    HEX[(b >>> 8) & 255] +
    '-' +
    HEX[((b >>> 16) & 0x0f) | 0x40] +
    HEX[b >>> 24] +
    '-' +
    HEX[(c & 0x3f) | 0x80] +
    HEX[(c >>> 8) & 255] +
    '-' +
    HEX[(c >>> 16) & 255] +
    HEX[c >>> 24] +
    HEX[d & 255] +
    HEX[(d >>> 8) & 255] +
    HEX[(d >>> 16) & 255] +
    HEX[d >>> 24]
  )
}
