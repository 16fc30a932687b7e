/**
 * `trackplan/core`: the framework-agnostic tracker, the plan and the sinks. No React import,
 * ever. A deliberate list: what apps reach for. Plan tooling (lint, diff, import, export)
 * lives in `trackplan/tools`; server-side checking of envelopes in `trackplan/server`.
 */

// the tracker
export { createTracker } from '../core/createTracker'
export { PlanViolationError, TrackplanError } from '../core/TrackplanError'
export { trackPageViews } from '../core/pageViews'
export { VERSION } from '../core/version'
export type {
  CheckResult,
  ConsentState,
  DropReason,
  EventChecker,
  EventContext,
  EventInfo,
  EventType,
  FlushOptions,
  JsonValue,
  Listener,
  Middleware,
  PageContext,
  Properties,
  PropertiesInput,
  Sink,
  SinkContext,
  SinkInspection,
  StorageLike,
  TrackedEvent,
  Tracker,
  TrackerOptions,
  TrackerStats,
  TrackplanErrorCode,
  ValidationMode,
  Violation,
} from '../core/types'

// the plan
export { defineTrackingPlan } from '../plan/defineTrackingPlan'
export { builtInEvents } from '../plan/builtInEvents'
export { funnel } from '../core/funnel'
export type { FunnelStep } from '../core/funnel'
export type {
  EventName,
  EventProperties,
  EventSpec,
  NamingConvention,
  PlainPropertySpec,
  PropertySpec,
  PropertyType,
  Register,
  RegisteredPlan,
  TrackFunction,
  TrackingPlan,
} from '../plan/types'

// the sinks
export { callbackSink } from '../sinks/callbackSink'
export { consoleSink } from '../sinks/consoleSink'
export { dataLayerSink } from '../sinks/dataLayerSink'
export { httpSink } from '../sinks/http'
export type { HttpSink, HttpSinkOptions, RetryOptions } from '../sinks/http'
export { kissmetricsSink } from '../sinks/kissmetricsSink'
export type { KissmetricsSinkOptions } from '../sinks/kissmetricsSink'
export { memorySink } from '../sinks/memorySink'
export type { MemorySink } from '../sinks/memorySink'
export { posthogSink } from '../sinks/posthogSink'
export type { PostHogLike } from '../sinks/posthogSink'
export { segmentSink } from '../sinks/segmentSink'
export type { SegmentLike } from '../sinks/segmentSink'
