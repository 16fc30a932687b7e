import { findNearDuplicates } from './naming'
import type { EventSpec, TrackingPlan } from './types'
import { describeOnce, diffProperties, type Describe } from './diff/diffProperties'
import { ChangeList, type PlanChange } from './diff/PlanChange'
import { CONTEXT, proveChanges } from './diff/prove'

export type { ChangeSeverity, PlanChange, PlanChangeKind, Witness } from './diff/PlanChange'

const TEXT_FIELDS = ['description', 'trigger', 'owner'] as const

/** Each removed event that an added near-duplicate probably replaced, with that new name. */
function findRenames(
  removed: string[],
  added: string[],
  synonyms: TrackingPlan['synonyms'],
): Map<string, string> {
  const renames = new Map<string, string>()
  for (const group of findNearDuplicates([...removed, ...added], synonyms ? { synonyms } : {})) {
    const from = group.find((n) => removed.includes(n))
    const to = group.find((n) => added.includes(n))
    if (from !== undefined && to !== undefined) renames.set(from, to)
  }
  return renames
}

/** An event in both versions (`event`: its new name when it was renamed). */
function diffEvent(
  changes: ChangeList,
  event: string,
  specs: { before: EventSpec; after: EventSpec },
  describe: Describe,
): void {
  const { before, after } = specs
  const at = { event }
  if (before.additionalProperties !== false && after.additionalProperties === false)
    changes.add(
      at,
      'event-closed',
      'no longer accepts properties the plan does not list (additionalProperties: false)',
    )
  if (before.additionalProperties === false && after.additionalProperties !== false)
    changes.add(at, 'event-opened', 'accepts properties the plan does not list')
  for (const field of TEXT_FIELDS) {
    const was = before[field] ?? ''
    const is = after[field] ?? ''
    if (was !== is)
      changes.add(at, 'event-described', `has a new ${field}`, { before: was, after: is })
  }
  const properties = { before: before.properties ?? {}, after: after.properties ?? {} }
  diffProperties(changes, event, properties, describe)
}

/**
 * Every change between two versions of a plan, classified. Breaking means some event the old
 * plan accepts, the new one rejects, and each breaking change carries such an event (its
 * `witness`), found by the plans' own runtime checkers: an event removed or renamed, a
 * property made required, a type, enum or bound narrowed, extra properties newly forbidden.
 * Safe: anything added as optional, widened or described. A change that looks narrowing but
 * for which no witness is found, and a Standard Schema that gives no JSON Schema, are
 * `unknown` (review by hand), never guessed.
 *
 * @example
 * const breaking = diffPlans(before, after).filter((c) => c.severity === 'breaking')
 */
export function diffPlans(before: TrackingPlan, after: TrackingPlan): PlanChange[] {
  const changes = new ChangeList()
  const describe = describeOnce()
  const removed = Object.keys(before.events).filter((n) => !Object.hasOwn(after.events, n))
  const added = Object.keys(after.events).filter((n) => !Object.hasOwn(before.events, n))
  const renames = findRenames(removed, added, after.synonyms ?? before.synonyms)
  for (const name of removed) {
    const to = renames.get(name)
    if (to === undefined) changes.add({ event: name }, 'event-removed', 'was removed')
    else
      changes.add(
        { event: name },
        'event-renamed',
        `was removed and "${to}" added: probably a rename, which splits its history in reports`,
        { before: name, after: to },
      )
  }
  for (const name of Object.keys(before.events)) {
    // an own key only: `after.events.constructor` is Object's, not an event
    const to = Object.hasOwn(after.events, name) ? name : renames.get(name)
    if (to !== undefined)
      diffEvent(changes, to, { before: before.events[name]!, after: after.events[to]! }, describe)
  }
  const renameTargets = new Set(renames.values())
  for (const name of added)
    if (!renameTargets.has(name)) changes.add({ event: name }, 'event-added', 'was added')
  if (before.contextProperties || after.contextProperties) {
    const context = {
      before: before.contextProperties ?? {},
      after: after.contextProperties ?? {},
      required: false,
    }
    diffProperties(changes, CONTEXT, context, describe)
  }
  proveChanges(changes, { before, after }, { renames, describe })
  return changes.changes
}
