import { createHash } from 'node:crypto'
import { mkdirSync } from 'node:fs'
import { PGlite } from '@electric-sql/pglite'
import { Kysely, PostgresDialect, sql, type Transaction } from 'kysely'
import pg from 'pg'
import { acquireDataDirLock, type DataDirLock } from './data-dir-lock.js'
import { PGliteDialect } from './pglite-dialect.js'
import type { Database } from './schema.js'

export type Db = Kysely<Database>
export type Tx = Transaction<Database>
/** Either the database or an open transaction: what repositories take. */
export type Executor = Db | Tx

/** `work` in `ex`'s transaction if it is one, else in a new one. */
export function inTransaction<T>(ex: Executor, work: (tx: Executor) => Promise<T>): Promise<T> {
  return ex.isTransaction ? work(ex) : ex.transaction().execute(work)
}

export interface Store {
  db: Db
  kind: 'pglite' | 'postgres'
  /** Round trip to the store, for /readyz. */
  ping(): Promise<boolean>
  /** Pool gauges for /metrics (PostgreSQL only). */
  poolStats(): { total: number; idle: number; waiting: number } | null
  /**
   * Refreshes planner statistics. PGlite has no autovacuum, so without this its
   * planner never learns table sizes and picks scans over indexes (a filtered
   * config.list.get page went from 22 ms to 0.3 ms after one ANALYZE).
   * PostgreSQL's autovacuum does it there, so this is a no-op on PostgreSQL.
   */
  analyze(): Promise<void>
  /**
   * LISTEN on a channel: `onPayload` gets each NOTIFY payload after its
   * transaction commits (a dedicated connection on PostgreSQL). Returns the unlisten.
   */
  listen(channel: string, onPayload: (payload: string) => void): Promise<() => Promise<void>>
  /**
   * A handle on connections of its own (PostgreSQL: a separate pool of
   * `size`, opened on first use, closed with the store), for a background
   * worker that must not queue behind request traffic for a connection.
   * PGlite has one connection: the same handle.
   */
  dedicated(name: string, size: number): Db
  close(): Promise<void>
}

export interface StoreOptions {
  databaseUrl: string | null
  dataDir: string
  /** Use this schema instead of public (tests isolate by schema). */
  schema?: string
  /** Share an already-open PGlite (tests keep one per worker). */
  pglite?: PGlite
  poolSize?: number
}

// PostgreSQL bigint (int8) and numeric arrive as strings by default; ids and counts fit in a JS number.
pg.types.setTypeParser(20, (v) => Number(v))

export async function openStore(opts: StoreOptions): Promise<Store> {
  if (opts.databaseUrl) return openPostgres(opts.databaseUrl, opts.schema, opts.poolSize ?? 10)
  return openPglite(opts)
}

async function openPostgres(url: string, schema: string | undefined, max: number): Promise<Store> {
  const open = (size: number) => {
    const pool = new pg.Pool({
      connectionString: url,
      max: size,
      ...(schema ? { options: `-c search_path=${schema}` } : {}),
    })
    pool.on('connect', prepareMarked)
    // An idle connection the server ended (restart, failover, pg_terminate_backend) leaves the pool;
    // the next query opens a new one. Unhandled, this event would end the process.
    pool.on('error', () => {})
    return { pool, db: new Kysely<Database>({ dialect: new PostgresDialect({ pool }) }) }
  }
  const { pool, db } = open(max)
  const others = new Map<string, Db>()
  return {
    db,
    kind: 'postgres',
    ping: () => pingDb(db),
    poolStats: () => ({ total: pool.totalCount, idle: pool.idleCount, waiting: pool.waitingCount }),
    analyze: async () => {},
    listen: (channel, onPayload) => listenPostgres(url, channel, onPayload),
    dedicated(name, size) {
      let other = others.get(name)
      if (!other) others.set(name, (other = open(size).db))
      return other
    },
    close: async () => {
      for (const other of others.values()) await other.destroy()
      others.clear()
      await db.destroy()
    },
  }
}

