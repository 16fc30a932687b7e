/**
 * `trackplan/devtools`: the Tracking panel inside the running app. Renders nothing when
 * `NODE_ENV` is `'production'`, and bundlers drop it there: zero bytes in production. To ship
 * it in production on purpose, import `trackplan/devtools/production`.
 *
 * @example
 * <TrackingProvider tracker={tracker}>
 *   <App />
 *   <TrackplanDevtools initialIsOpen={false} position="bottom-right" />
 * </TrackingProvider>
 */
import { installDevtools } from './hook'
import { DevtoolsLoader, type TrackplanDevtoolsProps } from './loader'

// installed on import, so that trackers created after it announce their plan and sinks
if (process.env.NODE_ENV !== 'production' && typeof document !== 'undefined') installDevtools()

export type { DevtoolsPosition, TrackplanDevtoolsProps } from './loader'

export const TrackplanDevtools: (props: TrackplanDevtoolsProps) => null =
  process.env.NODE_ENV === 'production' ? () => null : DevtoolsLoader
