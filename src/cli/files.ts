import { existsSync, mkdirSync, readdirSync, readFileSync, statSync, writeFileSync } from 'node:fs'
import { dirname, join, relative, resolve } from 'node:path'
import type { ImportFile } from '../plan/import'
import { UsageError } from './UsageError'

/** A file to import, and the encoding its bytes were read in. */
export interface ReadFile extends ImportFile {
  encoding: 'utf-8' | 'utf-16le' | 'utf-16be' | 'windows-1252'
}

/** Windows-1252's characters for the bytes 0x80–0x9F (Latin-1 has control codes there). */
const WINDOWS_1252_HIGH = '€\x81‚ƒ„…†‡ˆ‰Š‹Œ\x8DŽ\x8F\x90‘’“”•–—˜™š›œ\x9DžŸ'

// Node's TextDecoder reads 'windows-1252' as Latin-1: the curly quotes and dashes are mapped here
const fromWindows1252 = (bytes: Uint8Array): string =>
  Array.from(bytes, (b) =>
    b >= 0x80 && b <= 0x9f ? WINDOWS_1252_HIGH[b - 0x80]! : String.fromCharCode(b),
  ).join('')

/**
 * A file's text in the encodings spreadsheets save: UTF-16 where a byte order mark says so
 * (Excel's "Unicode Text"), UTF-8 (a BOM kept, as the readers skip it), else Windows-1252 —
 * Excel's plain "CSV" on Western Windows, whose accents and curly quotes are no valid UTF-8.
 */
export function readText(path: string): Pick<ReadFile, 'text' | 'encoding'> {
  const bytes = readFileSync(path)
  const utf16 = bytes[0] === 0xff && bytes[1] === 0xfe ? 'utf-16le' : undefined
  const encoding = utf16 ?? (bytes[0] === 0xfe && bytes[1] === 0xff ? 'utf-16be' : undefined)
  if (encoding) return { text: new TextDecoder(encoding).decode(bytes), encoding }
  try {
    const text = new TextDecoder('utf-8', { fatal: true, ignoreBOM: true }).decode(bytes)
    return { text, encoding: 'utf-8' }
  } catch {
    return { text: fromWindows1252(bytes), encoding: 'windows-1252' }
  }
}

/**
 * A file, or every schema file in a folder (`.json`, and Iglu's extension-less `1-0-0`),
 * recursively.
 */
export function readImportFiles(target: string, cwd: string): ReadFile[] {
  const path = resolve(cwd, target)
  if (!existsSync(path))
    throw new UsageError(
      `${target} does not exist: pass the spreadsheet, the schema file or the folder of schemas`,
    )
  if (!statSync(path).isDirectory()) return [{ path: target, ...readText(path) }]
  const out: ReadFile[] = []
  const walk = (dir: string): void => {
    for (const entry of readdirSync(dir, { withFileTypes: true }).sort((a, b) =>
      a.name.localeCompare(b.name),
    )) {
      if (entry.name.startsWith('.') || entry.name === 'node_modules') continue
      const full = join(dir, entry.name)
      if (entry.isDirectory()) walk(full)
      else if (/\.json$/i.test(entry.name) || /^\d+-\d+-\d+$/.test(entry.name))
        out.push({ path: relative(cwd, full), ...readText(full) })
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
