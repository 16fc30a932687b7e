/** `trackplan/devtools/production`: the in-app devtools in every build, production included (opt in). */
import { installDevtools } from './hook'

// installed on import, so that trackers created after it announce their plan and sinks
if (typeof document !== 'undefined') installDevtools()

export { DevtoolsLoader as TrackplanDevtools } from './loader'
export type { DevtoolsPosition, TrackplanDevtoolsProps } from './loader'
