import { cleanup } from '@testing-library/react'
import { afterEach } from 'vitest'

afterEach(() => {
  cleanup()
  try {
    localStorage.clear()
  } catch {
    // storage may be unavailable in a test that removes it on purpose
  }
})
