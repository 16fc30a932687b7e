// What the SQL store needs of a database connection, so that one implementation serves
// PGlite (one connection in WebAssembly) and a PostgreSQL server (a pool of connections).

/** Runs one statement with `$1`, `$2`… parameters. */
export interface SqlQueryable {
  query<Row extends object = Record<string, unknown>>(
    sql: string,
    params?: readonly unknown[],
  ): Promise<{ rows: Row[] }>
}

export interface SqlClient extends SqlQueryable {
  /** Runs `work` on one connection in one transaction: COMMIT when it resolves, ROLLBACK when it throws. */
  transaction<T>(work: (tx: SqlQueryable) => Promise<T>): Promise<T>
  /** Closes the connection(s) once the statements under way are done. */
  close(): Promise<void>
}
