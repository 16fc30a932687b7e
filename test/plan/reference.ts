// The two judges the plan oracles compare: ajv (the reference JSON Schema validator, with
// ajv-formats) and trackplan's runtime check (`compilePlan`).
import Ajv, { type ValidateFunction } from 'ajv'
import Ajv2020 from 'ajv/dist/2020'
import addFormats from 'ajv-formats'
import type { JsonValue, TrackedEvent, Violation } from '../../src/core/event'
import { compilePlan } from '../../src/plan/validate'
import type { TrackingPlan } from '../../src/plan/types'

const withFormats = <T extends Ajv>(ajv: T): T => {
  addFormats(ajv)
  return ajv
}

// one instance per draft: compiling is what costs, and schemas without `$id` do not collide
const draft07 = withFormats(new Ajv({ strict: false }))
const draft2020 = withFormats(new Ajv2020({ strict: false }))

/** ajv's validator for a schema, of the draft its `$schema` names (draft-07 by default). */
export function ajvValidator(schema: object | boolean): ValidateFunction {
  const is2020 =
    typeof schema === 'object' &&
    /2019-09|2020-12/.test(String((schema as { $schema?: unknown }).$schema))
  const ajv = is2020 ? draft2020 : draft07
  const validate = ajv.compile(schema)
  // a compiled schema stays in ajv's cache: drop it, thousands of generated schemas go through
  ajv.removeSchema(schema)
  return validate
}

/** What the runtime finds wrong with an event's properties (naming problems aside). */
export function runtimeViolations(
  plan: TrackingPlan,
  event: string,
  properties: { [key: string]: JsonValue },
): Violation[] {
  const envelope: TrackedEvent = {
    type: 'track',
    event,
    properties,
    userId: null,
    anonymousId: 'anonymous',
    messageId: 'message',
    timestamp: '2026-01-01T00:00:00.000Z',
    context: { library: { name: 'trackplan', version: '0' } },
  }
  const found = compilePlan(plan)(envelope)
  return found.filter((v) => v.kind !== 'naming' && v.kind !== 'duplicate')
}
