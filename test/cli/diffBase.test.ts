// @vitest-environment node
// `trackplan diff <plan> --base <ref>` in a real git repository, with plans as teams split
// them: events in modules of their own, imported relatively or through a tsconfig `paths`
// alias (Next.js's `@/*`), zod from the project's node_modules, and plan files moved
// between the base and the branch. The base plan must be the plan as it was at the ref —
// every module it imports included — or a breaking change passes CI as "no changes".
import { execFileSync } from 'node:child_process'
import { mkdirSync, mkdtempSync, readdirSync, rmSync, symlinkSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { dirname, join } from 'node:path'
import { fileURLToPath } from 'node:url'
import { afterEach, beforeEach, describe, expect, it } from 'vitest'
import { runCli } from './runCli'

const nodeModules = fileURLToPath(new URL('../../node_modules', import.meta.url))

let repo = ''
const git = (...args: string[]) =>
  execFileSync('git', args, { cwd: repo, stdio: 'pipe', encoding: 'utf8' })
const write = (files: Record<string, string>) => {
  for (const [path, text] of Object.entries(files)) {
    mkdirSync(dirname(join(repo, path)), { recursive: true })
    writeFileSync(join(repo, path), text)
  }
}
const commit = (message: string) => {
  git('add', '-A')
  git('commit', '-qm', message)
}

beforeEach(() => {
  repo = mkdtempSync(join(tmpdir(), 'trackplan-repo-'))
  git('init', '-q', '-b', 'main')
  git('config', 'user.email', 'ci@example.com')
  git('config', 'user.name', 'CI')
  // the project's own dependencies (zod), installed and ignored as in any app
  symlinkSync(nodeModules, join(repo, 'node_modules'), 'junction')
  write({ '.gitignore': 'node_modules\n', 'package.json': '{ "name": "app", "private": true }\n' })
})
afterEach(() => rmSync(repo, { recursive: true, force: true }))

const checkout = (currencies: string) => `import { z } from 'zod'

export const checkoutEvents = {
  'Completed Purchase': {
    properties: { orderId: z.string(), currency: z.enum([${currencies}]) },
  },
}
`
const planImporting = (from: string) => `import { checkoutEvents } from '${from}'

export const plan = {
  events: { ...checkoutEvents, 'Viewed Pricing': { properties: { plan: { type: 'string' } } } },
}
`

describe('diff --base: the plan as it was at the ref, imports included', () => {
  it('a change in a module the plan imports is compared with that module at the ref', async () => {
    write({
      'src/events/checkout.ts': checkout("'EUR', 'USD', 'GBP'"),
      'src/plan.ts': planImporting('./events/checkout'),
    })
    commit('plan')
    write({ 'src/events/checkout.ts': checkout("'EUR', 'USD'") })
    const { code, out, err } = await runCli(repo, ['diff', 'src/plan.ts', '--base', 'main'])
    expect({ code, err }).toEqual({ code: 1, err: '' })
    expect(out).toContain('✗ "Completed Purchase": property "currency" lost enum value(s) "GBP"')
    // nothing is left behind, beside the plan or anywhere in the repository
    expect(git('status', '--porcelain')).toBe(' M src/events/checkout.ts\n')
    expect(readdirSync(join(repo, 'src')).sort()).toEqual(['events', 'plan.ts'])
  })

  it('a module the plan imported at the ref and no longer has is read at the ref', async () => {
    write({
      'src/events/checkout.ts': checkout("'EUR'"),
      'src/plan.ts': planImporting('./events/checkout'),
    })
    commit('plan')
    rmSync(join(repo, 'src/events'), { recursive: true })
    write({ 'src/plan.ts': `export const plan = { events: { 'Viewed Pricing': {} } }\n` })
    const { code, out } = await runCli(repo, ['diff', 'src/plan.ts', '--base', 'main'])
    expect(code).toBe(1)
    expect(out).toContain('✗ "Completed Purchase" was removed')
  })
})

describe('tsconfig paths (`@/*`, as Next.js writes it)', () => {
  const tsconfig = `{
  // as create-next-app writes it: comments and a trailing comma
  "compilerOptions": {
    "strict": true,
    "paths": { "@/*": ["./src/*"] },
  },
}
`
  it('check loads a plan that imports through the alias', async () => {
    write({
      'tsconfig.json': tsconfig,
      'src/events/checkout.ts': checkout("'EUR'"),
      'src/plan.ts': planImporting('@/events/checkout'),
    })
    expect(await runCli(repo, ['check', 'src/plan.ts'])).toEqual({
      code: 0,
      out: '✓ 2 events, no problems (naming: unchecked)\n',
      err: '',
    })
  })

  it('diff --base reads the aliased module at the ref too', async () => {
    write({
      'tsconfig.json': tsconfig,
      'src/events/checkout.ts': checkout("'EUR', 'GBP'"),
      'src/plan.ts': planImporting('@/events/checkout'),
    })
    commit('plan')
    write({ 'src/events/checkout.ts': checkout("'EUR'") })
    const { code, out } = await runCli(repo, ['diff', 'src/plan.ts', '--base', 'main'])
    expect(code).toBe(1)
    expect(out).toContain('✗ "Completed Purchase": property "currency" lost enum value(s) "GBP"')
  })
})

describe('diff --base: a plan file moved since the ref', () => {
  const plan = (events: string[]) => `// the product's tracking plan: owned by the growth team
export const plan = {
  naming: 'verb-noun',
  events: {
${events.map((e) => `    '${e}': { properties: { plan: { type: 'string' } } },`).join('\n')}
  },
}
`
  it('is compared with the file it was (git finds the rename)', async () => {
    write({ 'src/tracking/plan.ts': plan(['Viewed Pricing', 'Signed Up', 'Started Trial']) })
    commit('plan')
    git('mv', 'src/tracking/plan.ts', 'src/plan.ts')
    write({ 'src/plan.ts': plan(['Viewed Pricing', 'Started Trial']) })
    commit('move the plan, drop an event')
    const { code, out, err } = await runCli(repo, ['diff', 'src/plan.ts', '--base', 'HEAD~1'])
    expect(err).toBe('trackplan: src/plan.ts was src/tracking/plan.ts at HEAD~1\n')
    expect(code).toBe(1)
    expect(out.split('\n')[0]).toBe(
      'trackplan diff (src/tracking/plan.ts at HEAD~1 → src/plan.ts): 1 breaking, 0 safe',
    )
    expect(out).toContain('✗ "Signed Up" was removed')
  })

  it('a plan that is new at the branch is still all new', async () => {
    write({ 'README.md': '# app\n' })
    commit('start')
    write({ 'src/plan.ts': plan(['Viewed Pricing']) })
    const { code, out, err } = await runCli(repo, ['diff', 'src/plan.ts', '--base', 'main'])
    expect({ code, err }).toEqual({
      code: 0,
      err: 'trackplan: src/plan.ts did not exist at main: every event is new\n',
    })
    expect(out).toContain('✓ "Viewed Pricing" was added')
  })
})

describe('diff --base: what is wrong, named', () => {
  it('a plan file that does not exist is named as such (not as an unknown ref)', async () => {
    write({ 'README.md': '# app\n' })
    commit('start')
    expect(await runCli(repo, ['diff', 'src/plan.ts', '--base', 'main'])).toEqual({
      code: 2,
      out: '',
      err: 'trackplan: src/plan.ts does not exist: pass the path of your plan module (e.g. src/plan.ts)\n',
    })
  })

  it('a plan outside any git repository: --base cannot apply', async () => {
    const folder = mkdtempSync(join(tmpdir(), 'trackplan-no-git-'))
    try {
      writeFileSync(join(folder, 'plan.json'), '{ "events": {} }')
      expect(await runCli(folder, ['diff', 'plan.json', '--base', 'main'])).toEqual({
        code: 2,
        out: '',
        err: 'trackplan: plan.json is not in a git repository: --base reads the plan at a git ref (or compare two files: `trackplan diff old-plan.ts new-plan.ts`)\n',
      })
    } finally {
      rmSync(folder, { recursive: true, force: true })
    }
  })
})
