/**
 * user.get / user.search / department.get under load with 10,000 employees.
 * Prints requests per second and p99 latency per call.
 *
 *   npx tsx bench/users-list.ts                       # embedded PGlite in memory
 *   DATABASE_URL=postgres://... npx tsx bench/users-list.ts
 *
 * The server listens on BENCH_PORT (18200) and autocannon drives it from this
 * same process, so the numbers are for comparing calls, not absolute capacity.
 */
import { PGlite } from '@electric-sql/pglite'
import autocannon from 'autocannon'
import { sql } from 'kysely'
import pg from 'pg'
import { buildApp } from '../src/app.js'
import { bootstrapFirstStart } from '../src/bootstrap.js'
import { loadConfig } from '../src/config.js'
import { createDeps } from '../src/container.js'
import { createLogger } from '../src/platform/logger.js'
import { openStore } from '../src/storage/db.js'

const USERS = 10_000
const port = Number(process.env.BENCH_PORT ?? 18200)
const url = process.env.DATABASE_URL ?? null
const schema = `bench_users_${process.pid}`

async function store() {
  if (!url) return openStore({ databaseUrl: null, dataDir: '', pglite: await PGlite.create() })
  const c = new pg.Client({ connectionString: url })
  await c.connect()
  await c.query(`create schema "${schema}"`)
  await c.end()
  return openStore({ databaseUrl: url, dataDir: '', schema })
}

async function main(): Promise<void> {
  const config = { ...loadConfig({ PORT: String(port), RATE_LIMIT_BURST: '0' }), rateLimitBurst: 0 }
  const deps = await createDeps(config, { store: await store(), logger: createLogger('silent') })
  const hook = new URL((await bootstrapFirstStart(deps))!.webhookUrl).pathname
  await sql`insert into departments (name, parent_id) select 'Team ' || g, 1 from generate_series(1, 50) g`.execute(deps.db)
  await sql`insert into users (name, last_name, email, departments, work_position)
    select 'User' || g, 'Last' || (g % 997), 'u' || g || '@example.com', array[2 + g % 50], 'Agent'
    from generate_series(1, ${USERS}) g`.execute(deps.db)
  await sql`analyze`.execute(deps.db)
  const { app } = await buildApp(deps)
  await app.listen({ port, host: '127.0.0.1' })

  const calls: Array<[string, string]> = [
    ['server.time (for scale)', 'server.time'],
    ['user.get (first page, with total)', 'user.get'],
    ['user.get start=-1 FILTER[>ID]=5000', 'user.get?start=-1&FILTER[%3EID]=5000'],
    ['user.get start=9950 (deep offset)', 'user.get?start=9950'],
    ['user.get FILTER[%LAST_NAME]=st12', 'user.get?FILTER[%25LAST_NAME]=st12'],
    ['user.get FILTER[UF_DEPARTMENT]=7', 'user.get?FILTER[UF_DEPARTMENT]=7'],
    ['user.search FIND=user12', 'user.search?FIND=user12'],
    ['department.get', 'department.get'],
  ]
  console.log(`${USERS} employees, ${url ? 'PostgreSQL' : 'PGlite'}; 10 connections, 5 s each`)
  for (const [label, path] of calls) {
    const r = await autocannon({ url: `http://127.0.0.1:${port}${hook}${path}`, connections: 10, duration: 5 })
    const ok = r.non2xx === 0 ? '' : `  (${r.non2xx} non-2xx!)`
    console.log(`${label.padEnd(40)} ${r.requests.average.toFixed(0).padStart(6)} req/s  p99 ${String(r.latency.p99).padStart(4)} ms${ok}`)
  }
  await app.close()
  await deps.store.close()
  if (url) {
    const c = new pg.Client({ connectionString: url })
    await c.connect()
    await c.query(`drop schema "${schema}" cascade`)
    await c.end()
  }
}

main().catch((e: unknown) => {
  console.error(e)
  process.exit(1)
})
