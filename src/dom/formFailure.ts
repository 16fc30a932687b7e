import { describeError, scrubMessage, truncate } from '../core/describeError'
import type { PropertiesInput } from '../core/types'

/**
 * A field error: the field's path (`email`, `address.city`, `tags.1`; `root` for the form as a
 * whole), a code (a ValidityState key such as `valueMissing`, a library's error type such as
 * `required` or `too_small`, a one-word message such as `Required`, else `invalid`), and the
 * library's message, scrubbed, when it has one that is not the code.
 */
export interface FieldError {
  field: string
  code: string
  message?: string
}

/** One issue of a schema library (zod's `error.issues`, a Standard Schema's `issues`). */
export interface SchemaIssue {
  readonly path?: readonly (PropertyKey | { readonly key: PropertyKey })[] | undefined
  readonly code?: string
  readonly message: string
}

/**
 * What `failure()` takes: an exception (an `Error`, a message); a list of field errors or of a
 * schema's issues (or a zod error, which carries them); or a form library's errors object keyed
 * by field, whose values are messages, lists of messages, `{ type, message }` objects or nested
 * objects and arrays (react-hook-form's `FieldErrors`, Formik's `errors`, zod's `flatten()`,
 * `flattenError()`, `treeifyError()` and `format()`).
 */
export type FormFailure =
  | Error
  | string
  | readonly (FieldError | SchemaIssue | string)[]
  | { readonly [field: string]: unknown }

/** The field of errors about the whole form (zod's `formErrors`, a message on no field). */
const FORM_AS_A_WHOLE = 'root'
/** A code is one short word (`required`, `too_small`, `errors.email.taken`): never a sentence. */
const TOKEN = /^[A-Za-z][\w.-]{0,63}$/
/** The keys of a react-hook-form error (`{ type, message, ref, types }`), nothing else. */
const HOOK_FORM_KEYS = ['type', 'message', 'ref', 'types', 'root']

/** How an error's text is recorded: scrubbed (unless the app turned that off), then cut. */
type Clean = (text: string) => string

/** A word usable as a code: one token, which scrubbing leaves as it is (no email, no secret). */
const codeOf = (text: unknown, clean: Clean): string | undefined =>
  typeof text === 'string' && TOKEN.test(text) && clean(text) === text ? text : undefined

/**
 * A field's error from a library's code (a type, an issue code) and message: the code, else the
 * message when it is one word, else `invalid`; the message beside it when it says more.
 */
function fieldError(field: string, code: unknown, text: unknown, clean: Clean): FieldError {
  const message = typeof text === 'string' ? text : ''
  const given = codeOf(code, clean) ?? codeOf(message, clean)
  const error: FieldError = { field, code: given ?? 'invalid' }
  if (message && message !== given) error.message = clean(message)
  return error
}

const isObject = (value: unknown): value is { readonly [key: string]: unknown } =>
  typeof value === 'object' && value !== null

/**
 * An object or array as a library builds its errors: never a DOM node (react-hook-form's
 * `ref`), whose own keys lead to React's fibers and the whole page, nor any class instance.
 */
function isPlain(value: unknown): value is { readonly [key: string]: unknown } {
  if (!isObject(value)) return false
  if (Array.isArray(value)) return true
  const prototype = Object.getPrototypeOf(value) as object | null
  // Object.prototype, of this realm or another (an iframe's)
  return prototype === null || Object.getPrototypeOf(prototype) === null
}

/**
 * A list of messages with a string in every slot (zod's `fieldErrors.email`), rather than items
 * by index (Formik's `tags: [, 'Too short']`, with gaps).
 */
function isMessageList(value: unknown): value is readonly string[] {
  if (!Array.isArray(value)) return false
  for (let index = 0; index < value.length; index++)
    if (typeof value[index] !== 'string') return false
  return true
}

const onlyKeys = (value: object, keys: readonly string[]): boolean =>
  Object.keys(value).every((key) => keys.includes(key))

/**
 * The field errors in a library's errors object under `path`, in the object's order. An errors
 * object may refer back to itself (a `ref` to a field, a parent): each object is read once.
 */
function walk(
  value: unknown,
  path: readonly string[],
  clean: Clean,
  seen: Set<object>,
): FieldError[] {
  const field = path.length > 0 ? path.join('.') : FORM_AS_A_WHOLE
  if (typeof value === 'string') return value ? [fieldError(field, undefined, value, clean)] : []
  if (!isPlain(value) || seen.has(value)) return []
  seen.add(value)
  const messages = (list: readonly string[]): FieldError[] =>
    list.flatMap((text) => walk(text, path, clean, seen))
  if (Array.isArray(value)) {
    if (isMessageList(value)) return messages(value)
    // items by index; a field array's own error (react-hook-form's `root`) keeps its key
    return Object.entries(value).flatMap(([key, item]) => walk(item, [...path, key], clean, seen))
  }
  // react-hook-form: `{ type, message, ref }`; at the top, a Formik field named `type` instead
  if (path.length > 0 && typeof value.type === 'string' && onlyKeys(value, HOOK_FORM_KEYS))
    return [fieldError(field, value.type, value.message, clean)]
  // zod's flatten() / flattenError(): the form's messages, then the fields'
  if (
    isMessageList(value.formErrors) &&
    isObject(value.fieldErrors) &&
    onlyKeys(value, ['formErrors', 'fieldErrors'])
  )
    return [...messages(value.formErrors), ...walk(value.fieldErrors, path, clean, seen)]
  // zod's treeifyError(): this node's messages, then its properties' and items'
  if (isMessageList(value.errors) && onlyKeys(value, ['errors', 'properties', 'items']))
    return [
      ...messages(value.errors),
      ...walk(value.properties, path, clean, seen),
      ...walk(value.items, path, clean, seen),
    ]
  // anything else is keyed by field; zod's format() keeps a node's own messages in `_errors`
  return Object.entries(value).flatMap(([key, nested]) =>
    key === '_errors' && isMessageList(nested)
      ? messages(nested)
      : walk(nested, [...path, key], clean, seen),
  )
}

