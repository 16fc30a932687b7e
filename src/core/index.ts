/**
 * `trackplan/core`: the framework-agnostic tracker, the event envelope and the sinks.
 * No React import, ever.
 */
export { createTracker, MAX_EVENT_BYTES } from './createTracker'
export type { CheckResult, EventChecker, Tracker, TrackerOptions } from './types'
export { PlanViolationError, TrackplanError } from './TrackplanError'
export { defineTrackingPlan } from '../plan/defineTrackingPlan'
export { builtInEvents } from '../plan/builtInEvents'
export { checkEventName, findNearDuplicates } from '../plan/naming'
export type { NearDuplicateOptions } from '../plan/naming'
export { compilePlan } from '../plan/validate'
export { lintPlan } from '../plan/lintPlan'
export type { PlanProblem } from '../plan/lintPlan'
export { exportPlan, planToCsv, planToJsonSchema, planToMarkdown } from '../plan/exportPlan'
export type { ExportFormat } from '../plan/exportPlan'
export type {
  Register,
  RegisteredPlan,
  TrackingPlan,
  EventSpec,
  PlainPropertySpec,
  PropertySpec,
  PropertyType,
  NamingConvention,
  EventName,
  EventProperties,
  TrackFunction,
} from '../plan/types'
export { sanitizeProperties, mergeProperties } from './sanitize'
export { redactUrl } from './context'
export { memoryStorage } from './identity'
export { VERSION } from './version'
export { funnel } from './funnel'
export { trackPageViews } from './pageViews'
export type { FunnelStep } from './funnel'
export { memorySink } from '../sinks/memorySink'
export type { MemorySink } from '../sinks/memorySink'
export { consoleSink } from '../sinks/consoleSink'
export { callbackSink } from '../sinks/callbackSink'
export { httpSink } from '../sinks/http'
export type { HttpSink, HttpSinkOptions, RetryOptions } from '../sinks/http'
export { dataLayerSink } from '../sinks/dataLayerSink'
export { kissmetricsSink } from '../sinks/kissmetricsSink'
export type { KissmetricsSinkOptions } from '../sinks/kissmetricsSink'
export { segmentSink } from '../sinks/segmentSink'
export type { SegmentLike } from '../sinks/segmentSink'
export { posthogSink } from '../sinks/posthogSink'
export type { PostHogLike } from '../sinks/posthogSink'
export type * from './types'
