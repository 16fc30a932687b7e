// PGlite opens a folder without locking it: two processes on one folder (two collectors
// started on one --db) each keep their own picture of the data and overwrite each other's
// files. A lock file in the folder, naming the process that holds it, refuses the second.
// node:fs and node:path are loaded here, when a folder is opened: the collector's entry loads
// on runtimes without them (an edge function, a worker) as long as no folder is used.

const LOCK_FILE = 'trackplan-collector.pid'

/**
 * The lock files this process wrote and holds. Its own pid in a lock file it did not write was
 * left by a killed process that had the same pid: a container restarted after its collector was
 * killed runs the new one as PID 1 again. Kept on `globalThis`: two copies of this module in
 * one process (its ESM and CommonJS builds) must still refuse each other.
 */
const heldHere: Set<string> = ((globalThis as { [key: symbol]: Set<string> | undefined })[
  Symbol.for('trackplan.collector.heldFolders')
] ??= new Set())

/** Whether process `pid` is running (on this machine). */
function isRunning(pid: number): boolean {
  try {
    process.kill(pid, 0)
    return true
  } catch (error) {
    // EPERM: it runs, as another user
    return (error as { code?: unknown }).code === 'EPERM'
  }
}

/**
 * Takes `dir` for this process (created when missing) and answers how to give it back.
 * A lock left by a process that is gone (killed) is taken over, also when it had this pid.
 */
export async function lockFolder(dir: string, connector: string): Promise<() => void> {
  const { mkdirSync, readFileSync, rmSync, writeFileSync } = await import('node:fs')
  const { resolve } = await import('node:path')
  mkdirSync(dir, { recursive: true })
  const path = resolve(dir, LOCK_FILE)
  const take = () => writeFileSync(path, String(process.pid), { flag: 'wx' })
  try {
    take()
  } catch (error) {
    if ((error as { code?: unknown }).code !== 'EEXIST') throw error
    const holder = Number.parseInt(readFileSync(path, 'utf8'), 10)
    const held = holder === process.pid ? heldHere.has(path) : isRunning(holder)
    if (Number.isInteger(holder) && held)
      throw new Error(
        `[trackplan] ${connector}: ${dir} is open in process ${holder} already; a folder takes one collector at a time. Ask that collector instead (GET /v1/report, \`trackplan report --url\`), or share a PostgreSQL server between collectors (postgresStore)`,
        { cause: error },
      )
    rmSync(path, { force: true })
    take()
  }
  heldHere.add(path)
  return () => {
    heldHere.delete(path)
    rmSync(path, { force: true })
  }
}
