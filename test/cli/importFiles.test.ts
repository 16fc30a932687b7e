// @vitest-environment node
// `trackplan import` reading spreadsheets in the encodings Excel saves them in: "CSV UTF-8"
// (a BOM), plain "CSV" (Windows-1252 on Western Windows: curly quotes, accents, dashes in
// names and descriptions) and "Unicode Text" (UTF-16 with a BOM, tab-separated).
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { describe, expect, it } from 'vitest'
import { runCli } from './runCli'

const sheet = [
  'Event,Description,Property,Type,Required',
  'Viewed Café Menu,The user’s café menu – all of it,size,string,yes',
  '',
].join('\r\n')

async function importBytes(name: string, bytes: Uint8Array) {
  const dir = mkdtempSync(join(tmpdir(), 'trackplan-encodings-'))
  try {
    writeFileSync(join(dir, name), bytes)
    return await runCli(dir, ['import', name])
  } finally {
    rmSync(dir, { recursive: true, force: true })
  }
}

/** Windows-1252, as Excel's plain "CSV" writes it on Western Windows. */
const windows1252 = (text: string) =>
  Uint8Array.from(text, (c) => ({ '’': 0x92, '–': 0x96 })[c] ?? c.charCodeAt(0))

describe('import: the encodings spreadsheets are saved in', () => {
  it.each([
    ['UTF-8 with a BOM ("CSV UTF-8")', 'plan.csv', Buffer.from(`\uFEFF${sheet}`, 'utf8')],
    ['Windows-1252 (Excel\'s "CSV")', 'plan.csv', windows1252(sheet)],
    [
      'UTF-16 with a BOM, tabs (Excel\'s "Unicode Text")',
      'plan.txt',
      Buffer.from(`\uFEFF${sheet.replace(/,/g, '\t')}`, 'utf16le'),
    ],
  ])('%s: names and descriptions read as written', async (_, name, bytes) => {
    const { code, out } = await importBytes(name, bytes)
    expect(code).toBe(0)
    expect(out).toContain(
      "'Viewed Café Menu': {\n      description: 'The user’s café menu – all of it',",
    )
  })

  it('a file read as Windows-1252 is said so on stderr', async () => {
    const { err } = await importBytes('plan.csv', windows1252(sheet))
    expect(err.split('\n')[0]).toBe(
      'trackplan: plan.csv is not UTF-8: read as Windows-1252 (Excel\'s "CSV"); save it as "CSV UTF-8" if its text looks wrong',
    )
  })
})
