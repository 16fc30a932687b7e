import { defineConfig } from 'vite'

// a production build of two pages; `vite preview` serves it for the suite
export default defineConfig({
  build: { rollupOptions: { input: { index: 'index.html', checkout: 'checkout.html' } } },
  preview: { port: 4317, strictPort: true },
})
