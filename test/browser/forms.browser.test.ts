import { describe, expect, it } from 'vitest'
import { pageWithCollector } from './buildPage'

const test = pageWithCollector('forms-page.tsx')

const named = (name: string) => test.sink.received.filter((e) => e.event === name)
/** One form's events of a name: the page holds three forms. */
const ofForm = (form: string, name: string) =>
  named(name).filter((e) => (e.properties as { form?: unknown }).form === form)

describe('forms in Chromium', () => {
  it('a started form whose page is left records Abandoned Form, and it reaches the collector', async () => {
    test.sink.received.length = 0
    const page = await test.context.newPage()
    await page.goto(
      `${test.site.url}/index.html?collector=${encodeURIComponent(`${test.sink.url}/collect`)}`,
    )
    await page.getByLabel('Nickname').pressSequentially('jo')
    await expect.poll(() => named('Started Form').length).toBe(1)
    await page.getByRole('link', { name: 'Leave' }).click()
    await page.waitForURL(/elsewhere/)
    await expect.poll(() => named('Abandoned Form').length, { timeout: 10_000 }).toBe(1)
    expect(named('Abandoned Form')[0]!.properties).toMatchObject({
      form: 'Signup',
      lastField: 'nickname',
      trigger: 'pagehide',
    })
    await page.close()
  })

  it("the browser's own constraint validation produces one Failed Form Submission with the ValidityState codes", async () => {
    test.sink.received.length = 0
    const page = await test.context.newPage()
    await page.goto(
      `${test.site.url}/index.html?collector=${encodeURIComponent(`${test.sink.url}/collect`)}`,
    )
    await page.getByLabel('Email').pressSequentially('not-an-email')
    await page.getByLabel('Password').pressSequentially('short')
    await page.getByRole('button', { name: 'Sign up' }).click()
    await expect.poll(() => named('Failed Form Submission').length).toBe(1)
    await page.waitForTimeout(300)
    expect(named('Failed Form Submission')).toHaveLength(1)
    expect(named('Failed Form Submission')[0]!.properties).toEqual({
      form: 'Signup',
      reason: 'validation',
      errors: [
        { field: 'email', code: 'typeMismatch' },
        { field: 'password', code: 'tooShort' },
      ],
    })
    expect(named('Submitted Form')).toHaveLength(0)
    await page.close()
  })

  it('a field and a submit button tied by form="invite" from outside the <form> belong to it', async () => {
    test.sink.received.length = 0
    const page = await test.context.newPage()
    await page.goto(
      `${test.site.url}/index.html?collector=${encodeURIComponent(`${test.sink.url}/collect`)}`,
    )
    const invite = (name: string) => ofForm('Invite', name)
    await page.getByRole('button', { name: 'Send invite' }).click()
    await expect.poll(() => invite('Failed Form Submission').length).toBe(1)
    expect(invite('Failed Form Submission')[0]!.properties).toEqual({
      form: 'Invite',
      reason: 'validation',
      errors: [{ field: 'invitee', code: 'valueMissing' }],
    })
    await page.getByLabel('Invitee address').pressSequentially('jo@example.org')
    await expect.poll(() => invite('Started Form').length).toBe(1)
    expect(invite('Started Form')[0]!.properties).toEqual({ form: 'Invite', field: 'invitee' })
    await page.getByRole('button', { name: 'Send invite' }).click()
    await expect.poll(() => invite('Submitted Form').length).toBe(1)
    expect(invite('Submitted Form')[0]!.properties).toMatchObject({ fieldsTouched: ['invitee'] })
    await page.close()
  })

  it('a React 19 form action: Submitted Form when it resolves; when it throws, Failed Form Submission and the error boundary', async () => {
    test.sink.received.length = 0
    const page = await test.context.newPage()
    await page.goto(
      `${test.site.url}/index.html?collector=${encodeURIComponent(`${test.sink.url}/collect`)}`,
    )
    const newsletter = (name: string) => ofForm('Newsletter', name)
    await page.getByLabel('Newsletter address').pressSequentially('jo@example.org')
    await page.getByRole('button', { name: 'Subscribe' }).click()
    await expect.poll(() => newsletter('Submitted Form').length).toBe(1)
    // React resets the form once the action has returned
    await expect.poll(() => page.getByLabel('Newsletter address').inputValue()).toBe('')
    await page.getByLabel('Newsletter address').pressSequentially('fail@example.org')
    await page.getByRole('button', { name: 'Subscribe' }).click()
    await expect.poll(() => newsletter('Failed Form Submission').length).toBe(1)
    expect(newsletter('Failed Form Submission')[0]!.properties).toEqual({
      form: 'Newsletter',
      reason: 'exception',
      errorName: 'Error',
      message: 'Subscription failed',
    })
    expect(await page.getByRole('alert').textContent()).toBe('Subscription failed')
    expect(newsletter('Submitted Form')).toHaveLength(1)
    await page.close()
  })

  it('Radix Checkbox and Switch pressed in Chromium start the form; the app resetting the checkbox after the submit starts nothing', async () => {
    test.sink.received.length = 0
    const page = await test.context.newPage()
    await page.goto(
      `${test.site.url}/index.html?collector=${encodeURIComponent(`${test.sink.url}/collect`)}`,
    )
    const preferences = (name: string) => ofForm('Preferences', name)
    await page.getByRole('switch', { name: 'Dark mode' }).click()
    await expect.poll(() => preferences('Started Form').length).toBe(1)
    expect(preferences('Started Form')[0]!.properties).toEqual({
      form: 'Preferences',
      field: 'darkMode',
    })
    await page.getByRole('checkbox', { name: 'Product updates' }).press('Space')
    await page.getByRole('button', { name: 'Save preferences' }).click()
    await expect.poll(() => preferences('Submitted Form').length).toBe(1)
    expect(preferences('Submitted Form')[0]!.properties).toMatchObject({
      fieldsTouched: ['darkMode', 'updates'],
    })
    await expect
      .poll(() =>
        page.getByRole('checkbox', { name: 'Product updates' }).getAttribute('data-state'),
      )
      .toBe('unchecked')
    await page.waitForTimeout(300)
    expect(preferences('Started Form')).toHaveLength(1)
    await page.close()
  })
})
