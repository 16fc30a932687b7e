// React's functions the common path (TrackingProvider, useTrack, TrackClick) calls, imported
// here once. Where React stays external to a bundle — size-limit, the bench, an ESM CDN build —
// each module's own `import … from 'react'` is a statement of its own in the output (five
// were ~45 B gzip); an app that bundles React loses them either way. Only names the common
// path uses belong here.
import {
  cloneElement as reactCloneElement,
  createContext,
  createElement,
  isValidElement as reactIsValidElement,
  useCallback,
  useContext as reactUseContext,
  useEffect,
  useInsertionEffect,
  useMemo,
  useRef,
  version,
} from 'react'

export {
  createContext,
  createElement,
  useCallback,
  useEffect,
  useInsertionEffect,
  useMemo,
  useRef,
  version,
}

// The three calls made on every render of TrackClick (and TrackView, TrackScope, useTracker),
// each read off React's exports once, as this module loads: where esbuild bundles React
// (CommonJS) — Vite's dependency pre-bundling, an esbuild app, the bench — a call to an
// imported name compiles to a read of a getter on an interop object, and TrackClick is
// rendered by the thousand (0.05× of a plain mount of 5,000 buttons, measured in Chromium).
// Not `import * as React`: that pulls in esbuild's interop helper (~250 B gzip) wherever
// React is left external.
export const cloneElement = reactCloneElement
export const isValidElement = reactIsValidElement
export const useContext = reactUseContext
