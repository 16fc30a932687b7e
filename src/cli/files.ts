import { existsSync, mkdirSync, readdirSync, readFileSync, statSync, writeFileSync } from 'node:fs'
import { dirname, join, relative, resolve } from 'node:path'
import type { ImportFile } from '../plan/import'
import { UsageError } from './UsageError'

/**
 * A file, or every schema file in a folder (`.json`, and Iglu's extension-less `1-0-0`),
 * recursively.
 */
export function readImportFiles(target: string, cwd: string): ImportFile[] {
  const path = resolve(cwd, target)
  if (!existsSync(path))
    throw new UsageError(
      `${target} does not exist: pass the spreadsheet, the schema file or the folder of schemas`,
    )
  if (!statSync(path).isDirectory()) return [{ path: target, text: readFileSync(path, 'utf8') }]
  const out: ImportFile[] = []
  const walk = (dir: string): void => {
    for (const entry of readdirSync(dir, { withFileTypes: true }).sort((a, b) =>
      a.name.localeCompare(b.name),
    )) {
      if (entry.name.startsWith('.') || entry.name === 'node_modules') continue
      const full = join(dir, entry.name)
      if (entry.isDirectory()) walk(full)
      else if (/\.json$/i.test(entry.name) || /^\d+-\d+-\d+$/.test(entry.name))
        out.push({ path: relative(cwd, full), text: readFileSync(full, 'utf8') })
    }
  }
  walk(path)
  if (out.length === 0) throw new UsageError(`${target} holds no .json schema files`)
  return out
}

/**
 * Creates a file unless one is there: `created`, or what is there — `unchanged` (the same text) or
 * `kept` (another).
 */
export function createFile(path: string, text: string): 'created' | 'unchanged' | 'kept' {
  if (existsSync(path)) return readFileSync(path, 'utf8') === text ? 'unchanged' : 'kept'
  mkdirSync(dirname(path), { recursive: true })
  writeFileSync(path, text)
  return 'created'
}

/** Writes a file the user asked for; an existing one is kept unless `force`. */
export function writeNew(file: string, text: string, cwd: string, force: boolean): void {
  const path = resolve(cwd, file)
  if (createFile(path, text) === 'created') return
  if (!force) throw new UsageError(`${file} exists: pass --force to replace it, or another --out`)
  writeFileSync(path, text)
}
