// The collector's stores: one SQL implementation, two ways to reach PostgreSQL, and one in memory.
export type {
  EventStats,
  InsertResult,
  JsonObject,
  OutboxItem,
  Store,
  StoredEvent,
  StoredViolation,
} from './Store'
export { pgliteStore, type PgliteStoreOptions } from './pgliteStore'
export { postgresStore, type PostgresStoreOptions } from './postgresStore'
export { memoryStore, type MemoryOutboxRow, type MemoryStore } from './memoryStore'
