/**
 * `trackplan/tools` (Node, CI, editors): the plan as data — compare two versions of it,
 * bring one in from a spreadsheet, JSON Schemas or Segment Protocols, lint and export it.
 * What the `trackplan` command runs, as functions; kept out of `trackplan/core` so that
 * no app bundle carries it.
 */
export { diffPlans } from '../plan/diffPlans'
export type { ChangeSeverity, PlanChange, PlanChangeKind } from '../plan/diff/PlanChange'
export { formatPlanDiff } from '../plan/formatDiff'
export type { DiffFormat } from '../plan/formatDiff'
export { detectFormat, ImportError, importPlan } from '../plan/import'
export type { ImportFile, ImportFormat, ImportNote, ImportResult } from '../plan/import'
export { lintPlan } from '../plan/lintPlan'
export type { PlanProblem } from '../plan/lintPlan'
export { exportPlan } from '../plan/exportPlan'
export type { ExportFormat } from '../plan/exportPlan'
export { checkEventName, findNearDuplicates } from '../plan/naming'
export type { TrackingPlan } from '../plan/types'
