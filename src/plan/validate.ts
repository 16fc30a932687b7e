import type { StandardSchemaV1 } from '@standard-schema/spec'
import { isSchema } from './isSchema'
import type { EventChecker } from '../core/types'
import { NO_VIOLATIONS } from '../core/pipeline'
import type { JsonValue, Properties, Violation } from '../core/event'
import { checkEventName, nameKey } from './naming'
import type { EventSpec, PlainPropertySpec, PropertySpec, TrackingPlan } from './types'

const show = (value: unknown): string =>
  typeof value === 'string' ? JSON.stringify(value) : (JSON.stringify(value) ?? String(value))

const kindOf = (value: JsonValue): string =>
  value === null
    ? 'null'
    : Array.isArray(value)
      ? 'an array'
      : typeof value === 'object'
        ? 'an object'
        : `a ${typeof value}`

/** Each property type's test and its name in messages. */
export const TYPE_CHECKS: Record<string, [(value: JsonValue) => boolean, string]> = {
  string: [(v) => typeof v === 'string', 'a string'],
  number: [(v) => typeof v === 'number', 'a number'],
  integer: [(v) => typeof v === 'number' && Number.isInteger(v), 'an integer'],
  boolean: [(v) => typeof v === 'boolean', 'a boolean'],
  array: [(v) => Array.isArray(v), 'an array'],
  object: [(v) => v !== null && typeof v === 'object' && !Array.isArray(v), 'an object'],
}

/** Checks the properties: violations found now go to `out`, an async schema's answer to `later`. */
type PropertyCheck = (
  properties: Properties,
  out: Violation[],
  later: Promise<readonly Violation[]>[],
) => void

/** One property's check, built once. */
function compileProperty(event: string, name: string, spec: PropertySpec): PropertyCheck {
  const violation = (kind: string, message: string): Violation => ({
    kind,
    event,
    property: name,
    message: `"${event}": ${message}`,
  })
  if (isSchema(spec)) {
    return (properties, out, later) => {
      const value = properties[name]
      let result: StandardSchemaV1.Result<unknown> | Promise<StandardSchemaV1.Result<unknown>>
      try {
        result = spec['~standard'].validate(value)
      } catch (error) {
        out.push(violation('schema', `property "${name}": its schema threw (${String(error)})`))
        return
      }
      const verdict = (r: StandardSchemaV1.Result<unknown>): Violation | undefined =>
        r.issues
          ? violation(
              value === undefined ? 'missing' : 'schema',
              `property "${name}" ${value === undefined ? 'is missing' : 'is invalid'}: ${r.issues.map((i) => i.message).join('; ')}`,
            )
          : undefined
      if (result instanceof Promise) {
        // an async schema (an async refine) answers after track() returns; the event waits for it
        later.push(
          result.then(
            (r) => [verdict(r)].filter((v): v is Violation => v !== undefined),
            (error: unknown) => [
              violation('schema', `property "${name}": its schema threw (${String(error)})`),
            ],
          ),
        )
        return
      }
      const found = verdict(result)
      if (found) out.push(found)
    }
  }
  const check = compilePlain(event, spec)
  return (properties, out) => check(properties[name], name, out)
}

type ValueCheck = (value: JsonValue | undefined, path: string, out: Violation[]) => void

/**
 * A plain spec's check, recursively through nested objects (`path.key`) and array items
 * (`path[i]`).
 */
function compilePlain(event: string, spec: PlainPropertySpec): ValueCheck {
  const [isType, typeName] = TYPE_CHECKS[spec.type] ?? [() => true, spec.type]
  const allowed = spec.enum
  // objects and arrays in an enum are compared by value
  const allowedJson = allowed?.some((v) => v !== null && typeof v === 'object')
    ? allowed.map((v) => JSON.stringify(v))
    : undefined
  const nested = spec.properties
  const children = nested
    ? Object.entries(nested).map(([key, child]) => [key, compilePlain(event, child)] as const)
    : []
  const item = spec.items ? compilePlain(event, spec.items) : undefined
  return (value, path, out) => {
    const violation = (kind: string, message: string, at = path): void =>
      void out.push({ kind, event, property: at, message: `"${event}": ${message}` })
    // null is no value for a required property, and the wrong type for an optional one (as in the
    // exported JSON Schema)
    if (value === undefined || (value === null && spec.required)) {
      if (spec.required) violation('missing', `missing required property "${path}" (${typeName})`)
      return
    }
    if (!isType(value))
      return violation(
        'type',
        `property "${path}" must be ${typeName}, got ${kindOf(value)} (${show(value)})`,
      )
    if (
      allowed &&
      !(allowedJson ? allowedJson.includes(JSON.stringify(value)) : allowed.includes(value))
    ) {
      violation(
        'enum',
        `property "${path}" must be one of ${allowed.map(show).join(', ')}; got ${show(value)}`,
      )
    }
    if (nested && value !== null && typeof value === 'object' && !Array.isArray(value)) {
      for (const [key, check] of children)
        check(Object.hasOwn(value, key) ? value[key] : undefined, `${path}.${key}`, out)
      if (spec.additionalProperties === false) {
        for (const key in value) {
          if (!Object.hasOwn(nested, key))
            violation(
              'unexpected',
              `unexpected property "${path}.${key}" (the plan lists ${
                Object.keys(nested)
                  .map((k) => `"${k}"`)
                  .join(', ') || 'none'
              })`,
              `${path}.${key}`,
            )
        }
      }
    }
    if (item && Array.isArray(value)) value.forEach((v, i) => item(v, `${path}[${i}]`, out))
  }
}

