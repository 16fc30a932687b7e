import type { StandardSchemaV1 } from '@standard-schema/spec'
import type { JsonValue, PropertiesInput, TrackedEvent } from '../core/event'

/**
 * How event names are written: "Viewed Pricing", "Pricing Viewed", "viewed_pricing", or unchecked.
 */
export type NamingConvention = 'verb-noun' | 'object-action' | 'snake_case'

export type PropertyType = 'string' | 'number' | 'integer' | 'boolean' | 'array' | 'object'

/**
 * A property in the plan's own terms: a JSON type, an optional enum, and nested specs for objects
 * and arrays.
 */
export interface PlainPropertySpec {
  readonly type: PropertyType
  readonly enum?: readonly JsonValue[]
  readonly required?: boolean
  readonly description?: string
  /** `type: 'object'`: the keys it has, each a spec (`required` within the object). */
  readonly properties?: { readonly [name: string]: PlainPropertySpec }
  /**
   * `type: 'object'`: `false` makes a key `properties` does not list a violation (without
   * `properties`, any key), as in JSON Schema.
   */
  readonly additionalProperties?: boolean
  /** `type: 'array'`: the spec every item meets. */
  readonly items?: PlainPropertySpec
}

/**
 * A planned property: a JSON type with optional enum (and nested specs), or any Standard Schema
 * validator (zod, valibot, arktype).
 */
export type PropertySpec = PlainPropertySpec | StandardSchemaV1

export interface EventSpec {
  /** What the event means, for the people who read the reports. */
  readonly description?: string
  /** When it fires, in words: "Pricing page mounted". */
  readonly trigger?: string
  /** Who answers for it: a team or a person. */
  readonly owner?: string
  readonly properties?: { readonly [name: string]: PropertySpec }
  /** `false`: a property the plan does not list is a violation. Default: allowed. */
  readonly additionalProperties?: boolean
}

export interface TrackingPlan {
  /** The naming convention event names are checked against. Default: unchecked. */
  readonly naming?: NamingConvention | false
  readonly events: { readonly [name: string]: EventSpec }
  /**
   * Properties that ride on every event from the tracker's, provider's and scopes'
   * `properties` (`app`, `section`): declared once, type-checked wherever they appear, and
   * never "unexpected" under an event's `additionalProperties: false`.
   */
  readonly contextProperties?: { readonly [name: string]: PropertySpec }
  /**
   * Phrases that mean the same to the team, flagged as near-duplicates:
   * `[['Registered', 'Signed Up']]`.
   */
  readonly synonyms?: readonly (readonly string[])[]
}

/**
 * Augment to type every `track` call app-wide against your plan:
 *
 * @example
 * declare module 'trackplan/core' { interface Register { plan: typeof plan } }
 */
// eslint-disable-next-line @typescript-eslint/no-empty-object-type -- apps augment it
export interface Register {}

/** The plan registered through `Register`, or `never` when none is. */
export type RegisteredPlan = Register extends { plan: infer P extends TrackingPlan } ? P : never

type Simplify<T> = { [K in keyof T]: T[K] } & {}

type TypeOf<T extends PropertyType> = T extends 'string'
  ? string
  : T extends 'number' | 'integer'
    ? number
    : T extends 'boolean'
      ? boolean
      : T extends 'array'
        ? readonly unknown[]
        : { readonly [key: string]: unknown }

/** The keys of nested specs that are `required: true`. */
type RequiredPlain<P> = {
  [K in keyof P]: P[K] extends { readonly required: true } ? K : never
}[keyof P]

/**
 * A nested object's type: its listed keys typed, required ones required, open unless
 * `additionalProperties: false`.
 */
type NestedObject<P, S> = Simplify<
  { readonly [K in RequiredPlain<P>]: PlainValue<P[K]> } & {
    readonly [K in Exclude<keyof P, RequiredPlain<P>>]?: PlainValue<P[K]>
  }
> &
  (S extends { readonly additionalProperties: false }
    ? // eslint-disable-next-line @typescript-eslint/no-empty-object-type -- adds no key: closed
      {}
    : { readonly [key: string]: unknown })

/** The TypeScript type a plain spec accepts. */
type PlainValue<S> = S extends { readonly enum: readonly (infer E)[] }
  ? E
  : S extends { readonly type: 'object'; readonly properties: infer P }
    ? NestedObject<P, S>
    : S extends { readonly type: 'array'; readonly items: infer I }
      ? readonly PlainValue<I>[]
      : S extends { readonly type: infer T extends PropertyType }
        ? TypeOf<T>
        : unknown

