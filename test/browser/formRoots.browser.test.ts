import { describe, expect, it } from 'vitest'
import { pageWithCollector } from './buildPage'

const test = pageWithCollector('form-roots-page.tsx')

describe('a tracked form in a modal of an app rendered in a shadow root, in Chromium', () => {
  it('a blocked submit, typing and a submit: Failed Form Submission, Started Form, Submitted Form', async () => {
    const page = await test.context.newPage()
    await page.goto(`${test.site.url}/index.html`)
    await page.getByRole('button', { name: 'Send' }).click()
    await page.getByLabel('Comment').pressSequentially('hi')
    await page.getByRole('button', { name: 'Send' }).click()
    const tracked = () => page.evaluate(() => window.formEvents.map((e) => e.event))
    await expect.poll(tracked).toEqual(['Failed Form Submission', 'Started Form', 'Submitted Form'])
    const submitted = await page.evaluate(() => window.formEvents[2]!.properties)
    expect(submitted).toMatchObject({ form: 'Feedback', fieldsTouched: ['comment'] })
    await page.close()
  })
})
