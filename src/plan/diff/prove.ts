import type { PropertySpec, TrackingPlan } from '../types'
import type { ChangeList, ChangePlace, PlanChange, Witness } from './PlanChange'
import type { Describe } from './diffProperties'
import { hiddenChecksDiffer } from './hiddenChecks'
import { sameChecks } from './sameSpec'
import { WitnessSearch } from './witness'

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

type Specs = { readonly [name: string]: PropertySpec }

const own = <T>(record: { readonly [key: string]: T } | undefined, key: string): T | undefined =>
  record && Object.hasOwn(record, key) ? record[key] : undefined

const NOT_SHOWN =
  'changed in a way its JSON Schema does not show (a refinement or a transform?): review by hand'
const HIDDEN_CHANGED =
  'changed its refinement, transform, pipe, coercion or .catch() too, which its JSON Schema does not show: review by hand'

/** Two versions of a property, at one place. */
interface SpecPair {
  before?: PropertySpec
  after?: PropertySpec
}

/**
 * Applies what the witness search found to the changes at one place (`specs`: the two
 * versions of the property there, when they differ).
 */
function settle(
  changes: ChangeList,
  place: ChangePlace,
  witness: Witness | undefined,
  specs?: SpecPair,
): void {
  const group = changes.at(place.event, place.root)
  if (witness) {
    const breaking = group.filter((c) => c.severity === 'breaking')
    const target = breaking.length ? breaking : group.filter((c) => c.severity === 'unknown')
    for (const change of target) changes.prove(change, witness)
    if (target.length) return
    const added = group.find((c) => c.kind === 'property-added')
    if (added) changes.prove(added, witness, TOOK_ANY_VALUE)
    else {
      changes.add(place, 'values-rejected', 'rejects events the old plan accepted')
      changes.prove(changes.changes.at(-1)!, witness)
    }
    return
  }
  const unsure = group.filter((c: PlanChange) => c.severity !== 'safe')
  for (const change of unsure)
    changes.undecided(change, change.kind === 'property-removed' ? STILL_ACCEPTED : NO_WITNESS)
  if (!specs || unsure.length) return
  // safe by the JSON Schemas alone, unless what they do not show changed too
  if (!group.length) changes.add(place, 'not-comparable', NOT_SHOWN)
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
    settle(changes, { event: renamedTo }, search.forUnlistedKey(event, renamedTo))
  for (const property of new Set([...Object.keys(specs.before), ...Object.keys(specs.after)])) {
    // a name the event does not list is checked by the context property of that name, if any
    const pair = {
      before: own(specs.before, property) ?? own(specs.contextBefore, property),
      after: own(specs.after, property) ?? own(specs.contextAfter, property),
    }
    const place = { event: renamedTo, property, root: property }
    const differ = !sameChecks(pair.before, pair.after)
    if (!differ && !changes.at(renamedTo, property).length) continue
    // checked alike, and by the event both times or by the context both times: nothing to find
    const alike =
      !differ && Object.hasOwn(specs.before, property) === Object.hasOwn(specs.after, property)
    const witness = alike ? undefined : search.forProperty({ event, renamedTo, property }, pair)
    settle(changes, place, witness, differ ? pair : undefined)
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
    const pair = { before: own(was, property), after: own(is, property) }
    const differ = !sameChecks(pair.before, pair.after)
    if (!differ && !changes.at(CONTEXT, property).length) continue
    let witness: Witness | undefined
    for (const names of differ ? search.carriersOf(property, renames) : []) {
      witness = search.forProperty({ ...names, property }, pair)
      if (witness) break
    }
    settle(
      changes,
      { event: CONTEXT, property, root: property },
      witness,
      differ ? pair : undefined,
    )
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
    if (!kept) settle(changes, { event }, search.forEvent(event))
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
