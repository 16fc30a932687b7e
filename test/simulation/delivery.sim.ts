// The delivery simulation: SIM_SEEDS seeds from SIM_FIRST (from 1), or one SIM_SEED, each a
// schedule of tabs, lifecycle, network, consent and storage run against the
// real httpSink and tracker in virtual time. A failing seed prints its shrunk schedule.
import { describe, expect, it } from 'vitest'
import { explain, runSchedule } from './run'
import { scheduleFor } from './schedule'

const one = process.env.SIM_SEED ? Number(process.env.SIM_SEED) : undefined
const first = Number(process.env.SIM_FIRST ?? 1)
const count = Number(process.env.SIM_SEEDS ?? 10_000)

describe('delivery simulation', () => {
  it(one !== undefined ? `seed ${one}` : `${count} seeds from ${first}`, async () => {
    const seeds = one !== undefined ? [one] : Array.from({ length: count }, (_, i) => first + i)
    const failing: number[] = []
    let events = 0
    let duplicates = 0
    for (const seed of seeds) {
      const result = await runSchedule(scheduleFor(seed))
      events += result.events
      duplicates += result.duplicates
      if (result.violations.length > 0) failing.push(seed)
      if (failing.length >= 5) break
    }
    const reports: string[] = []
    for (const seed of failing.slice(0, 3)) reports.push(await explain(seed))
    console.log(
      `${seeds.length} seeds, ${events} events, ${duplicates} duplicate receipts; failing: ${failing.length ? failing.join(', ') : 'none'}`,
    )
    expect(reports.join('\n\n')).toBe('')
  })
})
