// @vitest-environment node
// The lock file of a PGlite folder (src/collector/store/folderLock.ts): docs/collector.md, it
// "refuses a second and is taken over from a process that was killed" — by exactly one of the
// collectors starting at once, and also when the killed one had this process's PID (a
// container's collector is PID 1 on every start).
import { spawn } from 'node:child_process'
import { mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { fileURLToPath } from 'node:url'
import { build } from 'esbuild'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { lockFolder } from '../../src/collector/store/folderLock'

const LOCK_FILE = 'trackplan-collector.pid'
// a PID no process has (above Linux's pid_max): a collector that was killed
const KILLED_PID = '4999999'
const root = mkdtempSync(join(tmpdir(), 'trackplan-lock-'))
let folderCount = 0
const freshFolder = () => {
  const dir = join(root, `db-${++folderCount}`)
  mkdirSync(dir)
  return dir
}
afterAll(() => rmSync(root, { recursive: true, force: true }))

/** The folder's lock files and what each holds. */
const lockFiles = (dir: string) =>
  Object.fromEntries(
    readdirSync(dir)
      .filter((name) => name.endsWith('.pid'))
      .map((name) => [name, readFileSync(join(dir, name), 'utf8')]),
  )

describe('a PGlite folder’s lock', () => {
  it('left by a killed run under this process’s PID is taken over; held by this process, it is refused', async () => {
    const dir = freshFolder()
    // the run before was killed: its lock stays, naming our PID, and nothing holds the folder
    writeFileSync(join(dir, LOCK_FILE), String(process.pid))
    const unlock = await lockFolder(dir, 'pgliteStore')
    await expect(lockFolder(dir, 'pgliteStore')).rejects.toThrow(
      `${dir} is open in process ${process.pid} already`,
    )
    unlock()
    const again = await lockFolder(dir, 'pgliteStore')
    again()
  })

  it('left by a killed process is taken over; a lock another running process holds is refused', async () => {
    const dir = freshFolder()
    writeFileSync(join(dir, LOCK_FILE), KILLED_PID)
    const unlock = await lockFolder(dir, 'pgliteStore')
    expect(Object.values(lockFiles(dir))).toEqual([String(process.pid)])
    unlock()
    expect(Object.values(lockFiles(dir))).toEqual(['released'])
    // the parent of this process is running
    for (const name of Object.keys(lockFiles(dir))) rmSync(join(dir, name))
    writeFileSync(join(dir, LOCK_FILE), String(process.ppid))
    await expect(lockFolder(dir, 'pgliteStore')).rejects.toThrow(
      `is open in process ${process.ppid} already`,
    )
  })

  it('is given back without an error when the folder was deleted meanwhile', async () => {
    const dir = freshFolder()
    const unlock = await lockFolder(dir, 'pgliteStore')
    rmSync(dir, { recursive: true })
    expect(unlock).not.toThrow()
    const again = await lockFolder(dir, 'pgliteStore')
    again()
  })
})

describe('collectors starting at once on a folder a killed collector left', () => {
  let lockModule: string
  beforeAll(async () => {
    lockModule = join(root, 'folderLock.mjs')
    await build({
      entryPoints: [
        fileURLToPath(new URL('../../src/collector/store/folderLock.ts', import.meta.url)),
      ],
      bundle: true,
      format: 'esm',
      platform: 'node',
      outfile: lockModule,
      logLevel: 'silent',
    })
  })

  /** A process about to take `dir`'s lock: `take(startAt)` answers "took" or "refused". */
  const racer = async (dir: string) => {
    const fixture = fileURLToPath(new URL('fixtures/takeFolderLock.mjs', import.meta.url))
    const child = spawn(process.execPath, [fixture, dir, lockModule])
    const lines: string[] = []
    let pending = ''
    const lineAt = (index: number) =>
      new Promise<string>((resolve, reject) => {
        const check = () => {
          if (lines.length > index) resolve(lines[index] ?? '')
          else if (child.exitCode !== null) reject(new Error(`the racer exited: ${lines}`))
          else setTimeout(check, 5)
        }
        check()
      })
    child.stdout.on('data', (chunk: Buffer) => {
      const parts = (pending + chunk.toString()).split('\n')
      pending = parts.pop() ?? ''
      lines.push(...parts)
    })
    const exited = new Promise((resolve) => child.on('close', resolve))
    await lineAt(0) // ready
    return {
      take: (startAt: number) => {
        child.stdin.write(`${startAt}\n`)
        return lineAt(1)
      },
      stop: () => {
        child.stdin.end()
        return exited
      },
    }
  }

  it('exactly one takes it over, round after round', async () => {
    const ROUNDS = 15
    const RACERS = 4
    const winners: number[] = []
    for (let round = 0; round < ROUNDS; round++) {
      const dir = freshFolder()
      writeFileSync(join(dir, LOCK_FILE), KILLED_PID)
      const racers = await Promise.all(Array.from({ length: RACERS }, () => racer(dir)))
      const startAt = Date.now() + 50
      const outcomes = await Promise.all(racers.map((each) => each.take(startAt)))
      await Promise.all(racers.map((each) => each.stop()))
      expect(outcomes.filter((outcome) => outcome !== 'took' && outcome !== 'refused')).toEqual([])
      winners.push(outcomes.filter((outcome) => outcome === 'took').length)
    }
    expect(winners.filter((count) => count !== 1)).toEqual([])
  }, 120_000)
})
