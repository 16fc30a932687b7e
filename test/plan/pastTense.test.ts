import { describe, expect, it } from 'vitest'
import { isPastTense } from '../../src/plan/naming'

describe('isPastTense', () => {
  it('takes irregular past tenses, and the ones the -ed rule covers', () => {
    for (const word of ['Paid', 'led', 'fed', 'wed', 'Hit', 'bled', 'bred', 'fled', 'misled'])
      expect(isPastTense(word), word).toBe(true)
    for (const word of ['proved', 'shed', 'showed', 'Viewed'])
      expect(isPastTense(word), word).toBe(true)
  })

  it('not words that only end in -ed, nor short ones', () => {
    for (const word of ['Feed', 'embed', 'Speed', 'hundred', 'red', 'Pricing'])
      expect(isPastTense(word), word).toBe(false)
  })
})
