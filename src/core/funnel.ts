import type { TrackedEvent } from './types'

export interface FunnelStep {
  step: string
  /** Journeys that reached this step, in order. */
  count: number
  /** Share of the previous step's journeys that reached this one (`null` for the first step). */
  fromPrevious: number | null
  /** Share of the first step's journeys that reached this one. */
  fromFirst: number
}

/**
 * Conversion through ordered steps. Each occurrence of the first step starts a journey;
 * an event of a later step advances that person's most recent journey waiting for it; steps
 * must happen in order. People (userId, else anonymousId) never share journeys.
 *
 * @example
 * funnel(events, ['Added to Cart', 'Started Checkout', 'Completed Purchase'])
 * // [{ step: 'Added to Cart', count: 3, fromPrevious: null, fromFirst: 1 }, { step: 'Started Checkout', count: 2, … }, …]
 */
export function funnel(events: readonly TrackedEvent[], steps: readonly string[]): FunnelStep[] {
  const counts = steps.map(() => 0)
  const journeys = new Map<string, number[]>() // person → next step index of each open journey
  const ordered = [...events].filter((e) => e.type === 'track').sort((a, b) => a.timestamp.localeCompare(b.timestamp))
  for (const event of ordered) {
    const index = steps.indexOf(event.event ?? '')
    if (index < 0) continue
    const person = event.userId ?? event.anonymousId
    let open = journeys.get(person)
    if (!open) journeys.set(person, (open = []))
    if (index === 0) {
      open.push(1)
      counts[0]!++
      continue
    }
    for (let j = open.length - 1; j >= 0; j--) {
      if (open[j] === index) {
        open[j] = index + 1
        counts[index]!++
        break
      }
    }
  }
  const first = counts[0] ?? 0
  return steps.map((step, i) => ({
    step,
    count: counts[i]!,
    fromPrevious: i === 0 ? null : counts[i - 1]! > 0 ? counts[i]! / counts[i - 1]! : 0,
    fromFirst: first > 0 ? counts[i]! / first : 0,
  }))
}
