import type { JsonValue, Violation } from '../../core/event'
import { compileEvent, type PropertyCheck } from '../compileEvent'
import { isRecord } from '../specShape'
import type { EventSpec, TrackingPlan } from '../types'

/** Whether a violation is about `property` or something inside it (`address.city`, `tags[0]`). */
export const concerns = (violation: Violation, property: string): boolean =>
  violation.property === property ||
  !!violation.property?.startsWith(`${property}.`) ||
  !!violation.property?.startsWith(`${property}[`)

/** The one entry of `record` named `name`, if it has it as its own ( `__proto__` a key like any other). */
const only = (record: unknown, name: string): Record<string, unknown> | undefined =>
  isRecord(record) && Object.hasOwn(record, name)
    ? Object.fromEntries([[name, record[name]]])
    : undefined

/**
 * One plan's runtime checks of one property at a time. What the runtime says about a property
 * depends on its spec, the context property of that name and whether the event is closed, never
 * on the event's other properties: checking it alone gives the same violations about it as
 * checking the whole event. A witness search tries hundreds of values per property; a plan of
 * 25,000 properties is searched in seconds this way, where whole events took minutes.
 */
export class PropertyChecks {
  private readonly compiled = new Map<string, Map<string, PropertyCheck>>()

  constructor(private readonly plan: TrackingPlan) {}

  private checkOf(event: string, name: string): PropertyCheck {
    let byName = this.compiled.get(event)
    if (!byName) this.compiled.set(event, (byName = new Map()))
    let check = byName.get(name)
    if (!check) {
      const spec: unknown = Object.hasOwn(this.plan.events, event)
        ? this.plan.events[event]
        : undefined
      const properties = isRecord(spec) ? only(spec.properties, name) : undefined
      const alone = {
        ...(properties ? { properties } : {}),
        ...(isRecord(spec) ? { additionalProperties: spec.additionalProperties } : {}),
      } as EventSpec
      const context = only(this.plan.contextProperties, name)
      const plan = { events: {}, ...(context ? { contextProperties: context } : {}) }
      byName.set(name, (check = compileEvent(event, alone, plan as TrackingPlan)))
    }
    return check
  }

  /**
   * The violations about property `name` of `event` holding `value` (`undefined`: left out),
   * or `undefined` when an async schema must answer.
   */
  about(event: string, name: string, value: JsonValue | undefined): Violation[] | undefined {
    const out: Violation[] = []
    const later: Promise<readonly Violation[]>[] = []
    const properties = value === undefined ? {} : Object.fromEntries([[name, value]])
    this.checkOf(event, name)(properties, out, later)
    return later.length ? undefined : out.filter((v) => concerns(v, name))
  }
}
