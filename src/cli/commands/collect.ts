import { createServer, type Server } from 'node:http'
import type { AddressInfo } from 'node:net'
import { COLLECTOR_MODES, type CollectorMode } from '../../collector/checkBatch'
import { createCollector } from '../../collector/createCollector'
import { planVersion } from '../../collector/planVersion'
import { toNodeListener } from '../../collector/toNodeListener'
import type { Collector } from '../../collector/createCollector'
import type { TrackingPlan } from '../../plan/types'
import type { Command, Io, ParsedArgs } from '../Command'
import { dbOption, listOption, planOption, storeFor } from '../collectorStore'
import { errorMessage } from '../errorMessage'
import { loadPlan } from '../loadPlan'
import { oneOf } from '../parseArgs'
import { UsageError } from '../UsageError'

/** How long a stopping collector has for the batches under way and forwarding. */
const DRAIN_MS = 10_000

function portOption(value: string | true | undefined): number {
  if (value === undefined) return 4318
  const port = Number(value)
  if (value === true || !Number.isInteger(port) || port < 0 || port > 65535)
    throw new UsageError(
      `--port needs a port number (0–65535), got ${value === true ? 'none' : value}`,
    )
  return port
}

/** Resolves on SIGTERM or SIGINT (or the test's abort), with its name. */
function stopRequested(signal: AbortSignal | undefined): Promise<string> {
  return new Promise((resolve) => {
    const stop = (name: string) => () => {
      process.off('SIGTERM', onTerm)
      process.off('SIGINT', onInt)
      resolve(name)
    }
    const onTerm = stop('SIGTERM')
    const onInt = stop('SIGINT')
    process.once('SIGTERM', onTerm)
    process.once('SIGINT', onInt)
    if (signal?.aborted) onTerm()
    signal?.addEventListener('abort', onTerm, { once: true })
  })
}

/** Listens, or says why it cannot (a port in use). */
function listen(server: Server, port: number, host: string): Promise<AddressInfo> {
  return new Promise((resolve, reject) => {
    server.once('error', reject)
    server.listen(port, host, () => {
      server.off('error', reject)
      resolve(server.address() as AddressInfo)
    })
  })
}

const urlOf = ({ address, family, port }: AddressInfo): string =>
  `http://${family === 'IPv6' ? `[${address}]` : address}:${port}`

/** A Node server for the handler, with timeouts a slow sender cannot outlast. */
function serverFor(handle: (request: Request) => Promise<Response>): Server {
  const server = createServer(toNodeListener(handle))
  server.headersTimeout = 10_000
  server.requestTimeout = 60_000
  server.keepAliveTimeout = 5_000
  return server
}

/** The collector for the command line's options, its failures written to stderr. */
function collectorFor(args: ParsedArgs, io: Io, plan: TrackingPlan, db: string): Collector {
  const { options } = args
  return createCollector({
    plan,
    store: storeFor(db, io.cwd),
    mode: oneOf<CollectorMode>('--mode', options['--mode'], COLLECTOR_MODES, 'observe'),
    writeKeys: listOption(options, '--write-key'),
    allowedOrigins: listOption(options, '--allow-origin'),
    onError: (error) =>
      io.err(
        `trackplan collect: ${error.message}${error.cause ? ` (${errorMessage(error.cause)})` : ''}\n`,
      ),
  })
}

async function serve(args: ParsedArgs, io: Io): Promise<number> {
  const file = planOption('collect', args)
  const { options } = args
  const port = portOption(options['--port'])
  const host =
    options['--host'] === undefined || options['--host'] === true ? '127.0.0.1' : options['--host']
  const mode = oneOf<CollectorMode>('--mode', options['--mode'], COLLECTOR_MODES, 'observe')
  const db = dbOption(options)
  const plan = await loadPlan(file, io.cwd)
  // the port first: a port in use fails before the database is opened
  const started: { collector?: Collector } = {}
  const server = serverFor((request) => started.collector!.handle(request))
  let address: AddressInfo
  try {
    address = await listen(server, port, host)
  } catch (error) {
    io.err(`trackplan: cannot listen on ${host}:${port}: ${errorMessage(error)}\n`)
    return 2
  }
  const collector = (started.collector = collectorFor(args, io, plan, db))
  try {
    await collector.ready()
  } catch (error) {
    io.err(`trackplan: could not open the collector's database ${db}: ${errorMessage(error)}\n`)
    server.close()
    await collector.close({ timeout: 0 }).catch(() => {})
    return 2
  }
  const stop = stopRequested(io.signal)
  const url = urlOf(address)
  io.out(
    `trackplan collector listening on ${url}\n` +
      `  POST ${url}/v1/batch   GET ${url}/v1/report\n` +
      `  plan ${file} (${Object.keys(plan.events).length} events, version ${await planVersion(plan)}), mode ${mode}, db ${db}\n`,
  )
  const signal = await stop
  io.out(`trackplan collector: ${signal}, stopping (batches under way finish, forwarding drains)\n`)
  server.close()
  server.closeIdleConnections()
  await collector.close({ timeout: DRAIN_MS })
  server.closeAllConnections()
  io.out('trackplan collector: stopped\n')
  return 0
}

export const collectCommand: Command = {
  summary: 'run the collector: take what httpSink sends, check it against the plan, keep it',
  usage:
    'trackplan collect --plan <plan> [--db <dir|postgres://…>] [--port 4318] [--host 127.0.0.1] [--mode observe|block|strip] [--write-key <key,…>] [--allow-origin <origin,…>]',
  help: `Serves POST /v1/batch (what httpSink, Segment's and RudderStack's clients send) and GET /v1/report
until SIGTERM or SIGINT, then finishes the batches under way and exits 0.
--db            a folder for the embedded database (PGlite; default .trackplan/collector), or a
                postgres:// URL (many collectors behind a load balancer, one database);
                memory:// keeps nothing (a demo)
--port, --host  where it listens (default 127.0.0.1:4318; --port 0 picks a free port)
--mode          observe: keep everything, flag violations (default); block: keep violating events
                apart; strip: drop the properties the plan does not allow
--write-key     keys a batch must carry (Authorization: Basic base64(key:), or writeKey in the
                body); comma-separated or repeated
--allow-origin  pages that may post from a browser (origins, comma-separated or repeated; * for any)
Exit 2 when the plan, the database or the port cannot be used.`,
  values: ['--plan', '--db', '--port', '--host', '--mode', '--write-key', '--allow-origin'],
  lists: ['--write-key', '--allow-origin'],
  flags: [],
  run: serve,
}
