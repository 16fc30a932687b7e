// PGlite opens a folder without locking it: two processes on one folder (two collectors
// started on one --db) each keep their own picture of the data and overwrite each other's
// files. A lock file in the folder, naming the process that holds it, refuses the second.
// node:fs and node:path are loaded here, when a folder is opened: the collector's entry loads
// on runtimes without them (an edge function, a worker) as long as no folder is used.
//
// Taking over a lock its holder left (killed) must be atomic: reading the dead PID, deleting
// the file and creating it again lets a second process, starting at the same moment, delete
// the first one's fresh lock. So locks are numbered, and a takeover never replaces a file: it
// creates the next number (`trackplan-collector.pid`, then `trackplan-collector.1.pid`, …),
// which one process alone can create (a hard link to a file already holding its PID). The
// holder is the highest number; lower ones are deleted once a higher one is held, and a
// released lock stays, marked released, so a number is never made twice. Decision 0187.

/** Lock file names: `trackplan-collector.pid` is number 0 (what earlier versions wrote). */
const LOCK_NAME = /^trackplan-collector(?:\.(\d+))?\.pid$/
const lockName = (number: number): string =>
  number === 0 ? 'trackplan-collector.pid' : `trackplan-collector.${number}.pid`
/** What a released lock holds instead of a PID. */
const RELEASED = 'released'
// a lock changing hands on every look is another defect: give up rather than spin
const MAX_ATTEMPTS = 100

/**
 * The folders this process holds now. In a container the collector is PID 1 on every start,
 * so a lock naming this process's PID was left by a killed run unless it is listed here
 * (decision 0165). Kept on `globalThis`: two copies of this module in one process (its
 * ESM and CommonJS builds) must still refuse each other.
 */
const heldHere: Set<string> = ((globalThis as { [key: symbol]: Set<string> | undefined })[
  Symbol.for('trackplan.collector.heldFolders')
] ??= new Set())

type Fs = typeof import('node:fs')

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

/** Whether a lock holding `content` is held now (by another process: ours are in `heldHere`). */
function isHeld(content: string): boolean {
  const pid = Number.parseInt(content, 10)
  return Number.isInteger(pid) && pid !== process.pid && isRunning(pid)
}

const isCode = (error: unknown, code: string) => (error as { code?: unknown }).code === code

/** The numbers of the lock files in `folder`, highest first. */
function lockNumbers(fs: Fs, folder: string): number[] {
  const numbers: number[] = []
  for (const name of fs.readdirSync(folder)) {
    const match = LOCK_NAME.exec(name)
    if (match) numbers.push(Number(match[1] ?? 0))
  }
  return numbers.sort((a, b) => b - a)
}

/** Writes `content` to a file of this attempt's own, and answers its path. */
function writeOwnFile(fs: Fs, folder: string, content: string): string {
  const path = `${folder}/trackplan-collector.${process.pid}.${globalThis.crypto.randomUUID()}.tmp`
  fs.writeFileSync(path, content)
  return path
}

/**
 * Creates lock `number` holding this PID, whole or not at all; false when it exists. Another
 * process may have created a higher number meanwhile (having seen an older holder): then this
 * one is not the lock, and is deleted again.
 */
function tryCreate(fs: Fs, folder: string, number: number): boolean {
  const own = writeOwnFile(fs, folder, String(process.pid))
  try {
    fs.linkSync(own, `${folder}/${lockName(number)}`)
  } catch (error) {
    if (isCode(error, 'EEXIST')) return false
    throw error
  } finally {
    fs.rmSync(own, { force: true })
  }
  if ((lockNumbers(fs, folder)[0] ?? number) <= number) return true
  fs.rmSync(`${folder}/${lockName(number)}`, { force: true })
  return false
}

/**
 * Takes `dir` for this process (created when missing) and answers how to give it back.
 * A lock left by a process that is gone (killed), or by an earlier run under this PID, is
 * taken over; one another process holds, or this process holds already, is refused.
 */
export async function lockFolder(dir: string, connector: string): Promise<() => void> {
  const fs = await import('node:fs')
  fs.mkdirSync(dir, { recursive: true })
  const folder = fs.realpathSync(dir)
  const refuse = (pid: number | string) =>
    new Error(
      `[trackplan] ${connector}: ${dir} is open in process ${pid} already; a folder takes one collector at a time. Ask that collector instead (GET /v1/report, \`trackplan report --url\`), or share a PostgreSQL server between collectors (postgresStore)`,
    )
  if (heldHere.has(folder)) throw refuse(process.pid)
  for (let attempt = 0; attempt < MAX_ATTEMPTS; attempt++) {
    const highest = lockNumbers(fs, folder)[0]
    let content = ''
    try {
      if (highest !== undefined) content = fs.readFileSync(`${folder}/${lockName(highest)}`, 'utf8')
    } catch (error) {
      if (isCode(error, 'ENOENT')) continue // taken over and deleted as we looked: look again
      throw error
    }
    if (highest !== undefined && isHeld(content)) throw refuse(content.trim())
    const number = highest === undefined ? 0 : highest + 1
    if (!tryCreate(fs, folder, number)) continue
    heldHere.add(folder)
    for (const lower of lockNumbers(fs, folder).filter((other) => other < number))
      fs.rmSync(`${folder}/${lockName(lower)}`, { force: true })
    return () => release(fs, folder, number)
  }
  throw new Error(`[trackplan] ${connector}: ${dir}'s lock kept changing hands; try again`)
}

/**
 * Marks lock `number` released, in one step (a reader sees the PID or the mark, never a blank);
 * best effort: a folder deleted meanwhile has no lock to release.
 */
function release(fs: Fs, folder: string, number: number): void {
  if (!heldHere.delete(folder)) return
  let own: string | undefined
  try {
    own = writeOwnFile(fs, folder, RELEASED)
    fs.renameSync(own, `${folder}/${lockName(number)}`)
  } catch {
    if (own) fs.rmSync(own, { force: true })
  }
}
