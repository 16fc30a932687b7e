// What the SQL store needs of a database connection, so that one implementation serves
// PGlite (one connection in WebAssembly) and a PostgreSQL server (a pool of connections).

/** How a statement is run. */
export interface QueryOptions {
  /**
   * A statement that may rightly run long (a migration, a report over months): a server's
   * store gives it far longer than a batch's, which must be answered (503 when the server is
   * lost) before the sender gives up on the request.
   */
  long?: boolean
  /**
   * Rows the statement writes (a batch's events and violations): a server's store gives it
   * time in proportion, so that a large batch on a busy server is not cut off as lost.
   */
  rows?: number
}

/** Runs one statement with `$1`, `$2`… parameters. */
export interface SqlQueryable {
  query<Row extends object = Record<string, unknown>>(
    sql: string,
    params?: readonly unknown[],
    options?: QueryOptions,
  ): Promise<{ rows: Row[] }>
}

export interface SqlClient extends SqlQueryable {
  /**
   * Runs `work` on one connection in one transaction: COMMIT when it resolves, ROLLBACK when
   * it throws. `options` apply to each of its statements.
   */
  transaction<T>(work: (tx: SqlQueryable) => Promise<T>, options?: QueryOptions): Promise<T>
  /**
   * Closes the connection(s) once the statements under way are done, or, after `timeout` ms,
   * cuts them off (a server the network lost must not keep the process alive).
   */
  close(options: { timeout: number }): Promise<void>
}
