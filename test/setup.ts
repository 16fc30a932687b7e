import { cleanup } from '@testing-library/react'
import { afterEach } from 'vitest'
import { installEngine } from '../src/core/createTracker'
import * as engine from '../src/core/engine'

// the suites test the tracker's behaviour, whole from its first call (as trackplan/testing
// makes it); test/core/front.test.ts and test/react/beforeEngine.test.tsx test the calls
// taken before the engine arrives, and the browser and packed-tarball suites load it lazily
installEngine(engine)

afterEach(() => {
  cleanup()
  try {
    localStorage.clear()
  } catch {
    // storage may be unavailable in a test that removes it on purpose
  }
})
