// @vitest-environment node
// `init`'s config edits on the shapes around the corpus's (initCorpus.test.ts): what it must
// refuse, the file's own layout kept, and the runner's config it picks.
import { mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { dirname, join, relative } from 'node:path'
import { fileURLToPath } from 'node:url'
import { afterEach, describe, expect, it } from 'vitest'
import { runCli } from './runCli'

const dirs: string[] = []
afterEach(() => dirs.splice(0).forEach((d) => rmSync(d, { recursive: true, force: true })))

const VITEST = { devDependencies: { vitest: '4.1.12' } }

/** Runs `init --yes` on a project with `files`; what it printed, and the config afterwards. */
async function initOn(
  files: Record<string, string>,
  config: string,
  pkg: object = VITEST,
): Promise<{ out: string; text: string; unchanged: boolean }> {
  const dir = mkdtempSync(join(tmpdir(), 'trackplan-init-edits-'))
  dirs.push(dir)
  for (const [file, text] of Object.entries({ ...files, 'package.json': JSON.stringify(pkg) })) {
    mkdirSync(dirname(join(dir, file)), { recursive: true })
    writeFileSync(join(dir, file), text)
  }
  const { out } = await runCli(dir, ['init', '--yes'])
  const text = readFileSync(join(dir, config), 'utf8')
  return { out, text, unchanged: text === files[config] }
}

const vitestConfig = (body: string): Record<string, string> => ({
  'vitest.config.ts': `import { defineConfig } from 'vitest/config'\n\n${body}\n`,
})

describe('init refuses what it cannot edit safely, and says what to do', () => {
  it.each([
    {
      shape: 'a config function returning in two places',
      body: 'export default defineConfig(({ mode }) => {\n  if (mode === "ci") return { test: {} }\n  return { test: { environment: "jsdom" } }\n})',
      reason: 'its config function returns in 2 places',
    },
    {
      shape: '`setupFiles` from a variable',
      body: "const setup = ['./a.ts']\nexport default defineConfig({ test: { setupFiles: setup } })",
      reason: '`setupFiles` is not a list init can read',
    },
    {
      shape: '`test` from a variable of another file',
      body: "import { test } from './shared'\nexport default defineConfig({ test })",
      reason: '`test` is not an object written there',
    },
    {
      shape: 'an imported config',
      body: "import config from './base.config'\nexport default config",
      reason: 'its config `config` is not written in this file',
    },
    {
      shape: 'a file that does not parse',
      body: 'export default defineConfig({ test: { ',
      reason: 'init could not read it: ',
    },
    {
      shape: 'no export',
      body: 'defineConfig({})',
      reason: 'it has no `export default` nor `module.exports =`',
    },
  ])('$shape', async ({ body, reason }) => {
    const { out, unchanged } = await initOn(vitestConfig(body), 'vitest.config.ts')
    expect(out).toContain(`  ! left vitest.config.ts as it is (${reason}`)
    expect(out).toContain("): add `setupFiles: ['trackplan/testing/vitest']` under `test`\n")
    expect(out).not.toContain('added the trackplan matchers')
    expect(unchanged).toBe(true)
  })
})

describe('init keeps the file as it is written', () => {
  it('CRLF line breaks, tabs, a comment after the last entry, double quotes', async () => {
    const text =
      'import { defineConfig } from "vitest/config";\r\n\r\nexport default defineConfig({\r\n\ttest: {\r\n\t\tenvironment: "jsdom", // the DOM\r\n\t},\r\n});\r\n'
    const { text: edited } = await initOn({ 'vitest.config.ts': text }, 'vitest.config.ts')
    expect(edited).toBe(
      text.replace(
        '// the DOM\r\n',
        '// the DOM\r\n\t\tsetupFiles: ["trackplan/testing/vitest"],\r\n',
      ),
    )
  })

  it('a list without a trailing comma gets none; an empty one gets the entry', async () => {
    const { text } = await initOn(
      vitestConfig(
        "export default defineConfig({\n  test: {\n    setupFiles: [\n      './a.ts'\n    ]\n  }\n})",
      ),
      'vitest.config.ts',
    )
    expect(text).toContain(
      "    setupFiles: [\n      './a.ts',\n      'trackplan/testing/vitest'\n    ]\n",
    )
    const empty = await initOn(
      vitestConfig('export default defineConfig({ test: { setupFiles: [] } })'),
      'vitest.config.ts',
    )
    expect(empty.text).toContain("{ test: { setupFiles: ['trackplan/testing/vitest'] } }")
  })

  it("an object of comments only (`jest --init`'s): the entry after them, every comment kept", async () => {
    const config =
      '/** @type {import(\'jest\').Config} */\nconst config = {\n  // All imported modules in your tests should be mocked automatically\n  // automock: false,\n\n  // The test environment that will be used for testing\n  // testEnvironment: "jest-environment-node",\n};\n\nmodule.exports = config;\n'
    const { text } = await initOn({ 'jest.config.js': config }, 'jest.config.js', {
      devDependencies: { jest: '30.5.2' },
    })
    expect(text).toBe(
      config.replace('node",\n', 'node",\n  setupFilesAfterEnv: ["trackplan/testing/jest"],\n'),
    )
    const inline = await initOn(
      vitestConfig('export default defineConfig({ test: { /* later */ } })'),
      'vitest.config.ts',
    )
    expect(inline.text).toContain(
      "{ test: { /* later */ setupFiles: ['trackplan/testing/vitest'] } }",
    )
  })

  it('a config with no `test` and no object entries: `{}`', async () => {
    const { text } = await initOn(
      vitestConfig('export default defineConfig({})'),
      'vitest.config.ts',
    )
    expect(text).toContain(
      "export default defineConfig({ test: { setupFiles: ['trackplan/testing/vitest'] } })",
    )
  })
})

describe('which config init edits', () => {
  it('Vitest 4 ignores a leftover vitest.workspace file: the config is edited', async () => {
    const { out } = await initOn(
      {
        ...vitestConfig('export default defineConfig({})'),
        'vitest.workspace.ts': 'export default []\n',
      },
      'vitest.config.ts',
    )
    expect(out).toContain('  ~ vitest.config.ts: added the trackplan matchers')
  })

  it('Vitest 3 reads the workspace file: its projects are edited, and names of folders refused', async () => {
    const { out, unchanged } = await initOn(
      {
        ...vitestConfig('export default defineConfig({})'),
        'vitest.workspace.ts': "export default ['packages/*']\n",
      },
      'vitest.workspace.ts',
      { devDependencies: { vitest: '^3.2.4' } },
    )
    expect(out).toContain(
      "  ! left vitest.workspace.ts as it is (the workspace names other configs ('packages/*'): the setup file goes in each of them): add 'trackplan/testing/vitest' to `test.setupFiles` of each project\n",
    )
    expect(unchanged).toBe(true)
  })

  it('Jest `projects`: each project gets the setup file in its own `setupFilesAfterEnv`', async () => {
    const config =
      "module.exports = {\n  projects: [\n    { displayName: 'dom', testEnvironment: 'jsdom', setupFilesAfterEnv: ['./dom.js'] },\n    { displayName: 'node', testEnvironment: 'node' },\n  ],\n}\n"
    const { text } = await initOn({ 'jest.config.js': config }, 'jest.config.js', {
      devDependencies: { jest: '30.5.2' },
    })
    expect(text).toBe(
      config
        .replace("['./dom.js']", "['./dom.js', 'trackplan/testing/jest']")
        .replace("'node' }", "'node', setupFilesAfterEnv: ['trackplan/testing/jest'] }"),
    )
  })

  it('package.json `jest`: its indentation kept; a `setupFilesAfterEnv` that is not a list refused', async () => {
    const pkg = { devDependencies: { jest: '30.5.2' }, jest: { testEnvironment: 'jsdom' } }
    const { text } = await initOn({}, 'package.json', pkg)
    expect(text).toBe(
      JSON.stringify(
        { ...pkg, jest: { ...pkg.jest, setupFilesAfterEnv: ['trackplan/testing/jest'] } },
        null,
        2,
      ) + '\n',
    )
    const refused = await initOn({}, 'package.json', {
      ...pkg,
      jest: { setupFilesAfterEnv: './setup.js' },
    })
    expect(refused.out).toContain(
      '  ! left package.json as it is (`setupFilesAfterEnv` is not a list): add `"setupFilesAfterEnv": ["trackplan/testing/jest"]` to `jest`',
    )
  })

  it('Storybook: the addon by its preset path, or wrapped in a call, is there already', async () => {
    for (const entry of [
      "'trackplan/storybook/preset'",
      "getAbsolutePath('trackplan/storybook')",
    ]) {
      const main = `export default { addons: [${entry}] }\n`
      const { out, unchanged } = await initOn(
        { '.storybook/main.ts': main },
        '.storybook/main.ts',
        {},
      )
      expect(out).toContain('  = .storybook/main.ts already has the trackplan addon')
      expect(unchanged).toBe(true)
    }
  })
})

it('magicast is loaded by init alone: one `import()`, when a config is edited; types elsewhere', () => {
  const src = fileURLToPath(new URL('../../src/', import.meta.url))
  const uses = readdirSync(src, { recursive: true, encoding: 'utf8' })
    .filter((file) => /\.tsx?$/.test(file))
    .flatMap((file) =>
      readFileSync(join(src, file), 'utf8')
        .split('\n')
        .filter((line) => line.includes("'magicast'"))
        .map((line) => `${relative(src, join(src, file))}: ${line.trim()}`),
    )
  expect(uses.filter((use) => !/: import type \{[^}]*\} from 'magicast'$/.test(use))).toEqual([
    "cli/init/editModule.ts: const { detectCodeFormat, parseModule } = await import('magicast')",
  ])
})
