// Which fields' values may never be captured, whatever `captureValues` lists: a table of real
// field names (half secret, half not) and of the attributes that decide before any name.
import { readFileSync } from 'node:fs'
import { join } from 'node:path'
import { render, screen } from '@testing-library/react'
import userEvent from '@testing-library/user-event'
import { describe, expect, it, vi } from 'vitest'
import { TrackForm } from 'trackplan'
import { isSensitiveField } from '../../src/dom/elements'
import { SENSITIVE_PHRASES, SENSITIVE_STEMS, SENSITIVE_WORDS } from '../../src/dom/sensitiveWords'
import { setupTracker } from '../react/utils'

/** The first field of `html`, in a fresh document body. */
function field(html: string): Element {
  document.body.innerHTML = html
  return document.body.querySelector('input, select, textarea')!
}

// names as real forms spell them, in every case style
const SECRET_NAMES = [
  'ccNumber',
  'cc_number',
  'cc-exp',
  'cc_exp',
  'CCNumber',
  'ccnumber',
  'cc.csc',
  'cardNumber',
  'card_number',
  'cardnumber',
  'CardNumber',
  'creditCard',
  'credit-card-number',
  'giftCardNumber',
  'cardholderName',
  'cvv',
  'cvv2',
  'CVC',
  'payment[card][cvc]',
  'securityCode',
  'security_code',
  'iban',
  'IBAN',
  'accountNumber',
  'bank.account_no',
  'routingNumber',
  'ssn',
  'userSSN',
  'social_security_number',
  'taxId',
  'passportNumber',
  'password',
  'newPassword',
  'new_password1',
  'confirmpassword',
  'passwd',
  'user_pwd',
  'user.pass',
  'passcode',
  'pin',
  'pinNumber',
  'pinCode', // an Indian postal PIN code too: see the autocomplete rows below
  'otp',
  'otpCode',
  '2fa_code',
  'mfaCode',
  'verificationCode',
  'oneTimeCode',
  'apiKey',
  'clientSecret',
  'accessToken',
  'refresh_token',
  'recoveryCodes',
  'securityAnswer',
  'mothersMaidenName',
  'ccTld', // `cc` is a word of its own: refused, a false positive we accept
  // names captureValues once sent (hunt A): credentials
  'securityQuestionAnswer', // words between the two of `security … answer`
  'psw', // W3Schools' login form, shown as text by a show-password toggle
  'pswd',
  'passkey',
  'authKey',
  'encryptionKey',
  // one-time codes
  'smsCode',
  'authenticatorCode',
  // payment: ActiveMerchant's, Spree's and Shopify's name for the CVV
  'verification_value',
  // bank accounts
  'bankAccount',
  'bank_account',
  'sortCode', // beside `sortKey`, which is not
  // government ids
  'national_identity_number',
  'taxNumber',
  'taxpayerId',
  'idNumber',
]

const PLAIN_NAMES = [
  'email',
  'firstName',
  'last_name',
  'zip',
  'zipCode',
  'postal-code',
  'country',
  'countryCode',
  'quantity',
  'qty',
  'seats',
  'plan',
  'promoCode',
  'coupon_code',
  'couponCode',
  'discountCode',
  'currencyCode',
  'postalCode',
  'orderNumber',
  'userId',
  'accountId',
  'bankName',
  'taxRate',
  'securityQuestion', // the question asked, not its answer
  'smsOptIn',
  // a bare `key` names a thing, not a secret
  'sortKey',
  'primaryKey',
  'idempotencyKey',
  'opinion',
  'shipping',
  'shippingMethod',
  'pinned',
  'spinner',
  'tokenizer',
  'passenger',
  'passengers',
  'compass',
  'bypassCache',
  'discard',
  'cardio_minutes',
  'scorecard',
  'accountType',
  'secretary',
  'keyword',
  'keyboardLayout',
  'company',
  'message',
  'notes',
  'search',
  'currency',
  'tipAmount',
  'deliveryDate',
  'couponExpiry',
  'address_line1',
  'username',
  'newsletter',
  'rating',
  'feedback',
  'experience',
  'theme',
]

describe('isSensitiveField: names, split into words in any case style', () => {
  it('has at least 60 real names, half of them secret', () => {
    expect(SECRET_NAMES.length + PLAIN_NAMES.length).toBeGreaterThanOrEqual(60)
    expect(SECRET_NAMES.length).toBeGreaterThanOrEqual(30)
    expect(PLAIN_NAMES.length).toBeGreaterThanOrEqual(30)
  })

  it.each(SECRET_NAMES)('%s is secret', (name) => {
    expect(isSensitiveField(field(`<input name="${name}">`))).toBe(true)
  })

  it.each(PLAIN_NAMES)('%s is not', (name) => {
    expect(isSensitiveField(field(`<input name="${name}">`))).toBe(false)
  })

  it.each(SECRET_NAMES)('%s as an id is secret too', (name) => {
    expect(isSensitiveField(field(`<input id="${name}">`))).toBe(true)
  })
})

