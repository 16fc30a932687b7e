import type { StandardSchemaV1 } from '@standard-schema/spec'
import { describeError, truncate } from '../core/describeError'
import type { JsonValue, Properties, Violation } from '../core/event'
import { describeValue, preview, quote } from './describeValue'
import { isSchema } from './isSchema'
import { neverArrives } from './neverArrives'
import { eventSpecProblems, isRecord, unusableSpecs } from './specShape'
import type {
  EventSpec,
  PlainPropertySpec,
  PropertySpec,
  PropertyType,
  TrackingPlan,
} from './types'

// An event's check, compiled once from its spec: what compilePlan runs on each track call.

/** A property type's test, and its name in messages. */
export interface TypeCheck {
  test: (value: unknown) => boolean
  name: string
}

/** Each property type's test and its name in messages. */
export const TYPE_CHECKS: Readonly<Record<PropertyType, TypeCheck>> = {
  string: { test: (v) => typeof v === 'string', name: 'a string' },
  number: { test: (v) => typeof v === 'number', name: 'a number' },
  integer: { test: (v) => typeof v === 'number' && Number.isInteger(v), name: 'an integer' },
  boolean: { test: (v) => typeof v === 'boolean', name: 'a boolean' },
  array: { test: (v) => Array.isArray(v), name: 'an array' },
  object: { test: isRecord, name: 'an object' },
}

/** Checks the properties: violations found now go to `out`, an async schema's answer to `later`. */
export type PropertyCheck = (
  properties: Properties,
  out: Violation[],
  later: Promise<readonly Violation[]>[],
) => void

/** A property's value, read only when the properties have it (never `Object.prototype`'s). */
export const own = (record: object, key: string): unknown =>
  Object.hasOwn(record, key) ? (record as Record<string, unknown>)[key] : undefined

// a promise of this realm or another (an iframe's schema), or any other thenable
const isThenable = (value: unknown): value is PromiseLike<unknown> =>
  isRecord(value) && typeof (value as { then?: unknown }).then === 'function'

/** A violation of an event's spec: its message names the event first. */
const specViolation = (
  event: string,
  kind: string,
  message: string,
  property?: string,
): Violation => ({
  kind,
  event,
  ...(property === undefined ? {} : { property }),
  message: `${quote(event)}: ${message}`,
})

/**
 * A Standard Schema property's check; a schema that waits for a Date or a BigInt says so.
 * What `validate` gives may be a hand-written schema's bug (`null`, issues that are no list),
 * and reading it may throw (a message that is a getter that throws): each is a violation.
 */
function compileSchema(event: string, name: string, spec: StandardSchemaV1): PropertyCheck {
  // worked out on the first rejection: it runs the schema a dozen times
  let hint: string | undefined
  const hintOf = (): string => {
    if (hint === undefined) {
      const never = neverArrives(spec)
      hint = never ? ` (${never})` : ''
    }
    return hint
  }
  const problem = (message: string, kind = 'schema'): Violation[] => [
    specViolation(event, kind, `property ${quote(name)}${message}`, name),
  ]
  const threw = (error: unknown): Violation[] => {
    // whatever was thrown, even an object `String()` cannot read
    const { errorName, message } = describeError(error, false)
    return problem(`: its schema threw (${errorName}: ${message})`)
  }
  return (properties, out, later) => {
    const value = own(properties, name)
    const verdict = (result: unknown): Violation[] => {
      try {
        if (!isRecord(result))
          return problem(`: its schema gave no Standard Schema result (${describeValue(result)})`)
        const issues = result.issues
        if (issues === undefined) return []
        if (!Array.isArray(issues))
          return problem(`: its schema gave issues that are not a list (${describeValue(issues)})`)
        const messages = issues.map((issue: unknown) =>
          truncate(String(isRecord(issue) ? issue.message : issue)),
        )
        return value === undefined
          ? problem(` is missing: ${messages.join('; ')}${hintOf()}`, 'missing')
          : problem(` is invalid: ${messages.join('; ')}${hintOf()}`)
      } catch (error) {
        return threw(error)
      }
    }
    try {
      const result = spec['~standard'].validate(value)
      // an async schema (an async refine) answers after track() returns; the event waits for it
      // (a promise of another realm, an iframe's schema, is one too)
      if (isThenable(result)) later.push(Promise.resolve(result).then(verdict, threw))
      else out.push(...verdict(result))
    } catch (error) {
      out.push(...threw(error))
    }
  }
}

/** One property's check, built once; a spec no check can be built from is reported on each event. */
function compileProperty(event: string, name: string, spec: PropertySpec): PropertyCheck {
  const [unusable] = unusableSpecs({ [name]: spec })
  if (unusable)
    return (_properties, out) =>
      void out.push(specViolation(event, 'plan', unusable.message, unusable.property))
  if (isSchema(spec)) return compileSchema(event, name, spec)
  const check = compilePlain(event, spec)
  return (properties, out) => check(own(properties, name), name, out)
}

