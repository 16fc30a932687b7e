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
import { devtoolsLoader, type TrackplanDevtoolsProps } from './loader'

// installed on import, so that trackers created after it announce their plan and sinks
if (process.env.NODE_ENV !== 'production' && typeof document !== 'undefined') installDevtools()

export type { DevtoolsPosition, TrackplanDevtoolsProps } from './loader'

// The panel's import() sits in the branch a production build folds away: a bundler then never
// sees it. esbuild with code splitting makes a chunk of every import() it parses, even one in
// code it drops later, and writes that chunk though nothing loads it (evanw/esbuild#3252).
export const TrackplanDevtools: (props: TrackplanDevtoolsProps) => null =
  process.env.NODE_ENV === 'production'
    ? () => null
    : /* @__PURE__ */ devtoolsLoader(() => import('./panel'))
