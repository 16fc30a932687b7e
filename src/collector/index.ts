// trackplan/collector: the first-party collector — a Web-standard handler that checks what
// production sends against the plan, stores it, forwards it and reports. No React, and no
// database driver unless its store is used.
export { createCollector, type Collector, type CollectorOptions } from './createCollector'
export type { BatchAnswer, BatchCounts } from './batchRoute'
export type { CollectorMode, RejectedEnvelope } from './checkBatch'
export { toNodeListener } from './toNodeListener'
export {
  buildReport,
  type CollectorReport,
  type KindCount,
  type PlannedEventHealth,
  type ReportOptions,
  type UnplannedEvent,
  type VersionHealth,
  type Volume,
} from './report'
export { formatReport, type ReportFormat } from './formatReport'
export * from './store'
