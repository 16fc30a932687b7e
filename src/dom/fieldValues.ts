import { truncate } from '../core/describeError'
import { warnOnce } from '../core/env'
import { fieldName, sensitiveReason } from './elements'

/**
 * The most of a captured value that is sent. A value is a dimension to group by (a plan, a
 * country, a search), not a document; a pasted text would take its event past the 32 KB an
 * envelope may weigh, and the event would be dropped whole.
 */
const MAX_VALUE_LENGTH = 200

/** A value cut to `MAX_VALUE_LENGTH` characters, an ellipsis showing the cut. */
const capped = (value: string): string => truncate(value, MAX_VALUE_LENGTH)

/** Says, once per field, why a field listed in `captureValues` is never sent: never its value. */
function refused(name: string, reason: string): void {
  warnOnce(
    `captureValues lists "${name}", but its value is never sent: the field looks secret (${reason}). ` +
      'Remove it from captureValues; if it holds no secret, give it an autocomplete naming what it holds ' +
      '(autocomplete="postal-code"). How fields are judged: docs/forms.md.',
  )
}

/**
 * The allowed fields' values under `root` (a group of checkboxes as a list), each cut to
 * `MAX_VALUE_LENGTH` characters; never a sensitive field's.
 */
export function fieldValues(
  root: Element | null,
  allowed: readonly string[] | undefined,
): Record<string, unknown> | undefined {
  if (!allowed?.length || !root) return undefined
  const out: Record<string, unknown> = {}
  const fields = Array.from(root.querySelectorAll('input, select, textarea'))
  /** The checkboxes' names, one per box. */
  const boxes = fields
    .filter((field) => (field as HTMLInputElement).type === 'checkbox')
    .map(fieldName)
  for (const field of fields) {
    const name = fieldName(field)
    if (!allowed.includes(name)) continue
    const secret = sensitiveReason(field)
    if (secret) {
      if (process.env.NODE_ENV !== 'production') refused(name, secret)
      continue
    }
    const input = field as HTMLInputElement
    if (input.type === 'checkbox' && boxes.indexOf(name) !== boxes.lastIndexOf(name)) {
      // a group of boxes sharing a name: the list of checked values
      const list = (out[name] as string[] | undefined) ?? []
      if (input.checked) list.push(capped(input.value))
      out[name] = list
    } else if (input.type === 'checkbox') out[name] = input.checked
    else if (input.type === 'radio') {
      if (input.checked) out[name] = capped(input.value)
    } else out[name] = capped(input.value)
  }
  return Object.keys(out).length ? out : undefined
}