/** JSON equality as JSON Schema's `enum` means it (keys in any order), walking only as deep as the plan's value. */
function sameJson(planned: JsonValue, value: unknown): boolean {
  if (planned === null || typeof planned !== 'object') return planned === value
  if (value === null || typeof value !== 'object') return false
  if (Array.isArray(planned))
    return (
      Array.isArray(value) &&
      planned.length === value.length &&
      planned.every((p, i) => sameJson(p, value[i]))
    )
  const keys = Object.keys(planned)
  return (
    !Array.isArray(value) &&
    Object.keys(value).length === keys.length &&
    keys.every((k) => Object.hasOwn(value, k) && sameJson(planned[k]!, own(value, k)))
  )
}

type ValueCheck = (value: unknown, path: string, out: Violation[]) => void

/**
 * A plain spec's check, recursively through nested objects (`path.key`) and array items
 * (`path[i]`). Only as deep as the spec: a value nested deeper is never walked.
 */
function compilePlain(event: string, spec: PlainPropertySpec): ValueCheck {
  const type = Object.hasOwn(TYPE_CHECKS, spec.type)
    ? TYPE_CHECKS[spec.type]
    : { test: () => true, name: String(spec.type) }
  const allowed = spec.enum
  const nested = spec.properties
  const children = Object.entries(nested ?? {}).map(([key, child]) => ({
    key,
    check: compilePlain(event, child),
  }))
  // as in JSON Schema: `additionalProperties: false` without `properties` allows no key at all
  const closed = spec.additionalProperties === false
  const item = spec.items ? compilePlain(event, spec.items) : undefined
  return (value, path, out) => {
    const violation = (kind: string, message: string, at = path): void =>
      void out.push(specViolation(event, kind, message, at))
    // null is no value for a required property, and the wrong type for an optional one (as in the
    // exported JSON Schema)
    if (value === undefined || (value === null && spec.required)) {
      if (spec.required)
        violation('missing', `missing required property ${quote(path)} (${type.name})`)
      return
    }
    if (!type.test(value))
      return violation(
        'type',
        `property ${quote(path)} must be ${type.name}, got ${describeValue(value)}`,
      )
    if (allowed && !allowed.some((a) => sameJson(a, value)))
      violation(
        'enum',
        `property ${quote(path)} must be one of ${allowed.map(preview).join(', ')}; got ${preview(value)}`,
      )
    if (isRecord(value)) {
      for (const { key, check } of children) check(own(value, key), `${path}.${key}`, out)
      if (closed)
        for (const key of Object.keys(value))
          if (!nested || !Object.hasOwn(nested, key))
            violation(
              'unexpected',
              `unexpected property ${quote(`${path}.${key}`)} (the plan lists ${listed(nested)})`,
              `${path}.${key}`,
            )
    }
    if (item && Array.isArray(value)) value.forEach((v, i) => item(v, `${path}[${i}]`, out))
  }
}

const listed = (specs: object | undefined): string =>
  Object.keys(specs ?? {})
    .map((k) => quote(k))
    .join(', ') || 'none'

/** One event's check: its properties, and unexpected ones when `additionalProperties: false`. */
export function compileEvent(event: string, spec: EventSpec, plan: TrackingPlan): PropertyCheck {
  // an entry that is no event spec, or properties that are no object: nothing to check against
  const [broken] = eventSpecProblems(spec)
  if (broken && broken.property === undefined)
    return (_properties, out) => void out.push(specViolation(event, 'plan', broken.message))
  const specs = spec.properties ?? {}
  const context = isRecord(plan.contextProperties) ? plan.contextProperties : {}
  const checks = Object.entries(specs).map(([name, s]) => compileProperty(event, name, s))
  // context properties the event does not list itself: checked where present, never required
  const contextChecks = Object.entries(context)
    .filter(([name]) => !Object.hasOwn(specs, name))
    .map(([name, s]) => ({
      name,
      check: compileProperty(
        event,
        name,
        isRecord(s) && !isSchema(s) ? { ...s, required: false } : s,
      ),
    }))
  const closed = spec.additionalProperties === false
  return (properties, out, later) => {
    for (const check of checks) check(properties, out, later)
    for (const { name, check } of contextChecks)
      if (Object.hasOwn(properties, name)) check(properties, out, later)
    if (closed)
      for (const key of Object.keys(properties))
        if (!Object.hasOwn(specs, key) && !Object.hasOwn(context, key))
          out.push(
            specViolation(
              event,
              'unexpected',
              `unexpected property ${quote(key)} (the plan lists ${listed(specs)})`,
              key,
            ),
          )
  }
}
