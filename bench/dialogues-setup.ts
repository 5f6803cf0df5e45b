import { PGlite } from '@electric-sql/pglite'
import { sql } from 'kysely'
import pg from 'pg'
import { buildApp } from '../src/app.js'
import { bootstrapFirstStart } from '../src/bootstrap.js'
import { loadConfig } from '../src/config.js'
import { createDeps } from '../src/container.js'
import type { Deps } from '../src/deps.js'
import { createLogger } from '../src/platform/logger.js'
import { openStore, type Store } from '../src/storage/db.js'
import { createDispatcher } from '../src/rest/dispatch.js'
import { ApiLines } from '../test/helpers/api-lines.js'

export interface BenchEnv {
  deps: Deps
  store: Store
  lines: ApiLines
  storeName: string
  /** Path of the first administrator's incoming webhook, `/rest/1/<code>/`. */
  hook: string
  /** Serves the app on 127.0.0.1:`port`; closed with the env. Returns the base URL. */
  listen(port: number): Promise<string>
  close(): Promise<void>
}

/** A fresh schema on PostgreSQL (DATABASE_URL) or an in-memory PGlite, with the app's services wired. */
export async function benchEnv(poolSize = 16, env: Record<string, string> = {}): Promise<BenchEnv> {
  const url = process.env.DATABASE_URL
  const schema = `bench_${process.pid}_${Date.now()}`
  let store: Store
  let drop: () => Promise<void>
  if (url) {
    const admin = new pg.Client({ connectionString: url })
    await admin.connect()
    await admin.query(`create schema "${schema}"`)
    await admin.end()
    store = await openStore({ databaseUrl: url, dataDir: '', schema, poolSize })
    drop = async () => {
      const c = new pg.Client({ connectionString: url })
      await c.connect()
      await c.query(`drop schema "${schema}" cascade`)
      await c.end()
    }
  } else {
    const pglite = await PGlite.create()
    store = await openStore({ databaseUrl: null, dataDir: '', pglite })
    drop = () => pglite.close()
  }
  const config = { ...loadConfig({ PUBLIC_URL: 'http://bench.local', ...env }), rateLimitBurst: 0 }
  const deps = await createDeps(config, { store, logger: createLogger('silent') })
  const hook = new URL((await bootstrapFirstStart(deps))!.webhookUrl).pathname
  const [, , userId, code] = hook.split('/')
  const dispatch = createDispatcher(deps)
  // Lines are made as a client makes them, through imopenlines.config.add.
  const lines = new ApiLines((method, params) =>
    dispatch({ method, params, credentials: { webhook: { userId, code } } }))
  let served: { close(): Promise<unknown> } | null = null
  return {
    deps, store, lines, hook, storeName: url ? 'postgresql' : 'pglite',
    async listen(port) {
      const { app } = await buildApp(deps)
      await app.listen({ port, host: '127.0.0.1' })
      served = app
      return `http://127.0.0.1:${port}`
    },
    async close() {
      await served?.close()
      await store.close()
      await drop()
    },
  }
}

/** Creates `count` online employees in one statement; returns their ids in order. */
export async function bulkOperators(deps: Deps, count: number, prefix = 'Op'): Promise<number[]> {
  const res = await sql<{ id: number }>`
    insert into users (name, is_online, user_type)
    select ${prefix} || g, true, 'employee' from generate_series(1, ${count}) g
    returning id`.execute(deps.db)
  return res.rows.map((r) => r.id).sort((a, b) => a - b)
}

export function percentile(sorted: number[], p: number): number {
  if (!sorted.length) return NaN
  return sorted[Math.min(sorted.length - 1, Math.floor((p / 100) * sorted.length))]
}

export const fmt = (n: number, digits = 2) => n.toFixed(digits)

/** One autocannon run (10 connections, 5 s) printed as a line: requests per second and p99, and any non-2xx answers. */
export async function loadLine(label: string, opts: { url: string; method?: 'GET' | 'POST'; headers?: Record<string, string>; body?: string }): Promise<void> {
  const { default: autocannon } = await import('autocannon')
  const r = await autocannon({ ...opts, connections: 10, duration: 5 })
  const ok = r.non2xx === 0 ? '' : `  (${r.non2xx} non-2xx!)`
  console.log(`${label.padEnd(40)} ${r.requests.average.toFixed(0).padStart(6)} req/s  p99 ${String(r.latency.p99).padStart(4)} ms${ok}`)
}
