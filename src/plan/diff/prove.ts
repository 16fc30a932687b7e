import { isSchema } from '../isSchema'
import { isRecord } from '../specShape'
import type { PlainPropertySpec, PropertySpec, TrackingPlan } from '../types'
import type { ChangeList, ChangePlace, PlaceStep, PlanChange, Witness } from './PlanChange'
import type { Describe } from './diffProperties'
import { hiddenChecksDiffer } from './hiddenChecks'
import { shows, WitnessSearch } from './witness'

// "Breaking" means: some event the old plan accepts, the new one rejects. The comparison of
// schemas says where to look and in what words; this pass decides. A change called breaking
// carries its witness, found by the plans' own runtime checkers; one with no witness is left
// to review by hand, never called breaking on a guess; and a difference the comparison missed
// but a witness shows is added as breaking.

export const CONTEXT = '(context properties)'

const NO_WITNESS =
  'no event the old plan accepts was found that the new one rejects: review by hand'
const STILL_ACCEPTED =
  'it is still accepted as an unlisted key, so nothing sent is rejected: review by hand whether anything reads it'

const TOOK_ANY_VALUE =
  'before, the event took any value under this name, and older app versions may send one'
const TOOK_ANY_KEY =
  'before, the object took this key as one it does not list, with a value older app versions may send'

/** The places inside a property (its root excluded) where its changes are, each once. */
function focusOf(changes: ChangeList, event: string, property: string): PlaceStep[][] {
  const out = new Map<string, PlaceStep[]>()
  for (const change of changes.at(event, property)) {
    const steps = changes.placeOf(change).steps
    if (steps?.length) out.set(JSON.stringify(steps), [...steps])
  }
  return [...out.values()]
}

type Specs = { readonly [name: string]: PropertySpec }

const own = <T>(record: { readonly [key: string]: T } | undefined, key: string): T | undefined =>
  record && Object.hasOwn(record, key) ? record[key] : undefined

const NOT_SHOWN =
  'changed in a way its JSON Schema does not show (a refinement or a transform?): review by hand'
const HIDDEN_CHANGED =
  'changed its refinement, transform, pipe, coercion or .catch() too, which its JSON Schema does not show: review by hand'

/**
 * Two versions of a property, at one place; `context`: context properties', which the runtime
 * checks where they are and never requires.
 */
interface SpecPair {
  before?: PropertySpec
  after?: PropertySpec
  context?: boolean
}

/** A context property as the runtime checks it: a plain spec's `required` is dropped. */
const asContext = (spec: PropertySpec | undefined): PropertySpec | undefined =>
  isRecord(spec) && !isSchema(spec) ? { ...(spec as PlainPropertySpec), required: false } : spec

/** A witness search at one place; `wanted`: only a witness that shows a given change. */
type Finder = (wanted?: (witness: Witness) => boolean) => Witness | undefined

const NOTHING_TO_FIND: Finder = () => undefined

/**
 * Proves each change with a witness that shows it — the one found, or one looked for at that
 * change's place — and leaves the others to review by hand. Whether any was proved.
 */
function proveEach(
  changes: ChangeList,
  target: readonly PlanChange[],
  witness: Witness,
  find: Finder,
): boolean {
  let proved = false
  for (const change of target) {
    const shown = (w: Witness) => shows(w, changes.placeOf(change), change.kind)
    const found = shown(witness) ? witness : find(shown)
    if (found) changes.prove(change, found)
    else changes.undecided(change, change.kind === 'property-removed' ? STILL_ACCEPTED : NO_WITNESS)
    proved ||= found !== undefined
  }
  return proved
}

/**
 * Each property added (safe as listed) that a witness shows: the old version took any value
 * there (the event, or an object that takes keys it does not list), and the new one rejects
 * one. Whether any was proved.
 */
function proveAdded(
  changes: ChangeList,
  added: readonly PlanChange[],
  found: { witness: Witness; find: Finder; search: WitnessSearch },
): boolean {
  const { witness, find, search } = found
  let proved = false
  for (const change of added) {
    const place = changes.placeOf(change)
    // rejected for that key: another change beside it may be what the new plan rejects
    const renamedTo = place.event === CONTEXT ? witness.event : place.event
    const shown = (w: Witness) =>
      shows(w, place, change.kind) && search.rejectedFor(w, place, renamedTo)
    const found = shown(witness) ? witness : find(shown)
    if (!found) continue
    changes.prove(change, found, place.steps?.length ? TOOK_ANY_KEY : TOOK_ANY_VALUE)
    proved = true
  }
  return proved
}

/**
 * Applies what the witness search finds to the changes at one place (`specs`: the two
 * versions of the property there, when they differ).
 */
