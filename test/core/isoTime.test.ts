import { describe, expect, it } from 'vitest'
import { isoTime } from '../../src/core/envelope'

describe('envelope timestamps', () => {
  it('are exactly new Date(ms).toISOString(): across minutes, days, years, before 1970, past 9999, fractional', () => {
    const at = [
      Date.UTC(2026, 11, 2, 4, 15, 59, 999),
      Date.UTC(2026, 11, 2, 4, 16, 0, 0),
      Date.UTC(2026, 11, 31, 23, 59, 59, 999),
      Date.UTC(2027, 0, 1),
      Date.UTC(2028, 1, 29, 12, 0, 5, 7),
      0,
      -1,
      -60_001,
      Date.UTC(1969, 11, 31, 23, 59, 0, 1),
      Date.UTC(9999, 11, 31, 23, 59, 59, 999),
      Date.UTC(10000, 0, 1),
      1_764_648_000_000.5,
    ]
    for (const ms of at) expect(isoTime(ms)).toBe(new Date(ms).toISOString())
  })

  it('stay exact through a run of milliseconds as a clock gives them, and after jumps back and forth', () => {
    let ms = Date.UTC(2026, 11, 2, 4, 14, 58, 0)
    for (let i = 0; i < 200_000; i++) {
      ms += i % 997 === 0 ? -7_000 : i % 13 === 0 ? 61_000 : 1
      expect(isoTime(ms)).toBe(new Date(ms).toISOString())
    }
  })
})
