import type { PGlite } from '@electric-sql/pglite'
import {
  CompiledQuery,
  PostgresAdapter,
  PostgresIntrospector,
  PostgresQueryCompiler,
  type DatabaseConnection,
  type Dialect,
  type Driver,
  type QueryResult,
  type TransactionSettings,
} from 'kysely'

/**
 * Kysely over embedded PGlite. PGlite is one session, so the driver hands out
 * one connection at a time: a transaction holds it until commit or rollback,
 * and other callers wait their turn instead of interleaving inside it.
 */
export class PGliteDialect implements Dialect {
  constructor(private readonly options: { pglite: PGlite; searchPath?: string }) {}
  createAdapter() { return new PostgresAdapter() }
  createDriver(): Driver { return new PGliteDriver(this.options.pglite, this.options.searchPath) }
  createIntrospector(db: Parameters<Dialect['createIntrospector']>[0]) { return new PostgresIntrospector(db) }
  createQueryCompiler() { return new PostgresQueryCompiler() }
}

/** Search path last set on each shared PGlite, so many schemas can share one instance in tests. */
const activePath = new WeakMap<PGlite, string>()
/** One queue per PGlite instance, shared by every driver (schema) that uses it. */
const queues = new WeakMap<PGlite, { tail: Promise<void> }>()

class PGliteDriver implements Driver {
  private readonly connection: PGliteConnection
  constructor(private readonly pglite: PGlite, private readonly searchPath?: string) {
    this.connection = new PGliteConnection(pglite)
    if (!queues.has(pglite)) queues.set(pglite, { tail: Promise.resolve() })
  }
  async init() {}
  async acquireConnection(): Promise<DatabaseConnection> {
    const queue = queues.get(this.pglite)!
    let release!: () => void
    const previous = queue.tail
    queue.tail = new Promise<void>((resolve) => { release = resolve })
    await previous
    this.connection.release = release
    if (this.searchPath && activePath.get(this.pglite) !== this.searchPath) {
      await this.pglite.query(`SET search_path TO "${this.searchPath}"`)
      activePath.set(this.pglite, this.searchPath)
    }
    return this.connection
  }
  async beginTransaction(conn: DatabaseConnection, settings: TransactionSettings) {
    const level = settings.isolationLevel ? ` ISOLATION LEVEL ${settings.isolationLevel.toUpperCase()}` : ''
    await conn.executeQuery(CompiledQuery.raw(`BEGIN${level}`))
  }
  async commitTransaction(conn: DatabaseConnection) { await conn.executeQuery(CompiledQuery.raw('COMMIT')) }
  async rollbackTransaction(conn: DatabaseConnection) { await conn.executeQuery(CompiledQuery.raw('ROLLBACK')) }
  async releaseConnection(conn: DatabaseConnection) { (conn as PGliteConnection).release() }
  async destroy() {}
}

class PGliteConnection implements DatabaseConnection {
  release: () => void = () => {}
  constructor(private readonly pglite: PGlite) {}
  async executeQuery<R>(compiled: CompiledQuery): Promise<QueryResult<R>> {
    // Parameterless text may hold several statements (migrations); only exec() runs those.
    const res = compiled.parameters.length === 0
      ? (await this.pglite.exec(compiled.sql)).at(-1) ?? { rows: [], affectedRows: 0 }
      : await this.pglite.query<R>(compiled.sql, compiled.parameters as unknown[])
    const affected = res.affectedRows ?? 0
    const isWrite = /^\s*(insert|update|delete|merge)/i.test(compiled.sql)
    return {
      rows: res.rows as R[],
      ...(isWrite ? { numAffectedRows: BigInt(affected) } : {}),
    }
  }
  async *streamQuery<R>(): AsyncIterableIterator<QueryResult<R>> {
    throw new Error('streaming is not supported on PGlite')
  }
}
