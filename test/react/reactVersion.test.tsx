import { version } from 'react'
import { version as domVersion } from 'react-dom'
import { expect, it } from 'vitest'

it('runs against the React major its project names (19, or 18.3 in the react18 project)', () => {
  const major = process.env.EXPECTED_REACT_MAJOR!
  expect(version.split('.')[0]).toBe(major)
  expect(domVersion).toBe(version)
})
