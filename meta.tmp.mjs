import { build } from 'esbuild'
const entry = process.argv[2]
const out = await build({ stdin: { contents: entry, resolveDir: '/work/main', loader: 'ts' }, bundle: true, minify: true, write: false, metafile: true, format: 'esm', platform: 'browser', external: ['react','react-dom','react/jsx-runtime'], define: { 'process.env.NODE_ENV': '"production"' }, logLevel: 'silent' })
const inputs = out.metafile.outputs[Object.keys(out.metafile.outputs)[0]].inputs
for (const [k,v] of Object.entries(inputs).sort((a,b)=>b[1].bytesInOutput-a[1].bytesInOutput)) console.log(v.bytesInOutput, k)
const { gzipSync } = await import('node:zlib'); console.log('total min', out.outputFiles[0].contents.length, 'gz', gzipSync(out.outputFiles[0].contents,{level:9}).length)