/** The TypeScript type a property spec accepts. */
export type PropertyValue<S> =
  S extends StandardSchemaV1<infer Input, unknown> ? Input : PlainValue<S>

type PropsSpec<E> = E extends {
  readonly properties: infer P extends { readonly [name: string]: PropertySpec }
}
  ? P
  : // eslint-disable-next-line @typescript-eslint/no-empty-object-type -- no properties
    {}

/**
 * Required: `required: true`, or a Standard Schema whose input does not accept `undefined`.
 * A schema that takes anything (`z.coerce.number()`, input `unknown`) is required when its
 * output is: the runtime check rejects a missing value there.
 */
type RequiredKeys<P> = {
  [K in keyof P]: P[K] extends { readonly required: true }
    ? K
    : P[K] extends StandardSchemaV1<infer Input, infer Output>
      ? unknown extends Input
        ? undefined extends Output
          ? never
          : K
        : undefined extends Input
          ? never
          : K
      : never
}[keyof P]

type OpenOrClosed<E> = E extends { readonly additionalProperties: false }
  ? // eslint-disable-next-line @typescript-eslint/no-empty-object-type -- adds no key: closed
    {}
  : { readonly [key: string]: unknown }

/** The properties an event of the plan takes: required ones required, types from the plan. */
export type EventProperties<
  Plan extends TrackingPlan,
  Name extends keyof Plan['events'],
> = Simplify<
  {
    readonly [K in RequiredKeys<PropsSpec<Plan['events'][Name]>>]: PropertyValue<
      PropsSpec<Plan['events'][Name]>[K]
    >
  } & {
    readonly [
      K in Exclude<
        keyof PropsSpec<Plan['events'][Name]>,
        RequiredKeys<PropsSpec<Plan['events'][Name]>>
      >
    ]?: PropertyValue<PropsSpec<Plan['events'][Name]>[K]>
  }
> &
  OpenOrClosed<Plan['events'][Name]>

/** `[properties]` when every property is optional, else `[properties]` required. */
export type PropertiesArgs<Plan extends TrackingPlan, Name extends keyof Plan['events']> = [
  RequiredKeys<PropsSpec<Plan['events'][Name]>>,
] extends [never]
  ? [properties?: EventProperties<Plan, Name>]
  : [properties: EventProperties<Plan, Name>]

/** The event names of a plan, or any string without one. */
export type EventName<Plan extends TrackingPlan = RegisteredPlan> = [Plan] extends [never]
  ? string
  : keyof Plan['events'] & string

/** `track(event, properties?)`, typed against a plan (the registered one by default). */
export type TrackFunction<Plan extends TrackingPlan = RegisteredPlan> = [Plan] extends [never]
  ? (event: string, properties?: PropertiesInput) => TrackedEvent | null
  : <Name extends keyof Plan['events'] & string>(
      event: Name,
      ...properties: PropertiesArgs<Plan, Name>
    ) => TrackedEvent | null

/**
 * The `properties` a component prop takes for an event: typed by the plan, any object without one.
 */
export type PropertiesFor<Name, Plan extends TrackingPlan = RegisteredPlan> = [Plan] extends [never]
  ? PropertiesInput
  : Name extends keyof Plan['events']
    ? EventProperties<Plan, Name>
    : never

/**
 * The rest arguments after an event name: `[properties?]`, or `[properties]` when the plan requires
 * some.
 */
export type PropertiesArgsFor<Name, Plan extends TrackingPlan = RegisteredPlan> = [Plan] extends [
  never,
]
  ? [properties?: PropertiesInput]
  : Name extends keyof Plan['events']
    ? PropertiesArgs<Plan, Name>
    : [properties?: never]

/**
 * A component's `properties` prop for an event: required when the plan requires properties,
 * and optionally computed from a value (`Arg`, e.g. the click event).
 */
export type PropertiesProp<Name, Arg = never, Plan extends TrackingPlan = RegisteredPlan> = [
  Plan,
] extends [never]
  ? {
      properties?: PropertiesInput | ([Arg] extends [never] ? never : (arg: Arg) => PropertiesInput)
    }
  : Name extends keyof Plan['events']
    ? [RequiredKeys<PropsSpec<Plan['events'][Name]>>] extends [never]
      ? {
          properties?:
            | EventProperties<Plan, Name>
            | ([Arg] extends [never] ? never : (arg: Arg) => EventProperties<Plan, Name>)
        }
      : {
          properties:
            | EventProperties<Plan, Name>
            | ([Arg] extends [never] ? never : (arg: Arg) => EventProperties<Plan, Name>)
        }
    : { properties?: never }
