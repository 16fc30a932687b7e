import type { PropertiesInput } from './types'

/**
 * Properties in layers — provider → scopes → call site, inner over outer — put together when
 * an event fires and merged by the engine when it builds the envelope (`flatten` in merge.ts):
 * the merge and its guards against hostile input are not in the bytes every page loads.
 */
export class Layers {
  // declared, not defined: the fields cost no bytes beyond the constructor's assignments
  declare readonly outer: PropertiesInput
  declare readonly inner: PropertiesInput
  constructor(outer: PropertiesInput, inner: PropertiesInput) {
    this.outer = outer
    this.inner = inner
  }
}

/** `inner` over `outer`, either of which may be missing; merged later, by the engine. */
export const layer = (outer: PropertiesInput | undefined, inner: PropertiesInput | undefined): PropertiesInput | undefined =>
  outer ? (inner ? (new Layers(outer, inner) as unknown as PropertiesInput) : outer) : inner
