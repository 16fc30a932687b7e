import { build } from 'esbuild'
const out = await build({ entryPoints: [process.argv[2]], bundle: false, minify: true, write: false, format: 'esm', define: { 'process.env.NODE_ENV': '"production"' }, logLevel: 'silent', loader: {'.ts':'ts'} })
console.log(new TextDecoder().decode(out.outputFiles[0].contents))
