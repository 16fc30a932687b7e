// The referrer of a batch sent from httpSink's worker. The worker's own is its blob: URL,
// which no request carries, so the page names its address. Chromium's blob: worker does not
// follow the page's referrer policy either, so the page names the one its
// `<meta name="referrer">` set. A policy sent only as a `Referrer-Policy` header is invisible
// to script: there the worker applies the default one, strict-origin-when-cross-origin.

/** The referrer (and policy) a batch from the worker carries; none where the page cannot tell. */
export function pageReferrer(): { referrer?: string; referrerPolicy?: ReferrerPolicy } {
  // a referrer must be of the worker's origin, the document's: a sandboxed (opaque-origin)
  // document's URL is not, nor is an about:srcdoc one's
  if (location.origin !== self.origin) return {}
  let referrerPolicy: ReferrerPolicy | undefined
  // the last valid one wins, as each changed the document's policy in turn
  for (const meta of document.querySelectorAll<HTMLMetaElement>('meta[name=referrer i]')) {
    const word = meta.content.trim().toLowerCase()
    // `never` is the legacy word for no-referrer; the other legacy words (always, default,
    // origin-when-crossorigin) ask for no less than the default, and are ignored
    const policy = (word === 'never' ? 'no-referrer' : word) as ReferrerPolicy
    try {
      // the browser knows the policies: it refuses any other word (or the empty one's default)
      if (new Request(location.href, { referrerPolicy: policy }).referrerPolicy)
        referrerPolicy = policy
    } catch {
      // not a policy
    }
  }
  return { referrer: location.href, referrerPolicy }
}
