import { useEffect } from 'react'
import { trackPageViews } from '../core/pageViews'
import { useTracker } from './useTracker'

/**
 * Page views without wiring a router: one `page()` when it mounts and one per navigation
 * through the History API (the App Router's `<Link>`, `router.push`, back and forward), with
 * the new page's path and title. Not repeated by StrictMode's double mount. Place it once,
 * inside the provider.
 *
 * @example
 * <TrackingProvider tracker={tracker}><TrackPageViews />{children}</TrackingProvider>
 */
export function TrackPageViews(): null {
  const tracker = useTracker()
  useEffect(() => trackPageViews(tracker), [tracker])
  return null
}
