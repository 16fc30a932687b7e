// "Every README example runs as written", as a check: each ```ts / ```tsx / ```js block of
// README.md is type-checked as its own module (strict, jsx react-jsx, moduleResolution bundler)
// in a folder where the packed tarball is installed beside what the examples import. A block
// whose first line names a file (`// src/tracking-plan.ts`) is written to that path, so a later
// block can import it (`./tracking-plan`), and it counts only where it is imported. A block may
// opt out only with a visible reason on the line before it: `<!-- not compiled: why -->`.
// The quick start also runs, in jsdom: the events it promises reach the console.
// smoke.mjs runs both (`npm run test:package`).
import { spawnSync } from 'node:child_process'
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs'
import { createRequire } from 'node:module'
import { dirname, join } from 'node:path'
import { at, root } from './harness.mjs'

const LANGS = { ts: 'ts', typescript: 'ts', tsx: 'tsx', js: 'js', jsx: 'jsx', mjs: 'mjs' }
const OPT_OUT = /^<!--\s*not compiled:\s*\S.*-->$/

/** The README's code blocks in the languages above: `{ lang, code, line, file, optOut }`. */
export function readmeExamples(text = readFileSync(join(root, 'README.md'), 'utf8')) {
  const lines = text.split('\n')
  const blocks = []
  for (let i = 0; i < lines.length; i++) {
    const open = /^```(\w*)\s*$/.exec(lines[i])
    if (!open) continue
    const end = lines.findIndex((l, j) => j > i && /^```\s*$/.test(l))
    if (end < 0) throw new Error(`README.md:${i + 1}: a code block that never closes`)
    const lang = LANGS[open[1]]
    if (lang) {
      const code = lines.slice(i + 1, end).join('\n') + '\n'
      let before = i - 1
      while (before >= 0 && lines[before].trim() === '') before--
      const named = /^\/\/\s*([\w./-]+\.(?:tsx?|jsx?|mjs|mts))(?:\s|$)/.exec(lines[i + 1] ?? '')
      blocks.push({
        lang,
        code,
        line: i + 2, // the block's first line of code
        file: named ? named[1] : `readme-example-${i + 2}.${lang}`,
        optOut: OPT_OUT.test(lines[before]?.trim() ?? ''),
      })
    }
    i = end
  }
  return blocks
}

