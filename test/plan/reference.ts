// The two judges the plan oracles compare: ajv (the reference JSON Schema validator, with
// ajv-formats) and trackplan's runtime check (`compilePlan`).
import Ajv, { type ValidateFunction } from 'ajv'
import Ajv2020 from 'ajv/dist/2020'
import addFormats from 'ajv-formats'
import type { JsonValue, TrackedEvent, Violation } from '../../src/core/event'
import { compilePlan } from '../../src/plan/validate'
import type { TrackingPlan } from '../../src/plan/types'

/** A fresh ajv of a draft: strict off (schemas in the wild carry unknown keywords), formats on. */
const make = (draft: 'draft-07' | '2020-12'): Ajv => {
  // the oracles compile thousands of schemas: no meta-schema check, no code optimisation
  // (verdicts are the same, compiling is four times faster); own properties only, as JSON
  // has no prototype (by default ajv reads a missing `constructor` from Object.prototype)
  const options = {
    strict: false,
    validateSchema: false,
    ownProperties: true,
    code: { optimize: false },
  }
  const ajv = draft === '2020-12' ? new Ajv2020(options) : new Ajv(options)
  addFormats(ajv)
  return ajv
}

const judges = {
  'draft-07': { ajv: make('draft-07'), compiled: 0 },
  '2020-12': { ajv: make('2020-12'), compiled: 0 },
}

/** ajv's validator for a schema, of the draft its `$schema` names (draft-07 by default). */
export function ajvValidator(schema: object | boolean): ValidateFunction {
  const draft =
    typeof schema === 'object' &&
    /2019-09|2020-12/.test(String((schema as { $schema?: unknown }).$schema))
      ? '2020-12'
      : 'draft-07'
  const judge = judges[draft]
  // ajv keeps every schema it compiled: a fresh one now and then bounds the memory
  if (++judge.compiled % 500 === 0) judge.ajv = make(draft)
  return judge.ajv.compile(schema)
}

/** What the runtime finds wrong with an event's properties (naming problems aside). */
export function runtimeChecker(
  plan: TrackingPlan,
): (event: string, properties: { [key: string]: JsonValue }) => Violation[] {
  const check = compilePlan(plan)
  return (event, properties) => {
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
    return check(envelope).filter((v) => v.kind !== 'naming' && v.kind !== 'duplicate')
  }
}

/** `runtimeChecker` for one call. */
export const runtimeViolations = (
  plan: TrackingPlan,
  event: string,
  properties: { [key: string]: JsonValue },
): Violation[] => runtimeChecker(plan)(event, properties)
