import { BUILT_IN_EVENT_NAMES } from '../core/builtInNames'
import { quote } from './describeValue'
import type { NamingConvention } from './types'

/** A set of space-separated words, made on first use: most plans never need it. */
const wordSet = (words: string): (() => Set<string>) => {
  let set: Set<string> | undefined
  return () => (set ??= new Set(words.split(' ')))
}

/** Lower-case words inside a Title Case name: "Added to Cart", "Removed from Wishlist". */
const smallWords = wordSet('a an and as at but by for from in into of on or per the to via vs with')

// Past tenses the -ed rule of isPastTense misses ("Hit Paywall", "Paid Invoice"); "fed", "led"
// and "wed" are too short for it
const irregularPast = wordSet(
  'ate bade beat became began bent bet bit blew bore bought bound brought broke built burnt burst ' +
    'came cast caught chose clung cost crept cut dealt did dove drank drew dreamt drove dug dwelt fed ' +
    'fell felt fit flew flung forbade forgave forgot fought found froze gave got grew ground had ' +
    'heard held hid hit hung hurt kept knelt knew laid leant leapt learnt led left lent let lit lost ' +
    'made meant met mistook paid put quit ran rang read redid rebuilt reset resent retook rewrote rid ' +
    'rode rose said sang sank sat saw sent set sewn shook shone shot shrank shut slept slid slung ' +
    'smelt sold sought spat spelt spent spilt split spoke sprang spread spun stood stole stuck stung ' +
    'strode struck strove swept swore swam swung took taught tore thought threw thrust told trod ' +
    'understood undid underwent undertook upset wed went wept woke won wore wound wove withdrew ' +
    'withheld wrung wrote',
)

// Words that end in -ed without being a past tense: "Feed Viewed", "Embed Copied"
const edNouns = wordSet(
  'sled embed feed seed need weed deed reed speed breed creed greed steed heed tweed hundred kindred sacred naked wicked rugged ragged jagged crooked',
)

/** A past-tense verb, as the first word of "Viewed Pricing" or the last of "Pricing Viewed". */
export const isPastTense = (word: string): boolean => {
  const w = word.toLowerCase()
  if (irregularPast().has(w)) return true
  return w.length > 3 && w.endsWith('ed') && !edNouns().has(w)
}

/**
 * A word as Title Case writes it: small words lower case between the first and the last
 * word; brand spellings ("iPhone", "iOS") and numbers ("2FA") as written; any other word
 * capitalised, its other letters as written ("URL", "A/B").
 */
function titleWord(word: string, index: number, count: number): string {
  const lower = word.toLowerCase()
  if (index > 0 && index < count - 1 && smallWords().has(lower)) return lower
  if (/^[0-9]/.test(word) || /^[a-z]+[A-Z]/.test(word)) return word
  return word.charAt(0).toUpperCase() + word.slice(1)
}

const titleCase = (words: string[]): string =>
  words.map((w, i) => titleWord(w, i, words.length)).join(' ')

/** Splits any spelling into words: "signUp", "sign_up", "Sign-Up", "SIGN UP" → sign, up. */
export function splitWords(name: string): string[] {
  return (
    name
      .replace(/([a-z0-9])([A-Z])/g, '$1 $2')
      // "URLSettings" → "URL Settings"; a lookbehind, not a capture: linear on any name
      .replace(/(?<=[A-Z])(?=[A-Z][a-z])/g, ' ')
      .split(/[\s_\-.:/]+/)
      .filter(Boolean)
  )
}

// In a name written with spaces, "/", "-" and "." between letters or digits are part of a
// word ("A/B", "Wi-Fi", "Node.js"); anywhere else they, "_" and ":" separate words
const STRAY_SEPARATOR = /[_:]|(?<![\p{L}\p{N}])[-./]|[-./](?![\p{L}\p{N}])/u
const SPACED_SEPARATORS = /[\s_:]+|(?<![\p{L}\p{N}])[-./]+|[-./]+(?![\p{L}\p{N}])/u

/**
 * The words of a name as written, for suggestions that change case and separators only: a
 * spaced name keeps "A/B", "Wi-Fi", "iOS" and "2FA" whole; "opened_iOS_app" splits at its
 * separators only; a name without any splits at its camelCase humps ("ViewedURLSettings").
 */
function wordsAsWritten(name: string): string[] {
  const trimmed = name.trim()
  if (/\s/.test(trimmed)) return trimmed.split(SPACED_SEPARATORS).filter(Boolean)
  if (/[_\-.:/]/.test(trimmed)) return trimmed.split(/[_\-.:/]+/).filter(Boolean)
  return splitWords(trimmed)
}

function checkTitleCase(name: string, problems: string[]): void {
  const spaced = /\s/.test(name.trim())
  if (
    (spaced ? STRAY_SEPARATOR.test(name) : /[_\-.:/]/.test(name)) ||
    /\s{2,}/.test(name) ||
    name !== name.trim() ||
    (!spaced && /[a-z][A-Z]/.test(name))
  ) {
    problems.push(
      `${quote(name)} should be words separated by single spaces: ${quote(titleCase(wordsAsWritten(name)))}`,
    )
    return
  }
  const words = name.split(' ')
  if (words.some((w, i) => w !== titleWord(w, i, words.length)))
    problems.push(`${quote(name)} is not Title Case: write ${quote(titleCase(words))}`)
}

