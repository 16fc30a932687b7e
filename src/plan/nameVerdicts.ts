import type { Violation } from '../core/event'
import { NO_VIOLATIONS } from '../core/pipeline'
import { quote } from './describeValue'
import { checkEventName, nameKey } from './naming'
import type { TrackingPlan } from './types'

/**
 * How many unplanned names a checker keeps the verdict of (the latest used): senders may
 * make up any number of names, and a tracker in development repeats the same few.
 */
export const UNPLANNED_NAMES_KEPT = 256

/** Levenshtein distance, for "did you mean". */
function distance(a: string, b: string): number {
  const row = Array.from({ length: b.length + 1 }, (_, i) => i)
  for (let i = 1; i <= a.length; i++) {
    let prev = row[0]!
    row[0] = i
    for (let j = 1; j <= b.length; j++) {
      const next = row[j]!
      row[j] = Math.min(row[j]! + 1, row[j - 1]! + 1, prev + (a[i - 1] === b[j - 1] ? 0 : 1))
      prev = next
    }
  }
  return row[b.length]!
}

/** The planned name closest to `name`, within a fifth of its length (at least 2 edits). */
export function nearestName(name: string, planned: readonly string[]): string | undefined {
  const lower = name.toLowerCase()
  let best: { name: string; distance: number } | undefined
  for (const candidate of planned) {
    const allowed = Math.max(2, Math.floor(candidate.length / 5))
    // the distance is at least the difference in length: a megabyte name costs nothing here
    if (Math.abs(candidate.length - name.length) > allowed) continue
    const d = distance(lower, candidate.toLowerCase())
    if (d <= allowed && (!best || d < best.distance)) best = { name: candidate, distance: d }
  }
  return best?.name
}

/** What a name alone tells against a plan, and how many verdicts are kept. */
export interface NameVerdicts {
  of(name: string): readonly Violation[]
  /** Verdicts kept: the planned names seen, and at most `UNPLANNED_NAMES_KEPT` others. */
  size(): number
}

/**
 * What an event name alone tells: unplanned (with a "did you mean" among the planned names),
 * a near-duplicate of a planned name, a naming-convention breach. Worked out once per planned
 * name, and kept for the latest unplanned ones; a verdict depends on the plan and the name
 * only, never on names seen before.
 */
export function nameVerdicts(plan: TrackingPlan): NameVerdicts {
  const planned = Object.keys(plan.events)
  // the plan's synonyms are the options nameKey reads (it skips any that are not lists of
  // strings: a plan read from JSON may say `synonyms: false`)
  const keyOf = (name: string): string => nameKey(name, plan)
  const plannedByKey = new Map<string, string>()
  for (const name of planned)
    if (!plannedByKey.has(keyOf(name))) plannedByKey.set(keyOf(name), name)
  const ofPlanned = new Map<string, readonly Violation[]>()
  const ofUnplanned = new Map<string, readonly Violation[]>()

  const judge = (name: string, isPlanned: boolean): readonly Violation[] => {
    const problems: Violation[] = []
    const twin = plannedByKey.get(keyOf(name))
    if (!isPlanned) {
      const near = twin ?? nearestName(name, planned)
      problems.push({
        kind: 'unplanned',
        event: name,
        message: `${quote(name)} is not in the tracking plan${near ? ` (did you mean ${quote(near)}?)` : ''}`,
      })
    }
    if (twin !== undefined && twin !== name)
      problems.push({
        kind: 'duplicate',
        event: name,
        message: `${quote(name)} is a near-duplicate of ${quote(twin)}: pick one name`,
      })
    for (const problem of checkEventName(name, plan.naming ?? false))
      problems.push({ kind: 'naming', event: name, message: problem })
    return problems.length ? Object.freeze(problems) : NO_VIOLATIONS
  }

  return {
    of(name) {
      if (Object.hasOwn(plan.events, name)) {
        let found = ofPlanned.get(name)
        if (!found) ofPlanned.set(name, (found = judge(name, true)))
        return found
      }
      let found = ofUnplanned.get(name)
      if (found)
        ofUnplanned.delete(name) // kept again below, as the latest used
      else {
        found = judge(name, false)
        if (ofUnplanned.size >= UNPLANNED_NAMES_KEPT)
          ofUnplanned.delete(ofUnplanned.keys().next().value!)
      }
      ofUnplanned.set(name, found)
      return found
    },
    size: () => ofPlanned.size + ofUnplanned.size,
  }
}
