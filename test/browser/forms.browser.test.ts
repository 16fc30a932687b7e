import { describe, expect, it } from 'vitest'
import { pageWithCollector } from './buildPage'

const test = pageWithCollector('forms-page.tsx')

const named = (name: string) => test.sink.received.filter((e) => e.event === name)

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
})