/** A path's segments as a field: `['address', 'city']` → `address.city`. */
const pathField = (path: SchemaIssue['path']): string =>
  path?.length
    ? path.map((segment) => String(isObject(segment) ? segment.key : segment)).join('.')
    : FORM_AS_A_WHOLE

/** A list's entries: field errors as given, a schema's issues by their path, messages about the form. */
function listErrors(list: readonly unknown[], clean: Clean): FieldError[] {
  return list.flatMap((entry): FieldError[] => {
    if (typeof entry === 'string')
      return entry ? [fieldError(FORM_AS_A_WHOLE, undefined, entry, clean)] : []
    if (!isObject(entry)) return []
    if (typeof entry.field === 'string')
      return [fieldError(entry.field, entry.code, entry.message, clean)]
    if (typeof entry.message === 'string')
      return [
        fieldError(pathField(entry.path as SchemaIssue['path']), entry.code, entry.message, clean),
      ]
    return []
  })
}

/** The field errors in a list (field errors, a schema's issues, messages) or a library's errors object. */
const fieldErrors = (errors: object, clean: Clean): FieldError[] =>
  Array.isArray(errors) ? listErrors(errors, clean) : walk(errors, [], clean, new Set())

/**
 * The most field errors a failure lists. A form library's errors for a long field array (500
 * empty rows) would take the event past the 32 KB an envelope may weigh, and it would be
 * dropped whole; 50 errors with 200-character messages weigh about 15 KB.
 */
const MAX_ERRORS = 50

/**
 * A validation failure's detail: its first 50 field errors, and, when there were more,
 * `errorCount`, how many there were in all.
 */
export function validationDetail(errors: readonly FieldError[]): PropertiesInput {
  return errors.length > MAX_ERRORS
    ? { reason: 'validation', errors: errors.slice(0, MAX_ERRORS), errorCount: errors.length }
    : { reason: 'validation', errors }
}

/** What a failure says: an exception's name and (scrubbed) message, or the field errors. */
export function failureDetail(errorOrErrors: FormFailure, scrub: boolean): PropertiesInput {
  const clean: Clean = (text) => truncate(scrub ? scrubMessage(text) : text)
  try {
    // a schema library's error that carries its issues (zod's `ZodError`), not an exception
    const issues = errorOrErrors instanceof Error && (errorOrErrors as { issues?: unknown }).issues
    if (Array.isArray(issues)) return validationDetail(listErrors(issues, clean))
    if (errorOrErrors instanceof Error || typeof errorOrErrors === 'string') {
      const { errorName, message } = describeError(errorOrErrors, scrub)
      return {
        reason: 'exception',
        ...(typeof errorOrErrors === 'string' ? {} : { errorName }),
        message,
      }
    }
    return validationDetail(fieldErrors(errorOrErrors, clean))
  } catch {
    // an errors object whose fields cannot be read: the failure is still recorded
    return { reason: 'validation', errors: [] }
  }
}

/** The state's `error`, when it names an exception: an `Error`, a message, or `{ message }`. */
function exceptionIn(error: unknown): Error | string | undefined {
  if (error instanceof Error) return error
  if (typeof error === 'string') return error || undefined
  const message = isObject(error) ? error.message : undefined
  return typeof message === 'string' && message ? message : undefined
}

/**
 * What a form action's returned state says failed, by convention: an object whose `errors`
 * holds at least one field error as `failure()` reads it (validation), else whose `error` is an
 * `Error`, a message or `{ message }` (exception). `undefined` for anything else: a success.
 *
 * @example
 * { errors: { email: ['Invalid email address'] } } // validation: email
 * { error: 'Mail server down' }                      // exception
 * { errors: {} }, { ok: true }, undefined            // success
 */
export function failureInState(state: unknown): FormFailure | undefined {
  try {
    if (!isPlain(state) || Array.isArray(state)) return undefined
    const errors = state.errors
    if (isPlain(errors) && fieldErrors(errors, String).length > 0) return errors as FormFailure
    return exceptionIn(state.error)
  } catch {
    // a state whose fields cannot be read says nothing failed: the action returned
    return undefined
  }
}
