// What trackplan may say about a DOM element: names and roles, never what the user typed
// or what the element says.

/** Field names that hold secrets whatever `captureValues` says. */
const SENSITIVE_NAME = /pass(word|wd|code)?|pwd|secret|token|card|cc-?(num|number|csc|cvc|exp)|cvv|cvc|csc|ssn|social.?security|iban|account.?number|routing|pin\b/i

/** True when the element or an ancestor carries `data-track-ignore`. */
export const isIgnored = (element: Element): boolean => element.closest('[data-track-ignore]') !== null

/** A field's name for analytics: its `name`, else `id`, else `aria-label`, else its tag and type. */
export function fieldName(element: Element): string {
  const named = element.getAttribute('name') || element.id || element.getAttribute('aria-label')
  if (named) return named
  const type = element.getAttribute('type')
  return type ? `${element.tagName.toLowerCase()}[type=${type}]` : element.tagName.toLowerCase()
}

/** Fields whose value may never be captured, even when allowed by name. */
export function isSensitiveField(element: Element): boolean {
  const type = (element.getAttribute('type') ?? '').toLowerCase()
  const autocomplete = (element.getAttribute('autocomplete') ?? '').toLowerCase()
  return (
    type === 'password' ||
    type === 'hidden' ||
    /(^|\s)cc-/.test(autocomplete) ||
    autocomplete.includes('password') ||
    SENSITIVE_NAME.test(element.getAttribute('name') ?? '') ||
    SENSITIVE_NAME.test(element.id) ||
    isIgnored(element)
  )
}

const TEXT_INPUTS = new Set(['', 'text', 'email', 'search', 'password', 'url', 'tel', 'number', 'date', 'datetime-local', 'month', 'week', 'time', 'range'])

/** Elements where repeated clicks are normal use: text entry, number steppers, selects. */
export function isTextLike(element: Element): boolean {
  const tag = element.tagName
  if (tag === 'TEXTAREA' || tag === 'SELECT' || tag === 'OPTION') return true
  if (tag === 'INPUT') return TEXT_INPUTS.has((element.getAttribute('type') ?? '').toLowerCase())
  return (element as HTMLElement).isContentEditable === true
}

/** A PII-free description of a click target: tag, `data-track-id`, role and aria-label; never its text. */
export function describeTarget(element: Element): string {
  let out = element.tagName.toLowerCase()
  const id = element.getAttribute('data-track-id')
  const role = element.getAttribute('role')
  const label = element.getAttribute('aria-label')
  if (id) out += `#${id}`
  if (role) out += `[role=${role}]`
  if (label) out += `[aria-label="${label}"]`
  return out
}
