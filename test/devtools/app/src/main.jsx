// trackplan/devtools first: trackers made after it announce their plan and sinks to it
import { TrackplanDevtools } from 'trackplan/devtools'
import { TrackingProvider } from 'trackplan'
import { createRoot } from 'react-dom/client'
import { tracker } from './tracking.js'
import { App } from './App.jsx'

createRoot(document.getElementById('root')).render(
  <TrackingProvider tracker={tracker}>
    <App />
    <TrackplanDevtools initialIsOpen={false} position="bottom-right" />
  </TrackingProvider>,
)
