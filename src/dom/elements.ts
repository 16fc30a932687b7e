// What trackplan may say about a DOM element: names and roles, never what the user typed
// or what the element says.

/** Words that mark a field as secret whatever `captureValues` says, in its name, id or label. */
const SENSITIVE_NAME =
  /pass(word|wd|code|phrase)?|pwd|secret|token|card|cc-?(num|number|csc|cvc|exp)|cvv|cvc|csc|ssn|social.?security|iban|account.?number|routing|(^|[^a-z])pin([^a-z]|$)|pin.?(number|code)|security.?code|one.?time|(^|[^a-z])otp([^a-z]|$)|2fa|mfa|verification.?code/i
/** Splits camelCase so that `pinNumber` and `securityCode` read as words. */
const words = (text: string): string => text.replace(/([a-z0-9])([A-Z])/g, '$1 $2')

/** True when the element or an ancestor carries `data-track-ignore`. */
export const isIgnored = (element: Element): boolean =>
  element.closest('[data-track-ignore]') !== null

/** A field's name for analytics: its `name`, else `id`, else `aria-label`, else its tag and type. */
export function fieldName(element: Element): string {
  const named = element.getAttribute('name') || element.id || element.getAttribute('aria-label')
  if (named) return named
  const type = element.getAttribute('type')
  return type ? `${element.tagName.toLowerCase()}[type=${type}]` : element.tagName.toLowerCase()
}

/** What a field is called for people: its aria-label, the labels pointing at it, its placeholder. */
function labelsOf(element: Element): string[] {
  const out = [element.getAttribute('aria-label') ?? '', element.getAttribute('placeholder') ?? '']
  const labelledBy = element.getAttribute('aria-labelledby')
  if (labelledBy)
    for (const id of labelledBy.split(/\s+/))
      out.push(element.ownerDocument.getElementById(id)?.textContent ?? '')
  for (const label of Array.from((element as HTMLInputElement).labels ?? []))
    out.push(label.textContent ?? '')
  return out
}

/**
 * Fields whose value may never be captured, even when allowed by name: by type (password,
 * hidden), autocomplete (`cc-*`, passwords, `one-time-code`), and secret-sounding name, id or
 * label (`pinNumber`, `securityCode`, a "show password" text field labelled "Password").
 */
export function isSensitiveField(element: Element): boolean {
  const type = (element.getAttribute('type') ?? '').toLowerCase()
  const autocomplete = (element.getAttribute('autocomplete') ?? '').toLowerCase()
  if (type === 'password' || type === 'hidden' || isIgnored(element)) return true
  if (
    /(^|\s)cc-/.test(autocomplete) ||
    autocomplete.includes('password') ||
    autocomplete.includes('one-time-code')
  )
    return true
  const names = [element.getAttribute('name') ?? '', element.id, ...labelsOf(element)]
  return names.some((name) => name !== '' && SENSITIVE_NAME.test(words(name)))
}

const TEXT_INPUTS = new Set([
  '',
  'text',
  'email',
  'search',
  'password',
  'url',
  'tel',
  'number',
  'date',
  'datetime-local',
  'month',
  'week',
  'time',
  'range',
])

/** Elements where repeated clicks are normal use: text entry, number steppers, selects. */
export function isTextLike(element: Element): boolean {
  const tag = element.tagName
  if (tag === 'TEXTAREA' || tag === 'SELECT' || tag === 'OPTION') return true
  if (tag === 'INPUT') return TEXT_INPUTS.has((element.getAttribute('type') ?? '').toLowerCase())
  return (element as HTMLElement).isContentEditable === true
}

const INTERACTIVE =
  'a[href],button,input,select,textarea,summary,label,[role=button],[role=link],[role=checkbox],[role=menuitem],[role=tab],[onclick],[tabindex]'

/** A control, or inside one: what people click on purpose. */
export const isInteractive = (element: Element): boolean => element.closest(INTERACTIVE) !== null

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
