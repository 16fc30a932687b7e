// size-limit budgets, one per entry: every byte an import brings, as esbuild bundles it
// (min + gzip). The totals users pay in a Vite production build, every chunk counted, are
// measured by `npm run bench:bytes` (bench/bytes.mjs), which checks the targets.

export default [
  {
    name: 'trackplan: common path (TrackingProvider, useTrack, TrackClick)',
    path: 'dist/index.js',
    import: '{ TrackingProvider, useTrack, TrackClick }',
    limit: '9.95 kB',
    gzip: true,
  },
  {
    name: 'trackplan: everything',
    path: 'dist/index.js',
    import: '*',
    limit: '31.85 kB',
    gzip: true,
  },
  {
    name: 'trackplan/core: createTracker',
    path: 'dist/core/index.js',
    import: '{ createTracker }',
    limit: '7.4 kB',
    gzip: true,
  },
  {
    name: 'trackplan/core: createTracker + defineTrackingPlan (runtime validation)',
    path: 'dist/core/index.js',
    import: '{ createTracker, defineTrackingPlan }',
    limit: '13.15 kB',
    gzip: true,
  },
  {
    name: 'trackplan/core: everything',
    path: 'dist/core/index.js',
    import: '*',
    limit: '23.7 kB',
    gzip: true,
  },
  {
    name: 'trackplan/server: everything',
    path: 'dist/server/index.js',
    import: '*',
    limit: '24.15 kB',
    gzip: true,
  },
  {
    name: 'trackplan/testing: everything',
    path: 'dist/testing/index.js',
    import: '*',
    limit: '13.9 kB',
    gzip: true,
  },
  {
    // Node and CI only, never in an app bundle: its budget leaves room for named functions
    // and records rather than asking for the fewest bytes
    name: 'trackplan/tools: everything (Node and CI: diff, import, lint, export)',
    path: 'dist/tools/index.js',
    import: '*',
    limit: '29.75 kB',
    gzip: true,
  },
  {
    name: 'trackplan/core: httpSink',
    path: 'dist/core/index.js',
    import: '{ httpSink }',
    limit: '9.85 kB',
    gzip: true,
  },
  {
    name: "trackplan/storybook: preview (the addon's decorator, in every story)",
    path: 'dist/storybook/preview.js',
    import: '*',
    limit: '14.05 kB',
    gzip: true,
    ignore: ['storybook'],
  },
  {
    name: 'trackplan/devtools: development bundle, the lazy panel included (production builds: 0 B)',
    path: 'dist/devtools/production.js',
    import: '{ TrackplanDevtools }',
    limit: '14.15 kB',
    gzip: true,
  },
  {
    name: 'trackplan/devtools: the panel (lazy chunk, loaded on first open)',
    path: 'dist/panel-*.js',
    import: '*',
    limit: '11.95 kB',
    gzip: true,
    ignore: ['react-dom'],
  },
]
