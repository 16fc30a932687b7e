/** The library version stamped into `context.library`. Kept in step with package.json by a test. */
export const VERSION = '0.2.0'
