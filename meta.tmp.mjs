import { build } from 'esbuild'
import { gzipSync } from 'node:zlib'
import { writeFileSync } from 'node:fs'
const entry = process.argv[2]
writeFileSync('/work/main/entry.tmp.ts', entry)
const out = await build({ entryPoints: ['/work/main/entry.tmp.ts'], bundle: true, minify: true, write: false, metafile: true, splitting: true, outdir: '/tmp/metaout', format: 'esm', platform: 'browser', external: ['react','react-dom','react/jsx-runtime'], define: { 'process.env.NODE_ENV': '"production"' }, logLevel: 'silent' })
const key = Object.keys(out.metafile.outputs).find(k => out.metafile.outputs[k].entryPoint)
const inputs = out.metafile.outputs[key].inputs
if (!process.argv[3]) for (const [k,v] of Object.entries(inputs).sort((a,b)=>b[1].bytesInOutput-a[1].bytesInOutput)) console.log(v.bytesInOutput, k)
const file = out.outputFiles.find(f => f.path.endsWith(key.split('/').pop()))
console.log('entry chunk min', file.contents.length, 'gz', gzipSync(file.contents,{level:9}).length, 'chunks', out.outputFiles.length)