/**
 * Marks a hot statement: on PostgreSQL each connection parses and plans it
 * once (a named prepared statement) and then only binds and executes it.
 * Put it first in the SQL text; on PGlite it is a plain comment.
 */
export const PREPARED = '/* prepared */'

/** Most distinct marked texts one connection keeps prepared (a text differs by its shape, not its values). */
const PREPARED_PER_CONNECTION = 200

/** Statement names by text, kept so that the hot path does not hash a long SQL text on every call. */
const nameByText = new Map<string, string>()

function preparedName(text: string): string {
  let name = nameByText.get(text)
  if (name === undefined) {
    name = `ol_${createHash('sha1').update(text).digest('base64url').slice(0, 20)}`
    // Bounded like the per-connection set: endless shapes are a bug, and must not grow this either.
    if (nameByText.size >= PREPARED_PER_CONNECTION * 5) nameByText.clear()
    nameByText.set(text, name)
  }
  return name
}

function prepareMarked(client: pg.PoolClient): void {
  const query = client.query.bind(client) as (...args: unknown[]) => unknown
  const names = new Set<string>()
  client.query = ((text: unknown, values?: unknown, callback?: unknown) => {
    if (typeof text !== 'string' || !text.startsWith(PREPARED) || typeof callback === 'function') return query(text, values, callback)
    const name = preparedName(text)
    if (!names.has(name)) {
      // Past the cap, marked statements still run, unnamed: a bug that builds endless shapes cannot fill the server's memory.
      if (names.size >= PREPARED_PER_CONNECTION) return query(text, values)
      names.add(name)
    }
    return query({ name, text, values })
  }) as typeof client.query
}

const ANALYZE_EVERY_MS = 10 * 60_000

async function openPglite(opts: StoreOptions): Promise<Store> {
  const owned = !opts.pglite
  let pglite = opts.pglite
  let lock: DataDirLock | null = null
  if (!pglite) {
    mkdirSync(opts.dataDir, { recursive: true })
    lock = acquireDataDirLock(opts.dataDir)
    pglite = await PGlite.create(opts.dataDir).catch((e: unknown) => {
      lock?.release()
      throw e
    })
  }
  const db = new Kysely<Database>({ dialect: new PGliteDialect({ pglite, searchPath: opts.schema }) })
  const instance = pglite
  const analyze = async () => {
    await sql`analyze`.execute(db)
  }
  // A server's own store is re-analysed every ten minutes as data grows; shared test instances are not.
  const timer = owned ? setInterval(() => void analyze().catch(() => {}), ANALYZE_EVERY_MS) : null
  timer?.unref()
  return {
    db,
    kind: 'pglite',
    ping: () => pingDb(db),
    poolStats: () => null,
    analyze,
    listen: async (channel, onPayload) => instance.listen(channel, onPayload),
    dedicated: () => db,
    close: async () => {
      if (timer) clearInterval(timer)
      await db.destroy()
      if (owned) await instance.close()
      lock?.release()
    },
  }
}

/** A connection of its own that only listens; it reconnects after a drop (notifications in between are lost, as with any LISTEN). */
async function listenPostgres(url: string, channel: string, onPayload: (payload: string) => void): Promise<() => Promise<void>> {
  let client: pg.Client | null = null
  let stopped = false
  const connect = async (): Promise<void> => {
    const c = new pg.Client({ connectionString: url })
    c.on('notification', (n) => {
      if (n.channel === channel) onPayload(n.payload ?? '')
    })
    c.on('error', () => {
      if (stopped) return
      client = null
      setTimeout(() => void connect().catch(() => {}), 1000).unref()
    })
    await c.connect()
    await c.query(`listen "${channel.replace(/"/g, '""')}"`)
    client = c
  }
  await connect()
  return async () => {
    stopped = true
    await client?.end().catch(() => {})
  }
}

async function pingDb(db: Db): Promise<boolean> {
  try {
    await sql`select 1`.execute(db)
    return true
  } catch {
    return false
  }
}