/**
 * The problems with an event name under a naming convention; empty when it is fine.
 * `'verb-noun'`: "Viewed Pricing", "Added to Cart" (past-tense verb first, Title Case,
 * small words lower case). `'object-action'`: "Pricing Viewed", "Product Added to
 * Wishlist" (Segment's style). `'snake_case'`: "sign_up" (GA4's style, ≤ 40 characters).
 * trackplan's own events pass under every convention.
 *
 * @example
 * checkEventName('viewed pricing', 'verb-noun')
 * // ['"viewed pricing" is not Title Case: write "Viewed Pricing"']
 */
export function checkEventName(name: string, convention: NamingConvention | false): string[] {
  if (name.trim() === '')
    return ['the event name is empty: name it for what happened ("Viewed Pricing")']
  if (!convention || BUILT_IN_EVENT_NAMES.includes(name)) return []
  const problems: string[] = []
  if (convention === 'snake_case') {
    if (!/^[a-z][a-z0-9]*(_[a-z0-9]+)*$/.test(name)) {
      const snake = wordsAsWritten(name)
        .flatMap((w) => w.split(/[-./]+/))
        .join('_')
        .toLowerCase()
      problems.push(`${quote(name)} is not snake_case: write ${quote(snake)}`)
    }
    if (name.length > 40)
      problems.push(`${quote(name)} is ${name.length} characters; GA4 allows 40`)
    return problems
  }
  const words = wordsAsWritten(name)
  if (words.length < 2) {
    problems.push(
      `${quote(name)} should have at least two words: ${convention === 'verb-noun' ? 'a verb and what it acts on ("Viewed Pricing")' : 'an object and an action ("Pricing Viewed")'}`,
    )
  }
  checkTitleCase(name, problems)
  const first = words[0] ?? ''
  if (convention === 'verb-noun' && words.length >= 2 && !isPastTense(first)) {
    problems.push(
      `${quote(name)} should start with a past-tense verb ("Viewed", "Added", "Submitted")`,
    )
  }
  if (convention === 'object-action' && words.length >= 2) {
    if (isPastTense(first))
      problems.push(
        `${quote(name)} starts with a verb; object-action puts the object first (${quote(titleCase([...words.slice(1), first]))})`,
      )
    else if (!words.slice(1).some(isPastTense))
      problems.push(
        `${quote(name)} should end its object with a past-tense verb ("Pricing Viewed")`,
      )
  }
  return problems
}

export interface NearDuplicateOptions {
  /**
   * Phrases that mean the same to your team, each group flagged as one name:
   * `[['Registered', 'Signed Up'], ['Bought', 'Purchased']]`.
   */
  synonyms?: readonly (readonly string[])[]
}

/**
 * The synonym groups that are lists of strings: a plan read from JSON or written without types
 * may hold anything there, and a name's check never throws into the app.
 */
const readableGroups = (synonyms: unknown): string[][] =>
  Array.isArray(synonyms)
    ? synonyms
        .filter((group): group is unknown[] => Array.isArray(group))
        .map((group) => group.filter((phrase): phrase is string => typeof phrase === 'string'))
    : []

/** The words a name normalises to: case, separators and camelCase folded, synonyms applied. */
export function nameKey(name: string, options: NearDuplicateOptions = {}): string {
  // letters and digits are separate tokens ("Step12" is "Step 12"), so numbers stay apart
  const tokens = (text: string): string[] =>
    splitWords(text.replace(/(?<=\p{L})(?=\d)|(?<=\d)(?=\p{L})/gu, ' ')).map((w) => w.toLowerCase())
  let words = tokens(name)
  for (const group of readableGroups(options.synonyms)) {
    const phrases = group.map(tokens)
    const canonical = phrases[0]?.join('') ?? ''
    for (const phrase of phrases) {
      if (phrase.length === 0) continue
      // one pass, left to right: linear in the words, however many times the phrase occurs
      const replaced: string[] = []
      for (let i = 0; i < words.length;) {
        if (phrase.every((w, j) => words[i + j] === w)) {
          replaced.push(canonical)
          i += phrase.length
        } else replaced.push(words[i++]!)
      }
      words = replaced
    }
  }
  // "Step 1 2" is not "Step 12": adjacent numbers keep a separator
  return words
    .map((w, i) => (i > 0 && /^\d/.test(w) && /\d$/.test(words[i - 1]!) ? `.${w}` : w))
    .join('')
}

/**
 * Groups of distinct names that normalise to the same words ("Sign Up", "signup",
 * "sign_up", "SignUp"), optionally treating synonyms as one.
 *
 * @example
 * findNearDuplicates(['Sign Up', 'signup', 'Viewed Pricing']) // [['Sign Up', 'signup']]
 */
export function findNearDuplicates(
  names: readonly string[],
  options: NearDuplicateOptions = {},
): string[][] {
  const groups = new Map<string, string[]>()
  for (const name of new Set(names)) {
    const key = nameKey(name, options)
    const group = groups.get(key)
    if (group) group.push(name)
    else groups.set(key, [name])
  }
  return [...groups.values()].filter((g) => g.length > 1)
}
