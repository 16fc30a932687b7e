// The public surface is a deliberate list, and the README's "API" section is that list: an
// export added or removed without the README (or the other way round) fails here.
import { readFileSync } from 'node:fs'
import { join } from 'node:path'
import { describe, expect, it } from 'vitest'

const readme = readFileSync(join(__dirname, '../README.md'), 'utf8')
const start = readme.indexOf('## API: what each entry exports')
const section = readme.slice(start, readme.indexOf('\n## ', start + 1))

/** The names listed for an entry: the code spans of its bullet, up to the parenthesis that explains them. */
function listed(entry: string): string[] {
  const bullet = section
    .split('\n- ')
    .find((b) => b.startsWith(`\`${entry}\``) || b.includes(`, \`${entry}\`:`))
  if (!bullet) throw new Error(`the README's API section has no bullet for ${entry}`)
  const body = bullet
    .split('\n\n')[0]!
    .slice(bullet.indexOf(':') + 1)
    .split('(')[0]!
  const names = [...body.matchAll(/`([^`]+)`/g)].map((m) => m[1]!)
  return names
    .flatMap((name) => (/^trackplan(\/[\w/]+)?$/.test(name) ? listed(name) : [name]))
    .sort()
}

const entries: Record<string, () => Promise<Record<string, unknown>>> = {
  'trackplan/core': () => import('trackplan/core'),
  trackplan: () => import('trackplan'),
  'trackplan/server': () => import('trackplan/server'),
  'trackplan/testing': () => import('trackplan/testing'),
  'trackplan/testing/coverage': () => import('trackplan/testing/coverage'),
  'trackplan/tools': () => import('trackplan/tools'),
  'trackplan/collector': () => import('trackplan/collector'),
  'trackplan/devtools': () => import('trackplan/devtools'),
  'trackplan/devtools/production': () => import('trackplan/devtools/production'),
}

describe('the public surface', () => {
  it.each(Object.keys(entries))('%s exports exactly what the README lists', async (entry) => {
    const exported = Object.keys(await entries[entry]!())
      .filter((k) => k !== 'default')
      .sort()
    expect(exported).toEqual(listed(entry))
  })

  it('trackplan/core no longer exports internals', async () => {
    const core = await import('trackplan/core')
    for (const internal of [
      'sanitizeProperties',
      'mergeProperties',
      'memoryStorage',
      'compilePlan',
      'MAX_EVENT_BYTES',
      'planToCsv',
      'redactUrl',
    ]) {
      expect(core).not.toHaveProperty(internal)
    }
  })
})
