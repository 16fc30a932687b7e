// Server events, one identity per request: the module's tracker is shared by every request.
import { callbackSink, createTracker, type TrackedEvent } from 'trackplan/server'
import { plan } from '../../../lib/tracking-plan'

const recorded: TrackedEvent[] = []
const tracker = createTracker({
  plan,
  validation: 'throw',
  sinks: [callbackSink((event) => void recorded.push(event))],
})

export async function POST(request: Request) {
  const customer = request.headers.get('x-customer')
  const { orderId } = (await request.json()) as { orderId: string }
  await new Promise((resolve) => setTimeout(resolve, Math.random() * 20)) // requests interleave
  tracker.withIdentity({ userId: customer }).track('Completed Purchase', { orderId })
  await tracker.flush({ timeout: 1000 })
  return Response.json({ ok: true })
}

export function GET() {
  return Response.json(
    recorded.map((e) => ({
      orderId: e.properties.orderId,
      userId: e.userId,
      anonymousId: e.anonymousId,
    })),
  )
}
