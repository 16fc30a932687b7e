import type { EventInfo, TrackedEvent } from '../core/types'
import type { EventSpec, TrackingPlan } from '../plan/types'
import type { EventStatus, PanelEvent, PanelPlan } from './types'

// What a host (the Storybook preview, the in-app devtools) hands the Tracking panel's pure
// components: events with their status against the plan, and the plan as plain data.

/** What the panel says of an event: valid, a violation, unplanned, dropped, or unchecked (no plan). */
export function statusOf(
  info: EventInfo,
  hasPlan: boolean,
): { status: EventStatus; reasons: string[] } {
  const reasons = info.violations.map((v) => v.message)
  if (info.dropped && info.dropped !== 'validation')
    return { status: 'dropped', reasons: [`dropped: ${info.dropped}`, ...reasons] }
  if (info.violations.some((v) => v.kind === 'unplanned')) return { status: 'unplanned', reasons }
  if (reasons.length > 0) return { status: 'violation', reasons }
  return { status: hasPlan ? 'valid' : 'no plan', reasons }
}

/** One event as both panels list it: its status against the plan, and whether its element is known. */
export function panelEvent(
  event: TrackedEvent,
  info: EventInfo,
  hasPlan: boolean,
  hasElement: boolean,
): PanelEvent {
  const { status, reasons } = statusOf(info, hasPlan)
  return { event, status, reasons, ...(info.dropped ? { dropped: info.dropped } : {}), hasElement }
}

/** A plan as plain data for the panel (Standard Schema validators are described, not sent). */
export function describePlan(plan: TrackingPlan): PanelPlan {
  return {
    naming: plan.naming ?? false,
    events: (Object.entries(plan.events) as [string, EventSpec][]).map(([name, spec]) => ({
      name,
      ...(spec.description ? { description: spec.description } : {}),
      ...(spec.owner ? { owner: spec.owner } : {}),
      ...(spec.trigger ? { trigger: spec.trigger } : {}),
      properties: Object.entries(spec.properties ?? {}).map(([prop, p]) =>
        '~standard' in p
          ? { name: prop, type: `${p['~standard'].vendor} schema`, required: true }
          : {
              name: prop,
              type: p.type,
              required: p.required === true,
              ...(p.enum ? { allowed: p.enum.map((v) => String(v)).join(', ') } : {}),
            },
      ),
    })),
  }
}
