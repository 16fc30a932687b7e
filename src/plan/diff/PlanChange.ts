/**
 * How a change affects the people and code that read the data: `breaking` (a dashboard, a
 * funnel or an app build can break), `safe`, or `unknown` (a Standard Schema without a
 * JSON Schema changed: trackplan cannot compare it and says so instead of guessing).
 */
export type ChangeSeverity = 'breaking' | 'safe' | 'unknown'

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
}

/** Where a change is: an event, and one of its properties (dotted when nested) or none. */
export interface ChangePlace {
  event: string
  property?: string
}

/** The value a change replaced and the one that replaced it, when there are such values. */
export interface ChangeValues {
  before?: unknown
  after?: unknown
}

/** The changes found so far, in the order found; each is classified by its kind. */
export class ChangeList {
  readonly changes: PlanChange[] = []

  add(at: ChangePlace, kind: PlanChangeKind, detail: string, values: ChangeValues = {}): void {
    const { event, property } = at
    const { before, after } = values
    const where = property === undefined ? `"${event}"` : `"${event}": property "${property}"`
    this.changes.push({
      kind,
      severity: SEVERITY[kind],
      event,
      ...(property === undefined ? {} : { property }),
      message: `${where} ${detail}`,
      detail,
      ...(before === undefined ? {} : { before }),
      ...(after === undefined ? {} : { after }),
    })
  }
}
