import { eventPropertiesSchema, saysSomething } from './callSchema'
import { eventFromSchema, importProperties } from './eventFromSchema'
import { note, type ImportedPlan, type Notes } from './model'
import { keepNewest } from './newest'
import { isObject, type Schema } from './schema'

/**
 * Where a Segment Protocols plan keeps its rules: the Config API's `rules.events[]`, or the
 * Public API's `rules[]` (`type`, `key`, `jsonSchema`).
 */
export type SegmentRules = { api: 'config'; rules: Schema } | { api: 'public'; rules: unknown[] }

const CONTEXT = '(context properties)'

/** A Segment plan's rules, wherever the API that returned it put them. */
export function findSegmentRules(value: Schema): SegmentRules | undefined {
  for (const holder of [
    value,
    value.tracking_plan,
    value.trackingPlan,
    value.data,
    isObject(value.data) ? value.data.trackingPlan : undefined,
  ]) {
    if (!isObject(holder)) continue
    const rules = holder.rules
    if (isObject(rules) && Array.isArray(rules.events)) return { api: 'config', rules }
    if (Array.isArray(rules) && rules.some((r) => isObject(r) && ('key' in r || 'jsonSchema' in r)))
      return { api: 'public', rules }
  }
  return undefined
}

/** Does this JSON look like a Segment Protocols tracking plan? (Finds its rules; reads none.) */
export const isSegment = (value: unknown): boolean =>
  isObject(value) && findSegmentRules(value) !== undefined

/**
 * The properties of the rule every call answers to (Config API `global`, Public API `COMMON`),
 * as the plan's context properties; its rules on the call's `context` and `traits` are reported.
 */
function addContextProperties(plan: ImportedPlan, rule: Schema, notes: Notes): void {
  const properties = importProperties(eventPropertiesSchema(rule, CONTEXT, notes), CONTEXT, notes)
  if (properties.length) plan.contextProperties = properties
}

/** The Config API's plan: `rules.events[]`, `rules.global` as the context properties. */
function fromConfigApi(rules: Schema, notes: Notes): ImportedPlan {
  const events = keepNewest(
    (rules.events as unknown[]).filter(isObject),
    { name: (e) => String(e.name), version: (e) => e.version },
    notes,
  )
  const plan: ImportedPlan = {
    events: events.map((e) =>
      eventFromSchema(
        String(e.name),
        isObject(e.rules) ? e.rules : {},
        notes,
        typeof e.description === 'string' && e.description ? e.description : undefined,
      ),
    ),
  }
  if (isObject(rules.global)) addContextProperties(plan, rules.global, notes)
  for (const other of ['identify', 'group', 'user_traits', 'group_traits', 'identify_traits'])
    if (Array.isArray(rules[other]) ? rules[other].length > 0 : saysSomething(rules[other]))
      note(notes, 'dropped', `the ${other} rules were not imported: a plan lists track events`)
  return plan
}

/** A Public API rule's type, in capitals; a rule without one is a track rule. */
const ruleType = (rule: Schema): string => String(rule.type ?? 'TRACK').toUpperCase()

/** The Public API's plan: `TRACK` rules as events, the `COMMON` rule as context properties. */
function fromPublicApi(rules: unknown[], notes: Notes): ImportedPlan {
  const all = rules.filter(isObject)
  const track = keepNewest(
    all.filter((r) => ruleType(r) === 'TRACK'),
    { name: (r) => String(r.key), version: (r) => r.version },
    notes,
  )
  const plan: ImportedPlan = {
    events: track.map((r) =>
      eventFromSchema(String(r.key), isObject(r.jsonSchema) ? r.jsonSchema : {}, notes),
    ),
  }
  const common = all.find((r) => String(r.type).toUpperCase() === 'COMMON')
  if (common && isObject(common.jsonSchema)) addContextProperties(plan, common.jsonSchema, notes)
  for (const rule of all) {
    const type = ruleType(rule)
    if (type !== 'TRACK' && type !== 'COMMON' && saysSomething(rule.jsonSchema))
      note(
        notes,
        'dropped',
        `the ${type} rule${rule.key ? ` "${String(rule.key)}"` : ''} was not imported: a plan lists track events`,
      )
  }
  return plan
}

/**
 * Segment checks an event's property against the event's rule and the common rule both;
 * trackplan checks a context property the event lists by the event's spec only: reported.
 */
function noteOverlaps(plan: ImportedPlan, notes: Notes): void {
  const common = new Set(plan.contextProperties?.map((p) => p.name))
  for (const event of plan.events)
    for (const { name } of event.properties)
      if (common.has(name))
        note(
          notes,
          'note',
          `"${name}" is also a common property: trackplan checks the event's rule for it, not the common rule (Segment checks both)`,
          event.name,
          name,
        )
}

/** A Segment Protocols plan's events (newest version of each) and its common rules. */
export function fromSegment(found: SegmentRules, notes: Notes): ImportedPlan {
  const plan =
    found.api === 'config' ? fromConfigApi(found.rules, notes) : fromPublicApi(found.rules, notes)
  noteOverlaps(plan, notes)
  return plan
}
