import { describeError } from '../core/describeError'
import type { PropertiesInput } from '../core/types'

/**
 * A field error: the field's name and the ValidityState key (`valueMissing`, …) or a library's
 * code.
 */
export interface FieldError {
  field: string
  code: string
}

/**
 * What `failure()` takes: an exception (an `Error`, a message), a list of field errors, or a
 * form library's errors object keyed by field (react-hook-form's `FieldErrors`).
 */
export type FormFailure =
  Error | string | readonly FieldError[] | { readonly [field: string]: unknown }

/**
 * react-hook-form style errors, nested objects flattened to `a.b`:
 * `{ email: { type: 'required' } }`.
 */
function libraryErrors(
  errors: { readonly [field: string]: unknown },
  prefix = '',
  seen = new Set<object>(),
): FieldError[] {
  const out: FieldError[] = []
  // an errors object may refer back to itself (a `ref` to a field, a parent): each once
  seen.add(errors)
  for (const [key, value] of Object.entries(errors)) {
    if (!value || typeof value !== 'object' || seen.has(value)) continue
    const type = (value as { type?: unknown }).type
    if (typeof type === 'string') out.push({ field: prefix + key, code: type })
    else {
      const nested = value as { readonly [field: string]: unknown }
      out.push(...libraryErrors(nested, `${prefix}${key}.`, seen))
    }
  }
  return out
}

/** What a failure says: an exception's name and (scrubbed) message, or the field errors. */
export function failureDetail(errorOrErrors: FormFailure, scrub: boolean): PropertiesInput {
  if (errorOrErrors instanceof Error || typeof errorOrErrors === 'string') {
    const { errorName, message } = describeError(errorOrErrors, scrub)
    return {
      reason: 'exception',
      ...(typeof errorOrErrors === 'string' ? {} : { errorName }),
      message,
    }
  }
  if (Array.isArray(errorOrErrors)) return { reason: 'validation', errors: errorOrErrors }
  if (!errorOrErrors || typeof errorOrErrors !== 'object')
    return { reason: 'validation', errors: [] }
  try {
    return {
      reason: 'validation',
      errors: libraryErrors(errorOrErrors as { readonly [field: string]: unknown }),
    }
  } catch {
    // an errors object whose fields cannot be read: the failure is still recorded
    return { reason: 'validation', errors: [] }
  }
}
