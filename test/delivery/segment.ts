import { AnalyticsBrowser } from '@segment/analytics-next'

/**
 * The real analytics-next, loaded with its settings inline (no CDN here) and posting to a
 * collector at `origin`. Returns the buffered `AnalyticsBrowser`: await it for the loaded instance.
 */
export function loadSegment(origin: string, settings: Record<string, unknown> = {}) {
  const writeKey = 'test-write-key'
  const host = new URL(origin).host
  return AnalyticsBrowser.load(
    {
      writeKey,
      cdnSettings: {
        integrations: {
          'Segment.io': { apiKey: writeKey, apiHost: `${host}/v1`, protocol: 'http' },
        },
      },
    },
    // analytics-next reads `protocol` at run time; its types do not list it
    { protocol: 'http', ...settings } as unknown as Parameters<typeof AnalyticsBrowser.load>[1],
  )
}
