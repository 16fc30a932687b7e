const HEX = Array.from({ length: 256 }, (_, i) => (i + 0x100).toString(16).slice(1))
/** Random bytes drawn at once: 128 ids' worth per `getRandomValues` call. */
const POOL_BYTES = 16 * 128
let pool: Uint8Array<ArrayBuffer> | undefined
let offset = POOL_BYTES

const refill = (): Uint8Array<ArrayBuffer> => {
  pool ??= new Uint8Array(POOL_BYTES)
  const crypto = (globalThis as { crypto?: Crypto }).crypto
  if (crypto && typeof crypto.getRandomValues === 'function') crypto.getRandomValues(pool)
  else for (let i = 0; i < POOL_BYTES; i++) pool[i] = Math.random() * 256
  offset = 0
  return pool
}

/**
 * A random v4 UUID. Random bytes come from `crypto.getRandomValues`, drawn in pools of 128 ids
 * so that a click does not pay a call into the browser per id (`crypto.randomUUID` would also
 * need a secure context); `Math.random` only where there is no Web Crypto at all.
 */
export function uuid(): string {
  const bytes = offset + 16 > POOL_BYTES ? refill() : pool!
  const at = offset
  offset += 16
  const hex = (i: number): string => HEX[bytes[at + i]!]!
  return (
    hex(0) +
    hex(1) +
    hex(2) +
    hex(3) +
    '-' +
    hex(4) +
    hex(5) +
    '-' +
    HEX[(bytes[at + 6]! & 0x0f) | 0x40] + // version 4
    hex(7) +
    '-' +
    HEX[(bytes[at + 8]! & 0x3f) | 0x80] + // the RFC 4122 variant
    hex(9) +
    '-' +
    hex(10) +
    hex(11) +
    hex(12) +
    hex(13) +
    hex(14) +
    hex(15)
  )
}
