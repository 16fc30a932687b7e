// The load generator of `npm run bench -- collector`, in a process of its own so that it
// never shares the collector's event loop: forked by test/bench/collector.mjs, told over IPC
// to post for a while at some concurrency, it answers with what it saw. Batches of 20
// envelopes in Segment's batch shape, as httpSink sends them, over keep-alive connections.
import { request, Agent } from 'node:http'
import { checkoutEnvelope } from '../../bench/collector-floor.mjs'

const BATCH_SIZE = 20

/** One POST; never rejects: a failed request resolves with its error. */
function post(url, agent, body) {
  return new Promise((resolve) => {
    const req = request(
      url,
      {
        method: 'POST',
        agent,
        headers: { 'content-type': 'application/json', 'content-length': Buffer.byteLength(body) },
      },
      (res) => {
        const chunks = []
        res.on('data', (chunk) => chunks.push(chunk))
        res.on('end', () =>
          resolve({ status: res.statusCode, text: Buffer.concat(chunks).toString() }),
        )
        res.on('error', (error) => resolve({ error: error.message }))
      },
    )
    req.on('error', (error) => resolve({ error: error.message }))
    req.end(body)
  })
}

/** httpSink's body: the envelopes' JSON joined, `sentAt` stamped as it is sent. */
const batchBody = (envelopes) =>
  `{"batch":[${envelopes.map((e) => JSON.stringify(e)).join(',')}],"sentAt":"${new Date().toISOString()}"}`

/** A 200 whose answer is every envelope stored now: anything else is a surprise. */
function isFullAnswer(text) {
  try {
    const answer = JSON.parse(text)
    return answer.accepted === BATCH_SIZE && answer.duplicates === 0 && answer.rejected.length === 0
  } catch {
    return false
  }
}

/** What one phase saw: acknowledged events, latencies, and every request that was not a 200. */
function createTally() {
  return {
    requests: 0,
    acknowledgedEvents: 0,
    /** 200s whose answer was not "all 20 accepted". */
    partialAnswers: 0,
    /** Non-200 answers, by status. */
    statuses: {},
    /** Requests that got no answer, by error message. */
    errors: {},
    latencies: [],
  }
}

function record(tally, result, ms) {
  tally.requests++
  if (result.error !== undefined) {
    tally.errors[result.error] = (tally.errors[result.error] ?? 0) + 1
    return
  }
  if (result.status !== 200) {
    tally.statuses[result.status] = (tally.statuses[result.status] ?? 0) + 1
    return
  }
  tally.latencies.push(ms)
  if (isFullAnswer(result.text)) tally.acknowledgedEvents += BATCH_SIZE
  else tally.partialAnswers++
}

const quantile = (sorted, q) =>
  sorted.length === 0 ? NaN : sorted[Math.min(sorted.length - 1, Math.floor(q * sorted.length))]

/**
 * `concurrency` senders, each posting its next batch once the last is answered, until
 * `seconds` have passed; the requests under way then finish and are counted.
 */
async function phase({ url, concurrency, seconds, run }) {
  const agent = new Agent({ keepAlive: true, maxSockets: concurrency })
  const tally = createTally()
  const cpu = process.cpuUsage()
  const started = performance.now()
  const until = started + seconds * 1000
  const sender = async (senderIndex) => {
    for (let n = 0; performance.now() < until;) {
      const envelopes = Array.from({ length: BATCH_SIZE }, () =>
        checkoutEnvelope(n++, `${run}-${senderIndex}`),
      )
      const body = batchBody(envelopes)
      const t0 = performance.now()
      const result = await post(url, agent, body)
      record(tally, result, performance.now() - t0)
    }
  }
  await Promise.all(Array.from({ length: concurrency }, (_, i) => sender(i)))
  const elapsedSeconds = (performance.now() - started) / 1000
  const used = process.cpuUsage(cpu)
  agent.destroy()
  const latencies = tally.latencies.sort((a, b) => a - b)
  return {
    concurrency,
    elapsedSeconds: +elapsedSeconds.toFixed(2),
    requests: tally.requests,
    acknowledgedEvents: tally.acknowledgedEvents,
    eventsPerSecond: Math.round(tally.acknowledgedEvents / elapsedSeconds),
    p50Ms: +quantile(latencies, 0.5).toFixed(1),
    p99Ms: +quantile(latencies, 0.99).toFixed(1),
    partialAnswers: tally.partialAnswers,
    statuses: tally.statuses,
    errors: tally.errors,
    loadGeneratorCpuSeconds: +((used.user + used.system) / 1e6).toFixed(2),
  }
}

process.on('message', async (message) => {
  if (message.type === 'phase') process.send({ type: 'result', result: await phase(message) })
  if (message.type === 'exit') process.exit(0)
})