function settle(
  changes: ChangeList,
  place: ChangePlace,
  find: Finder,
  more: { search: WitnessSearch; specs?: SpecPair },
): void {
  const { search, specs } = more
  const group = changes.at(place.event, place.root)
  const witness = find()
  if (witness) {
    const breaking = group.filter((c) => c.severity === 'breaking')
    const target = breaking.length ? breaking : group.filter((c) => c.severity === 'unknown')
    const proved = proveEach(changes, target, witness, find)
    const added = group.filter((c) => c.kind === 'property-added')
    // a key added to an object that took it as anything: proved on its own, beside the others
    const addedProved = proveAdded(changes, added, { witness, find, search })
    if (proved || addedProved || target.length) return
    changes.add(place, 'values-rejected', 'rejects events the old plan accepted')
    changes.prove(changes.changes.at(-1)!, witness)
    return
  }
  const unsure = group.filter((c: PlanChange) => c.severity !== 'safe')
  for (const change of unsure)
    changes.undecided(change, change.kind === 'property-removed' ? STILL_ACCEPTED : NO_WITNESS)
  if (!specs || unsure.length) return
  // safe by the JSON Schemas alone, unless what they do not show changed too (for a context
  // property, the optional wrapper a schema gained or lost is no check)
  if (!group.length && !specs.context) changes.add(place, 'not-comparable', NOT_SHOWN)
  else if (hiddenChecksDiffer(specs.before, specs.after))
    changes.add(place, 'not-comparable', HIDDEN_CHANGED)
}

/** One event's own changes and each of its properties'. */
function proveEvent(
  changes: ChangeList,
  search: WitnessSearch,
  names: { event: string; renamedTo: string },
  specs: { before: Specs; after: Specs; contextBefore: Specs; contextAfter: Specs },
): void {
  const { event, renamedTo } = names
  // only a change to the event itself (closed to unlisted keys) can reject an unlisted key
  if (changes.at(renamedTo, undefined).length)
    settle(changes, { event: renamedTo }, () => search.forUnlistedKey(event, renamedTo), { search })
  for (const property of new Set([...Object.keys(specs.before), ...Object.keys(specs.after)])) {
    // a name the event does not list is checked by the context property of that name, if any
    const pair = {
      before: own(specs.before, property) ?? own(specs.contextBefore, property),
      after: own(specs.after, property) ?? own(specs.contextAfter, property),
    }
    const place = { event: renamedTo, property, root: property }
    const differ = search.differ(pair.before, pair.after)
    if (!differ && !changes.at(renamedTo, property).length) continue
    // checked alike, and by the event both times or by the context both times: nothing to find
    const alike =
      !differ && Object.hasOwn(specs.before, property) === Object.hasOwn(specs.after, property)
    const focus = focusOf(changes, renamedTo, property)
    const find: Finder = alike
      ? NOTHING_TO_FIND
      : (wanted) => search.forProperty({ event, renamedTo, property }, pair, wanted, focus)
    settle(changes, place, find, { search, ...(differ ? { specs: pair } : {}) })
  }
}

/** The plan's context properties, carried by the events planned in both versions. */
function proveContext(
  changes: ChangeList,
  search: WitnessSearch,
  plans: { before: TrackingPlan; after: TrackingPlan },
  renames: ReadonlyMap<string, string>,
): void {
  const was = plans.before.contextProperties ?? {}
  const is = plans.after.contextProperties ?? {}
  for (const property of new Set([...Object.keys(was), ...Object.keys(is)])) {
    const pair = {
      before: asContext(own(was, property)),
      after: asContext(own(is, property)),
      context: true,
    }
    const differ = search.differ(pair.before, pair.after)
    if (!differ && !changes.at(CONTEXT, property).length) continue
    const carriers = differ ? search.carriersOf(property, renames) : []
    const focus = focusOf(changes, CONTEXT, property)
    const find: Finder = (wanted) => {
      for (const names of carriers) {
        const witness = search.forProperty({ ...names, property }, pair, wanted, focus)
        if (witness) return witness
      }
      return undefined
    }
    const specs = differ ? { specs: pair } : {}
    settle(changes, { event: CONTEXT, property, root: property }, find, { search, ...specs })
  }
}

/** Decides every change between two plans by example (see above). */
export function proveChanges(
  changes: ChangeList,
  plans: { before: TrackingPlan; after: TrackingPlan },
  found: { renames: ReadonlyMap<string, string>; describe: Describe },
): void {
  const { before, after } = plans
  const { renames, describe } = found
  const search = new WitnessSearch(before, after, describe)
  for (const event of Object.keys(before.events)) {
    const kept = Object.hasOwn(after.events, event)
    if (!kept) settle(changes, { event }, () => search.forEvent(event), { search })
    const renamedTo = kept ? event : renames.get(event)
    if (renamedTo === undefined) continue
    proveEvent(
      changes,
      search,
      { event, renamedTo },
      {
        before: before.events[event]!.properties ?? {},
        after: after.events[renamedTo]!.properties ?? {},
        contextBefore: before.contextProperties ?? {},
        contextAfter: after.contextProperties ?? {},
      },
    )
  }
  proveContext(changes, search, plans, renames)
}
