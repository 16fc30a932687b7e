import type { Context } from 'react'
import { createContext, version } from 'react'
import type { Tracker } from '../core/createTracker'
import { layerList, type LayeredProperties } from '../core/properties'
import type { PropertiesInput } from '../core/types'
import type { RageClickOptions } from '../dom/rageClicks'

/**
 * One node per provider or `TrackScope`, created once: the tracker, and properties that are
 * updated in place after each commit and read at event time. The context holds the node —
 * never changing state — so a change of properties re-renders no consumer, and a tracked
 * component reads one context.
 */
export interface Scope {
  // typed loosely inside: the registered plan types what apps call, not trackplan's own glue
  readonly tracker: Tracker<never>
  readonly parent: Scope | null
  properties: PropertiesInput | undefined
  /** Provider nodes only: whether error messages are scrubbed before recording (unless `false`). */
  scrubErrors?: boolean | undefined
  /** Provider nodes only: the `rageClicks` prop, read by the rage-click watcher when it fires. */
  rageClicks?: boolean | RageClickOptions | undefined
}

/**
 * Whether error messages recorded below `scope` are scrubbed: the provider's
 * `scrubErrorMessages`, default true.
 */
export function scrubsErrors(scope: Scope | null): boolean {
  let node = scope
  while (node?.parent) node = node.parent
  return node?.scrubErrors !== false
}

/**
 * One context per React version, whichever copy of trackplan a module came from. Bundlers do
 * load two copies: Vite pre-bundles `trackplan` for an app's modules while a Storybook addon's
 * preview loads node_modules' files, and two contexts left every story outside its provider.
 * So the context lives on `globalThis`, under a key naming the shape of `Scope` (`1`: a future
 * shape gets a new key) and React's version (two Reacts on one page keep theirs apart).
 */
export const ScopeContext: Context<Scope | null> = ((
  globalThis as { [key: symbol]: Context<Scope | null> | undefined }
)[Symbol.for(`trackplan.scope.1@${version}`)] ??= createContext<Scope | null>(null))

/**
 * Provider → outer scopes → inner scopes → call site, layered as every event's properties are
 * (inner wins key by key, nested objects merge, arrays replace): what an event fired now
 * sends, and what devtools show for an element. Each scope's layer is the one it holds now.
 */
export function scopedProperties(
  scope: Scope | null,
  properties: PropertiesInput | undefined,
): LayeredProperties | undefined {
  // outermost first: the provider's, the scopes' in turn, then the call site's
  const layers: (PropertiesInput | undefined)[] = [properties]
  for (let node = scope; node; node = node.parent) layers.unshift(node.properties)
  return layerList(layers)
}
