// size-limit budgets, one per entry. "Up front" checks leave out what loads lazily — the
// tracker's engine (fetched as the first tracker is made), the rage-click watcher, the error
// class for a failed fetch — so they measure what an app's first script carries; the checks
// beside them count the lazy chunks in.

/** Dynamic imports stay imports: what they fetch is not up front. */
const upFront = (config) => ({
  ...config,
  plugins: [
    ...(config.plugins ?? []),
    {
      name: 'lazy-chunks-stay-lazy',
      setup(build) {
        build.onResolve({ filter: /.*/ }, (args) =>
          args.kind === 'dynamic-import' ? { path: args.path, external: true } : undefined,
        )
      },
    },
  ],
})

export default [
  {
    name: 'trackplan: common path, up front (TrackingProvider, useTrack, TrackClick)',
    path: 'dist/index.js',
    import: '{ TrackingProvider, useTrack, TrackClick }',
    limit: '2.55 kB',
    gzip: true,
    modifyEsbuildConfig: upFront,
  },
  {
    name: 'trackplan: common path with its lazy chunks (the engine; the rage-click watcher)',
    path: 'dist/index.js',
    import: '{ TrackingProvider, useTrack, TrackClick }',
    limit: '10 kB',
    gzip: true,
  },
  {
    name: 'trackplan: everything',
    path: 'dist/index.js',
    import: '*',
    limit: '25.65 kB',
    gzip: true,
  },
  {
    name: 'trackplan/core: createTracker, up front',
    path: 'dist/core/index.js',
    import: '{ createTracker }',
    limit: '1.8 kB',
    gzip: true,
    modifyEsbuildConfig: upFront,
  },
  {
    name: 'trackplan/core: createTracker with its engine',
    path: 'dist/core/index.js',
    import: '{ createTracker }',
    limit: '8.3 kB',
    gzip: true,
  },
  {
    name: 'trackplan/core: createTracker + defineTrackingPlan (runtime validation)',
    path: 'dist/core/index.js',
    import: '{ createTracker, defineTrackingPlan }',
    limit: '12.25 kB',
    gzip: true,
  },
  {
    name: 'trackplan/core: everything',
    path: 'dist/core/index.js',
    import: '*',
    limit: '20.3 kB',
    gzip: true,
  },
  {
    name: 'trackplan/server: everything',
    path: 'dist/server/index.js',
    import: '*',
    limit: '20.5 kB',
    gzip: true,
  },
  {
    name: 'trackplan/testing: everything',
    path: 'dist/testing/index.js',
    import: '*',
    limit: '12.8 kB',
    gzip: true,
  },
  {
    // Node and CI only, never in an app bundle: its budget leaves room for named functions
    // and records rather than asking for the fewest bytes
    name: 'trackplan/tools: everything (Node and CI: diff, import, lint, export)',
    path: 'dist/tools/index.js',
    import: '*',
    limit: '12.75 kB',
    gzip: true,
  },
  {
    name: 'trackplan/core: httpSink',
    path: 'dist/core/index.js',
    import: '{ httpSink }',
    limit: '7.25 kB',
    gzip: true,
  },
  {
    name: "trackplan/storybook: preview (the addon's decorator, in every story)",
    path: 'dist/storybook/preview.js',
    import: '*',
    limit: '13.55 kB',
    gzip: true,
    ignore: ['storybook'],
  },
  {
    name: 'trackplan/devtools: development bundle, the lazy panel included (production builds: 0 B)',
    path: 'dist/devtools/production.js',
    import: '{ TrackplanDevtools }',
    limit: '12.4 kB',
    gzip: true,
  },
  {
    name: 'trackplan/devtools: the panel (lazy chunk, loaded on first open)',
    path: 'dist/panel-*.js',
    import: '*',
    limit: '11 kB',
    gzip: true,
    ignore: ['react-dom'],
  },
]
