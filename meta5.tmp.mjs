import { build } from 'esbuild'
import { gzipSync } from 'zlib'
const entry = process.argv[2] || "export { TrackingProvider, useTrack, TrackClick } from './src/index.ts'"
const r = await build({ stdin: { contents: entry, resolveDir: process.cwd(), loader: 'ts' }, bundle: true, minify: true, format: 'esm', write: false, metafile: true,
  external: ['react', 'react-dom', 'react/jsx-runtime'], define: { 'process.env.NODE_ENV': '"production"' },
  plugins: [{ name: 'lazy', setup(b) { b.onResolve({ filter: /.*/ }, (a) => a.kind === 'dynamic-import' ? { path: a.path, external: true } : undefined) } }] })
const out = r.outputFiles[0].text
console.log('total min', out.length, 'gzip', gzipSync(out).length)
const o = Object.values(r.metafile.outputs)[0]
for (const [k, v] of Object.entries(o.inputs).sort((a, b) => b[1].bytesInOutput - a[1].bytesInOutput)) console.log(String(v.bytesInOutput).padStart(6), k)
if (process.env.SHOW) console.log(out)
