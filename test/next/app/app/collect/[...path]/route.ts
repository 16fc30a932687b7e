// docs/collector.md's Route Handler, as a user writes it: serves /collect/v1/batch and
// /collect/v1/report. The store is the test's: a PostgreSQL server when one is given (the
// docs' DATABASE_URL), else a PGlite folder.
import { createCollector, pgliteStore, postgresStore, type Collector } from 'trackplan/collector'
import { plan } from '../../../lib/tracking-plan'

export const runtime = 'nodejs' // the database driver needs Node; the handler itself does not
export const dynamic = 'force-dynamic'

// One collector per server process, kept across requests (and development reloads). It is
// made on the first request: `next build` loads this module too, and must not open the database.
const shared = globalThis as { trackplanCollector?: Collector }
function handle(request: Request): Promise<Response> {
  shared.trackplanCollector ??= createCollector({
    plan,
    store: process.env.TRACKPLAN_TEST_POSTGRES_URL
      ? postgresStore({ url: process.env.TRACKPLAN_TEST_POSTGRES_URL })
      : pgliteStore({ dir: process.env.TRACKPLAN_TEST_COLLECTOR_DIR! }),
  })
  return shared.trackplanCollector.handle(request)
}

export { handle as GET, handle as OPTIONS, handle as POST }
