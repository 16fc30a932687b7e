import { describeProperty, type PropertyRow } from '../exportPlan'
import type { PropertySpec } from '../types'
import { compareRequired, diffSchemas, type PropertyPlace } from './diffSchemas'
import type { ChangeList } from './PlanChange'
import { sameProperty } from './sameSpec'

/** An event's properties (or the plan's context properties), by name. */
export type PropertySpecs = { readonly [name: string]: PropertySpec }

/** A property spec's row as `describeProperty` gives it. */
export type Describe = (spec: PropertySpec) => PropertyRow

/**
 * `describeProperty`, worked out once per spec: a diff reads each spec's JSON Schema several
 * times, and a library's converter is the slowest part of it.
 */
export function describeOnce(): Describe {
  const rows = new WeakMap<object, PropertyRow>()
  return (spec) => {
    if (typeof spec !== 'object' && typeof spec !== 'function') return describeProperty(spec)
    let row = rows.get(spec)
    if (!row) rows.set(spec, (row = describeProperty(spec)))
    return row
  }
}

/**
 * Two specs of one property (plain or Standard Schema), through the JSON Schema `export` makes;
 * `required`: whether a property may be required there (a context property never is).
 */
function diffProperty(
  changes: ChangeList,
  at: PropertyPlace,
  specs: { before: PropertySpec; after: PropertySpec; required: boolean },
  describe: Describe,
): void {
  const { before, after } = specs
  const a = describe(before)
  const b = describe(after)
  if (a.comparable && b.comparable) {
    if (specs.required) compareRequired(changes, at, a.required, b.required)
    diffSchemas(changes, at, a.schema, b.schema)
  } else if (!sameProperty(before, after)) {
    const opaque = b.comparable ? before : after
    const vendor =
      (opaque as { '~standard'?: { vendor?: string } })['~standard']?.vendor ?? 'unknown'
    changes.add(
      at,
      'not-comparable',
      `is a Standard Schema (${vendor}) that gives no JSON Schema to compare`,
    )
  }
}

/**
 * The properties of one event (or the context properties, which the runtime checks where they
 * are and never requires: `required: false`): removed, added, each compared.
 */
export function diffProperties(
  changes: ChangeList,
  event: string,
  specs: { before: PropertySpecs; after: PropertySpecs; required?: boolean },
  describe: Describe,
): void {
  const { before, after } = specs
  const required = specs.required !== false
  for (const name of Object.keys(before)) {
    const at = { event, property: name, root: name }
    if (Object.hasOwn(after, name))
      diffProperty(changes, at, { before: before[name]!, after: after[name]!, required }, describe)
    else changes.add(at, 'property-removed', 'was removed')
  }
  for (const name of Object.keys(after)) {
    if (Object.hasOwn(before, name)) continue
    const at = { event, property: name, root: name }
    if (required && describe(after[name]!).required)
      changes.add(
        at,
        'property-required',
        'was added as required: older app versions do not send it',
      )
    else changes.add(at, 'property-added', 'was added')
  }
}
