// React's functions the common path (TrackingProvider, useTrack, TrackClick) calls, imported
// here once. Where React stays external to a bundle — size-limit, the bench, an ESM CDN build —
// each module's own `import … from 'react'` is a statement of its own in the output (five
// were ~45 B gzip); an app that bundles React loses them either way. Only names the common
// path uses belong here: a bundler keeps every name of this list in that one import.
export { cloneElement, createContext, createElement, isValidElement, useCallback, useContext, useEffect, useInsertionEffect, useMemo, useRef, version } from 'react'
