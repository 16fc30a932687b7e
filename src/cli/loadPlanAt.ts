import { execFileSync } from 'node:child_process'
import { existsSync, mkdirSync, mkdtempSync, rmSync, symlinkSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { basename, dirname, join, posix, resolve } from 'node:path'
import type { TrackingPlan } from '../plan/types'
import { loadPlan } from './loadPlan'
import { UsageError } from './UsageError'

/** Runs git in a folder of the repository and returns what it prints. */
type Git = (args: readonly string[]) => string

const gitIn =
  (cwd: string): Git =>
  (args) =>
    execFileSync('git', args, {
      cwd,
      encoding: 'utf8',
      stdio: ['ignore', 'pipe', 'pipe'],
      maxBuffer: 256 * 1024 * 1024,
    })

/** Files a plan module can import: scripts of every flavour, and JSON. */
const SOURCE = /\.(?:[cm]?[jt]sx?|json)$/i
/** Files that say how scripts are read wherever they are: `extends` chains, `"type"`. */
const CONFIG = /(?:^|\/)(?:package|[jt]sconfig[^/]*)\.json$/

/** A file of the tree at the ref: its path from the repository's top, and its blob. */
interface TreeFile {
  path: string
  blob: string
}

/**
 * Where the plan was at the ref: at its own path, or where git's rename detection says the
 * file came from (`git mv src/tracking/plan.ts src/plan.ts`).
 */
function pathAtRef(git: Git, ref: string, path: string): string | undefined {
  try {
    git(['cat-file', '-e', `${ref}:${path}`])
    return path
  } catch {
    // not there: renamed, or new
  }
  const fields = git(['diff', '-M', '--diff-filter=R', '--name-status', '-z', ref, '--']).split(
    '\0',
  )
  for (let i = 0; i + 2 < fields.length; i += 3) if (fields[i + 2] === path) return fields[i + 1]
  return undefined
}

/**
 * The source files to write out: those of the plan's package (the nearest folder with a
 * `package.json` at the ref, else the whole repository), and every `package.json` and
 * tsconfig, wherever their `extends` and `"type"` reach from.
 */
function sourceFiles(git: Git, ref: string, planPath: string): TreeFile[] {
  const files: (TreeFile & { mode: string })[] = []
  for (const entry of git(['ls-tree', '-r', '-z', '--full-tree', ref]).split('\0')) {
    const match = /^(\d+) blob ([0-9a-f]+)\t(.+)$/s.exec(entry)
    if (match && SOURCE.test(match[3]!))
      files.push({ mode: match[1]!, blob: match[2]!, path: match[3]! })
  }
  const manifests = new Set(files.map((f) => f.path).filter((p) => p.endsWith('package.json')))
  let root = posix.dirname(planPath)
  while (root !== '.' && !manifests.has(`${root}/package.json`)) root = posix.dirname(root)
  const inPackage = (path: string) => root === '.' || path.startsWith(`${root}/`)
  // a symbolic link's blob is its target's name, not a file to write
  return files.filter((f) => f.mode !== '120000' && (inPackage(f.path) || CONFIG.test(f.path)))
}

/** Writes the blobs under `into`, read in one `git cat-file --batch`. */
function writeBlobs(files: readonly TreeFile[], into: string, cwd: string): void {
  const output = execFileSync('git', ['cat-file', '--batch'], {
    cwd,
    input: files.map((f) => f.blob).join('\n') + '\n',
    maxBuffer: 1024 * 1024 * 1024,
  })
  let at = 0
  for (const file of files) {
    const headerEnd = output.indexOf(10, at)
    const size = Number(output.subarray(at, headerEnd).toString('latin1').split(' ')[2])
    const target = join(into, ...file.path.split('/'))
    mkdirSync(dirname(target), { recursive: true })
    writeFileSync(target, output.subarray(headerEnd + 1, headerEnd + 1 + size))
    at = headerEnd + 1 + size + 1
  }
}

/**
 * The project's installed packages, seen from the written-out tree as from the working tree:
 * each `node_modules` on the way from the repository's top to the plan, linked.
 */
function linkNodeModules(top: string, planPath: string, into: string): void {
  const steps = posix
    .dirname(planPath)
    .split('/')
    .filter((s) => s !== '.')
  for (let depth = 0; depth <= steps.length; depth++) {
    const folder = steps.slice(0, depth)
    const installed = join(top, ...folder, 'node_modules')
    if (!existsSync(installed)) continue
    mkdirSync(join(into, ...folder), { recursive: true })
    symlinkSync(installed, join(into, ...folder, 'node_modules'), 'junction')
  }
}

/** The plan at a git ref, how the report names it, and where it was when it has moved. */
export interface PlanAtRef {
  plan: TrackingPlan
  existed: boolean
  /** The plan file's path at the ref (as the user's paths are written) when it has moved since. */
  movedFrom?: string
}

/**
 * The plan file as it was at a git ref (`main`, `HEAD~1`, `origin/main`), with every module it
 * imports as it was there too: the ref's source files (the plan's package, and the configs that
 * reach it) are written to a temporary folder that sees the project's `node_modules`, the plan is
 * loaded from it (relative imports and tsconfig `paths` land in the ref's files), then the folder
 * is removed. A plan file that git finds renamed since is read at its old path; one that did not
 * exist at the ref is an empty plan.
 */
export async function loadPlanAt(file: string, ref: string, cwd: string): Promise<PlanAtRef> {
  const path = resolve(cwd, file)
  const git = gitIn(dirname(path))
  let top: string
  try {
    top = git(['rev-parse', '--show-toplevel']).trim()
  } catch {
    throw new UsageError(
      `${file} is not in a git repository: --base reads the plan at a git ref (or compare two files: \`trackplan diff old-plan.ts new-plan.ts\`)`,
    )
  }
  try {
    git(['rev-parse', '--verify', '--quiet', `${ref}^{commit}`])
  } catch {
    throw new UsageError(
      `--base ${ref} is not a commit git knows here: fetch it first (e.g. \`git fetch origin ${ref.replace(/^origin\//, '')}\`) or pass another ref`,
    )
  }
  const prefix = git(['rev-parse', '--show-prefix']).trim()
  const planPath = posix.join(prefix, basename(path))
  const was = pathAtRef(gitIn(top), ref, planPath)
  if (was === undefined) return { plan: { events: {} }, existed: false }
  // the old path as the user's own path is written: relative to the plan's folder
  const movedFrom =
    was === planPath ? undefined : join(dirname(file), posix.relative(posix.dirname(planPath), was))
  const into = mkdtempSync(join(tmpdir(), 'trackplan-base-'))
  try {
    writeBlobs(sourceFiles(gitIn(top), ref, was), into, top)
    linkNodeModules(top, was, into)
    const plan = await loadPlan(
      join(into, ...was.split('/')),
      cwd,
      `${movedFrom ?? file} at ${ref}`,
    )
    return { plan, existed: true, ...(movedFrom ? { movedFrom } : {}) }
  } finally {
    rmSync(into, { recursive: true, force: true })
  }
}
