import { Component, isValidElement, type ErrorInfo, type ReactNode } from 'react'
import { scrubsErrors } from './contexts'
import type { PropertiesInput } from '../core/types'
import type { EventName } from '../plan/types'
import { ENCOUNTERED_ERROR } from '../core/builtInNames'
import { describeError } from '../core/describeError'
import { layerProperties } from '../core/properties'
import { useScopeTrack } from './useScopeTrack'

export interface TrackErrorBoundaryProps {
  /** The event recorded for a render error. Default `'Encountered Error'`. */
  event?: EventName
  /** Added to the event. */
  properties?: PropertiesInput
  /**
   * A stable name for what failed, sent as `component` ("Checkout"). Without it the first
   * component of React's component stack is sent in development only: production builds
   * minify function names ("ll"), so there `component` is `null` unless named here.
   */
  name?: string
  /** Shown instead of the children after an error: an element, or a function of the error and a `reset`. */
  fallback?: ReactNode | ((props: { error: unknown; reset: () => void }) => ReactNode)
  /** The app's own error handler (logging, Sentry), called after the event is recorded. */
  onError?: (error: unknown, info: ErrorInfo) => void
  children?: ReactNode
}

/** The first component named in a React component stack (React 18's "in X", 19's "at X"). */
export function firstComponent(stack: string | null | undefined): string | null {
  const match = /^\s*(?:at|in)\s+([A-Za-z0-9_$.]+)/m.exec(stack ?? '')
  return match?.[1] ?? null
}

interface InnerProps extends TrackErrorBoundaryProps {
  track: (event: string, properties?: PropertiesInput) => unknown
  scrub: boolean
}

type BoundaryProps = Omit<InnerProps, 'event'> & { event?: string }

class Boundary extends Component<BoundaryProps, { error: unknown; failed: boolean }> {
  override state = { error: undefined as unknown, failed: false }

  static getDerivedStateFromError(error: unknown) {
    return { error, failed: true }
  }

  override componentDidCatch(error: unknown, info: ErrorInfo): void {
    const { track, event = ENCOUNTERED_ERROR, properties, onError, name, scrub } = this.props
    const component =
      name ?? (process.env.NODE_ENV !== 'production' ? firstComponent(info.componentStack) : null)
    try {
      const detail = { component, handled: false }
      track(event, layerProperties(properties, describeError(error, scrub), detail))
    } finally {
      onError?.(error, info)
    }
  }

  reset = (): void => this.setState({ error: undefined, failed: false })

  override render(): ReactNode {
    if (!this.state.failed) return this.props.children
    const { fallback = null } = this.props
    if (typeof fallback === 'function' && !isValidElement(fallback))
      return fallback({ error: this.state.error, reset: this.reset })
    return fallback as ReactNode
  }
}

/**
 * Records render errors below it as `Encountered Error` (error name, message truncated to
 * 200 characters, the first component of the component stack) and renders `fallback`.
 *
 * @example
 * <TrackErrorBoundary fallback={({ reset }) => <button onClick={reset}>Try again</button>}>
 *   <Checkout />
 * </TrackErrorBoundary>
 */
export function TrackErrorBoundary(props: TrackErrorBoundaryProps): ReactNode {
  const { track, scope } = useScopeTrack('TrackErrorBoundary')
  const scrub = scrubsErrors(scope)
  return <Boundary {...props} track={track} scrub={scrub} />
}
