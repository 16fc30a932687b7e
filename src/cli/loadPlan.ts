import { existsSync, readFileSync } from 'node:fs'
import { extname, resolve } from 'node:path'
import { pathToFileURL } from 'node:url'
import { planShapeProblems } from '../plan/specShape'
import type { TrackingPlan } from '../plan/types'
import { UsageError } from './UsageError'

const MODULES = ['.ts', '.mts', '.cts', '.js', '.mjs', '.cjs']
export const PLAN_EXTENSIONS = [...MODULES, '.json']

const isPlan = (value: unknown): value is TrackingPlan => {
  if (!value || typeof value !== 'object') return false
  const events = (value as { events?: unknown }).events
  return (
    !!events &&
    typeof events === 'object' &&
    !Array.isArray(events) &&
    Object.values(events).every((e) => !!e && typeof e === 'object')
  )
}

/**
 * `file:line:col` of a syntax error, columns counted from 1 as editors do: from jiti's message
 * (`… \n /path/plan.ts:3:7`, its parser's column counted from 0) or JSON.parse's `position N`.
 */
function located(file: string, error: unknown, source?: string): string {
  const message = error instanceof Error ? error.message : String(error)
  const lines = message
    .split('\n')
    .map((l) => l.trim())
    .filter(Boolean)
  const at = lines.map((l) => /([^\s()]+):(\d+):(\d+)\)?$/.exec(l)).find(Boolean)
  const head = lines.find((l) => !/([^\s()]+):(\d+):(\d+)\)?$/.test(l)) ?? message
  if (at) return `${file}:${at[2]}:${Number(at[3]) + 1}: ${head}`
  const position = /position (\d+)/.exec(message)
  if (position && source !== undefined) {
    const before = source.slice(0, Number(position[1]))
    const line = before.split('\n').length
    return `${file}:${line}:${before.length - before.lastIndexOf('\n')}: ${head.replace(/ in JSON at position \d+.*/, '')}`
  }
  return `${file}: ${head}`
}

/**
 * jiti, resolving from the plan file: the tsconfig it finds from there gives the `paths` aliases
 * the plan's imports use (`@/events`, as Next.js sets up); a tsconfig jiti cannot read gives none.
 */
async function jitiFor(path: string) {
  const { createJiti } = await import('jiti')
  const options = { interopDefault: false, moduleCache: false }
  try {
    return createJiti(pathToFileURL(path).href, { ...options, tsconfigPaths: true })
  } catch {
    return createJiti(pathToFileURL(path).href, options)
  }
}

/** A package the plan imports that is not installed: the message names the install. */
const withInstall = (message: string): string => {
  // a package's name (`zod`, `@acme/events`, from `zod/v4` too); not a path or an alias (`@/x`)
  const missing = /Cannot find (?:module|package) '((?:@[\w.-]+\/)?\w[\w.-]*)(?:\/[^']*)?'/.exec(
    message,
  )?.[1]
  return missing ? `${message}: install it (\`npm install ${missing}\`)` : message
}

async function importModule(path: string): Promise<Record<string, unknown>> {
  const jiti = await jitiFor(path)
  const ext = extname(path)
  if (ext === '.ts' || ext === '.mts' || ext === '.cts')
    return (await jiti.import(path)) as Record<string, unknown>
  try {
    return (await import(pathToFileURL(path).href + `?t=${Date.now()}`)) as Record<string, unknown>
  } catch (error) {
    // Node's own SyntaxError has no position: jiti's parser gives one
    if (/syntax/i.test(String((error as Error)?.name) + String((error as Error)?.message)))
      await jiti.import(path)
    throw error
  }
}

/**
 * Loads a plan: a `.ts`/`.mts` module through jiti (Node 20 cannot import TypeScript), a
 * `.js`/`.mjs` module natively (each exporting `plan` or a default), or a `.json` file
 * holding the plan object (`{ "events": { … } }`).
 */
export async function loadPlan(file: string, cwd: string, shownAs = file): Promise<TrackingPlan> {
  const path = resolve(cwd, file)
  if (!existsSync(path))
    throw new UsageError(
      `${shownAs} does not exist: pass the path of your plan module (e.g. src/plan.ts)`,
    )
  const ext = extname(path)
  if (!PLAN_EXTENSIONS.includes(ext))
    throw new UsageError(`${shownAs} is not a .ts, .mts, .js, .mjs or .json plan`)
  if (ext === '.json') {
    // Windows editors save UTF-8 with a byte order mark, which JSON.parse refuses
    const source = readFileSync(path, 'utf8').replace(/^\uFEFF/, '')
    let value: unknown
    try {
      value = JSON.parse(source)
    } catch (error) {
      throw new UsageError(`${located(shownAs, error, source)}`)
    }
    if (!isPlan(value))
      throw new UsageError(
        `${shownAs} is not a tracking plan: it needs an "events" object of event specs`,
      )
    return readable(value, shownAs)
  }
  let mod: Record<string, unknown>
  try {
    mod = await importModule(path)
  } catch (error) {
    throw new UsageError(`${shownAs} could not be loaded: ${withInstall(located(shownAs, error))}`)
  }
  const candidate = mod.plan ?? mod.default
  if (candidate === undefined)
    throw new UsageError(
      `${shownAs} exports no plan: add \`export const plan = defineTrackingPlan({ events: { … } })\` (or a default export)`,
    )
  if (!isPlan(candidate))
    throw new UsageError(
      `${shownAs}'s ${mod.plan !== undefined ? '`plan`' : 'default'} export is not a tracking plan: it needs an \`events\` object of event specs`,
    )
  return readable(candidate, shownAs)
}

/**
 * The plan, when every spec in it can be read: a `null` spec, an enum that is no list, is bad
 * input for every command, named on one line (exit 2) rather than a stack trace.
 */
function readable(plan: TrackingPlan, shownAs: string): TrackingPlan {
  const [first, ...more] = planShapeProblems(plan)
  if (first === undefined) return plan
  throw new UsageError(
    `${shownAs}: ${first}${more.length ? ` (and ${more.length} more like it)` : ''}`,
  )
}
