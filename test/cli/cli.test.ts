// @vitest-environment node
import { execFileSync } from 'node:child_process'
import { copyFileSync, mkdirSync, mkdtempSync, readdirSync, rmSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { fileURLToPath } from 'node:url'
import { describe, expect, it } from 'vitest'
import { runCli } from './runCli'
import { VERSION } from '../../src/core/version'

const cwd = fileURLToPath(new URL('./fixtures/', import.meta.url))

const run = (...argv: string[]) => runCli(cwd, argv)

describe('trackplan check', () => {
  it('exit 0 and a summary for a clean plan (.ts through jiti, .mts, default export)', async () => {
    expect(await run('check', 'plan.ts')).toEqual({
      code: 0,
      out: '✓ 3 events, no problems (naming: verb-noun)\n',
      err: '',
    })
    expect((await run('check', 'clean.mts')).code).toBe(0)
  })

  it('exit 1 with each problem printed beside its event', async () => {
    const { code, out } = await run('check', 'problems.mjs')
    expect(code).toBe(1)
    expect(out.split('\n')).toEqual([
      '✗ signup: "signup" should have at least two words: a verb and what it acts on ("Viewed Pricing")',
      '✗ signup: "signup" is not Title Case: write "Signup"',
      '✗ Registered: "Registered" should have at least two words: a verb and what it acts on ("Viewed Pricing")',
      '✗ viewed pricing: "viewed pricing" is not Title Case: write "Viewed Pricing"',
      '✗ Clicked Plan: property "tier" has type "strng"; use one of string, number, integer, boolean, array, object',
      '✗ Clicked Plan: property "seats" is a integer but its enum has "2"',
      '✗ Signed Up: near-duplicate of "Registered": keep one name',
      '✗ Registered: near-duplicate of "Signed Up": keep one name',
      '8 problem(s) in 5 events',
      '',
    ])
  })
})

describe('trackplan export', () => {
  it('csv: the tracking-plan spreadsheet, one row per event property', async () => {
    const { code, out } = await run('export', 'plan.ts', '--format', 'csv')
    expect(code).toBe(0)
    expect(out.trimEnd().split('\n')).toEqual([
      'event,description,trigger,owner,property,type,required,allowed values,property description',
      'Viewed Pricing,The pricing table was shown,Pricing page mounted,growth,plan,string,yes,"free, pro, team",Plan highlighted',
      'Viewed Pricing,The pricing table was shown,Pricing page mounted,growth,price,number,no,,',
      'Completed Purchase,"Payment accepted, ""order"" created",,checkout,orderId,string,yes,,Order id',
      'Completed Purchase,"Payment accepted, ""order"" created",,checkout,total,number,yes,,',
      'Completed Purchase,"Payment accepted, ""order"" created",,checkout,coupon,string,no,,',
      'Signed Up,An account was created,,growth,,,,,',
    ])
  })

  it('markdown: the same as a table for docs', async () => {
    const { out } = await run('export', 'plan.ts', '--format=markdown')
    const lines = out.trimEnd().split('\n')
    expect(lines[0]).toBe(
      '| event | description | trigger | owner | property | type | required | allowed values | property description |',
    )
    expect(lines[1]).toBe('| --- | --- | --- | --- | --- | --- | --- | --- | --- |')
    expect(lines[2]).toBe(
      '| Viewed Pricing | The pricing table was shown | Pricing page mounted | growth | plan | string | yes | free, pro, team | Plan highlighted |',
    )
    expect(lines).toHaveLength(8)
  })

  it('json-schema: draft-07 per event, validating a whole track call', async () => {
    const { out } = await run('export', 'plan.ts', '--format', 'json-schema')
    const schemas = JSON.parse(out)
    expect(Object.keys(schemas)).toEqual(['Viewed Pricing', 'Completed Purchase', 'Signed Up'])
    expect(schemas['Viewed Pricing']).toEqual({
      $schema: 'http://json-schema.org/draft-07/schema#',
      title: 'Viewed Pricing',
      description: 'The pricing table was shown',
      type: 'object',
      properties: {
        event: { const: 'Viewed Pricing' },
        properties: {
          type: 'object',
          properties: {
            plan: {
              type: 'string',
              enum: ['free', 'pro', 'team'],
              description: 'Plan highlighted',
            },
            price: { type: 'number' },
          },
          required: ['plan'],
        },
      },
      required: ['event', 'properties'],
    })
    const purchase = schemas['Completed Purchase'].properties.properties
    expect(purchase.required).toEqual(['orderId', 'total'])
    expect(purchase.additionalProperties).toBe(false)
    expect(purchase.properties.orderId).toMatchObject({ type: 'string', description: 'Order id' })
  })
})

describe('bad input: one line naming the fix, exit 2', () => {
  it.each([
    [
      ['check', 'missing.ts'],
      /^trackplan: missing\.ts does not exist: pass the path of your plan module/,
    ],
    [
      ['check', 'no-plan.mjs'],
      /^trackplan: no-plan\.mjs exports no plan: add `export const plan = defineTrackingPlan/,
    ],
    [
      ['check', 'not-a-plan.js'],
      /^trackplan: not-a-plan\.js's `plan` export is not a tracking plan: it needs an `events` object/,
    ],
    [['check', 'broken.ts'], /^trackplan: broken\.ts could not be loaded: /],
    [
      ['export', 'plan.ts', '--format', 'xml'],
      /^trackplan: unknown format "xml": use --format csv\|markdown\|json-schema/,
    ],
    [['export', 'plan.ts'], /^trackplan: export needs --format csv\|markdown\|json-schema/],
    [['lint', 'plan.ts'], /^trackplan: unknown command "lint"/],
    [['check'], /^trackplan: check takes one plan: `trackplan check src\/plan.ts`/],
    [
      ['check', 'plan.ts', '--fromat', 'csv'],
      /^trackplan: unknown option --fromat for check \(see `trackplan check --help`\)/,
    ],
    [
      ['diff', 'diff/before.ts'],
      /^trackplan: diff takes two plans \(`trackplan diff old-plan.ts new-plan.ts`\), or one with --base <git-ref>/,
    ],
    [
      ['diff', 'diff/before.ts', 'diff/after.ts', '--format', 'html'],
      /^trackplan: unknown format "html": use --format text\|markdown\|json/,
    ],
    [['diff', 'diff/before.ts', 'diff/gone.ts'], /^trackplan: diff\/gone.ts does not exist/],
    [['diff', 'plan.ts', '--base'], /^trackplan: --base needs a git ref/],
    // columns count from 1, as editors do: the second "{" of `{{` on each line
    [['check', 'syntax.mjs'], /^trackplan: syntax\.mjs could not be loaded: syntax\.mjs:3:24: /],
    [['check', 'broken.ts'], /^trackplan: broken\.ts could not be loaded: broken\.ts:1:22: /],
    [['check', 'syntax.json'], /^trackplan: syntax\.json:2:14: Expected property name or '}'/],
  ])('%j', async (argv, message) => {
    const { code, err, out } = await run(...argv)
    expect(code).toBe(2)
    expect(out).toBe('')
    expect(err).toMatch(message)
    expect(err.trimEnd().split('\n')).toHaveLength(1)
  })
})

describe('trackplan diff', () => {
  it('text: every change classified, breaking first, each breaking one with its witness, exit 1', async () => {
    const { code, out, err } = await run('diff', 'diff/before.ts', 'diff/after.ts')
    expect(err).toBe('')
    expect(code).toBe(1)
    const lines = out.trimEnd().split('\n')
    expect(lines.filter((l) => !l.startsWith('      '))).toEqual([
      'trackplan diff (diff/before.ts → diff/after.ts): 13 breaking, 7 safe, 2 to review by hand',
      '',
      'Breaking:',
      '  ✗ "Cancelled Subscription" was removed and "Canceled Subscription" added: probably a rename, which splits its history in reports',
      '  ✗ "Opened Menu" was removed',
      '  ✗ "Viewed Pricing": property "plan" lost enum value(s) "team"',
      '  ✗ "Viewed Pricing": property "price" changed type: number → string',
      '  ✗ "Viewed Pricing": property "currency" is now limited to "EUR", "USD"',
      '  ✗ "Viewed Pricing": property "source" became required',
      // an open event took `experiment: 42` before; now it must be a string
      '  ✗ "Viewed Pricing": property "experiment" was added (before, the event took any value under this name, and older app versions may send one)',
      '  ✗ "Completed Purchase" no longer accepts properties the plan does not list (additionalProperties: false)',
      '  ✗ "Completed Purchase": property "orderId" changed "pattern" ("^o-" → "^ord-")',
      '  ✗ "Completed Purchase": property "total" narrowed its type: number → integer',
      '  ✗ "Completed Purchase": property "quantity" minimum: 1 → 2',
      '  ✗ "Completed Purchase": property "address.zip" became required',
      '  ✗ "Completed Purchase": property "giftWrap" was added as required: older app versions do not send it',
      '',
      'To review by hand:',
      '  ? "Completed Purchase": property "sku" is a Standard Schema (acme) that gives no JSON Schema to compare (no event the old plan accepts was found that the new one rejects: review by hand)',
      '  ? "Signed Up": property "referrer" was removed (it is still accepted as an unlisted key, so nothing sent is rejected: review by hand whether anything reads it)',
      '',
      'Safe:',
      '  ✓ "Viewed Pricing" has a new description',
      '  ✓ "Viewed Pricing": property "plan" gained enum value(s) "enterprise"',
      '  ✓ "Viewed Pricing": property "seats" widened its type: integer → number',
      '  ✓ "Viewed Pricing": property "source" has a new description',
      '  ✓ "Signed Up" has a new owner',
      '  ✓ "Signed Up": property "method" gained enum value(s) "apple"',
      '  ✓ "Started Trial" was added',
    ])
    // every breaking change is followed by its witness: an event, and what the new plan says
    const witnesses = lines.filter((l) => l.startsWith('      e.g. '))
    expect(witnesses).toHaveLength(13)
    expect(lines).toContain('      e.g. {"event":"Opened Menu","properties":{}}')
    expect(lines).toContain('      is rejected: "Opened Menu" is not in the tracking plan')
    const quantity = lines.indexOf('  ✗ "Completed Purchase": property "quantity" minimum: 1 → 2')
    expect(lines[quantity + 1]).toMatch(
      /^ {6}e\.g\. \{"event":"Completed Purchase","properties":\{.*"quantity":1\b/,
    )
    expect(lines[quantity + 2]).toBe(
      '      is rejected: property "quantity" is invalid: Too small: expected number to be >=2',
    )
  })

  it('markdown: a pull-request comment, one table row per change, witnesses in the row', async () => {
    const { code, out } = await run('diff', 'diff/before.ts', 'diff/after.ts', '--format=markdown')
    expect(code).toBe(1)
    const lines = out.trimEnd().split('\n')
    expect(lines.slice(0, 5)).toEqual([
      '### Tracking plan: 13 breaking, 7 safe, 2 to review by hand (diff/before.ts → diff/after.ts)',
      '',
      '| | Event | Property | Change |',
      '| --- | --- | --- | --- |',
      '| 🔴 breaking | Cancelled Subscription |  | was removed and "Canceled Subscription" added: probably a rename, which splits its history in reports<br>e.g. `{"event":"Cancelled Subscription","properties":{}}` is rejected: "Cancelled Subscription" is not in the tracking plan (did you mean "Canceled Subscription"?) |',
    ])
    expect(lines).toContain(
      '| 🔴 breaking | Completed Purchase | address.zip | became required<br>e.g. `{"event":"Completed Purchase","properties":{"orderId":"o-","total":0,"quantity":2,"address":{"city":""},"giftWrap":true}}` (with any valid "sku": trackplan could not make one up) is rejected: property "address" is invalid: Invalid input: expected string, received undefined |',
    )
    expect(lines).toContain(
      '| 🟡 review | Completed Purchase | sku | is a Standard Schema (acme) that gives no JSON Schema to compare (no event the old plan accepts was found that the new one rejects: review by hand) |',
    )
    expect(lines).toContain('| 🟢 safe | Started Trial |  | was added |')
    const breaking = lines.filter((l) => l.startsWith('| 🔴'))
    expect(breaking).toHaveLength(13)
    for (const row of breaking)
      expect(row).toMatch(
        /<br>e\.g\. `\{"event":.*\}`( \(with any valid [^)]*\))? is rejected: /,
      )
    expect(lines.at(-1)).toMatch(/^> Breaking: each comes with an event the old plan accepts/)
  })

  it('json: counts and every change with its kind and witness, for tools', async () => {
    const { out } = await run('diff', 'diff/before.ts', 'diff/after.ts', '--format', 'json')
    const report = JSON.parse(out)
    expect([report.breaking, report.safe, report.unknown]).toEqual([13, 7, 2])
    expect(
      report.changes.map(
        (c: { kind: string; property?: string }) =>
          `${c.kind}${c.property ? ` ${c.property}` : ''}`,
      ),
    ).toEqual([
      'event-renamed',
      'event-removed',
      'event-described',
      'enum-values-removed plan',
      'enum-values-added plan',
      'type-changed price',
      'enum-added currency',
      'type-widened seats',
      'property-required source',
      'property-described source',
      'property-added experiment',
      'event-closed',
      'constraint-changed orderId',
      'type-narrowed total',
      'constraint-narrowed quantity',
      'property-required address.zip',
      'not-comparable sku',
      'property-required giftWrap',
      'event-described',
      'enum-values-added method',
      'property-removed referrer',
      'event-added',
    ])
    const plan = report.changes.find((c: { kind: string }) => c.kind === 'enum-values-removed')
    expect(plan.witness).toEqual({
      event: 'Viewed Pricing',
      properties: { plan: 'team', source: '' },
      rejection:
        '"Viewed Pricing": property "plan" must be one of "free", "pro", "enterprise"; got "team"',
    })
  })

  it('--allow-breaking exits 0 and still lists them; an unchanged plan says so', async () => {
    expect((await run('diff', 'diff/before.ts', 'diff/after.ts', '--allow-breaking')).code).toBe(0)
    expect(await run('diff', 'plan.ts', 'plan.ts')).toEqual({
      code: 0,
      out: 'trackplan diff (plan.ts → plan.ts): no changes\n',
      err: '',
    })
    // the same file loaded twice: the hand-written schema is a new object, built the same way and
    // answering the same: no change (it was "to review by hand", compared by identity)
    const copy = join(cwd, 'diff/.same.ts')
    copyFileSync(join(cwd, 'diff/before.ts'), copy)
    try {
      const same = await run('diff', 'diff/before.ts', 'diff/.same.ts')
      expect(same).toEqual({
        code: 0,
        out: 'trackplan diff (diff/before.ts → diff/.same.ts): no changes\n',
        err: '',
      })
    } finally {
      rmSync(copy, { force: true })
    }
  })

  it('--base <ref>: the same file at a git ref, read with git', async () => {
    const repo = mkdtempSync(join(tmpdir(), 'trackplan-diff-'))
    const git = (...args: string[]) =>
      execFileSync('git', args, { cwd: repo, stdio: 'pipe', encoding: 'utf8' })
    try {
      git('init', '-q', '-b', 'main')
      git('config', 'user.email', 'ci@example.com')
      git('config', 'user.name', 'CI')
      mkdirSync(join(repo, 'src'))
      const plan = (events: object) => `export const plan = ${JSON.stringify({ events })}\n`
      writeFileSync(
        join(repo, 'src/plan.mjs'),
        plan({ 'Viewed Pricing': { properties: { plan: { type: 'string' } } }, 'Signed Up': {} }),
      )
      git('add', '.')
      git('commit', '-qm', 'plan')
      writeFileSync(
        join(repo, 'src/plan.mjs'),
        plan({
          'Viewed Pricing': { properties: { plan: { type: 'number' } } },
          'Started Trial': {},
        }),
      )
      const { code, out, err } = await runCli(repo, ['diff', 'src/plan.mjs', '--base', 'main'])
      expect({ code, err }).toEqual({ code: 1, err: '' })
      expect(out.split('\n')[0]).toBe(
        'trackplan diff (src/plan.mjs at main → src/plan.mjs): 2 breaking, 1 safe',
      )
      expect(out).toContain('✗ "Signed Up" was removed')
      expect(out).toContain('✗ "Viewed Pricing": property "plan" changed type: string → number')
      expect(readdirSync(join(repo, 'src'))).toEqual(['plan.mjs']) // the base copy is gone

      const bad = await runCli(repo, ['diff', 'src/plan.mjs', '--base', 'no-such-branch'])
      expect(bad.code).toBe(2)
      expect(bad.err).toMatch(
        /^trackplan: --base no-such-branch is not a commit git knows here: fetch it first/,
      )

      writeFileSync(join(repo, 'src/new.mjs'), plan({ 'Started Trial': {} }))
      const fresh = await runCli(repo, ['diff', 'src/new.mjs', '--base', 'main'])
      expect(fresh.code).toBe(0)
      expect(fresh.err).toBe('trackplan: src/new.mjs did not exist at main: every event is new\n')
      expect(fresh.out).toContain('✓ "Started Trial" was added')
    } finally {
      rmSync(repo, { recursive: true, force: true })
    }
  })
})

describe('plan files as people write them (issue 33)', () => {
  const inFolder = async (files: Record<string, string>, argv: string[]) => {
    const dir = mkdtempSync(join(tmpdir(), 'trackplan-plans-'))
    try {
      for (const [name, text] of Object.entries(files)) writeFileSync(join(dir, name), text)
      return await runCli(dir, argv)
    } finally {
      rmSync(dir, { recursive: true, force: true })
    }
  }
  const nullSpec = JSON.stringify({
    events: { 'Chose Plan': { properties: { plan: null, seats: { type: 'integer' } } } },
  })

  it.each([['check'], ['export', '--format', 'csv'], ['export', '--format', 'json-schema']])(
    'a null property spec: %s names the event and property, exit 2, no stack trace',
    async (command, ...options) => {
      expect(await inFolder({ 'plan.json': nullSpec }, [command, 'plan.json', ...options])).toEqual(
        {
          code: 2,
          out: '',
          err: `trackplan: plan.json: "Chose Plan": property "plan" has no spec (null): give it one ({ type: 'string' }) or a schema\n`,
        },
      )
    },
  )

  it('diff names the broken spec of either plan', async () => {
    const fine = JSON.stringify({ events: { 'Chose Plan': {} } })
    const { code, err } = await inFolder(
      { 'old.json': fine, 'new.mjs': `export const plan = ${nullSpec}\n` },
      ['diff', 'old.json', 'new.mjs'],
    )
    expect({ code, err }).toEqual({
      code: 2,
      err: `trackplan: new.mjs: "Chose Plan": property "plan" has no spec (null): give it one ({ type: 'string' }) or a schema\n`,
    })
  })

  it('a .json plan saved with a byte order mark (Windows editors) loads', async () => {
    const plan = JSON.stringify({ naming: 'verb-noun', events: { 'Viewed Pricing': {} } })
    expect(await inFolder({ 'plan.json': `\uFEFF${plan}` }, ['check', 'plan.json'])).toEqual({
      code: 0,
      out: '✓ 1 events, no problems (naming: verb-noun)\n',
      err: '',
    })
    const broken = await inFolder({ 'plan.json': '\uFEFF{\n  "events": {,\n' }, [
      'check',
      'plan.json',
    ])
    expect(broken.err).toMatch(/^trackplan: plan\.json:2:14: /)
  })
})

describe('help, version, empty names', () => {
  it('--version prints the version; each command has its own --help', async () => {
    expect(await run('--version')).toEqual({ code: 0, out: `${VERSION}\n`, err: '' })
    const help = await run('diff', '--help')
    expect(help.code).toBe(0)
    expect(help.out).toMatch(/^Usage: trackplan diff <old-plan> <new-plan>/)
    expect(help.out).toContain('--allow-breaking  exit 0 even with breaking changes')
    expect((await run('help', 'export')).out).toMatch(
      /^Usage: trackplan export <plan> --format csv\|markdown\|json-schema/,
    )
    const usage = (await run('--help')).out
    expect(usage).toMatch(/diff +classify the changes between two versions of a plan/)
    // every form of each command
    expect(usage).toContain(
      '  trackplan diff <old-plan> <new-plan> [--format text|markdown|json] [--allow-breaking]\n  trackplan diff <plan> --base <git-ref> [--format …] [--allow-breaking]\n',
    )
  })

  it('a .json plan; an empty event name is reported as empty', async () => {
    const { code, out } = await run('check', 'plan.json')
    expect(code).toBe(1)
    expect(out).toBe(
      '✗ (empty name): the event name is empty: name it for what happened ("Viewed Pricing")\n1 problem(s) in 2 events\n',
    )
  })
})

describe('trackplan import', () => {
  it('prints the module on stdout and the report on stderr; --out writes it, never over a file without --force', async () => {
    const printed = await run('import', 'import/draft07')
    expect(printed.code).toBe(0)
    expect(printed.out).toMatch(
      /^\/\/ Imported by `trackplan import` from 2 files\. Edit freely: this file is now the plan\.\nimport \{ defineTrackingPlan \} from 'trackplan\/core'\nimport \{ z \} from 'zod'\n/,
    )
    expect(printed.err.split('\n')).toContain(
      '✗ not imported: "Started Checkout" property "note": "not" was not imported (no plan or zod equivalent here)',
    )
    expect(printed.err.split('\n')).toContain(
      '~ kept as zod: "Viewed Pricing" property "price": exclusiveMinimum',
    )
    expect(printed.err.trimEnd().split('\n').at(-1)).toBe(
      'trackplan import: 2 events from import/draft07 (json-schema); 2 thing(s) not imported, listed above',
    )

    const dir = mkdtempSync(join(tmpdir(), 'trackplan-import-'))
    try {
      const out = ['import', 'plan.csv', '--out', 'src/tracking-plan.ts']
      writeFileSync(join(dir, 'plan.csv'), 'event,property,type\nViewed Page,path,string\n')
      expect((await runCli(dir, out)).code).toBe(0)
      expect(readdirSync(join(dir, 'src'))).toEqual(['tracking-plan.ts'])
      const again = await runCli(dir, out)
      expect(again.code).toBe(2)
      expect(again.err).toBe(
        'trackplan: src/tracking-plan.ts exists: pass --force to replace it, or another --out\n',
      )
      expect((await runCli(dir, [...out, '--force'])).code).toBe(0)
    } finally {
      rmSync(dir, { recursive: true, force: true })
    }
  })

  it.each([
    [['import'], /^trackplan: import takes one file or folder/],
    [['import', 'import/nothing.csv'], /^trackplan: import\/nothing\.csv does not exist/],
    [
      ['import', 'import/variations.csv', '--from', 'xls'],
      /^trackplan: unknown from "xls": use --from csv\|json-schema\|segment-protocols/,
    ],
    [
      ['import', 'import/schemas-2020-12.json', '--from', 'segment-protocols'],
      /^trackplan: import\/schemas-2020-12\.json is not a Segment Protocols plan/,
    ],
    [['import', 'syntax.json'], /^trackplan: syntax\.json is not JSON/],
  ])('bad input %j: one line, exit 2', async (argv, message) => {
    const { code, err } = await run(...argv)
    expect(code).toBe(2)
    expect(err).toMatch(message)
    expect(err.trimEnd().split('\n')).toHaveLength(1)
  })
})
