import { isSchema } from './isSchema'
import { describeValue, quote } from './describeValue'
import type { TrackingPlan } from './types'

/** Something in a plan no tool can read: a property spec that is `null`, an enum that is no list. */
export interface ShapeProblem {
  /** The property path (`address.city`, `tags[]`), when a property's spec is the problem. */
  property?: string
  message: string
}

/** A plain object (not `null`, not an array): what a spec, an envelope or its properties must be. */
export const isRecord = (value: unknown): value is Record<string, unknown> =>
  value !== null && typeof value === 'object' && !Array.isArray(value)

/**
 * Why each property spec of `specs` (nested ones included) cannot be used: plans come from
 * JSON files and hand-written modules, where `{ plan: null }` or `enum: 'a'` type-check or
 * are not type-checked at all. Empty when every spec can be read.
 */
export function unusableSpecs(specs: Record<string, unknown>, prefix = ''): ShapeProblem[] {
  const problems: ShapeProblem[] = []
  for (const [name, spec] of Object.entries(specs)) {
    const property = `${prefix}${name}`
    const problem = (message: string): void =>
      void problems.push({ property, message: `property ${quote(property)} ${message}` })
    if (isSchema(spec as never)) continue // arktype's are functions
    if (!isRecord(spec)) {
      problem(`has no spec (${describeValue(spec)}): give it one ({ type: 'string' }) or a schema`)
      continue
    }
    if (spec.enum !== undefined && !Array.isArray(spec.enum))
      problem(
        `has an enum that is not a list (${describeValue(spec.enum)}): write enum: ['a', 'b']`,
      )
    if (spec.properties !== undefined) {
      if (isRecord(spec.properties))
        problems.push(...unusableSpecs(spec.properties, `${property}.`))
      else
        problem(
          `has properties that are not an object of specs (${describeValue(spec.properties)})`,
        )
    }
    if (spec.items !== undefined) problems.push(...unusableSpecs({ '[]': spec.items }, property))
  }
  return problems
}

/** Why an event's entry in the plan cannot be used: not an object, properties that are not one, or their specs. */
export function eventSpecProblems(spec: unknown): ShapeProblem[] {
  if (!isRecord(spec))
    return [
      {
        message: `its plan entry is not an event spec (${describeValue(spec)}): write { properties: { … } }`,
      },
    ]
  if (spec.properties === undefined) return []
  if (!isRecord(spec.properties))
    return [
      {
        message: `its properties are not an object of specs (${describeValue(spec.properties)})`,
      },
    ]
  return unusableSpecs(spec.properties)
}

/** Every shape problem of a plan, as one line each: `"Chose Plan": property "plan" has no spec (null): …`. */
export function planShapeProblems(plan: TrackingPlan): string[] {
  const lines: string[] = []
  for (const [event, spec] of Object.entries(plan.events as Record<string, unknown>))
    for (const problem of eventSpecProblems(spec)) lines.push(`${quote(event)}: ${problem.message}`)
  const context: unknown = plan.contextProperties
  if (context !== undefined) {
    if (!isRecord(context))
      lines.push(`contextProperties is not an object of specs (${describeValue(context)})`)
    else
      for (const problem of unusableSpecs(context))
        lines.push(`contextProperties: ${problem.message}`)
  }
  return lines
}
