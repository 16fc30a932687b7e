/**
 * The UTF-8 size of a string, counted without TextEncoder (which Jest's jsdom environment
 * lacks): a lone surrogate counts as U+FFFD, 3 bytes, as TextEncoder would write it.
 */
export function utf8Bytes(text: string): number {
  let n = text.length
  for (let i = 0; i < text.length; i++) {
    const c = text.charCodeAt(i)
    if (c < 0x80) continue
    if (c < 0x800) n += 1
    else if (
      c >= 0xd800 &&
      c <= 0xdbff &&
      i + 1 < text.length &&
      (text.charCodeAt(i + 1) & 0xfc00) === 0xdc00
    ) {
      n += 2 // a pair: 4 bytes for 2 units
      i++
    } else n += 2
  }
  return n
}
