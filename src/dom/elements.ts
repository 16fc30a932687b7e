// What trackplan may say about a DOM element: names and roles, never what the user typed
// or what the element says.
import {
  PLAIN_AUTOCOMPLETE,
  SENSITIVE_AUTOCOMPLETE,
  SENSITIVE_PHRASES,
  SENSITIVE_STEMS,
  SENSITIVE_WORDS,
} from './sensitiveWords'

/** `Node.ELEMENT_NODE`, which a server has no `Node` to read from. */
const ELEMENT_NODE = 1

/**
 * An element of any window's document. A form portalled into an iframe (editor previews,
 * react-frame-component) is made of the iframe's elements, which are not `instanceof` this
 * window's `Element`.
 */
export const isElement = (value: unknown): value is Element =>
  typeof value === 'object' && value !== null && (value as Node).nodeType === ELEMENT_NODE

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

/** What a field is called: its name, id, aria-label, title, placeholder and the labels pointing at it. */
function namesOf(element: Element): string[] {
  const out = ['name', 'id', 'aria-label', 'title', 'placeholder'].map(
    (name) => element.getAttribute(name) ?? '',
  )
  const labelledBy = element.getAttribute('aria-labelledby')
  // the ids are its tree's: its shadow root's when it is in one
  const tree = element.getRootNode() as Partial<Pick<Document, 'getElementById'>>
  if (labelledBy)
    for (const id of labelledBy.split(/\s+/)) {
      const label = tree.getElementById?.(id) ?? element.ownerDocument.getElementById(id)
      out.push(label?.textContent ?? '')
    }
  for (const label of Array.from((element as HTMLInputElement).labels ?? []))
    out.push(label.textContent ?? '')
  return out
}

/**
 * A word of a name in any case style: an acronym (`SSN`, the `CC` of `CCNumber`), a
 * capitalised or lower-case run, or digits with the letters right after them (`2fa`, `2FA`).
 * Anything else (`_`, `-`, `.`, `[`, spaces) only separates.
 */
const WORD = /\p{Lu}+(?!\p{Ll})|\p{Lu}?\p{Ll}+|\d+(?:\p{Ll}+|\p{Lu}+(?!\p{Ll}))?/gu

/** The lower-cased words of a name, id or label: `ccNumber`, `cc_number` and `CC-Number` are all `cc number`. */
export const nameWords = (text: string): string[] =>
  (text.match(WORD) ?? []).map((word) => word.toLowerCase())

/** `cards` → `card`, but `pass` and `address` stay whole. */
const singular = (word: string): string =>
  word.length > 3 && /[^s]s$/.test(word) ? word.slice(0, -1) : word

/** The secret word, phrase or stem in `text` (see sensitiveWords.ts), if any. */
export function secretWordIn(text: string): string | undefined {
  const words = nameWords(text).map(singular)
  for (const word of words) {
    if (SENSITIVE_WORDS.includes(word)) return word
    const stem = SENSITIVE_STEMS.find((part) => word.includes(part))
    if (stem) return stem
  }
  const spaced = ` ${words.join(' ')} `
  return SENSITIVE_PHRASES.find((phrase) => hasPhrase(spaced, phrase))
}

/**
 * True when `spaced` (words between single spaces, one at each end too) holds `phrase`'s
 * words in a row, where a `…` in the phrase stands for any words, none too.
 */
function hasPhrase(spaced: string, phrase: string): boolean {
  let from = 0
  for (const part of phrase.split(' … ')) {
    const at = spaced.indexOf(` ${part} `, from)
    if (at < 0) return false
    // the space after this part may be the one before the next
    from = at + part.length + 1
  }
  return true
}

/** Input types whose value is never a field's to give: passwords, hidden state, a file's name. */
const SECRET_TYPES = ['password', 'hidden', 'file']

/**
 * Why a field's value may never be captured, even when `captureValues` lists it; `undefined`
 * when it may. In order: `data-track-ignore`; its `type`; its `autocomplete` field name
 * (every `cc-*`, passwords and `one-time-code` are secret; any other standard field name, such
 * as `postal-code`, says the field is not, whatever it is called); else a secret word in its
 * name, id, aria-label, title, placeholder or labels. `inputmode` decides nothing: numeric
 * fields are quantities as often as card numbers.
 */
