import { describe, expectTypeOf, it } from 'vitest'
import {
  createTracker,
  TrackClick,
  TrackErrorBoundary,
  TrackForm,
  TrackView,
  useTrack,
  useTrackError,
  useTrackOnMount,
  useTracker,
  type EventName,
} from 'trackplan'
import { plan } from './plan'

describe('with a plan registered through Register', () => {
  it('event names are the plan’s, autocompleted', () => {
    expectTypeOf<EventName>().toEqualTypeOf<
      | 'Viewed Pricing'
      | 'Clicked Plan'
      | 'Completed Purchase'
      | 'Signed Up'
      | 'Started Form'
      | 'Submitted Form'
      | 'Failed Form Submission'
      | 'Abandoned Form'
      | 'Encountered Error'
      | 'Rage Clicked'
    >()
  })

  it('useTrack checks names, required properties, enums and types', () => {
    const track = useTrack()
    track('Viewed Pricing', { plan: 'pro' })
    track('Viewed Pricing', { plan: 'team', price: 49, campaign: 'spring' })
    track('Signed Up')
    track('Clicked Plan')
    // @ts-expect-error unknown event name
    track('Viewed Pricng', { plan: 'pro' })
    // @ts-expect-error missing required property "plan"
    track('Viewed Pricing', { price: 1 })
    // @ts-expect-error properties are required when the plan requires some
    track('Viewed Pricing')
    // @ts-expect-error "gold" is not in the enum
    track('Viewed Pricing', { plan: 'gold' })
    // @ts-expect-error price is a number
    track('Viewed Pricing', { plan: 'pro', price: '49' })
  })

  it('Standard Schema properties are typed from the schema; additionalProperties: false closes the object', () => {
    const track = useTrack()
    track('Completed Purchase', { orderId: 'A-1', total: 10 })
    track('Completed Purchase', { orderId: 'A-1', total: 10, coupon: 'SPRING' })
    // @ts-expect-error total is a number (from z.number())
    track('Completed Purchase', { orderId: 'A-1', total: '10' })
    // @ts-expect-error orderId is required (z.string() does not accept undefined)
    track('Completed Purchase', { total: 10 })
    // @ts-expect-error no other property is allowed
    track('Completed Purchase', { orderId: 'A-1', total: 10, note: 'x' })
  })

  it('components and the tracker are typed the same way', () => {
    expectTypeOf(TrackClick).toBeCallableWith({
      event: 'Clicked Plan',
      properties: { plan: 'pro' },
      children: <button />,
    })
    expectTypeOf(TrackClick).toBeCallableWith({
      event: 'Viewed Pricing',
      properties: () => ({ plan: 'free' as const }),
      children: <button />,
    })
    // @ts-expect-error unknown event
    ;<TrackClick event="Clicked Nothing">
      <button />
    </TrackClick>
    // @ts-expect-error required properties missing
    ;<TrackClick event="Viewed Pricing">
      <button />
    </TrackClick>
    // @ts-expect-error enum
    ;<TrackView event="Viewed Pricing" properties={{ plan: 'gold' }}>
      <div />
    </TrackView>
    useTrackOnMount('Viewed Pricing', { plan: 'pro' })
    // @ts-expect-error required properties missing
    useTrackOnMount('Viewed Pricing')

    ;<TrackForm name="Signup" events={{ submitted: 'Signed Up' }} />
    // @ts-expect-error form event names come from the plan
    ;<TrackForm name="Signup" events={{ submitted: 'Signed Upp' }} />
    ;<TrackErrorBoundary event="Encountered Error" />
    // @ts-expect-error error event names too
    ;<TrackErrorBoundary event="Crashed" />
    useTrackError('Encountered Error')

    const tracker = createTracker({ plan })
    tracker.track('Viewed Pricing', { plan: 'free' })
    // @ts-expect-error unknown event
    tracker.track('Nope')
    useTracker().track('Signed Up')
    // @ts-expect-error missing required
    useTracker().track('Viewed Pricing', {})
  })
})
