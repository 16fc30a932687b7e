import { defineConfig } from 'vite'

// DEVTOOLS_PAGE=production-devtools builds the page that imports trackplan/devtools/production
export default defineConfig({
  build: {
    outDir: process.env.OUT_DIR ?? 'dist',
    rollupOptions: {
      input:
        process.env.DEVTOOLS_PAGE === 'production-devtools'
          ? 'production-devtools.html'
          : 'index.html',
    },
  },
})
