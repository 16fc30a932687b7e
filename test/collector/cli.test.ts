// @vitest-environment node
// `trackplan collect` and `trackplan report` as a user runs them: a PGlite folder, a port,
// batches posted, the report read from the folder and from the running collector; SIGTERM
// stops it with exit 0.
import { spawn } from 'node:child_process'
import { mkdtempSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { fileURLToPath } from 'node:url'
import { afterAll, describe, expect, it } from 'vitest'
import { main } from '../../src/cli/main'
import { envelope } from './helpers'

const root = fileURLToPath(new URL('../..', import.meta.url))
const fixtures = fileURLToPath(new URL('../cli/fixtures/', import.meta.url))
const dirs: string[] = []
afterAll(() => dirs.forEach((dir) => rmSync(dir, { recursive: true, force: true })))

const tempDir = (): string => {
  const dir = mkdtempSync(join(tmpdir(), 'trackplan-collect-'))
  dirs.push(dir)
  return dir
}

/** Runs a command in the fixtures folder; `signal` stops `collect`. */
function run(argv: string[], signal?: AbortSignal) {
  const output = { out: '', err: '' }
  const code = main(argv, {
    out: (text) => (output.out += text),
    err: (text) => (output.err += text),
    cwd: fixtures,
    signal,
  })
  return { output, code }
}

const until = async (condition: () => boolean, ms = 30_000): Promise<void> => {
  const end = Date.now() + ms
  while (!condition()) {
    if (Date.now() > end) throw new Error('timed out waiting')
    await new Promise((resolve) => setTimeout(resolve, 20))
  }
}

const urlIn = (text: string): string => /listening on (http:\/\/\S+)/.exec(text)![1]!

const post = (url: string, batch: unknown[]) =>
  fetch(`${url}/v1/batch`, {
    method: 'POST',
    headers: { 'content-type': 'text/plain' },
    body: JSON.stringify({ batch, sentAt: new Date().toISOString() }),
  })

describe('trackplan collect and report', () => {
  // PGlite's initdb takes seconds: the first test's folder serves the others
  let db = ''

  it('serves until stopped, then the report reads what it kept', async () => {
    // a folder as deep as a project's (the messages that name it must still end with their advice)
    db = join(tempDir(), 'projects/shop-frontend/.trackplan/collector')
    const stop = new AbortController()
    const collect = run(['collect', '--plan', 'plan.ts', '--db', db, '--port', '0'], stop.signal)
    // PGlite's initdb in WebAssembly: over 30 s on two loaded cores
    await until(() => collect.output.out.includes('listening on'), 90_000)
    expect(collect.output.out).toMatch(
      /^trackplan collector listening on http:\/\/127\.0\.0\.1:\d+\n {2}POST .*\/v1\/batch {3}GET .*\/v1\/report\n {2}plan plan\.ts \(3 events, version [0-9a-f]{12}\), mode observe, db /,
    )
    const url = urlIn(collect.output.out)
    const answer = await post(url, [
      envelope({ properties: { plan: 'pro' } }),
      envelope({ properties: { plan: 'gold' } }),
      envelope({ event: 'signed_up', properties: {} }),
      'not an envelope',
    ])
    expect(await answer.json()).toMatchObject({ accepted: 3, duplicates: 0 })
    const live = run(['report', '--url', url])
    expect(await live.code).toBe(0)
    expect(live.output.out).toContain('Viewed Pricing  2 events, 50% violating (enum 1)')
    stop.abort()
    expect(await collect.code).toBe(0)
    expect(collect.output.out).toMatch(/SIGTERM, stopping.*\n.*stopped\n$/)
    const report = run(['report', '--plan', 'plan.ts', '--db', db, '--format', 'json'])
    expect(await report.code).toBe(0)
    expect(JSON.parse(report.output.out)).toMatchObject({
      total: { count: 3 },
      neverSeen: ['Completed Purchase', 'Signed Up'],
      unplanned: [{ event: 'signed_up', count: 1, near: ['Signed Up'] }],
    })
  }, 120_000)

  it('report on a folder a running collector holds: the whole reason, and how to ask that collector', async () => {
    const stop = new AbortController()
    const collect = run(['collect', '--plan', 'plan.ts', '--db', db, '--port', '0'], stop.signal)
    await until(() => collect.output.out.includes('listening on'))
    try {
      const report = run(['report', '--plan', 'plan.ts', '--db', db])
      expect(await report.code).toBe(2)
      expect(report.output.err).toContain(`is open in process ${process.pid} already`)
      // the advice at the end of the message reaches the terminal, not cut at 200 characters
      expect(report.output.err).not.toContain('…')
      expect(report.output.err).toMatch(/trackplan report --url/)
      expect(report.output.err).toMatch(/PostgreSQL server/)
    } finally {
      // stopped and closed before the next test opens the folder
      stop.abort()
      await collect.code
    }
    expect(await collect.code).toBe(0)
  }, 60_000)

  it.each([
    [['collect'], /collect takes one plan/],
    [['collect', '--plan', 'plan.ts', '--port', 'http'], /--port needs a port number/],
    [['collect', '--plan', 'plan.ts', '--mode', 'loud'], /unknown mode "loud"/],
    [['report', '--plan', 'plan.ts', '--db', 'no/such/folder'], /holds no collector data/],
    [['report', '--plan', 'plan.ts', '--since', 'soon'], /--since needs a duration/],
    [['report', '--url', 'http://127.0.0.1:1', '--db', 'x'], /--db or --url, not both/],
  ])('%j: exit 2 and one line naming the fix', async (argv, message) => {
    const { output, code } = run(argv)
    expect(await code).toBe(2)
    expect(output.err).toMatch(message)
  })

  it('a port in use: exit 2, before the database is opened', async () => {
    const first = new AbortController()
    const a = run(
      ['collect', '--plan', 'plan.ts', '--db', 'memory://', '--port', '0'],
      first.signal,
    )
    await until(() => a.output.out.includes('listening on'))
    const port = new URL(urlIn(a.output.out)).port
    const b = run(['collect', '--plan', 'plan.ts', '--db', 'memory://', '--port', port])
    expect(await b.code).toBe(2)
    expect(b.output.err).toMatch(/cannot listen on 127\.0\.0\.1:\d+: .*EADDRINUSE/)
    first.abort()
    expect(await a.code).toBe(0)
  }, 60_000)

  it('as a process: SIGTERM drains and exits 0', async () => {
    const child = spawn(
      process.execPath,
      [
        '--import',
        'jiti/register',
        join(root, 'src/cli/index.ts'),
        'collect',
        '--plan',
        join(fixtures, 'plan.ts'),
        '--db',
        db,
        '--port',
        '0',
      ],
      { cwd: root, stdio: ['ignore', 'pipe', 'pipe'] },
    )
    let out = ''
    let err = ''
    child.stdout.on('data', (chunk) => (out += chunk))
    child.stderr.on('data', (chunk) => (err += chunk))
    const exited = new Promise<number | null>((resolve) => child.on('exit', resolve))
    await until(() => out.includes('listening on') || child.exitCode !== null, 60_000)
    expect(err).toBe('')
    const answer = await post(urlIn(out), [envelope()])
    expect(answer.status).toBe(200)
    child.kill('SIGTERM')
    expect(await exited).toBe(0)
    expect(out).toContain('trackplan collector: stopped')
  }, 90_000)
})
