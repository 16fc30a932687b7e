import type { JsonValue } from '../../core/event'

/**
 * How a change affects the people and code that read the data: `breaking` (a dashboard, a
 * funnel or an app build can break), `safe`, or `unknown` (a Standard Schema without a
 * JSON Schema changed: trackplan cannot compare it and says so instead of guessing).
 */
export type ChangeSeverity = 'breaking' | 'safe' | 'unknown'

/**
 * An event the old plan accepts and the new one rejects: the proof that a change is breaking.
 * `rejection` is what the new plan says about it.
 */
export interface Witness {
  event: string
  properties: { [key: string]: JsonValue }
  rejection: string
  /**
   * Required properties left out because trackplan found no value the old plan accepts (a
   * hand-written schema that gives no JSON Schema): the witness holds with any valid value there.
   */
  unfilled?: string[]
}

export type PlanChangeKind =
  | 'event-removed'
  | 'event-renamed'
  | 'event-added'
  | 'event-closed'
  | 'event-opened'
  | 'event-described'
  | 'property-removed'
  | 'property-added'
  | 'property-required'
  | 'property-optional'
  | 'type-changed'
  | 'type-narrowed'
  | 'type-widened'
  | 'enum-added'
  | 'enum-removed'
  | 'enum-values-removed'
  | 'enum-values-added'
  | 'constraint-narrowed'
  | 'constraint-widened'
  | 'constraint-changed'
  | 'property-described'
  | 'not-comparable'
  | 'values-rejected'

export interface PlanChange {
  kind: PlanChangeKind
  severity: ChangeSeverity
  /** The event, or `(context properties)` for the plan's `contextProperties`. */
  event: string
  /** The property, dotted for nested ones (`address.city`). */
  property?: string
  /** One line for people: `"Viewed Pricing": property "plan" lost enum value(s) "team"`. */
  message: string
  /** The change alone, without the event and property: `lost enum value(s) "team"`. */
  detail: string
  before?: unknown
  after?: unknown
  /** Breaking changes: an event the old plan accepts and the new one rejects. */
  witness?: Witness
}

const SEVERITY: Record<PlanChangeKind, ChangeSeverity> = {
  'event-removed': 'breaking',
  'event-renamed': 'breaking',
  'event-added': 'safe',
  'event-closed': 'breaking',
  'event-opened': 'safe',
  'event-described': 'safe',
  'property-removed': 'breaking',
  'property-added': 'safe',
  'property-required': 'breaking',
  'property-optional': 'safe',
  'type-changed': 'breaking',
  'type-narrowed': 'breaking',
  'type-widened': 'safe',
  'enum-added': 'breaking',
  'enum-removed': 'safe',
  'enum-values-removed': 'breaking',
  'enum-values-added': 'safe',
  'constraint-narrowed': 'breaking',
  'constraint-widened': 'safe',
  'constraint-changed': 'unknown',
  'property-described': 'safe',
  'not-comparable': 'unknown',
  'values-rejected': 'breaking',
}

/**
 * Where a change is: an event, and one of its properties (dotted when nested) or none; `root`
 * is the event's own property it is in (`address` for `address.city`), named apart because a
 * property's own name may hold a dot.
 */
export interface ChangePlace {
  event: string
  property?: string
  root?: string
}

/** A property of an event, dotted when nested (`address.city`, `lines[].sku`). */
export interface PropertyPlace {
  event: string
  property: string
  /** The event's own property this one is in. */
  root: string
}

/** The value a change replaced and the one that replaced it, when there are such values. */
export interface ChangeValues {
  before?: unknown
  after?: unknown
}

const placeText = ({ event, property }: ChangePlace): string =>
  property === undefined ? `"${event}"` : `"${event}": property "${property}"`

/**
 * The changes found so far, in the order found; each is classified by its kind, then proved
 * (a witness) or left to review by hand.
 */
export class ChangeList {
  readonly changes: PlanChange[] = []
  private readonly places = new Map<PlanChange, ChangePlace>()
  // by event, then root: a plan of 25,000 properties asks for each place's changes once
  private readonly byPlace = new Map<string, Map<string | undefined, PlanChange[]>>()

  add(at: ChangePlace, kind: PlanChangeKind, detail: string, values: ChangeValues = {}): void {
    const { event, property } = at
    const { before, after } = values
    const change: PlanChange = {
      kind,
      severity: SEVERITY[kind],
      event,
      ...(property === undefined ? {} : { property }),
      message: `${placeText(at)} ${detail}`,
      detail,
      ...(before === undefined ? {} : { before }),
      ...(after === undefined ? {} : { after }),
    }
    this.changes.push(change)
    this.places.set(change, at)
    let roots = this.byPlace.get(event)
    if (!roots) this.byPlace.set(event, (roots = new Map()))
    const here = roots.get(at.root)
    if (here) here.push(change)
    else roots.set(at.root, [change])
  }

  /** The changes to an event itself (`root` undefined) or within one of its properties. */
  at(event: string, root: string | undefined): PlanChange[] {
    return [...(this.byPlace.get(event)?.get(root) ?? [])]
  }

  /** A change shown to break: breaking, with the event that proves it (and why, if it is news). */
  prove(change: PlanChange, witness: Witness, why?: string): void {
    change.severity = 'breaking'
    change.witness = witness
    if (why) this.explain(change, why)
  }

  /** A change that looks breaking but that no event the old plan accepts was found to break. */
  undecided(change: PlanChange, why: string): void {
    change.severity = 'unknown'
    this.explain(change, why)
  }

  private explain(change: PlanChange, why: string): void {
    change.detail = `${change.detail} (${why})`
    change.message = `${placeText(this.places.get(change)!)} ${change.detail}`
  }
}