/** One event's check: its properties, and unexpected ones when `additionalProperties: false`. */
function compileEvent(
  event: string,
  spec: EventSpec,
  context: { readonly [name: string]: PropertySpec } = {},
): PropertyCheck {
  const specs = spec.properties ?? {}
  const checks = Object.entries(specs).map(([name, s]) => compileProperty(event, name, s))
  // context properties the event does not list itself: checked where present, never required
  const contextChecks = Object.entries(context)
    .filter(([name]) => !Object.hasOwn(specs, name))
    .map(
      ([name, s]) =>
        [name, compileProperty(event, name, isSchema(s) ? s : { ...s, required: false })] as const,
    )
  const closed = spec.additionalProperties === false
  return (properties, out, later) => {
    for (const check of checks) check(properties, out, later)
    for (const [name, check] of contextChecks)
      if (Object.hasOwn(properties, name)) check(properties, out, later)
    if (closed) {
      for (const key in properties) {
        if (!Object.hasOwn(specs, key) && !Object.hasOwn(context, key)) {
          out.push({
            kind: 'unexpected',
            event,
            property: key,
            message: `"${event}": unexpected property "${key}" (the plan lists ${
              Object.keys(specs)
                .map((k) => `"${k}"`)
                .join(', ') || 'none'
            })`,
          })
        }
      }
    }
  }
}

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

/**
 * Compiles a plan into a checker for `track` envelopes: each event's validator is built
 * once, and everything about a name (planned? naming? near-duplicate?) is worked out once
 * per distinct name. Page, identify and alias calls are not checked.
 */
export function compilePlan(plan: TrackingPlan): EventChecker {
  const planned = Object.keys(plan.events)
  const validators = new Map<string, PropertyCheck>()
  const nameProblems = new Map<string, readonly Violation[]>()
  const keyOf = (name: string): string =>
    nameKey(name, plan.synonyms ? { synonyms: plan.synonyms } : {})
  const keys = new Map<string, string>()
  for (const name of planned) if (!keys.has(keyOf(name))) keys.set(keyOf(name), name)

  const aboutName = (name: string): readonly Violation[] => {
    let found = nameProblems.get(name)
    if (found) return found
    const problems: Violation[] = []
    const isPlanned = Object.prototype.hasOwnProperty.call(plan.events, name)
    const key = keyOf(name)
    const twin = keys.get(key)
    if (!isPlanned) {
      const near =
        twin ??
        planned.reduce<[string, number] | undefined>((best, p) => {
          const d = distance(name.toLowerCase(), p.toLowerCase())
          return d <= Math.max(2, Math.floor(p.length / 5)) && (!best || d < best[1])
            ? [p, d]
            : best
        }, undefined)?.[0]
      problems.push({
        kind: 'unplanned',
        event: name,
        message: `"${name}" is not in the tracking plan${near ? ` (did you mean "${near}"?)` : ''}`,
      })
    }
    if (twin !== undefined && twin !== name) {
      problems.push({
        kind: 'duplicate',
        event: name,
        message: `"${name}" is a near-duplicate of "${twin}": pick one name`,
      })
    } else if (twin === undefined) {
      keys.set(key, name)
    }
    for (const problem of checkEventName(name, plan.naming ?? false))
      problems.push({ kind: 'naming', event: name, message: problem })
    found = problems.length ? Object.freeze(problems) : NO_VIOLATIONS
    nameProblems.set(name, found)
    return found
  }

  return (envelope) => {
    if (envelope.type !== 'track' || envelope.event === undefined) return NO_VIOLATIONS
    const name = envelope.event
    const fromName = aboutName(name)
    const spec = plan.events[name]
    if (!spec) return fromName
    let validate = validators.get(name)
    if (!validate) {
      validate = compileEvent(name, spec, plan.contextProperties)
      validators.set(name, validate)
    }
    const out: Violation[] = fromName === NO_VIOLATIONS ? [] : [...fromName]
    const later: Promise<readonly Violation[]>[] = []
    validate(envelope.properties, out, later)
    if (later.length)
      return Object.assign(out, { pending: Promise.all(later).then((found) => found.flat()) })
    return out.length ? out : NO_VIOLATIONS
  }
}
