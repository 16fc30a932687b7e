/** `trackplan/devtools/production`: the in-app devtools in every build, production included (opt in). */
import { installDevtools } from './hook'
import { devtoolsLoader, type TrackplanDevtoolsProps } from './loader'

// installed on import, so that trackers created after it announce their plan and sinks
if (typeof document !== 'undefined') installDevtools()

export type { DevtoolsPosition, TrackplanDevtoolsProps } from './loader'

/** `<TrackplanDevtools />` of `trackplan/devtools`, kept in production builds. */
export const TrackplanDevtools: (props: TrackplanDevtoolsProps) => null =
  /* @__PURE__ */ devtoolsLoader(() => import('./panel'))