/** The package names the examples import (not trackplan, not relative paths, not node:). */
function importedPackages(blocks) {
  const names = new Set()
  for (const { code } of blocks) {
    for (const [, spec] of code.matchAll(/(?:from|import)\s*\(?\s*['"]([^'"]+)['"]/g)) {
      if (spec.startsWith('.') || spec.startsWith('node:')) continue
      const name = spec.startsWith('@') ? spec.split('/').slice(0, 2).join('/') : spec.split('/')[0]
      if (name !== 'trackplan') names.add(name)
    }
  }
  return [...names]
}

/**
 * What to `npm install` beside the tarball for the examples: the compiler, React's and Node's
 * types, and every package an example imports (with its `@types/` when this repository has one),
 * at the versions this repository's lockfile pins.
 */
export function readmePackages(blocks = readmeExamples()) {
  const lock = JSON.parse(readFileSync(join(root, 'package-lock.json'), 'utf8')).packages
  const names = new Set(['typescript', 'react', 'react-dom', '@types/react', '@types/react-dom'])
  names.add('@types/node').add('jsdom') // jsdom: the quick start runs in it
  for (const name of importedPackages(blocks)) {
    if (!lock[`node_modules/${name}`])
      throw new Error(`a README example imports ${name}, which this repository does not install`)
    names.add(name)
    const types = `@types/${name.replace(/^@(.*)\//, '$1__')}`
    if (lock[`node_modules/${types}`]) names.add(types)
  }
  return [...names].map(at)
}

/**
 * Type-checks each example in `dir` (where `readmePackages()` and the tarball are installed),
 * one `check` per block. A block's errors are reported at their README lines.
 */
export async function checkReadmeExamples(dir, check, blocks = readmeExamples()) {
  const ts = createRequire(join(dir, 'package.json'))('typescript')
  const base = join(dir, 'readme')
  const seen = new Map()
  for (const block of blocks) {
    if (seen.has(block.file))
      throw new Error(
        `README.md:${block.line} and README.md:${seen.get(block.file)} both name ${block.file}`,
      )
    seen.set(block.file, block.line)
    mkdirSync(dirname(join(base, block.file)), { recursive: true })
    writeFileSync(join(base, block.file), block.code)
  }
  // the README's own advice for typing the matchers: a .d.ts the project includes
  const env = join(base, 'trackplan-env.d.ts')
  writeFileSync(env, '/// <reference types="trackplan/testing/vitest" />\n')
  const options = {
    strict: true,
    jsx: ts.JsxEmit.ReactJSX,
    module: ts.ModuleKind.ESNext,
    moduleResolution: ts.ModuleResolutionKind.Bundler,
    target: ts.ScriptTarget.ES2022,
    lib: ['lib.es2022.d.ts', 'lib.dom.d.ts', 'lib.dom.iterable.d.ts'],
    types: ['node'], // `process.env` on servers and in bundled apps
    typeRoots: [join(dir, 'node_modules/@types')],
    allowJs: true,
    checkJs: true,
    skipLibCheck: true,
    noEmit: true,
    resolveJsonModule: true,
  }
  // one host for every block, so React's, Node's and the DOM's types are read once
  const host = ts.createCompilerHost(options)
  const cache = new Map()
  const read = host.getSourceFile
  host.getSourceFile = (fileName, ...rest) => {
    if (!cache.has(fileName)) cache.set(fileName, read.call(host, fileName, ...rest))
    return cache.get(fileName)
  }
  const lineOf = new Map(blocks.map((b) => [join(base, b.file), b.line]))
  const where = (d) => {
    if (!d.file) return 'README.md'
    const { line } = d.file.getLineAndCharacterOfPosition(d.start)
    const first = lineOf.get(d.file.fileName)
    return first ? `README.md:${first + line}` : d.file.fileName.replace(`${dir}/`, '')
  }
  let previous
  for (const block of blocks) {
    const named = block.file.startsWith('readme-example-') ? '' : `, ${block.file}`
    const name = `README.md:${block.line} (${block.lang}${named}) type-checks as written`
    if (block.optOut) {
      console.log(`  - README.md:${block.line} not compiled (the README says why)`)
      continue
    }
    await check(name, () => {
      const program = ts.createProgram({
        rootNames: [join(base, block.file), env],
        options,
        host,
        oldProgram: previous,
      })
      previous = program
      const errors = new Set(
        ts
          .getPreEmitDiagnostics(program)
          .map(
            (d) =>
              `    ${where(d)}: TS${d.code} ${ts.flattenDiagnosticMessageText(d.messageText, '\n      ')}`,
          ),
      )
      if (errors.size) throw new Error([...errors].join('\n'))
    })
  }
}

/** The quick start's runner: its module in jsdom, IntersectionObserver saying "in view", each button clicked. */
const RUN_QUICK_START = `import { JSDOM } from 'jsdom'
const { window } = new JSDOM('<!doctype html><body><div id="root"></div></body>', {
  url: 'https://app.example.com/pricing',
  pretendToBeVisual: true,
})
for (const key of Object.getOwnPropertyNames(window)) {
  if (key in globalThis) continue
  const value = window[key]
  globalThis[key] = typeof value === 'function' && /^[a-z]/.test(key) ? value.bind(window) : value
}
Object.assign(globalThis, { window, document: window.document, navigator: window.navigator })
class InView {
  constructor(callback) { this.callback = callback }
  observe(target) {
    const box = target.getBoundingClientRect()
    const entry = { target, isIntersecting: true, intersectionRatio: 1, boundingClientRect: box, intersectionRect: box, rootBounds: null, time: 0 }
    setTimeout(() => this.callback([entry], this), 10)
  }
  unobserve() {}
  disconnect() {}
  takeRecords() { return [] }
}
globalThis.IntersectionObserver = window.IntersectionObserver = InView
const logged = []
const complaints = []
console.groupCollapsed = console.group = (title) => logged.push(String(title))
console.log = console.groupEnd = () => {}
console.error = console.warn = (...args) => complaints.push(args.map(String).join(' '))
window.addEventListener('error', (event) => complaints.push(String(event.error ?? event.message)))
const settle = () => new Promise((resolve) => setTimeout(resolve, 100))
await import('./quick-start.mjs')
await settle()
for (const button of document.querySelectorAll('button')) button.click()
await settle()
process.stdout.write(JSON.stringify({ logged, complaints }))
process.exit(0)
`

/**
 * Runs the README's quick start; returns the console group titles it printed (`logged`) and
 * what it said to `console.error`/`warn` or threw (`complaints`).
 */
export function runQuickStart(dir, text = readFileSync(join(root, 'README.md'), 'utf8')) {
  const ts = createRequire(join(dir, 'package.json'))('typescript')
  const heading = text.split('\n').indexOf('## Quick start') + 1
  const block = heading > 0 && readmeExamples(text).find((b) => b.line > heading)
  if (!block) throw new Error("the README's quick start has no code block")
  const { outputText } = ts.transpileModule(block.code, {
    compilerOptions: {
      jsx: ts.JsxEmit.ReactJSX,
      module: ts.ModuleKind.ESNext,
      target: ts.ScriptTarget.ES2022,
    },
  })
  mkdirSync(join(dir, 'readme'), { recursive: true })
  writeFileSync(join(dir, 'readme/quick-start.mjs'), outputText)
  writeFileSync(join(dir, 'readme/run-quick-start.mjs'), RUN_QUICK_START)
  const result = spawnSync('node', ['run-quick-start.mjs'], {
    cwd: join(dir, 'readme'),
    encoding: 'utf8',
    timeout: 60_000,
  })
  if (result.status !== 0)
    throw new Error(`the quick start exited ${result.status}\n${result.stdout}\n${result.stderr}`)
  return JSON.parse(result.stdout)
}
