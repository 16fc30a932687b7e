import { nearestName } from '../plan/nameVerdicts'
import { findNearDuplicates } from '../plan/naming'
import type { TrackingPlan } from '../plan/types'
import type { EventStats } from './store/Store'

// The plan's health from what production sent: each planned event's volume and violations,
// planned events never seen, unplanned ones (and the planned names they are near), calls
// other than track, and plan versions.

/** Violations of one kind: how many, and per event received. */
export interface KindCount {
  count: number
  /** `count` per event received (an event with two violations of a kind counts twice). */
  rate: number
}

/** Volume and violations of a set of events. */
export interface Volume {
  count: number
  /** Events with at least one violation. */
  violating: number
  /** `violating / count`, 0 without events. */
  violationRate: number
  byKind: Record<string, KindCount>
  firstSeen: string | null
  lastSeen: string | null
}

export interface PlannedEventHealth extends Volume {
  event: string
  /** Per plan version the events were checked against. */
  byVersion: Record<string, { count: number; violating: number }>
}

export interface UnplannedEvent {
  event: string
  count: number
  /** Planned names it may have meant: the same words, or a few edits away. */
  near: string[]
  firstSeen: string
  lastSeen: string
}

export interface VersionHealth extends Volume {
  planVersion: string
  /** The plan the report was built with. */
  current: boolean
}

export interface CollectorReport {
  /** ISO 8601: events received since then (all, when `null`). */
  since: string | null
  /** The version of the plan the report was built with. */
  planVersion: string | null
  total: Volume
  /** Every planned event, in the plan's order, seen or not. */
  planned: PlannedEventHealth[]
  neverSeen: string[]
  /** The most frequent unplanned track events (at most 100). */
  unplanned: UnplannedEvent[]
  /** Unplanned names past the first 100, and their events. */
  moreUnplanned: { names: number; count: number }
  /** Calls other than track (page, identify, …), by type. */
  calls: { type: string; count: number }[]
  /** Plan versions seen, the latest first. */
  versions: VersionHealth[]
}

export interface ReportOptions {
  since?: Date
  /** The current plan's version (`GET /v1/report` passes it), to mark it among those seen. */
  planVersion?: string
}

/** Unplanned names listed one by one: a sender may make up any number. */
export const UNPLANNED_LISTED = 100

const emptyVolume = (): Volume => ({
  count: 0,
  violating: 0,
  violationRate: 0,
  byKind: {},
  firstSeen: null,
  lastSeen: null,
})

const earlier = (a: string | null, b: string): string => (a === null || b < a ? b : a)
const later = (a: string | null, b: string): string => (a === null || b > a ? b : a)

/** Adds a stats row to a volume (rates are worked out at the end, by `rated`). */
function add(volume: Volume, row: EventStats): void {
  volume.count += row.count
  volume.violating += row.violating
  for (const [kind, count] of Object.entries(row.byKind)) {
    const entry = (volume.byKind[kind] ??= { count: 0, rate: 0 })
    entry.count += count
  }
  volume.firstSeen = earlier(volume.firstSeen, row.firstSeen)
  volume.lastSeen = later(volume.lastSeen, row.lastSeen)
}

function rated<T extends Volume>(volume: T): T {
  volume.violationRate = volume.count === 0 ? 0 : volume.violating / volume.count
  for (const entry of Object.values(volume.byKind))
    entry.rate = volume.count === 0 ? 0 : entry.count / volume.count
  return volume
}

/** The planned names an unplanned one may have meant. */
function nearNames(name: string, plan: TrackingPlan, planned: readonly string[]): string[] {
  const options = plan.synonyms ? { synonyms: plan.synonyms } : {}
  const twins = findNearDuplicates([name, ...planned], options)
    .filter((group) => group.includes(name))
    .flat()
    .filter((twin) => twin !== name)
  const nearest = nearestName(name, planned)
  return nearest === undefined || twins.includes(nearest) ? twins : [...twins, nearest]
}

/** Unplanned track events, the most frequent first; the first UNPLANNED_LISTED named. */
function unplannedEvents(
  rows: readonly EventStats[],
  plan: TrackingPlan,
  planned: readonly string[],
) {
  const byName = new Map<string, UnplannedEvent>()
  for (const row of rows) {
    const name = row.event ?? ''
    const seen = byName.get(name)
    if (seen) {
      seen.count += row.count
      seen.firstSeen = earlier(seen.firstSeen, row.firstSeen)
      seen.lastSeen = later(seen.lastSeen, row.lastSeen)
    } else byName.set(name, { event: name, count: row.count, near: [], ...pick(row) })
  }
  const sorted = [...byName.values()].sort(
    (a, b) => b.count - a.count || (a.event < b.event ? -1 : 1),
  )
  const listed = sorted.slice(0, UNPLANNED_LISTED)
  for (const entry of listed) entry.near = nearNames(entry.event, plan, planned)
  const rest = sorted.slice(UNPLANNED_LISTED)
  return { listed, more: { names: rest.length, count: rest.reduce((n, e) => n + e.count, 0) } }
}

const pick = (row: EventStats) => ({ firstSeen: row.firstSeen, lastSeen: row.lastSeen })

/** Plan versions seen, the latest first. */
function versionsOf(stats: readonly EventStats[], current: string | undefined): VersionHealth[] {
  const versions = new Map<string, VersionHealth>()
  for (const row of stats) {
    let version = versions.get(row.planVersion)
    if (!version)
      versions.set(
        row.planVersion,
        (version = {
          planVersion: row.planVersion,
          current: row.planVersion === current,
          ...emptyVolume(),
        }),
      )
    add(version, row)
  }
  return [...versions.values()]
    .map(rated)
    .sort((a, b) => ((a.lastSeen ?? '') > (b.lastSeen ?? '') ? -1 : 1))
}

/**
 * The plan's health from the store's stats: each planned event's volume and violation rate by
 * kind (per plan version too), planned events never seen, unplanned events with their counts
 * and the planned names they are near, calls other than track, and plan versions.
 *
 * @example
 * buildReport(await store.stats({ since }), plan, { since })
 */
export function buildReport(
  stats: readonly EventStats[],
  plan: TrackingPlan,
  options: ReportOptions = {},
): CollectorReport {
  const planned = Object.keys(plan.events)
  const health = new Map<string, PlannedEventHealth>(
    planned.map((event) => [event, { event, byVersion: {}, ...emptyVolume() }]),
  )
  const total = emptyVolume()
  const unplannedRows: EventStats[] = []
  const calls = new Map<string, number>()
  for (const row of stats) {
    add(total, row)
    if (row.type !== 'track') {
      calls.set(row.type, (calls.get(row.type) ?? 0) + row.count)
      continue
    }
    const entry =
      row.event !== null && Object.hasOwn(plan.events, row.event)
        ? health.get(row.event)
        : undefined
    if (!entry) {
      unplannedRows.push(row)
      continue
    }
    add(entry, row)
    const version = (entry.byVersion[row.planVersion] ??= { count: 0, violating: 0 })
    version.count += row.count
    version.violating += row.violating
  }
  const unplanned = unplannedEvents(unplannedRows, plan, planned)
  return {
    since: options.since?.toISOString() ?? null,
    planVersion: options.planVersion ?? null,
    total: rated(total),
    planned: [...health.values()].map(rated),
    neverSeen: [...health.values()].filter((e) => e.count === 0).map((e) => e.event),
    unplanned: unplanned.listed,
    moreUnplanned: unplanned.more,
    calls: [...calls].map(([type, count]) => ({ type, count })).sort((a, b) => b.count - a.count),
    versions: versionsOf(stats, options.planVersion),
  }
}
