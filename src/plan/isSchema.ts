import type { StandardSchemaV1 } from '@standard-schema/spec'
import type { PropertySpec } from './types'

/**
 * A property given as a Standard Schema (zod, valibot, arktype) rather than `{ type }`; `false`
 * for `null` and other values a broken plan holds.
 */
export const isSchema = (spec: PropertySpec): spec is StandardSchemaV1 =>
  typeof (spec as { '~standard'?: unknown } | null | undefined)?.['~standard'] === 'object'