describe('isSensitiveField: attributes that decide before any name', () => {
  const rows: [string, boolean][] = [
    ['<input name="number" autocomplete="cc-number">', true],
    ['<input name="holder" autocomplete="cc-name">', true],
    ['<input name="brand" autocomplete="billing cc-type">', true],
    ['<input name="month" autocomplete="cc-exp-month">', true],
    ['<input name="current" autocomplete="current-password">', true],
    ['<input name="next" autocomplete="section-signup new-password">', true],
    ['<input name="code" autocomplete="one-time-code">', true],
    ['<input name="anything" type="password">', true],
    ['<input name="anything" type="hidden">', true],
    ['<input name="upload" type="file">', true],
    ['<div data-track-ignore><input name="plan"></div>', true],
    // a name that sounds secret, but the author says what the field holds: a postal code
    ['<input name="pinCode" autocomplete="postal-code">', false],
    ['<input name="pincode" autocomplete="shipping postal-code">', false],
    // tricks to switch autofill off say nothing about the field
    ['<input name="cardNumber" autocomplete="off">', true],
    ['<input name="cardNumber" autocomplete="nope">', true],
    // numeric input alone is a quantity as often as a card number
    ['<input name="amount" inputmode="numeric">', false],
    ['<input name="field7" inputmode="numeric" aria-label="Card number">', true],
    ['<label>Security code <input name="field8"></label>', true],
    ['<label for="f9">CVV</label><input id="f9" name="field9">', true],
    ['<input name="field10" placeholder="IBAN">', true],
    ['<span id="l11">Your PIN</span><input name="field11" aria-labelledby="l11">', true],
    ['<input name="field12" title="One-time password">', true],
    ['<label>Quantity <input name="field13" inputmode="numeric"></label>', false],
    ['<select name="cardType"><option>Visa</option></select>', true],
    ['<textarea name="notes" aria-label="Delivery notes"></textarea>', false],
  ]
  it.each(rows)('%s → %s', (html, sensitive) => {
    expect(isSensitiveField(field(html))).toBe(sensitive)
  })
})

describe('captureValues never sends a card number', () => {
  it('ccNumber, cc_number and cc_exp are refused even when listed; development warns once each', async () => {
    const warn = vi.spyOn(console, 'warn').mockImplementation(() => {})
    const { wrapper, events } = setupTracker()
    render(
      <TrackForm
        name="Checkout"
        onSubmit={(e) => e.preventDefault()}
        captureValues={['ccNumber', 'cc_number', 'cc_exp', 'quantity']}
      >
        <input name="ccNumber" aria-label="f1" defaultValue="4111111111111111" />
        <input name="cc_number" aria-label="f2" defaultValue="4111111111111111" />
        <input name="cc_exp" aria-label="f3" defaultValue="12/29" />
        <input name="quantity" aria-label="f4" inputMode="numeric" defaultValue="2" />
        <button>Pay</button>
      </TrackForm>,
      { wrapper },
    )
    await userEvent.type(screen.getByLabelText('f4'), '0')
    await userEvent.click(screen.getByRole('button'))
    await userEvent.click(screen.getByRole('button'))
    const tracked = await events()
    const submitted = tracked.find((e) => e.event === 'Submitted Form')!
    expect(submitted.properties.values).toEqual({ quantity: '20' })
    expect(JSON.stringify(tracked)).not.toContain('4111')
    expect(JSON.stringify(tracked)).not.toContain('12/29')
    const refused = warn.mock.calls
      .map((c) => String(c[0]))
      .filter((m) => m.includes('captureValues'))
    expect(refused).toHaveLength(3)
    expect(refused[0]).toMatch(/^\[trackplan\] captureValues lists "ccNumber"/)
    expect(refused.join('\n')).not.toContain('4111')
    warn.mockRestore()
  })
})

describe('the lists are documented', () => {
  it('docs/forms.md names every word, phrase and stem', () => {
    const docs = readFileSync(join(__dirname, '../../docs/forms.md'), 'utf8')
    for (const entry of [...SENSITIVE_WORDS, ...SENSITIVE_PHRASES, ...SENSITIVE_STEMS])
      expect(docs).toContain(`\`${entry}\``)
  })

  it('every phrase is singular words, as names are matched after dropping a plural s', () => {
    for (const phrase of SENSITIVE_PHRASES)
      for (const word of phrase.split(' ')) expect(word).not.toMatch(/^.{3,}[^s]s$/)
  })
})
