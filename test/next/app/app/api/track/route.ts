// The app's collector: each batch is checked against the same plan, on the server.
import { compilePlan, type TrackedEvent } from 'trackplan/server'
import { plan } from '../../../lib/tracking-plan'

const check = compilePlan(plan)

export async function POST(request: Request) {
  const { batch } = JSON.parse(await request.text()) as { batch: TrackedEvent[] }
  return Response.json({
    received: batch.length,
    violations: batch.flatMap((e) => check(e)).map((v) => v.message),
  })
}
