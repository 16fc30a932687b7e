import type { TrackingPlan } from '../plan/types'
export type { PropertiesInput } from '../core/types'

/** Any plan: the provider accepts a plan whatever is registered. */
export type TrackingPlanLike = TrackingPlan
