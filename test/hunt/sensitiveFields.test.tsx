// Real-world names of secret fields (credentials, one-time codes, payment, bank, government id:
// what docs/forms.md calls secret) that captureValues still sends.
// Run: npx vitest run test/hunt/sensitiveFields.test.tsx --project unit
import { fireEvent, render, screen } from '@testing-library/react'
import { describe, expect, it, vi } from 'vitest'
import { createTracker, memorySink, TrackForm, TrackingProvider } from 'trackplan'

async function capturedOnSubmit(name: string, value: string, extra: Record<string, string> = {}) {
  vi.spyOn(console, 'warn').mockImplementation(() => {})
  const memory = memorySink()
  const tracker = createTracker({ sinks: [memory], storage: 'memory' })
  render(
    <TrackingProvider tracker={tracker}>
      <TrackForm name="Account" captureValues={[name, 'plan']} onSubmit={(e) => e.preventDefault()}>
        <input name="plan" aria-label="Plan" defaultValue="pro" />
        <input name={name} aria-label="field" {...extra} />
        <button type="submit">Save</button>
      </TrackForm>
    </TrackingProvider>,
  )
  const input = document.querySelector(`input[name="${name}"]`) as HTMLInputElement
  fireEvent.input(input, { target: { value } })
  fireEvent.click(screen.getByRole('button', { name: 'Save' }))
  fireEvent.submit(input.form!)
  await tracker.flush()
  const submitted = memory.events.find((e) => e.event === 'Submitted Form')
  vi.restoreAllMocks()
  return (submitted?.properties as { values?: Record<string, unknown> } | undefined)?.values
}

describe('captureValues never sends a secret field, by its real-world name', () => {
  it.each([
    // credentials
    ['securityQuestionAnswer', 'Fluffy'], // the answer to a security question ('security answer' is listed)
    ['psw', 'hunter22'], // W3Schools' login form, shown as text by a show-password toggle
    ['pswd', 'hunter22'],
    ['passkey', 'hunter22'],
    ['authKey', 'sk_live_abc123'],
    ['encryptionKey', 'k3y-material'],
    // one-time codes
    ['smsCode', '482913'],
    ['authenticatorCode', '482913'],
    // payment: ActiveMerchant / Spree / Shopify's name for the CVV
    ['verification_value', '737'],
    // bank accounts
    ['bankAccount', '12345678'],
    ['bank_account', '12345678'],
    // government ids ('national id' and 'tax id' are listed)
    ['national_identity_number', 'AB123456C'],
    ['taxNumber', '123-45-6789'],
    ['taxpayerId', '123-45-6789'],
    ['idNumber', '8001015009087'],
  ])('%s is refused', async (name, value) => {
    const values = await capturedOnSubmit(name, value)
    expect(values).toEqual({ plan: 'pro' })
  })
})
