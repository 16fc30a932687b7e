// What makes a field secret, as data: the words, phrases and autocomplete tokens that keep a
// field's value out of every event even when `captureValues` lists it. The rule that reads
// them is `isSensitiveField` (elements.ts); docs/forms.md prints these lists, and a test keeps
// the two in step. Secret means a credential, payment data, a bank account or a government
// id: what a leak turns into fraud or a taken-over account. Other personal data (names,
// emails, phones, addresses, birthdays) is the app's call through `captureValues`.

/**
 * Whole words, matched after a name, id or label is split into words (camelCase, PascalCase,
 * snake_case, kebab-case, dotted.names, digits) and lower-cased; a plural `s` is dropped.
 * Never matched inside another word: `opinion`, `shipping`, `tokenizer` and `passenger` are
 * not secret.
 */
export const SENSITIVE_WORDS: readonly string[] = [
  // credentials and one-time codes
  'password',
  'passwd',
  'pwd',
  'pw',
  'psw',
  'pswd',
  'pass',
  'passcode',
  'passkey',
  'passphrase',
  'secret',
  'token',
  'credential',
  'apikey',
  'mnemonic',
  'otp',
  'totp',
  'hotp',
  'mfa',
  '2fa',
  // a card's or a phone's PIN; an Indian postal PIN code says `autocomplete="postal-code"`
  'pin',
  // payment cards (`cc` alone too: `ccTld` is refused, a false positive accepted)
  'card',
  'cc',
  'cardholder',
  'cvv',
  'cvc',
  'csc',
  'cvn',
  'pan',
  // bank accounts
  'iban',
  // government ids
  'ssn',
  'sin',
  'tin',
  'itin',
  'passport',
  'aadhaar',
  'cpf',
  'dni',
]

/**
 * Consecutive words (each singular) that are secret together, though each is common alone
 * (`promoCode`, `sortKey`, `accountType`, `licensePlate`). A `…` stands for any words between,
 * none too (`securityQuestionAnswer`). `code`, `key`, `account`, `number` and `id` are never
 * secret alone: only the qualifiers here make them so.
 */
export const SENSITIVE_PHRASES: readonly string[] = [
  // one-time and recovery codes
  'security code',
  'verification code',
  'verify code',
  'auth code',
  'authentication code',
  'authenticator code',
  'sms code',
  'login code',
  'reset code',
  'activation code',
  'access code',
  'recovery code',
  'backup code',
  'one time',
  'two factor',
  // keys that open something (a bare `key` is an identifier: `sortKey`, `primaryKey`)
  'api key',
  'access key',
  'auth key',
  'authentication key',
  'encryption key',
  'decryption key',
  'signing key',
  'session key',
  'master key',
  'private key',
  'license key',
  'product key',
  'activation key',
  'recovery key',
  'seed phrase',
  'recovery phrase',
  // account recovery questions
  'security … answer',
  'maiden name',
  // payment cards: ActiveMerchant's and Shopify's name for the CVV
  'verification value',
  // bank accounts
  'bank account',
  'account number',
  'account num',
  'account no',
  'acct number',
  'acct num',
  'acct no',
  'routing number',
  'sort code',
  // government ids
  'social security',
  'social insurance',
  'national insurance',
  'national id',
  'id number',
  'id num',
  'id no',
  'identity number',
  'identification number',
  'tax id',
  'tax number',
  'tax num',
  'tax no',
  'taxpayer id',
  'taxpayer number',
  'driver license',
  'driving licence',
  'driving license',
]

/**
 * Found inside a run-together lower-case word (`newpassword`, `cardnumber`, `ccnum`): long or
 * odd enough that no everyday word holds them. Short words (`pin`, `ssn`, `token`) are never
 * looked for inside others: `spinner`, `classname` and `tokenizer` would match.
 */
export const SENSITIVE_STEMS: readonly string[] = [
  'password',
  'passwd',
  'passphrase',
  'passcode',
  'creditcard',
  'debitcard',
  'cardnumber',
  'cardholder',
  'ccnum',
  'ccexp',
  'cvv',
  'securitycode',
  'accountnumber',
  'routingnumber',
  'apikey',
  'secretkey',
  'privatekey',
  'pincode',
]

/**
 * `autocomplete` field names of secrets: these, and every `cc-*` one (the cardholder's name
 * and the card type too, as card data is sent whole or not at all).
 */
export const SENSITIVE_AUTOCOMPLETE: readonly string[] = [
  'current-password',
  'new-password',
  'one-time-code',
]

/**
 * The HTML standard's other `autocomplete` field names: the author saying what a field holds,
 * which no name word overrules (`<input name="pinCode" autocomplete="postal-code">`, India's
 * postal PIN code, is a postal code). Values to switch autofill off (`off`, `nope`) name
 * nothing, and leave the decision to the words.
 */
export const PLAIN_AUTOCOMPLETE: readonly string[] = [
  'name',
  'honorific-prefix',
  'given-name',
  'additional-name',
  'family-name',
  'honorific-suffix',
  'nickname',
  'username',
  'organization-title',
  'organization',
  'street-address',
  'address-line1',
  'address-line2',
  'address-line3',
  'address-level4',
  'address-level3',
  'address-level2',
  'address-level1',
  'country',
  'country-name',
  'postal-code',
  'transaction-currency',
  'transaction-amount',
  'language',
  'bday',
  'bday-day',
  'bday-month',
  'bday-year',
  'sex',
  'url',
  'photo',
  'tel',
  'tel-country-code',
  'tel-national',
  'tel-area-code',
  'tel-local',
  'tel-local-prefix',
  'tel-local-suffix',
  'tel-extension',
  'email',
  'impp',
]
