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
 * Conversion through ordered steps. An event advances that person's most recent journey
 * waiting for it; otherwise an occurrence of the first step starts a journey. Steps must
 * happen in order and may repeat (`['Viewed Cart', 'Removed Item', 'Viewed Cart']`).
 * People (userId, else anonymousId) never share journeys; an anonymous journey continues
 * once the person is identified on the same anonymousId.
 *
 * @example
 * funnel(events, ['Added to Cart', 'Started Checkout', 'Completed Purchase'])
 * // [{ step: 'Added to Cart', count: 3, fromPrevious: null, fromFirst: 1 }, { step: 'Started Checkout', count: 2, … }, …]
 */
export function funnel(events: readonly TrackedEvent[], steps: readonly string[]): FunnelStep[] {
  const counts = steps.map(() => 0)
  const journeys = new Map<string, number[]>() // person → next step index of each open journey
  const known = new Map<string, string>() // anonymousId → the userId it was identified as
  const ordered = events
    .filter((e) => e.type === 'track' || e.type === 'identify')
    .sort((a, b) => a.timestamp.localeCompare(b.timestamp))
  const personOf = (event: TrackedEvent): string => {
    const anonymous = `anonymous:${event.anonymousId}`
    if (!event.userId) return known.get(event.anonymousId) ?? anonymous
    const person = `user:${event.userId}`
    if (!known.has(event.anonymousId)) {
      known.set(event.anonymousId, person)
      // what the person did before being identified is theirs
      const before = journeys.get(anonymous)
      if (before) {
        journeys.delete(anonymous)
        journeys.set(person, [...(journeys.get(person) ?? []), ...before])
      }
    }
    return person
  }
  for (const event of ordered) {
    const person = personOf(event)
    if (event.type !== 'track') continue
    const name = event.event ?? ''
    if (!steps.includes(name)) continue
    let open = journeys.get(person)
    if (!open) journeys.set(person, (open = []))
    let advanced = false
    for (let j = open.length - 1; j >= 0 && !advanced; j--) {
      const next = open[j]!
      if (next < steps.length && steps[next] === name) {
        open[j] = next + 1
        counts[next]!++
        advanced = true
      }
    }
    if (!advanced && steps[0] === name) {
      open.push(1)
      counts[0]!++
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
