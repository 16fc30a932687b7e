// The database packages are optional peers of `trackplan/collector` only: each connector
// loads its own on demand, so nothing else (and no app bundle) ever contains them.

const MISSING_MODULE_CODES = new Set(['ERR_MODULE_NOT_FOUND', 'MODULE_NOT_FOUND'])

/** Whether `error` says `packageName` itself (not one of its own imports) cannot be found. */
function isMissing(error: unknown, packageName: string): boolean {
  if (!(error instanceof Error)) return false
  const code = (error as { code?: unknown }).code
  const named =
    error.message.includes(`'${packageName}'`) || error.message.includes(`"${packageName}"`)
  return named && (typeof code !== 'string' || MISSING_MODULE_CODES.has(code))
}

/**
 * `load()` (an `import()` of `packageName`), or an error naming what to install.
 * @example const { Driver } = await loadPeer('some-driver', 'someStore', () => import('some-driver'))
 */
export async function loadPeer<T>(
  packageName: string,
  connector: string,
  load: () => Promise<T>,
): Promise<T> {
  try {
    return await load()
  } catch (error) {
    if (!isMissing(error, packageName)) throw error
    throw new Error(
      `[trackplan] ${connector} needs ${packageName}, which is not installed: npm install ${packageName}`,
      { cause: error },
    )
  }
}
