// What the plan says of a tracked element, from what it would send now: the overlay's badge
// colour and hover card.
import type { TrackedElement } from '../../core/devtools'
import type { EventChecker } from '../../core/createTracker'
import type { TrackedEvent, Violation } from '../../core/types'
import { planChecker } from '../../core/planChecker'
import { layerProperties } from '../../core/properties'
import type { EventSpec, TrackingPlan } from '../../plan/types'
import type { ElementReport, ElementStatus, TrackerInfo } from './types'

// violations that say the event is not the plan's; the others say its properties break it
const UNPLANNED = new Set<Violation['kind']>(['unplanned', 'duplicate'])
const checkers = new WeakMap<object, EventChecker | null>()

function checkerOf(plan: TrackingPlan): EventChecker | null {
  let checker = checkers.get(plan)
  if (checker === undefined) {
    // its own compiled checker: the overlay's names never count as the tracker's
    checker = planChecker(plan) ?? null
    checkers.set(plan, checker)
  }
  return checker
}

/** What the plan says of a tracked element, from what it would send now. */
export function reportOn(what: TrackedElement, tracker: TrackerInfo | undefined): ElementReport {
  const elementProperties = what.properties?.()
  const properties =
    elementProperties === undefined
      ? undefined
      : layerProperties(tracker?.properties, elementProperties)
  const plan = tracker?.plan
  const planned = what.events.map((event) => {
    const spec = plan?.events[event] as EventSpec | undefined
    const required = Object.entries(spec?.properties ?? {})
      .filter(([, p]) => '~standard' in p || p.required === true)
      .map(([name]) => name)
    return { event, ...(spec?.description ? { description: spec.description } : {}), required }
  })
  const checker = plan ? checkerOf(plan) : null
  if (!checker) return { status: 'no plan', properties, problems: [], planned }
  let status: ElementStatus = 'planned'
  const problems: string[] = []
  for (const event of what.events) {
    const envelope = {
      type: 'track',
      event,
      properties: properties ?? {},
    } as unknown as TrackedEvent
    // a form or a computed click adds properties when it fires: only what is known now counts
    const atEventTime = properties === undefined || what.kind === 'form'
    for (const v of checker(envelope)) {
      if (v.kind === 'naming' || (atEventTime && v.kind === 'missing')) continue
      problems.push(v.message)
      if (UNPLANNED.has(v.kind)) status = 'unplanned'
      else if (status === 'planned') status = 'breaks'
    }
  }
  return { status, properties, problems, planned }
}
