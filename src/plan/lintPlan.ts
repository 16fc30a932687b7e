import { isSchema } from './isSchema'
import { checkEventName, findNearDuplicates } from './naming'
import { neverArrives } from './neverArrives'
import { eventSpecProblems } from './specShape'
import type { EventSpec, PlainPropertySpec, TrackingPlan } from './types'
import { TYPE_CHECKS } from './validate'

export interface PlanProblem {
  /** The event the problem concerns. */
  event: string
  message: string
}

/**
 * Lints a plan: naming-convention breaches, near-duplicate names (with the plan's synonyms),
 * and property specs that cannot work (an unknown type, enum values of another type, a spec
 * that is `null`, a schema that takes a Date, which never arrives in JSON).
 *
 * @example
 * lintPlan(plan).forEach((p) => console.log(p.event, p.message))
 */
export function lintPlan(plan: TrackingPlan): PlanProblem[] {
  const problems: PlanProblem[] = []
  const names = Object.keys(plan.events)
  for (const event of names) {
    for (const message of checkEventName(event, plan.naming ?? false))
      problems.push({ event, message })
    const unusable = eventSpecProblems(plan.events[event])
    for (const { message } of unusable) problems.push({ event, message })
    // an event whose specs cannot be read is linted no further
    if (unusable.length === 0) lintProperties(event, plan.events[event]!, problems)
  }
  for (const group of findNearDuplicates(names, plan.synonyms ? { synonyms: plan.synonyms } : {})) {
    for (const event of group) {
      problems.push({
        event,
        message: `near-duplicate of ${group
          .filter((g) => g !== event)
          .map((g) => `"${g}"`)
          .join(', ')}: keep one name`,
      })
    }
  }
  return problems
}

/** Each property spec of an event that can be read. */
function lintProperties(event: string, spec: EventSpec, problems: PlanProblem[]): void {
  for (const [name, p] of Object.entries(spec.properties ?? {})) {
    if (!isSchema(p)) lintProperty(event, name, p, problems)
    else {
      const never = neverArrives(p)
      if (never) problems.push({ event, message: `property "${name}" can never pass: ${never}` })
    }
  }
}

/** A plain spec, and what it nests (`address.city`, `tags[]`). */
function lintProperty(
  event: string,
  name: string,
  p: PlainPropertySpec,
  problems: PlanProblem[],
): void {
  if (!Object.hasOwn(TYPE_CHECKS, p.type)) {
    problems.push({
      event,
      message: `property "${name}" has type "${String(p.type)}"; use one of ${Object.keys(TYPE_CHECKS).join(', ')}`,
    })
  } else if (p.enum?.length === 0) {
    problems.push({
      event,
      message: `property "${name}" has an empty enum: no value can pass; list the allowed values or remove \`enum\``,
    })
  } else if (p.enum) {
    const fits = TYPE_CHECKS[p.type].test
    const off = p.enum.filter((v) => v === null || !fits(v))
    if (off.length)
      problems.push({
        event,
        message: `property "${name}" is a ${p.type} but its enum has ${off.map((v) => JSON.stringify(v)).join(', ')}`,
      })
  }
  if (p.properties && p.type !== 'object')
    problems.push({
      event,
      message: `property "${name}" lists properties but is a ${p.type}: make it type "object"`,
    })
  if (p.items && p.type !== 'array')
    problems.push({
      event,
      message: `property "${name}" has items but is a ${p.type}: make it type "array"`,
    })
  for (const [key, child] of Object.entries(p.properties ?? {}))
    lintProperty(event, `${name}.${key}`, child, problems)
  if (p.items) lintProperty(event, `${name}[]`, p.items, problems)
}
