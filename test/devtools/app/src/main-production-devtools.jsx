// the devtools forced into a production build, on purpose
import { TrackplanDevtools } from 'trackplan/devtools/production'
import { TrackingProvider } from 'trackplan'
import { createRoot } from 'react-dom/client'
import { tracker } from './tracking.js'
import { App } from './App.jsx'

createRoot(document.getElementById('root')).render(
  <TrackingProvider tracker={tracker}>
    <App />
    <TrackplanDevtools />
  </TrackingProvider>,
)
