// The collector's stores, in one place: the handler and the CLI import them from here.
export type {
  EventStats,
  InsertResult,
  JsonObject,
  OutboxItem,
  Store,
  StoredEvent,
  StoredViolation,
} from './Store'
export { memoryStore, type MemoryOutboxRow, type MemoryStore } from './memoryStore'

// The SQL stores are built on the collector-store branch; until it is merged, the CLI's --db
// names them through these placeholders.
import type { Store } from './Store'
export const pgliteStore = (_options: { dir?: string }): Store => {
  throw new Error('pgliteStore is not merged yet')
}
export const postgresStore = (_options: { url: string }): Store => {
  throw new Error('postgresStore is not merged yet')
}