export function sensitiveReason(element: Element): string | undefined {
  // the reason is worded for a development warning; production only asks whether there is one
  const worded = process.env.NODE_ENV !== 'production'
  if (isIgnored(element)) return worded ? 'it is under data-track-ignore' : 'ignored'
  const type = (element.getAttribute('type') ?? '').toLowerCase()
  if (SECRET_TYPES.includes(type)) return worded ? `type="${type}"` : type
  const autocomplete = (element.getAttribute('autocomplete') ?? '').toLowerCase().split(/\s+/)
  const secret = autocomplete.find((t) => t.startsWith('cc-') || SENSITIVE_AUTOCOMPLETE.includes(t))
  if (secret) return worded ? `autocomplete="${secret}"` : secret
  if (autocomplete.some((token) => PLAIN_AUTOCOMPLETE.includes(token))) return undefined
  for (const text of namesOf(element)) {
    const word = secretWordIn(text)
    if (word) return worded ? `"${word}" in its name, id or label` : word
  }
  return undefined
}

/** True for a field whose value may never be captured: see `sensitiveReason`. */
export const isSensitiveField = (element: Element): boolean =>
  sensitiveReason(element) !== undefined

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

/** A field holding a number that buttons beside it step: ARIA's spin button, or the native one. */
const NUMBER_FIELD = '[role=spinbutton],input[type=number]'

/** A label that says a button steps a number: `Increase quantity`, Shopify's `name="plus"`. */
const STEP_LABEL = /increase|decrease|increment|decrement|plus|minus/i

/** A button's whole text that says it steps: plus, hyphen, minus, en dash, full-width plus and minus. */
const STEP_SIGN = /^[+\-\u2212\u2013\uff0b\uff0d]$/

/** True when the button's label says it steps a number, or it has none (an icon: chevrons, arrows). */
function labelledAsStep(button: Element): boolean {
  // an `<input type=button>` shows its value
  const shown = button.tagName === 'INPUT' ? button.getAttribute('value') : button.textContent
  const text = (shown ?? '').trim()
  const label = ['aria-label', 'title', 'name', 'aria-labelledby']
    .map((name) => button.getAttribute(name) ?? '')
    .join(' ')
  return STEP_SIGN.test(text) || STEP_LABEL.test(label) || (text === '' && label.trim() === '')
}

/**
 * True for a number stepper's button, whose repeated presses are how a quantity goes up: a
 * button whose `aria-controls` names a spin button or any field where repeated clicks are
 * normal (the ARIA pattern; React Aria's NumberField, whose field is a text input); one in a
 * `role=group` that holds a number field; or, by convention, one whose parent or grandparent
 * holds a number field and whose label says it steps (`+`, `−`, `Increase`, `name="minus"`,
 * or no label at all: an icon). The label keeps an "Add to cart" beside a quantity watched.
 */
export function isStepper(element: Element): boolean {
  if (!element.matches('button,[role=button],input[type=button]')) return false
  for (const id of (element.getAttribute('aria-controls') ?? '').split(/\s+/)) {
    const controlled = id ? element.ownerDocument.getElementById(id) : null
    if (controlled && (controlled.matches(NUMBER_FIELD) || isTextLike(controlled))) return true
  }
  if (element.closest('[role=group]')?.querySelector(NUMBER_FIELD)) return true
  const parent = element.parentElement
  const near =
    parent?.querySelector(NUMBER_FIELD) ?? parent?.parentElement?.querySelector(NUMBER_FIELD)
  return !!near && labelledAsStep(element)
}

/** Controls, by tag or ARIA role: what people click on purpose. */
const CONTROLS =
  'a[href],button,input,select,textarea,summary,label,[onclick],[role=button],[role=link],[role=checkbox],[role=radio],[role=switch],[role=menuitem],[role=menuitemcheckbox],[role=menuitemradio],[role=tab],[role=option],[role=treeitem],[role=combobox]'

/** A control, or inside one (or inside anything with a tabindex): what people click on purpose. */
export const isInteractive = (element: Element): boolean =>
  element.closest(`${CONTROLS},[tabindex]`) !== null

/**
 * What a click on `element` was aimed at: the nearest control or element the app named with
 * `data-track-id`, itself included (the `<button>` around an icon's `<path>`), else the element
 * itself. A `tabindex` does not make a target: dialogs and scroll regions carry one.
 */
export function clickTarget(element: Element): Element {
  const control = element.closest(`${CONTROLS},[data-track-id]`)
  if (control) return control
  // a wrapper around one control, pressed where the control takes no pointer events: the
  // shadcn/ui way to give a disabled button a tooltip (`<span><button disabled
  // class="pointer-events-none">`) — the press is meant for the control inside
  const only = element.children.length === 1 ? element.children[0] : undefined
  return only?.matches(`${CONTROLS},[data-track-id]`) ? only : element
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
