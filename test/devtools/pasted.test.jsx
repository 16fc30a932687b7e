// A test a developer writes around the line "Copy as test" gave them: the app's component,
// a test tracker, the same click; the copied assertion is pasted where the marker is.
import { act } from 'react'
import { createRoot } from 'react-dom/client'
// `expect` is used by the assertion pasted at the marker below
// eslint-disable-next-line @typescript-eslint/no-unused-vars
import { expect, test } from 'vitest'
import { TrackingProvider } from 'trackplan'
import { createTestTracker } from 'trackplan/testing'
import 'trackplan/testing/vitest'
import { plan } from '../src/plan.js'
import { Pricing } from '../src/App.jsx'

globalThis.IS_REACT_ACT_ENVIRONMENT = true

test('the assertion copied from the devtools', async () => {
  const tracking = createTestTracker({ plan })
  const container = document.body.appendChild(document.createElement('div'))
  await act(async () =>
    createRoot(container).render(
      <TrackingProvider tracker={tracking.tracker}>
        <Pricing />
      </TrackingProvider>,
    ),
  )
  await act(async () =>
    [...container.querySelectorAll('button')].find((b) => b.textContent === 'Choose pro').click(),
  )
  await tracking.tracker.flush()
  /* PASTE */
})
