// The referrer httpSink's worker is told to send with: the page's address, under the policy
// the page's <meta name="referrer"> set (Chromium's blob: worker does not follow it itself).
import { afterEach, describe, expect, it } from 'vitest'
import { pageReferrer } from '../../src/sinks/http/referrer'

const meta = (content: string) => {
  const element = document.createElement('meta')
  element.name = 'referrer'
  element.content = content
  document.head.append(element)
}

afterEach(() => document.head.replaceChildren())

describe('pageReferrer', () => {
  it('names the page’s address, and no policy where the page set none', () => {
    expect(pageReferrer()).toEqual({ referrer: location.href, referrerPolicy: undefined })
  })

  it('names the policy of the last valid <meta name="referrer">, `never` as no-referrer', () => {
    meta('origin')
    expect(pageReferrer().referrerPolicy).toBe('origin')
    meta('never')
    expect(pageReferrer().referrerPolicy).toBe('no-referrer')
    // words that are no policy change nothing
    meta('constructor')
    meta('nonsense')
    meta('')
    expect(pageReferrer().referrerPolicy).toBe('no-referrer')
    meta(' Strict-Origin ')
    expect(pageReferrer().referrerPolicy).toBe('strict-origin')
  })
})
